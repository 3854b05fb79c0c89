/**
 * 429 storms through the real gateway process: every reset-time form (Retry-After seconds, ISO
 * timestamp, minute-precision ISO, HTTP-date, unparseable, X-RateLimit-Reset) on pass-through and
 * canonical fields. A short reset is waited out and the data arrives; a reset beyond the cap, an
 * unparseable header or a storm outlasting the retries ends in RATE_LIMITED with its details.
 * Debug logging on: every 429 log line is searched for the canary credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCanaries, startFaultyStack, type FaultyStack } from '../support/fake-upstreams-stack.ts';
import type { GraphQLResponse } from '../support/gateway-process.ts';
import { QUERIES, type FaultQuery } from './queries.ts';

const MAX_WAIT_SECONDS = 2;
const MAX_RETRIES = 2;

let stack: FaultyStack;

beforeAll(async () => {
  stack = await startFaultyStack({
    ATLASSIAN_MAX_WAIT_SECONDS: String(MAX_WAIT_SECONDS),
    ATLASSIAN_MAX_RETRIES_429: String(MAX_RETRIES),
    ATLASSIAN_MESH_TIMEOUT_MS: '2000',
    LOG_LEVEL: 'debug',
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

type Body = GraphQLResponse['body'];

function ask(query: FaultQuery): Promise<{ body: Body; ms: number }> {
  return stack.ask(query.query);
}

function rateLimited(body: Body): Record<string, unknown> | undefined {
  return body.errors?.find((error) => error.extensions?.code === 'RATE_LIMITED')?.extensions;
}

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);
/** Rounded up to a whole second, as an HTTP-date can only say. */
const httpDateIn = (seconds: number) => new Date(Math.ceil((Date.now() + seconds * 1000) / 1000) * 1000).toUTCString();
const minuteIsoIn = (minutes: number) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + minutes * 60_000).toISOString().replace(/:00\.000Z$/, 'Z');

const SUBJECTS = [QUERIES.passJira, QUERIES.canonJira, QUERIES.passAgg, QUERIES.canonAgg];

describe.each(SUBJECTS.map((query) => [query.name, query] as const))('%s', (_name, query) => {
  const fake = () => stack.fakes[query.upstream];
  const rateLimit = (headers: Record<string, string>, times = 1) => fake().inject({ kind: 'status', status: 429, headers, body: '{"errorMessages":["Rate limit exceeded."]}' }, { times });

  afterAll(() => fake().clear());

  it.each([
    ['Retry-After in seconds', () => ({ 'retry-after': '1' }), 900],
    ['Retry-After as an ISO timestamp', () => ({ 'retry-after': inSeconds(1).toISOString() }), 900],
    ['Retry-After as an HTTP-date', () => ({ 'retry-after': httpDateIn(0.5) }), 400],
    ['X-RateLimit-Reset (no Retry-After)', () => ({ 'x-ratelimit-reset': inSeconds(1).toISOString() }), 900],
    ['Retry-After as a minute-precision ISO time already past', () => ({ 'retry-after': '2021-05-10T11:00Z' }), 0],
  ])('one 429 with %s: waits until the reset, then answers normally', async (_form, headers, minMs) => {
    rateLimit(headers());
    const { body, ms } = await ask(query);
    expect(body).toSatisfy(query.isNormal);
    expect(ms).toBeGreaterThanOrEqual(minMs);
    expect(ms).toBeLessThan(MAX_WAIT_SECONDS * 1000 + 1500);
  });

  it('a reset beyond the cap (minute-precision ISO, 2 minutes on): RATE_LIMITED at once, with the reset time', async () => {
    const header = minuteIsoIn(2);
    rateLimit({ 'retry-after': header });
    const { body, ms } = await ask(query);
    expect(rateLimited(body), JSON.stringify(body)).toMatchObject({ reason: 'wait-exceeds-cap', header: 'Retry-After', rawHeader: header, maxWaitSeconds: MAX_WAIT_SECONDS, retryAt: new Date(Date.parse(header)).toISOString() });
    expect(ms).toBeLessThan(1000);
    expect((await ask(query)).body).toSatisfy(query.isNormal);
  });

  it('an unparseable Retry-After: RATE_LIMITED naming the raw value', async () => {
    rateLimit({ 'retry-after': 'soon-ish' });
    const { body } = await ask(query);
    expect(rateLimited(body), JSON.stringify(body)).toMatchObject({ reason: 'unparseable', rawHeader: 'soon-ish', upstream: query.upstream });
    expect(body.errors?.find((error) => error.extensions?.code === 'RATE_LIMITED')?.message).toContain('soon-ish');
    expect((await ask(query)).body).toSatisfy(query.isNormal);
  });

  it('a storm (every request 429): gives up after the retries with RATE_LIMITED, within the cap', async () => {
    const before = fake().requests.length;
    rateLimit({ 'retry-after': '0' }, Number.POSITIVE_INFINITY);
    let result: { body: Body; ms: number };
    try {
      result = await ask(query);
    } finally {
      fake().clear();
    }
    expect(rateLimited(result.body), JSON.stringify(result.body)).toMatchObject({ reason: 'retries-exhausted', attempts: MAX_RETRIES + 1 });
    expect(fake().requests.length - before).toBe(MAX_RETRIES + 1);
    expect(result.ms).toBeLessThan(1000);
    expect((await ask(query)).body).toSatisfy(query.isNormal);
  });
});

describe('after the storms', () => {
  it('the gateway still runs, logged each 429, and no credential appears in any answer or log line', () => {
    expect([stack.gateway.child.exitCode, stack.gateway.child.signalCode]).toEqual([null, null]);
    expect(stack.gateway.output()).toContain('upstream rate limited the request (HTTP 429)');
    expect(findCanaries(stack.answers.join('\n'), stack.canaries)).toEqual([]);
    expect(findCanaries(stack.gateway.output(), stack.canaries)).toEqual([]);
  });
});
