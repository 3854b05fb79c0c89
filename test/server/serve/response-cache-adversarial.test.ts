/**
 * What @envelop/response-cache brings that our own cache did not have, held down: its extension
 * metadata (hits, TTLs, invalidated entities), its invalidation by mutation (one caller's mutation
 * must neither be cached nor evict another caller's entries), the fields it adds to documents
 * (aliases a client could use to hide a type from its TTL), its key text; plus who shares an entry
 * (API key, JWT, anonymous and forwarded callers) and what reaches Redis.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { MemoryResponseCacheStore, REDIS_KEY_PREFIX, RedisResponseCacheStore, type ResponseCacheStore } from '../../../server/cache/response-cache-store.ts';
import { cacheSession, useResponseCache } from '../../../server/plugins/use-response-cache.ts';
import type { CallerKind } from '../../../sources/context.ts';
import { REDIS_SERVER, startRedisOnSocket } from '../../support/redis-server.ts';

const typeDefs = /* GraphQL */ `
  type Query { value(tag: String): String issue(id: ID!): Issue me: User }
  type Mutation { renameIssue(id: ID!, title: String!): Issue archiveIssue(id: ID!): Issue }
  type Issue { id: ID! title: String! }
  type User { id: ID! name: String! }
`;

/** A store that records what the library asks of it. */
function spyStore(): { store: ResponseCacheStore; keys: string[]; invalidations: number } {
  const inner = new MemoryResponseCacheStore();
  const spy = {
    keys: [] as string[],
    invalidations: 0,
    store: {
      get: (key: string) => inner.get(key),
      set: async (...args: Parameters<ResponseCacheStore['set']>) => {
        spy.keys.push(args[0]);
        await inner.set(...args);
      },
      invalidate: () => {
        spy.invalidations++;
      },
      close: () => inner.close(),
    } satisfies ResponseCacheStore,
  };
  return spy;
}

/** The front door's `context.caller`, from test headers (x-test-caller: kind:id). */
const callerFromHeader: Plugin = {
  onContextBuilding({ context, extendContext }) {
    const value = (context as { request: Request }).request.headers.get('x-test-caller');
    if (value === null) return;
    const kind = value.slice(0, value.indexOf(':')) as CallerKind;
    extendContext({ caller: { id: value, kind, scopes: [] } } as never);
  },
};

function gateway(options: { store: ResponseCacheStore; forward?: boolean; ttls?: Record<string, number> }) {
  const calls = { value: 0, issue: 0, me: 0, rename: 0 };
  const titles = new Map<string, string>([['1', 'first']]);
  const yoga = createYoga({
    schema: createSchema({
      typeDefs,
      resolvers: {
        Query: {
          value: (_root: unknown, _args: unknown, context: { caller?: { id: string } }) => {
            calls.value++;
            return `for ${context.caller?.id ?? 'anonymous'}`;
          },
          issue: (_root: unknown, { id }: { id: string }) => {
            calls.issue++;
            return { id, title: titles.get(id) };
          },
          me: () => {
            calls.me++;
            return { id: 'u1', name: 'ann' };
          },
        },
        Mutation: {
          renameIssue: (_root: unknown, { id, title }: { id: string; title: string }) => {
            calls.rename++;
            titles.set(id, title);
            return { id, title };
          },
          archiveIssue: () => {
            calls.rename++;
            return null;
          },
        },
      },
    }),
    logging: false,
    plugins: [
      callerFromHeader,
      useResponseCache({ defaultTtlMs: 60_000, ttls: options.ttls ?? {}, store: options.store, forwardCallerCredentials: options.forward ?? false }),
    ],
  });
  const ask = async (query: string, headers: Record<string, string> = {}, extra: { operationName?: string; variables?: Record<string, unknown> } = {}) => {
    const response = await yoga.fetch('http://yoga.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, ...extra }),
    });
    const text = await response.text();
    return { status: response.status, cache: response.headers.get('x-cache'), text, body: JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown[]; extensions?: unknown } };
  };
  return { ask, calls };
}

