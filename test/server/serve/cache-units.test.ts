/**
 * Response cache pieces in process: TTLs through the plugin over a small yoga schema, the
 * in-memory LRU, the Redis store (real redis-server when installed), the plugin's identity rule,
 * and the variables.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSchema } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { MemoryResponseCacheStore, RedisResponseCacheStore } from '../../../server/cache/response-cache-store.ts';
import { readResponseCacheSettings } from '../../../server/cache/response-cache-options.ts';
import { ttlsPerSchemaCoordinate, useResponseCache } from '../../../server/plugins/use-response-cache.ts';
import { cacheIdentity } from '../../../server/cache/cache-identity.ts';
import { readGatewayHttpOptions, originAllowed } from '../../../server/gateway-options.ts';
import { createOperationLabeler } from '../../../server/observability/metrics.ts';
import { REDIS_SERVER, startRedisOnSocket } from '../../support/redis-server.ts';

const sdl = /* GraphQL */ `
  type Query { issues: [Issue!]! me: User items: [Item!]! }
  type Issue { key: String! assignee: User }
  type User { name: String! }
  interface Item { id: ID! }
  type Ticket implements Item { id: ID! title: String }
`;

describe('cache TTL', () => {
  /** The TTL each stored entry got, from a yoga server over `sdl` with these TTLs. */
  const storedTtl = async (query: string, ttls: Record<string, number>, defaultTtlMs = 60_000): Promise<number | undefined> => {
    const store = new MemoryResponseCacheStore();
    let ttl: number | undefined;
    const set = store.set.bind(store);
    store.set = async (key, result, entities, ttlMs) => {
      ttl = ttlMs;
      await set(key, result, entities, ttlMs);
    };
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: sdl,
        resolvers: {
          Query: { issues: () => [{ key: 'A-1', assignee: { name: 'ann' } }], me: () => ({ name: 'me' }), items: () => [{ id: '1', title: 't' }] },
          Item: { __resolveType: () => 'Ticket' },
        },
      }),
      logging: false,
      plugins: [useResponseCache({ defaultTtlMs, ttls, store, forwardCallerCredentials: false })],
    });
    const response = await yoga.fetch('http://yoga.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    expect((await response.json()).errors).toBeUndefined();
    expect(response.headers.get('x-cache')).toBe(ttl === undefined ? null : 'MISS');
    return ttl;
  };

  it('takes the lowest TTL of every type and field the operation selects, never above the default', async () => {
    const query = '{ issues { key assignee { name } } }';
    expect(await storedTtl(query, {})).toBe(60_000);
    expect(await storedTtl(query, { User: 5_000 })).toBe(5_000);
    expect(await storedTtl(query, { 'Issue.assignee': 0, User: 5_000 })).toBeUndefined();
    expect(await storedTtl(query, { 'Query.me': 0 })).toBe(60_000);
    expect(await storedTtl(query, { 'Query.issues': 600_000 })).toBe(60_000);
    expect(await storedTtl(query, { Issue: 7_000, String: 9_000 })).toBe(7_000);
    expect(await storedTtl(query, { String: 0 })).toBeUndefined();
    // A type's TTL holds whether or not the field returning it has a value.
    expect(await storedTtl('{ me { name } }', { User: 3_000 })).toBe(3_000);
  });

  it('counts interfaces and the concrete types named in fragments', async () => {
    expect(await storedTtl('{ items { id ... on Ticket { title } } }', { Ticket: 4_000 })).toBe(4_000);
    expect(await storedTtl('{ items { id } }', { Item: 2_000 })).toBe(2_000);
    expect(await storedTtl('{ items { id } }', { Item: 0 })).toBeUndefined();
  });

  it('expands type TTLs to the fields returning or defined on the type, introspection at 0', () => {
    const ttls = ttlsPerSchemaCoordinate(buildSchema(sdl), { User: 5_000, 'Issue.assignee': 1_000, Item: 0 });
    expect(ttls).toMatchObject({ User: 5_000, 'User.name': 5_000, 'Query.me': 5_000, 'Issue.assignee': 1_000, 'Query.items': 0, 'Item.id': 0 });
    expect(ttls).toMatchObject({ 'Query.__schema': 0, 'Query.__type': 0 });
    expect(ttls['Query.issues']).toBeUndefined();
  });
});

