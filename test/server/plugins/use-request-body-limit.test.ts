import { describe, expect, it } from 'vitest';
import { useRequestBodyLimit } from '../../../server/plugins/use-request-body-limit.ts';
import { createTestYoga, type GraphQLBody } from './helpers.ts';

const LIMIT = 200;
const yoga = createTestYoga([useRequestBodyLimit({ maxBytes: LIMIT })], { maxRequestBodySize: false });

function bodyOf(size: number): string {
  const base = JSON.stringify({ query: '{ hello }', variables: { pad: '' } });
  return JSON.stringify({ query: '{ hello }', variables: { pad: 'x'.repeat(Math.max(0, size - base.length)) } });
}

async function post(body: string, options: { contentLength?: string; chunked?: boolean }) {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.contentLength !== undefined) headers['content-length'] = options.contentLength;
  const bytes = new TextEncoder().encode(body);
  // A stream body has no Content-Length, like a chunked HTTP request; sent in small pieces.
  const streamed = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += 50) controller.enqueue(bytes.slice(offset, offset + 50));
      controller.close();
    },
  });
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers,
    body: options.chunked === true ? streamed : body,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as GraphQLBody };
}

describe('useRequestBodyLimit', () => {
  it('serves bodies within the limit, framed by Content-Length or chunked', async () => {
    const body = bodyOf(LIMIT);
    expect(new TextEncoder().encode(body).length).toBe(LIMIT);
    for (const options of [{ contentLength: String(LIMIT) }, { chunked: true }]) {
      const answer = await post(body, options);
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ hello: 'world' });
    }
  });

  it('answers 413 when Content-Length declares more than the limit, before reading the body', async () => {
    const answer = await post(bodyOf(LIMIT + 1), { contentLength: String(LIMIT + 1) });
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]?.message).toBe('Request body too large');
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('answers 413 when a chunked body grows past the limit while it streams', async () => {
    const answer = await post(bodyOf(LIMIT * 3), { chunked: true });
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('answers 400 for a Content-Length that is not one non-negative integer', async () => {
    for (const contentLength of ['12, 12', '-1', 'abc']) {
      const answer = await post(bodyOf(50), { contentLength });
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.message).toBe('Content-Length header is invalid.');
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    }
  });
});
