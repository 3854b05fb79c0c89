/**
 * Every upstream body passes through here, as it streams:
 * - A timeout or a dropped connection while the body is still arriving surfaces from `fetch` only
 *   when the body is read, as undici's bare "terminated" TypeError or an AbortSignal TimeoutError,
 *   long after the transport returned. They become the transport's own errors
 *   (UPSTREAM_TIMEOUT / UPSTREAM_UNAVAILABLE), so callers see the same clear error whether the
 *   upstream failed before or during its answer.
 * - Bytes are counted after decompression, and the body is cut (UPSTREAM_TOO_LARGE) as soon as it
 *   passes the limit: a 150 MB answer or a gzip bomb never sits in memory whole.
 * - The credential this call was sent with is removed wherever the answer echoes it back (an
 *   upstream that reflects request headers must not hand the gateway's token to a caller).
 */
import type { UpstreamName } from '../config/types.ts';
import { UpstreamTimeoutError, UpstreamTooLargeError, UpstreamUnavailableError } from './errors.ts';
import { networkCause } from './oauth-token-provider.ts';
import { TIMEOUT_VARIABLES, UPSTREAM_LABELS } from './upstreams.ts';
import { readAtMost } from './read-at-most.ts';

export interface BodyOrigin {
  upstream: UpstreamName;
  origin: string;
  timeoutMs: number;
  /** Decompressed bytes allowed; more is UPSTREAM_TOO_LARGE. */
  maxBytes: number;
  /** Byte strings to replace with [REDACTED] wherever they occur (the credential sent, in its forms). */
  secrets?: readonly Buffer[];
}

const REDACTED = Buffer.from('[REDACTED]');

/** `data` with every occurrence of each secret replaced; the same buffer when none occurs. */
export function redactBytes(data: Buffer, secrets: readonly Buffer[]): Buffer {
  let current = data;
  for (const secret of secrets) {
    let at = current.indexOf(secret);
    if (at === -1) continue;
    const parts: Buffer[] = [];
    let from = 0;
    while (at !== -1) {
      parts.push(current.subarray(from, at), REDACTED);
      from = at + secret.length;
      at = current.indexOf(secret, from);
    }
    parts.push(current.subarray(from));
    current = Buffer.concat(parts);
  }
  return current;
}

/** The declared length, when it is the decoded size (no content encoding) and well-formed. */
function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return undefined;
  const length = response.headers.get('content-length');
  return length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
}

/** `onSettled`: called once when the body has been read to the end, failed, or was cancelled. */
export function guardBody(response: Response, from: BodyOrigin, onSettled: () => void = () => {}): Response {
  const source = response.body;
  if (source === null) {
    onSettled();
    return response;
  }
  const label = UPSTREAM_LABELS[from.upstream];
  const tooLarge = () => new UpstreamTooLargeError({ upstream: from.upstream, label, maxBytes: from.maxBytes });
  const reader = source.getReader();
  const translate = (error: unknown): unknown => {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError') {
      return new UpstreamTimeoutError({ upstream: from.upstream, label, timeoutMs: from.timeoutMs, timeoutVariable: TIMEOUT_VARIABLES[from.upstream] });
    }
    // The caller went away (AbortError) or the error is already ours: leave it as it is.
    if (name === 'AbortError' || name === 'GraphQLError') return error;
    const cause = networkCause(error);
    return new UpstreamUnavailableError({ upstream: from.upstream, label, origin: from.origin, cause: cause === 'connection failed' ? 'connection closed mid-body' : `${cause} mid-body` });
  };
  const secrets = from.secrets ?? [];
  // A secret can straddle two chunks: this many trailing bytes wait for the next chunk.
  const holdBack = secrets.reduce((longest, secret) => Math.max(longest, secret.length - 1), 0);
  let tail: Buffer = Buffer.alloc(0);
  let received = 0;
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    onSettled();
  };
  const declared = declaredLength(response);

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (declared !== undefined && declared > from.maxBytes) throw tooLarge();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) {
            settle();
            if (tail.length > 0) controller.enqueue(tail);
            controller.close();
            return;
          }
          received += value.byteLength;
          if (received > from.maxBytes) throw tooLarge();
          if (secrets.length === 0) {
            controller.enqueue(value);
            return;
          }
          const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
          const data = redactBytes(tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk, secrets);
          const emit = Math.max(0, data.length - holdBack);
          tail = Buffer.from(data.subarray(emit));
          if (emit > 0) {
            controller.enqueue(data.subarray(0, emit));
            return;
          }
        }
      } catch (error) {
        settle();
        // Stop the download (and the decompression) at once; the caller gets our error.
        reader.cancel().catch(() => undefined);
        controller.error(translate(error));
      }
    },
    cancel: (reason) => {
      settle();
      return reader.cancel(reason);
    },
  });
  let headers = response.headers;
  if (secrets.length > 0) {
    // The body may have been shortened or lengthened by redaction; its framing is no longer the upstream's.
    headers = new Headers(headers);
    headers.delete('content-length');
  }
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * The same guarantees for a body read whole (an answer shared between identical reads in flight):
 * the byte limit as it arrives, then the redaction once, with no stream wrapped around the body.
 * Errors are thrown as they come; the caller translates timeouts and dropped connections.
 */
export async function readGuardedBody(response: Response, from: BodyOrigin): Promise<Uint8Array<ArrayBuffer> | null> {
  const source = response.body;
  if (source === null) return null;
  const tooLarge = () => new UpstreamTooLargeError({ upstream: from.upstream, label: UPSTREAM_LABELS[from.upstream], maxBytes: from.maxBytes });
  const declared = declaredLength(response);
  if (declared !== undefined && declared > from.maxBytes) {
    await source.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const whole = await readAtMost(source, from.maxBytes);
  if (whole === undefined) throw tooLarge();
  const clean = from.secrets === undefined || from.secrets.length === 0 ? whole : redactBytes(whole, from.secrets);
  return new Uint8Array(clean.buffer, clean.byteOffset, clean.byteLength) as Uint8Array<ArrayBuffer>;
}