describe('in-memory store', () => {
  it('expires entries and evicts the least recently used beyond its limits', async () => {
    let now = 1_000;
    const store = new MemoryResponseCacheStore({ maxEntries: 2, maxSize: 1_000 }, () => now);
    const result = (value: string) => ({ data: { value } });
    await store.set('a', result('A'), [], 100);
    await store.set('b', result('B'), [], 100);
    expect(await store.get('a')).toEqual(result('A')); // a is now the most recently used
    await store.set('c', result('C'), [], 100);
    expect(await store.get('b')).toBeNull();
    expect(await store.get('a')).toEqual(result('A'));
    now += 101;
    expect(await store.get('a')).toBeNull();
    await store.set('big', result('x'.repeat(600)), [], 100);
    await store.set('big2', result('y'.repeat(600)), [], 100);
    // Over maxSize: the oldest entries go until both limits hold.
    expect(await store.get('big')).toBeNull();
    expect(await store.get('big2')).toEqual(result('y'.repeat(600)));
    expect(store.entryCount).toBe(1);
    await store.set('never', result('N'), [], 0);
    expect(await store.get('never')).toBeNull();
    await store.set('huge', result('z'.repeat(1_000)), [], 100);
    expect(await store.get('huge')).toBeNull();
  });

  it('hands out a fresh copy on every hit', async () => {
    const store = new MemoryResponseCacheStore();
    await store.set('k', { data: { list: [1] } }, [], 1_000);
    const first = (await store.get('k')) as { data: { list: number[] } };
    first.data.list.push(2);
    expect(await store.get('k')).toEqual({ data: { list: [1] } });
  });
});

const redisBinary = REDIS_SERVER;
const hasRedis = existsSync(redisBinary);
let redisProcess: ChildProcess | undefined;
afterAll(() => {
  redisProcess?.kill('SIGKILL');
});

describe.skipIf(!hasRedis)('Redis store (redis-server from Debian)', () => {
  it('shares entries between stores, honours the TTL, and fails open when Redis is gone', async () => {
    const { socket, child } = await startRedisOnSocket();
    redisProcess = child;
    const errors: unknown[] = [];
    // ioredis takes a unix socket path where a URL would go.
    const first = new RedisResponseCacheStore(socket, (error) => errors.push(error));
    const second = new RedisResponseCacheStore(socket, (error) => errors.push(error));
    await first.set('k', { data: { n: 1 } }, [], 60_000);
    expect(await second.get('k')).toEqual({ data: { n: 1 } });
    await first.set('short', { data: {} }, [], 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await second.get('short')).toBeNull();
    expect(errors).toEqual([]);
    redisProcess.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await second.get('k')).toBeNull();
    await second.set('k', { data: { n: 2 } }, [], 60_000); // fails open too
    expect(errors.length).toBeGreaterThan(0);
    await first.close();
    await second.close();
  }, 20_000);
});

