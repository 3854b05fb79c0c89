/**
 * Request bodies are sent again on a 429 or 401 retry; a stream can be read only once, so it is
 * buffered first. Strings, buffers, URLSearchParams, Blob and FormData are reusable as they are.
 */

type Body = NonNullable<RequestInit['body']>;

export async function toReplayableBody(body: RequestInit['body']): Promise<Body | undefined> {
  if (body === null || body === undefined) return undefined;
  if (
    typeof body === 'string' ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof URLSearchParams ||
    body instanceof Blob ||
    body instanceof FormData
  ) {
    return body;
  }
  if (body instanceof ReadableStream) return new Uint8Array(await new Response(body).arrayBuffer());
  const candidate = body as unknown as Record<PropertyKey, unknown>;
  if (typeof candidate[Symbol.asyncIterator] === 'function') {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    }
    return Buffer.concat(chunks);
  }
  // Blob/stream look-alikes from other fetch implementations (e.g. @whatwg-node ponyfills).
  if (typeof candidate.arrayBuffer === 'function') {
    return new Uint8Array(await (body as unknown as { arrayBuffer(): Promise<ArrayBuffer> }).arrayBuffer());
  }
  if (typeof candidate.getReader === 'function') {
    return new Uint8Array(await new Response(body as unknown as ReadableStream).arrayBuffer());
  }
  return body;
}
