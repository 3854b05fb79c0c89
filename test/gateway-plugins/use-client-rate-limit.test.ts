import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../sources/config/types.ts';
import type { CallerContext } from '../../scripts/gateway/plugins/caller.ts';
import { BoundedMemoryStore, createClientRateLimitStore } from '../../scripts/gateway/plugins/rate-limit-stores.ts';
import {
  callerKey,
  type ClientRateLimitOptions,
  readClientRateLimitOptions,
  useClientRateLimit,
} from '../../scripts/gateway/plugins/use-client-rate-limit.ts';
import { createTestYoga, postQuery, type TestYoga } from './helpers.ts';

/** Stands in for useCallerAuth: the caller id comes from a test header. */
const useTestCaller: Plugin<CallerContext> = {
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
afterEach(() => vi.useRealTimers());

describe('useClientRateLimit per-field limits', () => {
  it('limits each caller separately: A exhausted, B still served', async () => {
    const yoga = yogaWith({ fields: { 'Query.hello': { max: 2, window: '1m' } } });
    for (let call = 0; call < 2; call += 1) {
      expect((await postQuery(yoga, '{ hello }', as('caller-a'))).body).toEqual({ data: { hello: 'world' } });
    }
    const limited = await postQuery(yoga, '{ hello }', as('caller-a'));
    expect(limited.status).toBe(429);
    expect(limited.body.data).toBeUndefined();
    expect(limited.body.errors?.[0]?.extensions).toMatchObject({
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
    vi.setSystemTime(T0 + 59_000);
    expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(429);
    vi.setSystemTime(T0 + 60_001);
    expect((await postQuery(yoga, '{ hello }', as('a'))).body).toEqual({ data: { hello: 'world' } });
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

  it('matches globbed coordinates, one bucket per field', async () => {
    const yoga = yogaWith({ fields: { 'Query.who*': { max: 1, window: '1m' } } });
    expect((await postQuery(yoga, '{ whoami }', as('a'))).status).toBe(200);
    const limited = await postQuery(yoga, '{ whoami }', as('a'));
    expect(limited.body.errors?.[0]?.extensions?.scope).toBe('Query.whoami');
    expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(200);
  });
});

describe('useClientRateLimit default operation limit', () => {
  it('counts every operation per caller, whatever its fields', async () => {
    const yoga = yogaWith({ operations: { max: 3, window: '1m' } });
    for (const query of ['{ hello }', '{ whoami }', '{ issues { totalCount } }']) {
      expect((await postQuery(yoga, query, as('a'))).status).toBe(200);
    }
    const limited = await postQuery(yoga, '{ hello }', as('a'));
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0]?.extensions).toMatchObject({ code: 'CLIENT_RATE_LIMITED', scope: 'operations' });
    expect(limited.body.errors?.[0]?.message).toContain('at most 3 per 1m per client');
    expect((await postQuery(yoga, '{ hello }', as('b'))).status).toBe(200);
  });

  it('falls back to a credential hash, then the client IP, to tell anonymous callers apart', async () => {
    const yoga = yogaWith({ operations: { max: 1, window: '1m' } });
    const send = (headers: Record<string, string>, ip?: string) =>
      yoga.fetch(
        'http://gateway.test/graphql',
        { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query":"{ hello }"}' },
        ip ? { req: { socket: { remoteAddress: ip } } } : {},
      );
    expect((await send({ authorization: 'Bearer token-1' })).status).toBe(200);
    expect((await send({ authorization: 'Bearer token-1' })).status).toBe(429);
    expect((await send({ authorization: 'Bearer token-2' })).status).toBe(200);
    expect((await send({}, '10.0.0.1')).status).toBe(200);
    expect((await send({}, '10.0.0.1')).status).toBe(429);
    expect((await send({}, '10.0.0.2')).status).toBe(200);
  });
});

describe('callerKey', () => {
  const request = (headers: Record<string, string>) => new Request('http://gateway.test/graphql', { headers });

  it('never contains the credential itself', () => {
    const key = callerKey({ request: request({ authorization: 'Bearer super-secret' }) }, false);
    expect(key).toMatch(/^credential:[0-9a-f]{16}$/);
    expect(key).not.toContain('super-secret');
  });

  it('uses X-Forwarded-For only when trusted', () => {
    const context = { request: request({ 'x-forwarded-for': '203.0.113.9, 10.0.0.1' }), req: { socket: { remoteAddress: '10.0.0.1' } } };
    expect(callerKey(context, true)).toBe('ip:203.0.113.9');
    expect(callerKey(context, false)).toBe('ip:10.0.0.1');
  });
});

describe('BoundedMemoryStore', () => {
  it('forgets expired identities and caps the number kept', () => {
    let now = 1_000;
    const store = new BoundedMemoryStore(2, () => now);
    const id = (caller: string) => ({ contextIdentity: caller, fieldIdentity: 'hello' });
    store.setForIdentity(id('a'), [1_000], 500);
    store.setForIdentity(id('b'), [1_000], 5_000);
    expect(store.getForIdentity(id('a'))).toEqual([1_000]);
    now = 2_000;
    expect(store.getForIdentity(id('a'))).toEqual([]);
    store.setForIdentity(id('c'), [2_000], 5_000);
    expect(store.size).toBe(2);
    store.setForIdentity(id('d'), [2_000], 5_000);
    expect(store.size).toBe(2);
    expect(store.getForIdentity(id('b'))).toEqual([]);
    expect(store.getForIdentity(id('d'))).toEqual([2_000]);
  });
});

// redis-server comes from Debian's package (apt-get install redis-server); without it these two tests are skipped.
const hasRedisServer = existsSync('/usr/bin/redis-server');

describe.skipIf(!hasRedisServer)('useClientRateLimit with Redis', () => {
  let redisProcess: ChildProcess;
  let directory: string;
  let socketPath: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'rate-limit-redis-'));
    socketPath = join(directory, 'redis.sock');
    redisProcess = spawn('redis-server', ['--port', '0', '--unixsocket', socketPath, '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    for (let attempt = 0; !existsSync(socketPath); attempt += 1) {
      if (attempt > 200) throw new Error('redis-server did not start');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const probe = new Redis({ path: socketPath });
    expect(await probe.ping()).toBe('PONG');
    await probe.quit();
  });
  afterAll(() => {
    redisProcess.kill();
    rmSync(directory, { recursive: true, force: true });
  });

  it('shares counts between gateway instances and keeps callers apart', async () => {
    vi.useRealTimers();
    const first = createClientRateLimitStore(`redis+unix://${socketPath}`);
    expect(first.kind).toBe('redis');
    const second = createClientRateLimitStore(`redis+unix://${socketPath}`);
    const options = { fields: { 'Query.hello': { max: 2, window: '1m' } } };
    const instanceOne = yogaWith({ ...options, store: first.store });
    const instanceTwo = yogaWith({ ...options, store: second.store });
    try {
      expect((await postQuery(instanceOne, '{ hello }', as('redis-a'))).status).toBe(200);
      expect((await postQuery(instanceTwo, '{ hello }', as('redis-a'))).status).toBe(200);
      const limited = await postQuery(instanceOne, '{ hello }', as('redis-a'));
      expect(limited.status).toBe(429);
      expect(limited.body.errors?.[0]?.extensions?.code).toBe('CLIENT_RATE_LIMITED');
      expect((await postQuery(instanceTwo, '{ hello }', as('redis-b'))).status).toBe(200);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('fails open and reports when Redis is unreachable', async () => {
    vi.useRealTimers();
    const broken = createClientRateLimitStore(`redis+unix://${join(directory, 'missing.sock')}`);
    const onStoreError = vi.fn();
    const yoga = yogaWith({ fields: { 'Query.hello': { max: 1, window: '1m' } }, store: broken.store, onStoreError });
    try {
      expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(200);
      expect((await postQuery(yoga, '{ hello }', as('a'))).status).toBe(200);
      expect(onStoreError).toHaveBeenCalled();
    } finally {
      await broken.close();
    }
  });
});

describe('readClientRateLimitOptions', () => {
  it('reads the defaults and each variable', () => {
    expect(readClientRateLimitOptions({})).toEqual({
      operations: { max: 120, window: '1m' },
      fields: {},
      trustForwardedFor: false,
    });
    expect(
      readClientRateLimitOptions({
        GATEWAY_RATE_LIMIT_MAX: '0',
        GATEWAY_RATE_LIMIT_FIELDS: '{"Query.jiraIssues":{"max":60,"window":"1m"}}',
        GATEWAY_TRUST_PROXY: 'true',
      }),
    ).toEqual({ operations: false, fields: { 'Query.jiraIssues': { max: 60, window: '1m' } }, trustForwardedFor: true });
  });

  it('rejects bad values with one-line ConfigErrors', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ GATEWAY_RATE_LIMIT_WINDOW: '1 minute' }, /GATEWAY_RATE_LIMIT_WINDOW window "1 minute" is not a duration/],
      [{ GATEWAY_RATE_LIMIT_MAX: 'many' }, /GATEWAY_RATE_LIMIT_MAX must be a whole number/],
      [{ GATEWAY_RATE_LIMIT_FIELDS: '{oops' }, /GATEWAY_RATE_LIMIT_FIELDS is not valid JSON/],
      [{ GATEWAY_RATE_LIMIT_FIELDS: '{"Query.x":{"max":"5"}}' }, /"Query.x" must be \{"max"/],
      [{ GATEWAY_RATE_LIMIT_FIELDS: '{"jiraIssues":{"max":5,"window":"1m"}}' }, /must be a coordinate like Query.jiraIssues/],
      [{ GATEWAY_RATE_LIMIT_FIELDS: '{"Query.x":{"max":0,"window":"1m"}}' }, /max must be a whole number >= 1/],
      [
        { GATEWAY_RATE_LIMIT_FIELDS: '{"Query.x":{"max":5,"window":"1m"},"Issue.x":{"max":9,"window":"1m"}}' },
        /would share one counter/,
      ],
    ];
    for (const [env, message] of cases) {
      expect(() => readClientRateLimitOptions(env)).toThrow(ConfigError);
      expect(() => readClientRateLimitOptions(env)).toThrow(message);
    }
  });
});

describe('useClientRateLimit without field rules', () => {
  it('still honours @rateLimit directives in the schema (the field walk is skipped only when the schema has none)', async () => {
    const { createSchema, createYoga } = await import('graphql-yoga');
    const yoga = createYoga<{}, {}>({
      schema: createSchema({
        typeDefs: /* GraphQL */ `
          directive @rateLimit(max: Int, window: String, message: String, identityArgs: [String], arrayLengthField: String, readOnly: Boolean, uncountRejected: Boolean) on FIELD_DEFINITION
          type Query {
            hello: String @rateLimit(max: 1, window: "1m")
            free: String
          }
        `,
        resolvers: { Query: { hello: () => 'world', free: () => 'yes' } },
      }),
      plugins: [useTestCaller as Plugin<object>, useClientRateLimit({ operations: false, fields: {} })],
      logging: false,
    });
    expect((await postQuery(yoga as unknown as TestYoga, '{ hello }', as('caller-a'))).body).toEqual({ data: { hello: 'world' } });
    const limited = await postQuery(yoga as unknown as TestYoga, '{ hello }', as('caller-a'));
    expect(limited.body.errors?.[0]?.extensions?.code).toBe('CLIENT_RATE_LIMITED');
    expect((await postQuery(yoga as unknown as TestYoga, '{ free }', as('caller-a'))).body).toEqual({ data: { free: 'yes' } });
  });
});