describe('useResponseCache on a yoga server', () => {
  it('serves hits per identity, skips mutations and results with errors', async () => {
    let calls = 0;
    let fail = false;
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { value: String } type Mutation { bump: Int }',
        resolvers: {
          Query: {
            value: (_root: unknown, _args: unknown, context: { request: Request }) => {
              calls++;
              if (fail) throw new Error('upstream down');
              return `for ${context.request.headers.get('authorization') ?? 'server'}`;
            },
          },
          Mutation: { bump: () => ++calls },
        },
      }),
      logging: false,
      plugins: [useResponseCache({ defaultTtlMs: 60_000, ttls: {}, store: new MemoryResponseCacheStore(), forwardCallerCredentials: true })],
    });
    const ask = async (query: string, authorization?: string) => {
      const response = await yoga.fetch('http://yoga.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query }),
      });
      return { cache: response.headers.get('x-cache'), body: (await response.json()) as { data?: { value?: string }; errors?: unknown[] } };
    };
    expect(await ask('{ value }', 'Bearer a')).toEqual({ cache: 'MISS', body: { data: { value: 'for Bearer a' } } });
    expect(await ask('{ value }', 'Bearer b')).toEqual({ cache: 'MISS', body: { data: { value: 'for Bearer b' } } });
    expect(await ask('{ value }', 'Bearer a')).toEqual({ cache: 'HIT', body: { data: { value: 'for Bearer a' } } });
    expect(calls).toBe(2);
    // Forwarding on and no credential: no identity, so no cache at all.
    expect((await ask('{ value }')).cache).toBeNull();
    fail = true;
    expect((await ask('{ value }', 'Bearer c')).body.errors).toHaveLength(1);
    fail = false;
    expect((await ask('{ value }', 'Bearer c')).cache).toBe('MISS');
    expect((await ask('mutation { bump }', 'Bearer a')).cache).toBeNull();
    expect((await ask('{ __schema { queryType { name } } }', 'Bearer a')).cache).toBeNull();
  });

  it('identity: caller id plus the forwarded credential, or the fixed server identity', () => {
    const request = (headers: Record<string, string>) => new Request('http://gateway.test/graphql', { headers });
    expect(cacheIdentity({ request: request({ authorization: 'Bearer x' }) }, false)).toBe('anonymous|server');
    expect(cacheIdentity({ request: request({}), caller: { id: 'jwt:alice', kind: 'jwt', scopes: [] } }, false)).toBe('jwt:alice|server');
    const x = cacheIdentity({ request: request({ authorization: 'Bearer x' }) }, true);
    const y = cacheIdentity({ request: request({ authorization: 'Bearer y' }) }, true);
    expect(x).toMatch(/^anonymous\|forwarded:[0-9a-f]{64}$/);
    expect(x).not.toBe(y);
    expect(x).not.toContain('Bearer');
    // A gateway API key in Authorization is not an Atlassian credential: nothing to key by.
    expect(cacheIdentity({ request: request({ authorization: 'Bearer key' }), caller: { id: 'apikey:1', kind: 'apikey', scopes: [] } }, true)).toBeUndefined();
  });
});

