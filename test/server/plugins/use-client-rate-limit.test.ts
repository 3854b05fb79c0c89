import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../sources/config/types.ts';
import type { CallerKind, GatewayContext } from '../../../sources/context.ts';
import { BoundedMemoryStore, type RateLimitStore } from '../../../server/limits/rate-limit-stores.ts';
import {
  type ClientRateLimitOptions,
  rateLimitCallerKey,
  useClientRateLimit,
} from '../../../server/plugins/use-client-rate-limit.ts';
import { createTestYoga, postQuery, type TestYoga } from './helpers.ts';
import { readClientRateLimitOptions } from '../../../server/server-config.ts';

/** Stands in for the front door's caller authentication: the caller id comes from a test header. */
const useTestCaller: Plugin<GatewayContext> = {
  onContextBuilding({ context, extendContext }) {
    const id = (context as { request: Request }).request.headers.get('x-test-caller');
    if (id) extendContext({ caller: { id, kind: 'apikey', scopes: [] } });
  },
};

const T0 = new Date('2026-01-05T09:00:00.000Z').getTime();

function yogaWith(options: Partial<ClientRateLimitOptions>): TestYoga {
  return createTestYoga([
    useTestCaller as Plugin<object>,
    useClientRateLimit({ operations: false, fields: {}, ...options }),
  ]);
}

