/**
 * The security review's findings against the client rate limits, each as an attack that must now
 * be held to the limit. Every test here let all requests through on the @envelop/rate-limiter
 * implementation (batches and concurrent calls raced its read-then-write store, aliases and list
 * items were counted per document walk, made-up credentials each got a fresh bucket).
 */
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Caller, GatewayContext } from '../../../sources/context.ts';
import { forwardedCallerId } from '../../../server/auth/caller.ts';
import { type ClientRateLimitOptions, useClientRateLimit } from '../../../server/plugins/use-client-rate-limit.ts';
import { type GraphQLBody, postQuery, type TestYoga } from './helpers.ts';

/**
 * Stands in for the front door's caller authentication: `x-test-caller` is a verified API-key
 * caller; any other Authorization (or X-API-Key) value is what forwarding mode makes of it, a
 * `forwarded` caller keyed by the header's hash that the gateway itself cannot verify.
 */
const useTestCallers: Plugin<GatewayContext> = {
  onContextBuilding({ context, extendContext }) {
    const headers = (context as { request: Request }).request.headers;
    const id = headers.get('x-test-caller');
    const presented = headers.get('authorization') ?? headers.get('x-api-key');
    let caller: Caller | undefined;
    if (id) caller = { id, kind: 'apikey', scopes: [] };
    else if (presented) caller = { id: forwardedCallerId(presented), kind: 'forwarded', scopes: [] };
    if (caller !== undefined) extendContext({ caller });
  },
};

const calls = { limited: 0, name: 0 };

/** Counts resolver calls, so "exactly N upstream calls" can be checked directly. */
function countingYoga(options: Partial<ClientRateLimitOptions>, batching = false): TestYoga {
  const yoga = createYoga<{}, {}>({
    schema: createSchema({
      typeDefs: /* GraphQL */ `
        type Query {
          limited: String
          items(count: Int!): [Item!]!
          item: Item
        }
        type Item {
          name: String
        }
      `,
      resolvers: {
        Query: {
          limited: () => {
            calls.limited += 1;
            return 'ok';
          },
          items: (_root: unknown, { count }: { count: number }) => Array.from({ length: count }, (_, index) => ({ index })),
          item: () => ({ index: 0 }),
        },
        Item: {
          name: ({ index }: { index: number }) => {
            calls.name += 1;
            return `item-${index}`;
          },
        },
      },
    }),
    plugins: [useTestCallers as Plugin<object>, useClientRateLimit({ operations: false, fields: {}, ...options })],
    batching: batching ? { limit: 10 } : false,
    logging: false,
  });
  return yoga as unknown as TestYoga;
}

const asA = { headers: { 'x-test-caller': 'apikey:aaaaaaaa' } };
const limitedErrors = (body: GraphQLBody) => (body.errors ?? []).filter((error) => error.extensions?.code === 'CLIENT_RATE_LIMITED');

beforeEach(() => {
  calls.limited = 0;
  calls.name = 0;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-05T09:00:00.000Z'));
});
afterEach(() => vi.useRealTimers());