describe('variables', () => {
  it('response cache: off by default, JSON TTLs checked', () => {
    expect(readResponseCacheSettings({})).toBeUndefined();
    expect(readResponseCacheSettings({ GATEWAY_RESPONSE_CACHE_TTL_MS: '30000', GATEWAY_RESPONSE_CACHE_TTLS: '{"JiraIssue":5000,"Query.teams":0}' })).toMatchObject({
      defaultTtlMs: 30_000,
      ttls: { JiraIssue: 5_000, 'Query.teams': 0 },
    });
    expect(() => readResponseCacheSettings({ GATEWAY_RESPONSE_CACHE_TTLS: '{"JiraIssue":5000}' })).toThrow(/needs GATEWAY_RESPONSE_CACHE_TTL_MS/);
    expect(() => readResponseCacheSettings({ GATEWAY_RESPONSE_CACHE_TTL_MS: '1', GATEWAY_RESPONSE_CACHE_TTLS: '[1]' })).toThrow(/JSON object/);
    expect(() => readResponseCacheSettings({ GATEWAY_RESPONSE_CACHE_TTL_MS: '1', GATEWAY_RESPONSE_CACHE_TTLS: '{"a.b.c":1}' })).toThrow(/type name/);
    expect(() => readResponseCacheSettings({ GATEWAY_RESPONSE_CACHE_TTL_MS: '1', GATEWAY_RESPONSE_CACHE_TTLS: '{"JiraIssue":-1}' })).toThrow(/whole number/);
    expect(() => readResponseCacheSettings({ GATEWAY_RESPONSE_CACHE_TTL_MS: 'soon' })).toThrow(/GATEWAY_RESPONSE_CACHE_TTL_MS/);
  });

  it('HTTP options: production closes GraphiQL, introspection and CORS unless enabled', () => {
    expect(readGatewayHttpOptions({}, true)).toMatchObject({ production: true, graphiql: false, introspection: false, cors: false, metrics: true });
    expect(readGatewayHttpOptions({}, false)).toMatchObject({ graphiql: true, introspection: true, cors: { origins: 'loopback' } });
    expect(readGatewayHttpOptions({ GATEWAY_GRAPHIQL: 'true' }, true)).toMatchObject({ graphiql: true, introspection: true });
    expect(readGatewayHttpOptions({ GATEWAY_GRAPHIQL: 'true', GATEWAY_INTROSPECTION: 'false' }, true)).toMatchObject({ graphiql: true, introspection: false });
    const cors = readGatewayHttpOptions({ GATEWAY_CORS_ORIGINS: 'https://a.example, http://localhost:3000' }, true).cors;
    expect(cors).toEqual({ origins: ['https://a.example', 'http://localhost:3000'] });
    expect(originAllowed({ origins: ['https://a.example'] }, 'https://a.example')).toBe(true);
    expect(originAllowed({ origins: ['https://a.example'] }, 'https://b.example')).toBe(false);
    expect(originAllowed({ origins: 'loopback' }, 'http://127.0.0.1:5173')).toBe(true);
    expect(originAllowed({ origins: 'loopback' }, 'https://evil.example')).toBe(false);
    expect(() => readGatewayHttpOptions({ GATEWAY_CORS_ORIGINS: 'not a url' }, true)).toThrow(/GATEWAY_CORS_ORIGINS/);
    expect(() => readGatewayHttpOptions({ GATEWAY_SHUTDOWN_GRACE_MS: '-1' }, true)).toThrow(/GATEWAY_SHUTDOWN_GRACE_MS/);
    // Idle keep-alive: longer than a load balancer's 60 s by default; bounded when configured.
    expect(readGatewayHttpOptions({}, true).keepAliveTimeoutMs).toBe(75_000);
    expect(readGatewayHttpOptions({ GATEWAY_KEEPALIVE_TIMEOUT_MS: '120000' }, true).keepAliveTimeoutMs).toBe(120_000);
    expect(() => readGatewayHttpOptions({ GATEWAY_KEEPALIVE_TIMEOUT_MS: '10' }, true)).toThrow(/GATEWAY_KEEPALIVE_TIMEOUT_MS/);
    // The metrics token: optional, but never a guessable one.
    expect(readGatewayHttpOptions({}, true).metricsToken).toBeUndefined();
    expect(readGatewayHttpOptions({ GATEWAY_METRICS_TOKEN: ' 0123456789abcdef0123 ' }, true).metricsToken).toBe('0123456789abcdef0123');
    expect(() => readGatewayHttpOptions({ GATEWAY_METRICS_TOKEN: 'too-short' }, true)).toThrow(/GATEWAY_METRICS_TOKEN must be at least 16/);
    expect(() => readGatewayHttpOptions({ GATEWAY_METRICS_TOKEN: '0123456789 abcdef0123' }, true)).toThrow(/GATEWAY_METRICS_TOKEN/);
    expect(() => readGatewayHttpOptions({ GATEWAY_METRICS_TOKEN: '   ' }, true)).toThrow(/GATEWAY_METRICS_TOKEN/);
    expect(readGatewayHttpOptions({ GATEWAY_METRICS_TOKEN: '' }, true).metricsToken).toBeUndefined();
  });

  it('metrics: operation labels are bounded and well-formed', () => {
    const label = createOperationLabeler(2);
    expect([label(undefined), label('A'), label('B'), label('C'), label('A'), label('bad name!')]).toEqual(['anonymous', 'A', 'B', 'other', 'A', 'invalid']);
  });
});