const as = (caller: string) => ({ headers: { 'x-test-caller': caller } });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('useClientRateLimit per-field limits', () => {
  it('limits each caller separately: A exhausted, B still served', async () => {
    const yoga = yogaWith({ fields: { 'Query.hello': { max: 2, window: '1m' } } });
    for (let call = 0; call < 2; call += 1) {
      expect((await postQuery(yoga, '{ hello }', as('caller-a'))).body).toEqual({ data: { hello: 'world' } });
    }
    const limited = await postQuery(yoga, '{ hello }', as('caller-a'));
    expect(limited.status).toBe(429);
    expect(limited.body.data).toEqual({ hello: null });
    expect(limited.body.errors?.[0]?.path).toEqual(['hello']);
    expect(limited.body.errors?.[0]?.extensions).toEqual({
      code: 'CLIENT_RATE_LIMITED',
      scope: 'Query.hello',
      limit: { max: 2, window: '1m' },
      retryAfterSeconds: 60,
    });
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.body.errors?.[0]?.message).toBe(
      'Rate limit exceeded for Query.hello: at most 2 per 1m per client. Retry in 60 s.',
    );
    expect((await postQuery(yoga, '{ hello }', as('caller-b'))).body).toEqual({ data: { hello: 'world' } });
    // Other fields are not limited for A.
    expect((await postQuery(yoga, '{ whoami }', as('caller-a'))).body).toEqual({ data: { whoami: 'caller-a' } });
  });

  it('says exactly when a slot frees up, and frees it then', async () => {
    const yoga = yogaWith({ fields: { 'Query.hello': { max: 2, window: '1m' } } });
    await postQuery(yoga, '{ hello }', as('a'));
    vi.setSystemTime(T0 + 10_000);
    await postQuery(yoga, '{ hello }', as('a'));
    vi.setSystemTime(T0 + 20_000);
    const limited = await postQuery(yoga, '{ hello }', as('a'));
    // The first call (T0) leaves the window at T0 + 60 s, 40 s from now.
    expect(limited.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(40);
    expect(limited.headers.get('retry-after')).toBe('40');
    vi.setSystemTime(T0 + 59_000);
    expect((await postQuery(yoga, '{ hello }', as('a'))).headers.get('retry-after')).toBe('1');
    vi.setSystemTime(T0 + 60_001);
    expect((await postQuery(yoga, '{ hello }', as('a'))).body).toEqual({ data: { hello: 'world' } });
    // Now the second call (T0 + 10 s) is the oldest in the window.
    expect((await postQuery(yoga, '{ hello }', as('a'))).headers.get('retry-after')).toBe('10');
  });

  it('does not count rejected calls, so hammering does not extend the lockout', async () => {
    const yoga = yogaWith({ fields: { 'Query.hello': { max: 1, window: '10s' } } });
    await postQuery(yoga, '{ hello }', as('a'));
    for (let second = 1; second < 10; second += 1) {
      vi.setSystemTime(T0 + second * 1000);
      expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(429);
    }
    vi.setSystemTime(T0 + 10_001);
    expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(200);
  });

  it('matches globbed coordinates, one counter per field', async () => {
    const yoga = yogaWith({ fields: { 'Query.{who*,hel?o}': { max: 1, window: '1m' } } });
    expect((await postQuery(yoga, '{ whoami }', as('a'))).status).toBe(200);
    const limited = await postQuery(yoga, '{ whoami }', as('a'));
    expect(limited.body.errors?.[0]?.extensions?.scope).toBe('Query.whoami');
    expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(200);
    expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(429);
    expect((await postQuery(yoga, '{ issues { totalCount } }', as('a'))).status).toBe(200);
  });

  it('prefers an exact coordinate over globs, and the first listed of several globs', async () => {
    const yoga = yogaWith({
      fields: {
        'Query.*': { max: 5, window: '1m' },
        'Query.hello': { max: 1, window: '1m' },
        'Query.who*': { max: 1, window: '1m' },
      },
    });
    expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(200);
    expect((await postQuery(yoga, '{ hello }', as('a'))).body.errors?.[0]?.extensions?.limit).toEqual({ max: 1, window: '1m' });
    for (let call = 0; call < 5; call += 1) expect((await postQuery(yoga, '{ whoami }', as('a'))).status).toBe(200);
    expect((await postQuery(yoga, '{ whoami }', as('a'))).body.errors?.[0]?.extensions?.limit).toEqual({ max: 5, window: '1m' });
  });

  it('keeps one counter per Type.field, not per field name', async () => {
    const yoga = createYoga<{}, {}>({
      schema: createSchema({
        typeDefs: 'type Query { issue: Issue project: Project } type Issue { key: String } type Project { key: String }',
        resolvers: { Query: { issue: () => ({ key: 'DEV-1' }), project: () => ({ key: 'DEV' }) } },
      }),
      plugins: [useClientRateLimit({ operations: false, fields: { 'Issue.key': { max: 1, window: '1m' }, 'Project.key': { max: 1, window: '1m' } } })],
      logging: false,
    }) as unknown as TestYoga;
    expect((await postQuery(yoga, '{ issue { key } project { key } }')).body).toEqual({
      data: { issue: { key: 'DEV-1' }, project: { key: 'DEV' } },
    });
    const second = await postQuery(yoga, '{ issue { key } project { key } }');
    expect(second.body.errors?.map((error) => error.extensions?.scope)).toEqual(['Issue.key', 'Project.key']);
  });

  it('wraps a schema shared by two gateways once, and leaves a gateway without the plugin alone', async () => {
    let calls = 0;
    const schema = createSchema({
      typeDefs: 'type Query { hello: String }',
      resolvers: { Query: { hello: () => ((calls += 1), 'world') } },
    });
    const plugin = () => useClientRateLimit({ operations: false, fields: { 'Query.hello': { max: 2, window: '1m' } } });
    const first = createYoga({ schema, plugins: [plugin()], logging: false }) as unknown as TestYoga;
    const second = createYoga({ schema, plugins: [plugin()], logging: false }) as unknown as TestYoga;
    const plain = createYoga({ schema, logging: false }) as unknown as TestYoga;
    expect((await postQuery(first, '{ hello }')).status).toBe(200);
    expect((await postQuery(first, '{ hello }')).status).toBe(200);
    expect((await postQuery(first, '{ hello }')).status).toBe(429);
    // Its own store: two calls, not one (were the resolver wrapped twice, each call would count twice).
    expect((await postQuery(second, '{ hello }')).status).toBe(200);
    expect((await postQuery(second, '{ hello }')).status).toBe(200);
    for (let call = 0; call < 5; call += 1) expect((await postQuery(plain, '{ hello }')).status).toBe(200);
    expect(calls).toBe(9);
  });
});

