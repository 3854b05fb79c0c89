/**
 * A fetch that sends list headers as repeated header lines.
 *
 * The seed's client sends each X-ExperimentalApi opt-in as its own header line. Fetch (undici)
 * joins repeated values into one line with ", ", which HTTP says is equivalent but a server
 * reading header lines one by one may not treat so. When a request carries more than one value
 * of such a header, it goes out through node:http, which writes an array value as one line per
 * item; every other request keeps using fetch.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { splitHeaderList } from './experimental-apis.ts';

/** Headers whose values are sent one per line. */
const REPEATED_LINE_HEADERS = new Set(['x-experimentalapi']);
/** Statuses whose responses have no body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/** True when a header that must go out line by line holds more than one value. */
export function needsRepeatedHeaderLines(headers: RequestInit['headers']): boolean {
  const all = headers instanceof Headers ? headers : new Headers(headers);
  for (const name of REPEATED_LINE_HEADERS) {
    const value = all.get(name);
    if (value !== null && splitHeaderList([value]).length > 1) return true;
  }
  return false;
}

async function bodyBytes(body: RequestInit['body']): Promise<string | Buffer | undefined> {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return body;
  return Buffer.from(await new Response(body).arrayBuffer());
}

function responseHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < message.rawHeaders.length; index += 2) headers.append(message.rawHeaders[index], message.rawHeaders[index + 1]);
  return headers;
}

export async function fetchWithRepeatedHeaderLines(url: string | URL, init: RequestInit = {}): Promise<Response> {
  const target = new URL(String(url));
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: OutgoingHttpHeaders = {};
  new Headers(init.headers).forEach((value, name) => {
    headers[name] = REPEATED_LINE_HEADERS.has(name) ? splitHeaderList([value]) : value;
  });
  // node:http does not decode compressed bodies (fetch does): ask for an identity body.
  delete headers['accept-encoding'];
  const body = await bodyBytes(init.body);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  init.signal?.throwIfAborted();

  const secure = target.protocol === 'https:';
  return new Promise<Response>((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      { method, headers, agent: secure ? httpsAgent : httpAgent, ...(init.signal ? { signal: init.signal } : {}) },
      (message) => {
        const status = message.statusCode ?? 502;
        const withoutBody = NULL_BODY_STATUSES.has(status) || method === 'HEAD';
        if (withoutBody) message.resume();
        try {
          resolve(
            new Response(withoutBody ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>), {
              status,
              statusText: message.statusMessage ?? '',
              headers: responseHeaders(message),
            }),
          );
        } catch (error) {
          message.destroy();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** `fetch` unless the request needs repeated header lines. */
export function withRepeatedHeaderLines(fetchImpl: typeof fetch): typeof fetch {
  return ((url: Parameters<typeof fetch>[0], init?: RequestInit) =>
    init !== undefined && needsRepeatedHeaderLines(init.headers) ? fetchWithRepeatedHeaderLines(url instanceof Request ? url.url : url, init) : fetchImpl(url, init)) as typeof fetch;
}
