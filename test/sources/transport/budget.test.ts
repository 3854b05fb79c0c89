import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createTransport } from '../../../sources/transport/create-transport.ts';
import { MemoryBudgetStore } from '../../../sources/transport/budget/memory-budget-store.ts';
import { RedisBudgetStore } from '../../../sources/transport/budget/redis-budget-store.ts';
import { createCostEstimator } from '../../../sources/transport/budget/cost.ts';
import { FakeClock, type FakeServer, captureLogger, json, makeSettings, rejectionOf, startServer } from './helpers.ts';

let upstream: FakeServer;
beforeAll(async () => {
  upstream = await startServer((_, response) => json(response, 200, { data: {} }));
});
afterAll(async () => {
  await upstream.close();
});

const budget = (overrides: Partial<ReturnType<typeof makeSettings>['budget']> = {}) => ({
  enabled: true,
  capacity: 10,
  refillPerSecond: 1,
  defaultCost: 1,
  costs: {},
  ...overrides,
});

describe('local budget (memory)', () => {
  it('blocks on the injected clock until the bucket refills', async () => {
    const clock = new FakeClock();
    const log = captureLogger();
    const transport = createTransport({
      settings: makeSettings(upstream.url, { budget: budget({ capacity: 10, refillPerSecond: 2, defaultCost: 4 }), maxWaitSeconds: 60 }),
      clock,
      logger: log.logger,
      budgetStore: new MemoryBudgetStore(),
    });
    const before = upstream.requests.length;
    for (let call = 0; call < 4; call++) await transport.fetch(`${upstream.url}/rest/api/3/myself`);
    // 10 tokens: calls 1 and 2 run at once (2 left), call 3 waits for 2 more (1 s), call 4 for 4 (2 s).
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(upstream.requests.length - before).toBe(4);
    expect(log.records().filter((record) => record.msg === 'local budget exhausted; waiting for refill')).toHaveLength(2);
  });

  it('throws LOCAL_RATE_LIMITED when the wait would exceed the cap', async () => {
    const clock = new FakeClock();
    const transport = createTransport({
      settings: makeSettings(upstream.url, { budget: budget({ capacity: 5, refillPerSecond: 0.1, defaultCost: 5 }), maxWaitSeconds: 10 }),
      clock,
      logger: captureLogger().logger,
      budgetStore: new MemoryBudgetStore(),
    });
    await transport.fetch(`${upstream.url}/rest/api/3/myself`);
    const before = upstream.requests.length;
    const error = await rejectionOf(transport.fetch(`${upstream.url}/rest/api/3/myself`));
    expect(error.extensions).toMatchObject({ code: 'LOCAL_RATE_LIMITED', upstream: 'jira', cost: 5, waitSeconds: 50, maxWaitSeconds: 10 });
    expect(error.message).toContain('Jira REST');
    expect(upstream.requests.length).toBe(before);
    expect(clock.sleeps).toEqual([]);
  });

  it('keeps one bucket per credential', async () => {
    const clock = new FakeClock();
    const store = new MemoryBudgetStore();
    const settings = makeSettings(upstream.url, { budget: budget({ capacity: 1, refillPerSecond: 0.001 }), maxWaitSeconds: 1, forwardCallerCredentials: true });
    const transport = createTransport({ settings, clock, logger: captureLogger().logger, budgetStore: store });
    const as = (token: string) => ({ req: { headers: { authorization: `Bearer ${token}` } } });
    await transport.fetch(`${upstream.url}/graphql`, {}, as('alice'));
    await transport.fetch(`${upstream.url}/graphql`, {}, as('bob'));
    expect((await rejectionOf(transport.fetch(`${upstream.url}/graphql`, {}, as('alice')))).extensions.code).toBe('LOCAL_RATE_LIMITED');
  });

  it('prices calls by operation name, then by METHOD /path template, then the default', () => {
    const estimate = createCostEstimator(budget({ defaultCost: 1, costs: { TeamHealth: 50, 'GET /rest/api/3/issue/{issueIdOrKey}/changelog': 7 } }));
    expect(estimate({ operationNames: ['TeamHealth'], method: 'GET', relativePath: '/rest/api/3/issue/DEV-1/changelog' })).toBe(50);
    expect(estimate({ operationNames: [], method: 'GET', relativePath: '/rest/api/3/issue/DEV-1/changelog' })).toBe(7);
    expect(estimate({ operationNames: [], method: 'POST', relativePath: '/rest/api/3/issue/DEV-1/changelog' })).toBe(1);
    expect(estimate({ operationNames: ['Other'], method: 'GET', relativePath: '/rest/api/3/issue/DEV-1' })).toBe(1);
  });
});

