/** The client rate limits on a real redis-server (Debian's package; skipped when it is not installed). */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayContext } from '../../../sources/context.ts';
import { createClientRateLimitStore, RedisRateLimitStore } from '../../../server/limits/rate-limit-stores.ts';
import { type ClientRateLimitOptions, useClientRateLimit } from '../../../server/plugins/use-client-rate-limit.ts';
import { postQuery, type TestYoga } from './helpers.ts';
import { freePort, REDIS_SERVER, startRedisServer as startRedis } from '../../support/redis-server.ts';

const useTestCaller: Plugin<GatewayContext> = {
  onContextBuilding({ context, extendContext }) {
    const id = (context as { request: Request }).request.headers.get('x-test-caller');
    if (id) extendContext({ caller: { id, kind: 'apikey', scopes: [] } });
  },
};
const as = (caller: string) => ({ headers: { 'x-test-caller': caller } });



describe.skipIf(!existsSync(REDIS_SERVER))('client rate limits on Redis', () => {
  let redisProcess: ChildProcess | undefined;
  let redisUrl: string;
  const closers: Array<() => Promise<void>> = [];
  let calls = 0;

  /** One gateway instance with its own connection to the shared Redis. */
  const instance = (options: Partial<ClientRateLimitOptions>): TestYoga => {
    const store = createClientRateLimitStore(redisUrl);
    expect(store.kind).toBe('redis');
    closers.push(store.close);
    return createYoga<{}, {}>({
      schema: createSchema({
        typeDefs: 'type Query { hello: String }',
        resolvers: { Query: { hello: () => ((calls += 1), 'world') } },
      }),
      plugins: [useTestCaller as Plugin<object>, useClientRateLimit({ operations: false, fields: {}, ...options, store: store.store })],
      logging: false,
    }) as unknown as TestYoga;
  };

  beforeAll(async () => {
    const port = await freePort();
    redisUrl = `redis://127.0.0.1:${port}`;
    redisProcess = await startRedis(port);
  });
  afterAll(async () => {
    for (const close of closers) await close();
    redisProcess?.kill('SIGKILL');
  });

  it('shares counts between gateway instances and keeps callers apart', async () => {
    const options = { fields: { 'Query.hello': { max: 2, window: '1m' } } };
    const one = instance(options);
    const two = instance(options);
    expect((await postQuery(one, '{ hello }', as('shared-a'))).status).toBe(200);
    expect((await postQuery(two, '{ hello }', as('shared-a'))).status).toBe(200);
    const limited = await postQuery(one, '{ hello }', as('shared-a'));
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0]?.extensions).toMatchObject({ code: 'CLIENT_RATE_LIMITED', scope: 'Query.hello' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect((await postQuery(two, '{ hello }', as('shared-b'))).status).toBe(200);
  });

  it('lets exactly the limit through when 20 operations race on two instances', async () => {
    const options = { operations: { max: 5, window: '1m' } };
    const gateways = [instance(options), instance(options)];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => postQuery(gateways[index % 2]!, '{ hello }', as('race-ops'))),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(15);
  });

  it('counts every alias atomically: 30 aliases against a limit of 2 make 2 resolver calls', async () => {
    const yoga = instance({ fields: { 'Query.hello': { max: 2, window: '1m' } } });
    calls = 0;
    const query = `{ ${Array.from({ length: 30 }, (_, index) => `a${index}: hello`).join(' ')} }`;
    const { body } = await postQuery(yoga, query, as('race-aliases'));
    expect(calls).toBe(2);
    expect(body.errors?.filter((error) => error.extensions?.code === 'CLIENT_RATE_LIMITED')).toHaveLength(28);
  });

  it('keeps a sliding window in one script: rejections unrecorded, exact retry time', async () => {
    const redis = new Redis(redisUrl);
    closers.push(async () => void (await redis.quit()));
    const store = new RedisRateLimitStore(redis, 'test-window:');
    expect(await store.take('k', 2, 1000, 10_000)).toEqual({ allowed: true });
    expect(await store.take('k', 2, 1000, 10_000)).toEqual({ allowed: true });
    expect(await store.take('k', 2, 1000, 10_400)).toEqual({ allowed: false, retryAfterMs: 600 });
    expect(await redis.zcard('test-window:k')).toBe(2);
    expect(await store.take('k', 2, 1000, 11_000)).toEqual({ allowed: true });
    expect(await redis.zcard('test-window:k')).toBe(1);
    expect(await redis.pttl('test-window:k')).toBeGreaterThan(0);
  });

  it('fails open and reports when Redis is unreachable', async () => {
    const broken = createClientRateLimitStore(`redis://127.0.0.1:${await freePort()}`);
    closers.push(broken.close);
    const onStoreError = vi.fn();
    const yoga = createYoga<{}, {}>({
      schema: createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } }),
      plugins: [
        useTestCaller as Plugin<object>,
        useClientRateLimit({ operations: { max: 1, window: '1m' }, fields: { 'Query.hello': { max: 1, window: '1m' } }, store: broken.store, onStoreError }),
      ],
      logging: false,
    }) as unknown as TestYoga;
    expect((await postQuery(yoga, '{ hello }', as('a'))).body).toEqual({ data: { hello: 'world' } });
    expect((await postQuery(yoga, '{ hello }', as('a'))).body).toEqual({ data: { hello: 'world' } });
    expect(onStoreError).toHaveBeenCalled();
  });
});