describe('client rate limit attacks', () => {
  it('counts every operation of a batch: 10 operations against a limit of 5 run 5', async () => {
    const yoga = countingYoga({ operations: { max: 5, window: '1m' } }, true);
    const response = await yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...asA.headers },
      body: JSON.stringify(Array.from({ length: 10 }, () => ({ query: '{ limited }' }))),
    });
    const results = (await response.json()) as GraphQLBody[];
    expect(results).toHaveLength(10);
    expect(results.filter((result) => result.data?.limited === 'ok')).toHaveLength(5);
    const rejected = results.filter((result) => limitedErrors(result).length === 1);
    expect(rejected).toHaveLength(5);
    expect(rejected[0]!.errors![0]!.extensions).toMatchObject({ scope: 'operations', limit: { max: 5, window: '1m' } });
    expect(calls.limited).toBe(5);
    // The batch used the whole budget: the next single request is refused.
    expect((await postQuery(yoga, '{ limited }', asA)).status).toBe(429);
  });

  it('counts every alias: 30 aliases of a field limited to 2 make exactly 2 resolver calls', async () => {
    const yoga = countingYoga({ fields: { 'Query.limited': { max: 2, window: '1m' } } });
    const query = `{ ${Array.from({ length: 30 }, (_, index) => `a${index}: limited`).join(' ')} }`;
    const { status, body } = await postQuery(yoga, query, asA);
    expect(calls.limited).toBe(2);
    expect(Object.values(body.data ?? {}).filter((value) => value === 'ok')).toHaveLength(2);
    const errors = limitedErrors(body);
    expect(errors).toHaveLength(28);
    expect(errors[0]).toMatchObject({ path: ['a2'], extensions: { scope: 'Query.limited', retryAfterSeconds: 60 } });
    expect(status).toBe(429);
  });

  it('counts every fragment spread where it executes', async () => {
    const yoga = countingYoga({ fields: { 'Item.name': { max: 2, window: '1m' } } });
    const { body } = await postQuery(yoga, '{ a: item { ...F } b: item { ...F } c: item { ...F } } fragment F on Item { name }', asA);
    expect(calls.name).toBe(2);
    expect(body.data).toEqual({ a: { name: 'item-0' }, b: { name: 'item-0' }, c: { name: null } });
    expect(limitedErrors(body)).toHaveLength(1);
  });

  it('counts a field once per item of its list parent', async () => {
    const yoga = countingYoga({ fields: { 'Item.name': { max: 3, window: '1m' } } });
    const { body } = await postQuery(yoga, '{ items(count: 10) { name } }', asA);
    expect(calls.name).toBe(3);
    const names = (body.data?.items as Array<{ name: string | null }>).map((item) => item.name);
    expect(names.filter((name) => name !== null)).toHaveLength(3);
    expect(limitedErrors(body)).toHaveLength(7);
    expect(limitedErrors(body)[0]!.path).toEqual(['items', 3, 'name']);
  });

  it('lets exactly the limit through when 20 requests of one caller race at once', async () => {
    const yoga = countingYoga({ operations: { max: 5, window: '1m' } });
    const answers = await Promise.all(Array.from({ length: 20 }, () => postQuery(yoga, '{ limited }', asA)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(15);
    expect(calls.limited).toBe(5);
  });

  it('lets exactly the limit through when 20 field executions race in concurrent requests', async () => {
    const yoga = countingYoga({ fields: { 'Query.limited': { max: 5, window: '1m' } } });
    await Promise.all(Array.from({ length: 20 }, () => postQuery(yoga, '{ limited }', asA)));
    expect(calls.limited).toBe(5);
  });

  it('puts every made-up Authorization and X-API-Key value in one anonymous bucket', async () => {
    const yoga = countingYoga({ operations: { max: 3, window: '1m' } });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const header: Record<string, string> =
        attempt % 2 === 0 ? { authorization: `Bearer made-up-${attempt}` } : { 'x-api-key': `made-up-${attempt}` };
      statuses.push((await postQuery(yoga, '{ limited }', { headers: header })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
    // No credential at all: the same bucket.
    const plain = await postQuery(yoga, '{ limited }');
    expect(plain.status).toBe(429);
    expect(plain.body.errors?.[0]?.message).toContain('Unverified callers share one limit');
    // A verified caller is not held back by the anonymous traffic.
    expect((await postQuery(yoga, '{ limited }', asA)).status).toBe(200);
  });

  it('gives a forwarded caller its own bucket only once the upstream has accepted its credential', async () => {
    const verified = new Set<string>();
    const yoga = countingYoga({
      operations: { max: 2, window: '1m' },
      isVerifiedForwardedCaller: (callerId) => verified.has(callerId),
    });
    const real = { headers: { authorization: 'Basic cmVhbDp0b2tlbg==' } };
    const realId = forwardedCallerId(real.headers.authorization);
    // Unverified: shares the anonymous bucket with a made-up credential.
    expect((await postQuery(yoga, '{ limited }', real)).status).toBe(200);
    expect((await postQuery(yoga, '{ limited }', { headers: { authorization: 'Bearer made-up' } })).status).toBe(200);
    expect((await postQuery(yoga, '{ limited }', real)).status).toBe(429);
    // The transport has seen the upstream accept it: now its own, fresh bucket.
    verified.add(realId);
    expect((await postQuery(yoga, '{ limited }', real)).status).toBe(200);
    expect((await postQuery(yoga, '{ limited }', real)).status).toBe(200);
    expect((await postQuery(yoga, '{ limited }', real)).status).toBe(429);
    // Made-up credentials are still anonymous (and that bucket is still full).
    expect((await postQuery(yoga, '{ limited }', { headers: { authorization: 'Bearer made-up-2' } })).status).toBe(429);
  });
});
