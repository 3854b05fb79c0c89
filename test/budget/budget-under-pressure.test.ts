/**
 * The local budget under pressure, through real gateway processes. A fake Jira enforces the real
 * token bucket (scaled down: 100 points, refilled 100 per 6 s) and answers 429 past it. Demand is
 * twice the budget at a fixed rate. With ATLASSIAN_LOCAL_BUDGET=on the fake must see no 429 at
 * all, and what it accepts must stay within 5% of the budget: first one gateway (in-memory
 * buckets), then two gateway processes sharing one real redis-server.
 */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstreams.ts';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process.ts';
import { freePort, REDIS_SERVER, startRedisServer as startRedis, stopChild } from '../support/redis-server.ts';

const CAPACITY = 100;
const REFILL_PER_SECOND = CAPACITY / 6;
/** 6 s in the suite; BUDGET_PRESSURE_SECONDS=60 runs the issue's full minute (about 2.5 min in all). */
const DEMAND_SECONDS = Number(process.env.BUDGET_PRESSURE_SECONDS ?? 6);
/** What the budget allows over the demand window, doubled. */
const DEMAND_PER_SECOND = (2 * (CAPACITY + REFILL_PER_SECOND * DEMAND_SECONDS)) / DEMAND_SECONDS;
const MAX_WAIT_SECONDS = 1;
/**
 * The gateway is configured one point below the server's bucket. The server's bucket starts
 * draining one network delay after the gateway's (while it is full, refill is lost to the cap), so
 * once both run dry it trails by refill x that first delay: with identical buckets the server
 * answered about one 429 per run. One point covers a delay under 60 ms; a cold first request
 * (connection set-up, JIT, first Redis round trip) takes longer, hence the warm-up in `demand`.
 */
const GATEWAY_CAPACITY = CAPACITY - 1;
/** A different issue each time: identical reads in flight at once would share one upstream call. */
const queryFor = (i: number) => `{ jira_getIssue(issueIdOrKey: "DEV-${i}") { key } }`;

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function startBudgetedJira(): Promise<FakeUpstream> {
  const fake = await startFakeUpstream({
    budget: { capacity: CAPACITY, refillPerSecond: REFILL_PER_SECOND },
    answer: (req) => {
      const key = /\/issue\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? 'unknown';
      return { status: 200, body: JSON.stringify({ id: '10001', key: decodeURIComponent(key), fields: {} }) };
    },
  });
  cleanups.push(() => fake.close());
  return fake;
}

function gatewayEnv(jira: FakeUpstream, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ATLASSIAN_MESH_MODE: 'live',
    ATLASSIAN_EMAIL: 'budget@example.com',
    ATLASSIAN_API_TOKEN: 'budget-test-token',
    ATLASSIAN_GQL_BASE_URL: `${jira.origin}/graphql`,
    ATLASSIAN_JIRA_BASE_URL: jira.origin,
    SRHT_TODO_URL: `${jira.origin}/query`,
    ATLASSIAN_LOCAL_BUDGET: 'on',
    ATLASSIAN_BUDGET_CAPACITY: String(GATEWAY_CAPACITY),
    ATLASSIAN_BUDGET_REFILL_PER_SECOND: String(REFILL_PER_SECOND),
    ATLASSIAN_MAX_WAIT_SECONDS: String(MAX_WAIT_SECONDS),
    GATEWAY_RATE_LIMIT_MAX: '0',
    ...extra,
  };
}

interface DemandOutcome {
  byCode: Record<string, number>;
}

/** Sends queryFor(i) at a fixed total rate, round-robin over the gateways, and waits for every answer. */
async function demand(jira: FakeUpstream, urls: string[], perSecond: number, seconds: number): Promise<DemandOutcome> {
  const byCode: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  // Warm every path, then let both buckets refill to full, which puts them back in step.
  for (const url of urls) await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: queryFor(0) }) });
  await new Promise((resolve) => setTimeout(resolve, 300));
  jira.resetBudgetStats();
  const total = Math.round(perSecond * seconds);
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      fetch(urls[i % urls.length], { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: queryFor(i) }) })
        .then((response) => response.json() as Promise<{ data?: { jira_getIssue?: { key?: string } | null }; errors?: Array<{ extensions?: { code?: string } }> }>)
        .then((body) => {
          const code = body.data?.jira_getIssue?.key === `DEV-${i}` ? 'OK' : String(body.errors?.[0]?.extensions?.code ?? 'UNKNOWN');
          byCode[code] = (byCode[code] ?? 0) + 1;
        }),
    );
  }
  await Promise.all(pending);
  return { byCode };
}

