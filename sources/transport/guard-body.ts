/**
 * A timeout or a dropped connection while the body is still arriving surfaces from `fetch` only
 * when the body is read, as undici's bare "terminated" TypeError or an AbortSignal TimeoutError,
 * long after the transport returned. Wrapping the body turns those into the transport's own
 * errors (UPSTREAM_TIMEOUT / UPSTREAM_UNAVAILABLE), so callers see the same clear error whether
 * the upstream failed before or during its answer.
 */
import type { UpstreamName } from '../config/types.ts';
import { UpstreamTimeoutError, UpstreamUnavailableError } from './errors.ts';
import { networkCause } from './oauth-token-provider.ts';
import { TIMEOUT_VARIABLES, UPSTREAM_LABELS } from './upstreams.ts';

export interface BodyOrigin {
  upstream: UpstreamName;
  origin: string;
  timeoutMs: number;
}

/** `onSettled`: called once when the body has been read to the end, failed, or was cancelled. */
export function guardBody(response: Response, from: BodyOrigin, onSettled: () => void = () => {}): Response {
  const source = response.body;
  if (source === null) {
    onSettled();
    return response;
  }
  const reader = source.getReader();
  const translate = (error: unknown): unknown => {
    const name = (error as { name?: unknown } | null)?.name;
    const label = UPSTREAM_LABELS[from.upstream];
    if (name === 'TimeoutError') {
      return new UpstreamTimeoutError({ upstream: from.upstream, label, timeoutMs: from.timeoutMs, timeoutVariable: TIMEOUT_VARIABLES[from.upstream] });
    }
    // The caller went away (AbortError) or the error is already ours: leave it as it is.
    if (name === 'AbortError' || name === 'GraphQLError') return error;
    const cause = networkCause(error);
    return new UpstreamUnavailableError({ upstream: from.upstream, label, origin: from.origin, cause: cause === 'connection failed' ? 'connection closed mid-body' : `${cause} mid-body` });
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          onSettled();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        onSettled();
        controller.error(translate(error));
      }
    },
    cancel: (reason) => {
      onSettled();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