describe('useClientRateLimit operation limit', () => {
  it('counts every operation per caller, whatever its fields', async () => {
    const yoga = yogaWith({ operations: { max: 3, window: '1m' } });
    for (const query of ['{ hello }', '{ whoami }', '{ issues { totalCount } }']) {
      expect((await postQuery(yoga, query, as('a'))).status).toBe(200);
    }
    const limited = await postQuery(yoga, '{ hello }', as('a'));
    expect(limited.status).toBe(429);
    expect(limited.body.data).toBeUndefined();
    expect(limited.body.errors?.[0]?.extensions).toMatchObject({ code: 'CLIENT_RATE_LIMITED', scope: 'operations', retryAfterSeconds: 60 });
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.body.errors?.[0]?.message).toContain('at most 3 per 1m per client');
    expect((await postQuery(yoga, '{ hello }', as('b'))).status).toBe(200);
  });

  it('does not count operations that are refused before execution', async () => {
    const yoga = yogaWith({ operations: { max: 1, window: '1m' } });
    // A validation error (answered 200 to this legacy application/json client) is never executed.
    expect((await postQuery(yoga, '{ nope }', as('a'))).body.errors?.[0]?.message).toContain('Cannot query field "nope"');
    expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(200);
  });

  it('counts subscriptions as operations', async () => {
    const yoga = createYoga<{}, {}>({
      schema: createSchema({
        typeDefs: 'type Query { hello: String } type Subscription { tick: Int }',
        resolvers: {
          Subscription: {
            tick: {
              subscribe: async function* () {
                yield { tick: 1 };
              },
            },
          },
        },
      }),
      plugins: [useClientRateLimit({ operations: { max: 1, window: '1m' }, fields: {} })],
      logging: false,
    });
    const subscribe = () =>
      yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: 'subscription { tick }' }),
      });
    expect(await (await subscribe()).text()).toContain('"tick":1');
    expect(await (await subscribe()).text()).toContain('CLIENT_RATE_LIMITED');
  });

  it('applies both limits: an operation refused by the operation limit runs no field', async () => {
    const yoga = yogaWith({ operations: { max: 1, window: '1m' }, fields: { 'Query.hello': { max: 5, window: '1m' } } });
    expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(200);
    expect((await postQuery(yoga, '{ hello }', as('a'))).body.errors?.[0]?.extensions?.scope).toBe('operations');
  });
});

describe('rateLimitCallerKey', () => {
  const context = (kind: CallerKind, id: string) => ({ caller: { id, kind, scopes: [] } });

  it('keys verified callers by id and everyone else as anonymous', () => {
    expect(rateLimitCallerKey(context('apikey', 'apikey:1234abcd'))).toBe('apikey:1234abcd');
    expect(rateLimitCallerKey(context('jwt', 'jwt:user-1'))).toBe('jwt:user-1');
    expect(rateLimitCallerKey(context('forwarded', 'forwarded:0123456789ab'))).toBe('anonymous');
    expect(rateLimitCallerKey({})).toBe('anonymous');
    expect(rateLimitCallerKey(undefined)).toBe('anonymous');
  });

  it('ignores presented headers and the client address', () => {
    const request = new Request('http://gateway.test/graphql', {
      headers: { authorization: 'Bearer whatever', 'x-api-key': 'k', 'x-forwarded-for': '203.0.113.9' },
    });
    // A Node request's client address (not part of GatewayContext's type, but present at run time).
    const nodeRequest = { headers: {}, socket: { remoteAddress: '10.0.0.1' } };
    expect(rateLimitCallerKey({ request, req: nodeRequest })).toBe('anonymous');
  });

  it('keys a forwarded caller by id once the upstream has accepted its credential', () => {
    const verified = (id: string) => id === 'forwarded:0123456789ab';
    expect(rateLimitCallerKey(context('forwarded', 'forwarded:0123456789ab'), verified)).toBe('forwarded:0123456789ab');
    expect(rateLimitCallerKey(context('forwarded', 'forwarded:ffffffffffff'), verified)).toBe('anonymous');
  });
});