/** Accepted calls against what the bucket allows from the first accepted call to the last. */
function acceptedVersusBudget(jira: FakeUpstream): { accepted: number; allowed: number; ratio: number } {
  const { acceptedTimesMs } = jira.budgetStats();
  const spanSeconds = (acceptedTimesMs[acceptedTimesMs.length - 1] - acceptedTimesMs[0]) / 1000;
  const allowed = CAPACITY + REFILL_PER_SECOND * spanSeconds;
  return { accepted: acceptedTimesMs.length, allowed, ratio: acceptedTimesMs.length / allowed };
}

function expectBudgetHeld(jira: FakeUpstream, outcome: DemandOutcome): void {
  const stats = jira.budgetStats();
  const { accepted, allowed, ratio } = acceptedVersusBudget(jira);
  const notIssueReads = jira.requests.filter((request) => !/\/rest\/api\/3\/issue\//.test(request.path)).map((request) => `${request.method} ${request.path} ${request.status}`);
  const rejectedAt = jira.requests.filter((request) => request.status === 429).map((request) => `${request.path} +${request.atMs - jira.requests[0].atMs}ms`);
  const context = JSON.stringify({ outcome: outcome.byCode, accepted, allowed: Math.round(allowed), rejected: stats.rejected, rejectedAt, notIssueReads });
  expect(stats.rejected, `upstream 429s caused by the gateway: ${context}`).toBe(0);
  expect(ratio, context).toBeGreaterThanOrEqual(0.95);
  expect(ratio, context).toBeLessThanOrEqual(1.0001);
  // Every accepted call was served, and the excess was refused locally, clearly.
  expect(outcome.byCode.OK, context).toBe(accepted);
  expect(Object.keys(outcome.byCode).sort(), context).toEqual(['LOCAL_RATE_LIMITED', 'OK']);
}

describe('local budget at twice the demand', () => {
  it('one gateway (in-memory buckets): no upstream 429, accepted throughput within 5% of the budget', async () => {
    const jira = await startBudgetedJira();
    const gateway = await startGatewayProcess(gatewayEnv(jira));
    cleanups.push(() => gateway.stop());
    const outcome = await demand(jira, [gateway.url], DEMAND_PER_SECOND, DEMAND_SECONDS);
    expectBudgetHeld(jira, outcome);
    await gateway.stop();
  }, 60_000 + DEMAND_SECONDS * 2_000);

  it('two gateway processes sharing one redis-server: the same holds for the pair', async () => {
    if (!existsSync(REDIS_SERVER)) {
      if (process.env.CI === 'true') throw new Error(`${REDIS_SERVER} is missing: the shared-budget test cannot run in CI without it`);
      console.warn(`skipping: ${REDIS_SERVER} is not installed`);
      return;
    }
    const port = await freePort();
    const redis = await startRedis(port);
    cleanups.push(() => stopChild(redis));
    const jira = await startBudgetedJira();
    const env = gatewayEnv(jira, { REDIS_URL: `redis://127.0.0.1:${port}` });
    const gateways: GatewayProcess[] = [];
    // One after the other: two start-ups at once on a small machine are no faster.
    for (let i = 0; i < 2; i++) {
      const gateway = await startGatewayProcess(env);
      cleanups.push(() => gateway.stop());
      gateways.push(gateway);
    }
    const outcome = await demand(jira, gateways.map((gateway) => gateway.url), DEMAND_PER_SECOND, DEMAND_SECONDS);
    expectBudgetHeld(jira, outcome);
    // Both gateways survived the pressure.
    expect(gateways.every((gateway) => gateway.child.exitCode === null)).toBe(true);
  }, 90_000 + DEMAND_SECONDS * 2_000);
});



