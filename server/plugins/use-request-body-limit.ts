/**
 * Request body size limit (yoga's `maxRequestBodySize`, same errors), without yoga's per-request
 * cost: yoga pipes every body through a TransformStream and rebuilds the Request, which cost ~3% of
 * the gateway's CPU under load (web stream pipeline, an AbortController aborted with a fresh
 * DOMException per request). A request with a valid Content-Length cannot carry more bytes than it
 * declares (node:http frames the body by it and refuses Content-Length with Transfer-Encoding), so
 * only a body without one (chunked) is counted as it streams.
 *
 * Give yoga `maxRequestBodySize: false` and put this plugin after every request parser plugin.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * A query is capped at 100,000 characters (use-query-limits.ts); the rest of a body is variables.
 * yoga's default of 25 MB let one caller hold 25 MB per request in flight, and JSON.parse it whole.
 */
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 2 * 1024 * 1024;

/** Only a single non-negative integer is a valid Content-Length (comma-joined values are a smuggling attempt). */
const CONTENT_LENGTH = /^\d+$/;

function bodyTooLarge() {
  return createGraphQLError('Request body too large', { extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' } });
}

function invalidContentLength() {
  return createGraphQLError('Content-Length header is invalid.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });
}

/** The request with its body counted as it arrives; erroring once more than `limit` bytes came. */
function countedRequest(request: Request, limit: number, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  const body = request.body;
  if (body === null) return request;
  // A native stream needs the native TransformStream; yoga's ponyfill stream needs the ponyfill's.
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let bytesRead = 0;
  const counted = body.pipeThrough(
    new Transform({
      transform(chunk: Uint8Array, controller) {
        bytesRead += chunk.byteLength;
        if (bytesRead > limit) controller.error(bodyTooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: counted, duplex: 'half' } as RequestInit);
}

export interface RequestBodyLimitOptions {
  /** Largest request body accepted, in bytes (413 beyond). */
  maxBytes?: number;
}

export function useRequestBodyLimit(options: RequestBodyLimitOptions = {}): Plugin {
  const limit = options.maxBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES;
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null) {
        if (!CONTENT_LENGTH.test(contentLength)) throw invalidContentLength();
        if (Number(contentLength) > limit) throw bodyTooLarge();
        // Framed by Content-Length: it cannot grow past the number just checked.
        return;
      }
      if (requestParser === undefined || request.body === null) return;
      const parse = requestParser;
      setRequestParser((unlimited) => parse(countedRequest(unlimited, limit, fetchAPI as unknown as { Request: typeof Request; TransformStream: typeof TransformStream })));
    },
  };
}