describe('store failures', () => {
  const throwing: RateLimitStore = {
    take() {
      throw new Error('store down');
    },
  };
  const rejecting: RateLimitStore = {
    take: async () => {
      throw new Error('redis down');
    },
  };

  it('serves without counting and reports each failure (sync and async stores, operations and fields)', async () => {
    for (const store of [throwing, rejecting]) {
      const onStoreError = vi.fn();
      const yoga = yogaWith({
        operations: { max: 1, window: '1m' },
        fields: { 'Query.hello': { max: 1, window: '1m' } },
        store,
        onStoreError,
      });
      for (let call = 0; call < 3; call += 1) {
        expect((await postQuery(yoga, '{ hello }', as('a'))).body).toEqual({ data: { hello: 'world' } });
      }
      // One operation and one field count per request.
      expect(onStoreError).toHaveBeenCalledTimes(6);
      expect(onStoreError.mock.calls[0]![0]).toBeInstanceOf(Error);
    }
  });

  it('warns at most once a minute by default', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const yoga = yogaWith({ operations: { max: 1, window: '1m' }, store: rejecting });
    for (let call = 0; call < 3; call += 1) expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(200);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('redis down');
    vi.setSystemTime(T0 + 60_000);
    await postQuery(yoga, '{ hello }', as('a'));
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

describe('BoundedMemoryStore', () => {
  it('is a sliding window that records only allowed calls', () => {
    const store = new BoundedMemoryStore();
    expect(store.take('k', 2, 1000, 0)).toEqual({ allowed: true });
    expect(store.take('k', 2, 1000, 400)).toEqual({ allowed: true });
    expect(store.take('k', 2, 1000, 500)).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(store.take('k', 2, 1000, 999)).toEqual({ allowed: false, retryAfterMs: 1 });
    // Rejections were not recorded: the call at 0 leaves at 1000 and one slot frees.
    expect(store.take('k', 2, 1000, 1000)).toEqual({ allowed: true });
    expect(store.take('k', 2, 1000, 1001)).toEqual({ allowed: false, retryAfterMs: 399 });
    expect(store.take('other', 2, 1000, 1001)).toEqual({ allowed: true });
  });

  it('keeps its log ordered when the clock steps back', () => {
    const store = new BoundedMemoryStore();
    store.take('k', 2, 1000, 5000);
    store.take('k', 2, 1000, 4000);
    expect(store.take('k', 2, 1000, 4100)).toEqual({ allowed: false, retryAfterMs: 1900 });
  });

  it('forgets expired keys first, then the least recently used, to stay under its cap', () => {
    const store = new BoundedMemoryStore(2);
    store.take('short', 1, 500, 1000);
    store.take('long', 1, 5000, 1000);
    store.take('third', 1, 5000, 2000);
    expect(store.size).toBe(2);
    // "short" had expired, so "long" survived and is still full.
    expect(store.take('long', 1, 5000, 2000).allowed).toBe(false);
    store.take('fourth', 1, 5000, 2000);
    expect(store.size).toBe(2);
    // "third" was the least recently used: forgotten, so it counts afresh.
    expect(store.take('third', 1, 5000, 2000).allowed).toBe(true);
  });
});

describe('readClientRateLimitOptions', () => {
  it('reads the defaults and each variable', () => {
    expect(readClientRateLimitOptions({})).toEqual({ operations: { max: 120, window: '1m' }, fields: {} });
    expect(
      readClientRateLimitOptions({
        GATEWAY_RATE_LIMIT_MAX: '0',
        GATEWAY_RATE_LIMIT_FIELDS: '{"Query.jiraIssues":{"max":60,"window":"1m"},"Query.agg_*":{"max":10,"window":"30s"}}',
      }),
    ).toEqual({
      operations: false,
      fields: { 'Query.jiraIssues': { max: 60, window: '1m' }, 'Query.agg_*': { max: 10, window: '30s' } },
    });
    expect(readClientRateLimitOptions({ GATEWAY_RATE_LIMIT_MAX: '5', GATEWAY_RATE_LIMIT_WINDOW: '10s' }).operations).toEqual({
      max: 5,
      window: '10s',
    });
  });

  it('rejects bad values with one-line ConfigErrors', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ GATEWAY_RATE_LIMIT_WINDOW: '1 minute' }, /GATEWAY_RATE_LIMIT_WINDOW window "1 minute" is not a duration/],
      [{ GATEWAY_RATE_LIMIT_MAX: 'many' }, /GATEWAY_RATE_LIMIT_MAX must be an integer/],
      [{ GATEWAY_RATE_LIMIT_FIELDS: '{oops' }, /GATEWAY_RATE_LIMIT_FIELDS is not valid JSON/],
      [{ GATEWAY_RATE_LIMIT_FIELDS: '{"Query.x":{"max":"5"}}' }, /"Query.x" must be \{"max"/],
      [{ GATEWAY_RATE_LIMIT_FIELDS: '{"jiraIssues":{"max":5,"window":"1m"}}' }, /must be a coordinate like Query.jiraIssues/],
      [{ GATEWAY_RATE_LIMIT_FIELDS: '{"Query.x":{"max":0,"window":"1m"}}' }, /max must be a whole number >= 1/],
      [{ GATEWAY_RATE_LIMIT_FIELDS: '{"Query.x":{"max":1,"window":"soon"}}' }, /is not a duration/],
      [{ GATEWAY_RATE_LIMIT_FIELDS: '{"Query.[ab]":{"max":1,"window":"1m"}}' }, /only names and the globs/],
      [{ GATEWAY_RATE_LIMIT_FIELDS: '{"Query.{a,b":{"max":1,"window":"1m"}}' }, /unbalanced/],
    ];
    for (const [env, message] of cases) {
      expect(() => readClientRateLimitOptions(env)).toThrow(ConfigError);
      expect(() => readClientRateLimitOptions(env)).toThrow(message);
    }
  });
});