describe('library surfaces', () => {
  it('never adds its extension metadata, even with NODE_ENV=development and DEBUG set', async () => {
    const saved = { NODE_ENV: process.env.NODE_ENV, DEBUG: process.env.DEBUG };
    process.env.NODE_ENV = 'development';
    process.env.DEBUG = '1';
    try {
      const spy = spyStore();
      const { ask } = gateway({ store: spy.store });
      const miss = await ask('{ issue(id: "1") { id title } }');
      const hit = await ask('{ issue(id: "1") { id title } }');
      const mutation = await ask('mutation { renameIssue(id: "1", title: "x") { id title } }');
      expect([miss.cache, hit.cache, mutation.cache]).toEqual(['MISS', 'HIT', null]);
      for (const answer of [miss, hit, mutation]) {
        expect(answer.body.extensions).toBeUndefined();
        expect(answer.text).not.toMatch(/responseCache|didCache|invalidatedEntities/);
        expect(answer.text).not.toContain(spy.keys[0]);
      }
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('mutations are never cached, never answered from the cache, never invalidate other callers’ entries', async () => {
    const spy = spyStore();
    const { ask, calls } = gateway({ store: spy.store });
    const alice = { 'x-test-caller': 'apikey:alice' };
    const mallory = { 'x-test-caller': 'apikey:mallory' };
    const read = '{ issue(id: "1") { id title } }';
    expect((await ask(read, alice)).cache).toBe('MISS');
    const rename = 'mutation { renameIssue(id: "1", title: "renamed") { id title } }';
    const first = await ask(rename, mallory);
    const second = await ask(rename, mallory);
    expect([first.cache, second.cache]).toEqual([null, null]);
    expect(second.body.data).toEqual({ renameIssue: { id: '1', title: 'renamed' } });
    // A null Issue is what makes the library invalidate every entry holding an Issue.
    expect((await ask('mutation { archiveIssue(id: "1") { id } }', mallory)).cache).toBeNull();
    expect(calls.rename).toBe(3);
    expect(spy.keys).toHaveLength(1);
    // Mallory's mutations touched Issue 1, which Alice's entry holds: it stays until its TTL.
    expect(spy.invalidations).toBe(0);
    const again = await ask(read, alice);
    expect([again.cache, again.body.data]).toEqual(['HIT', { issue: { id: '1', title: 'first' } }]);
    expect(calls.issue).toBe(1);
  });

  it('the fields it adds to documents never reach callers, and a client alias cannot dodge a type TTL', async () => {
    const spy = spyStore();
    const { ask, calls } = gateway({ store: spy.store, ttls: { User: 0 } });
    const miss = await ask('{ issue(id: "1") { title } }');
    const hit = await ask('{ issue(id: "1") { title } }');
    expect([miss.text, hit.text]).toEqual(['{"data":{"issue":{"title":"first"}}}', '{"data":{"issue":{"title":"first"}}}']);
    // The library reads an object's type from this alias: a client naming a field so must not
    // make a User look like something else and get it cached.
    for (const query of ['{ me { __responseCacheTypeName: name } }', '{ me { __typename __responseCacheTypeName: id __responseCacheId: id name } }']) {
      const before = calls.me;
      expect((await ask(query)).cache).toBeNull();
      expect((await ask(query)).cache).toBeNull();
      expect(calls.me - before).toBe(2);
    }
    expect(spy.keys).toHaveLength(1);
  });

  it('crafted documents, operation names and variables never reach another caller’s entry', async () => {
    const spy = spyStore();
    const { ask } = gateway({ store: spy.store });
    const alice = { 'x-test-caller': 'apikey:alice' };
    const mallory = { 'x-test-caller': 'apikey:mallory' };
    const query = 'query Q($x: String) { value(tag: $x) }';
    expect((await ask(query, alice, { operationName: 'Q', variables: { x: 'a' } })).body.data).toEqual({ value: 'for apikey:alice' });
    const aliceSession = cacheSession({ request: new Request('http://t/', { headers: alice }), caller: { id: 'apikey:alice', kind: 'apikey', scopes: [] } }, false)!;
    const attempts: Array<[string, { operationName?: string; variables?: Record<string, unknown> }]> = [
      [query, { operationName: 'Q', variables: { x: 'a' } }],
      [query, { operationName: 'Q', variables: { x: `a"}|${aliceSession}` } }],
      [`${query} # |Q|{"x":"a"}|${aliceSession}`, { operationName: 'Q', variables: { x: 'a' } }],
      [query, { operationName: 'Q', variables: { x: 'a', apikey: 'alice' } }],
    ];
    for (const [document, extra] of attempts) {
      const answer = await ask(document, mallory, extra);
      expect([answer.cache, answer.body.data]).toEqual(['MISS', { value: 'for apikey:mallory' }]);
    }
    expect(new Set(spy.keys).size).toBe(spy.keys.length);
    for (const key of spy.keys) expect(key).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('who shares an entry', () => {
  it('API-key, JWT and anonymous callers each get their own entry (gateway credentials)', async () => {
    const { ask, calls } = gateway({ store: new MemoryResponseCacheStore() });
    const callers: Array<Record<string, string>> = [
      {},
      { 'x-test-caller': 'apikey:one' },
      { 'x-test-caller': 'apikey:two' },
      { 'x-test-caller': 'jwt:alice' },
      { 'x-test-caller': 'jwt:bob', authorization: 'Bearer same' },
      { 'x-test-caller': 'jwt:carol', authorization: 'Bearer same' },
    ];
    for (const round of ['MISS', 'HIT']) {
      for (const headers of callers) {
        const answer = await ask('{ value }', headers);
        expect([answer.cache, answer.body.data]).toEqual([round, { value: `for ${headers['x-test-caller'] ?? 'anonymous'}` }]);
      }
    }
    expect(calls.value).toBe(callers.length);
    // X-ExperimentalApi changes what AGG answers: its own entry too.
    expect((await ask('{ value }', { 'x-experimentalapi': 'beta' })).cache).toBe('MISS');
  });

  it('forwarded credentials: one entry per Authorization and Cookie, and per caller presenting them', async () => {
    const { ask } = gateway({ store: new MemoryResponseCacheStore(), forward: true });
    const callers: Array<Record<string, string>> = [
      { authorization: 'Bearer atlassian-a' },
      { authorization: 'Bearer atlassian-b' },
      { authorization: 'Basic YTpi' },
      { cookie: 'cloud.session.token=one' },
      { cookie: 'cloud.session.token=two' },
      { authorization: 'Bearer atlassian-a', 'x-api-key': 'k', 'x-test-caller': 'apikey:one' },
      { authorization: 'Bearer atlassian-a', 'x-api-key': 'k', 'x-test-caller': 'apikey:two' },
    ];
    for (const round of ['MISS', 'HIT']) {
      for (const headers of callers) expect((await ask('{ value }', headers)).cache).toBe(round);
    }
    // A JWT or API key in Authorization is not forwarded: no Atlassian credential, no cache.
    expect((await ask('{ value }', { authorization: 'Bearer gateway-jwt', 'x-test-caller': 'jwt:alice' })).cache).toBeNull();
    expect((await ask('{ value }', { authorization: 'Bearer gateway-key', 'x-test-caller': 'apikey:one' })).cache).toBeNull();
  });
});

const redisBinary = REDIS_SERVER;
let redisProcess: ChildProcess | undefined;
afterAll(() => {
  redisProcess?.kill('SIGKILL');
});

describe.skipIf(!existsSync(redisBinary))('Redis (redis-server from Debian)', () => {
  it('holds hashed keys only, shares entries between instances, and serves without the cache when Redis fails', async () => {
    const { socket, child } = await startRedisOnSocket();
    redisProcess = child;
    const errors: unknown[] = [];
    const stores = [new RedisResponseCacheStore(socket, (error) => errors.push(error)), new RedisResponseCacheStore(socket, (error) => errors.push(error))];
    const [one, two] = stores.map((store) => gateway({ store, forward: true }));
    const secret = { authorization: 'Bearer s3cret-atlassian-token', cookie: 'cloud.session.token=c00kie-value' };
    expect((await one!.ask('{ issue(id: "1") { id title } }', secret)).cache).toBe('MISS');
    expect((await two!.ask('{ issue(id: "1") { id title } }', secret)).cache).toBe('HIT');
    expect((await two!.ask('{ issue(id: "1") { id title } }', { authorization: 'Bearer other' })).cache).toBe('MISS');

    const redis = new Redis(socket);
    const keys = await redis.keys('*');
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatch(new RegExp(`^${REDIS_KEY_PREFIX}[0-9a-f]{64}$`));
      const stored = `${key} ${await redis.get(key)}`;
      expect(stored).not.toMatch(/s3cret|c00kie|Bearer|atlassian-token/);
    }
    redis.disconnect();
    expect(errors).toEqual([]);

    redisProcess.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const outage = await one!.ask('{ issue(id: "1") { id title } }', secret);
    expect([outage.status, outage.cache, outage.body.data]).toEqual([200, 'MISS', { issue: { id: '1', title: 'first' } }]);
    expect(errors.length).toBeGreaterThan(0);
    await Promise.all(stores.map((store) => store.close()));
  }, 20_000);
});