const REDIS_BINARY = '/usr/bin/redis-server';
const redisMissing = !existsSync(REDIS_BINARY);
if (redisMissing && process.env.CI === undefined) {
  console.warn(`SKIPPING shared Redis budget tests: ${REDIS_BINARY} is not installed (set CI=true to make this a failure).`);
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.skipIf(redisMissing && process.env.CI === undefined)('local budget shared through Redis', () => {
  let redis: ChildProcess | undefined;
  let redisUrl = '';
  const clients: Redis[] = [];

  beforeAll(async () => {
    if (redisMissing) throw new Error(`${REDIS_BINARY} is missing and CI is set: the shared budget must be tested.`);
    const port = await freePort();
    redis = spawn(REDIS_BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    redisUrl = `redis://127.0.0.1:${port}`;
    const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    for (let attempt = 0; ; attempt++) {
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch (error) {
        if (attempt > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    probe.disconnect();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.quit()));
  });

  afterAll(() => {
    redis?.kill('SIGTERM');
  });

  it('two transports (two workers) draw from one bucket', async () => {
    const clock = new FakeClock();
    const settings = makeSettings(upstream.url, {
      auth: { kind: 'oauthBearer', accessToken: 'shared-token' },
      budget: budget({ capacity: 3, refillPerSecond: 1 }),
      maxWaitSeconds: 0.5,
      redisUrl,
    });
    const workerA = createTransport({ settings, clock, logger: captureLogger().logger });
    const workerB = createTransport({ settings, clock, logger: captureLogger().logger });
    try {
      await workerA.fetch(`${upstream.url}/graphql`);
      await workerB.fetch(`${upstream.url}/graphql`);
      await workerA.fetch(`${upstream.url}/graphql`);
      const error = await rejectionOf(workerB.fetch(`${upstream.url}/graphql`));
      expect(error.extensions).toMatchObject({ code: 'LOCAL_RATE_LIMITED', waitSeconds: 1 });
      clock.current += 1000;
      expect((await workerB.fetch(`${upstream.url}/graphql`)).status).toBe(200);
    } finally {
      await workerA.close();
      await workerB.close();
    }
  });

  it('sends unthrottled, with one warning, when Redis is unreachable', async () => {
    const log = captureLogger();
    const settings = makeSettings(upstream.url, { budget: budget(), redisUrl: `redis://127.0.0.1:${await freePort()}` });
    const transport = createTransport({ settings, clock: new FakeClock(), logger: log.logger });
    try {
      expect((await transport.fetch(`${upstream.url}/graphql`)).status).toBe(200);
      expect((await transport.fetch(`${upstream.url}/graphql`)).status).toBe(200);
    } finally {
      await transport.close();
    }
    expect(log.records().filter((record) => record.msg === 'local budget store failed; sending without local throttling')).toHaveLength(1);
  });

  it('refills atomically under concurrent takes', async () => {
    const client = new Redis(redisUrl);
    clients.push(client);
    const storeA = new RedisBudgetStore({ client, keyPrefix: 'test:concurrent:' });
    const storeB = new RedisBudgetStore({ url: redisUrl, keyPrefix: 'test:concurrent:' });
    const limits = { capacity: 20, refillPerSecond: 1 };
    const now = Date.parse('2026-01-05T09:00:00Z');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) => (index % 2 === 0 ? storeA : storeB).take('k', 1, now, limits)),
    );
    expect(results.filter((result) => result.granted)).toHaveLength(20);
    expect(results.find((result) => !result.granted)).toEqual({ granted: false, waitMs: 1000 });
    expect(await storeA.take('k', 2, now + 2000, limits)).toEqual({ granted: true, remaining: 0 });
    await storeB.close();
  });
});
