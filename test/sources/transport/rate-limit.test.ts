import { afterEach, describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { createTransport } from '../../../sources/transport/create-transport.ts';
import { FakeClock, type FakeServer, captureLogger, json, makeSettings, rejectionOf, startServer } from './helpers.ts';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server answering 429 with `headers` for the first `failures` requests, then 200. */
async function limitedServer(failures: number, headers: () => Record<string, string>, body: unknown = { errors: [] }) {
  server = await startServer((_, response, index) => {
    if (index < failures) json(response, 429, body, headers());
    else json(response, 200, { data: { ok: true } });
  });
  return server;
}

function aggCall(transport: ReturnType<typeof createTransport>, base: string) {
  return transport.fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'query Projects { __typename }', operationName: 'Projects' }),
  });
}

describe('429 handling', () => {
  it('waits until the Retry-After timestamp and retries, replaying the body', async () => {
    const clock = new FakeClock(Date.parse('2021-05-10T10:59:30Z'));
    const base = (await limitedServer(1, () => ({ 'retry-after': '2021-05-10T11:00Z' }), { extensions: { request_id: 'req-42' } })).url;
    const log = captureLogger();
    const transport = createTransport({ settings: makeSettings(base), clock, logger: log.logger });
    const response = await aggCall(transport, base);
    expect(response.status).toBe(200);
    expect(clock.sleeps).toEqual([30_000]);
    expect(server!.requests).toHaveLength(2);
    expect(server!.requests[1].body).toBe(server!.requests[0].body);
    expect(JSON.parse(server!.requests[1].body)).toMatchObject({ operationName: 'Projects' });

    const warn = log.records().filter((record) => record.level === 'warn');
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({
      attempt: 1,
      resetAt: '2021-05-10T11:00:00.000Z',
      waitSeconds: 30,
      endpoint: `${base}/graphql`,
      upstream: 'agg',
      upstreamOperationName: 'Projects',
      requestId: 'req-42',
    });
    expect(log.records().find((record) => record.msg === 'rate-limit reset header parsed')).toMatchObject({ parser: 'iso8601', level: 'debug' });
  });

  it('logs the caller operationName from the GraphQL info', async () => {
    const clock = new FakeClock();
    const base = (await limitedServer(1, () => ({ 'retry-after': '1' }))).url;
    const log = captureLogger();
    const transport = createTransport({ settings: makeSettings(base), clock, logger: log.logger });
    const info = { operation: { name: { value: 'TeamHealth' } } } as never;
    await transport.fetch(`${base}/rest/api/3/myself`, {}, {}, info);
    expect(log.records().find((record) => record.level === 'warn')).toMatchObject({ operationName: 'TeamHealth', upstream: 'jira' });
  });

  it('reads a bare integer as seconds (Jira REST form)', async () => {
    const clock = new FakeClock();
    const base = (await limitedServer(2, () => ({ 'retry-after': '5' }))).url;
    const transport = createTransport({ settings: makeSettings(base), clock, logger: captureLogger().logger });
    expect((await transport.fetch(`${base}/rest/api/3/search/jql`)).status).toBe(200);
    expect(clock.sleeps).toEqual([5000, 5000]);
  });

  it('reads an HTTP-date', async () => {
    const clock = new FakeClock(Date.parse('2026-01-05T09:00:00Z'));
    const base = (await limitedServer(1, () => ({ 'retry-after': 'Mon, 05 Jan 2026 09:00:12 GMT' }))).url;
    const log = captureLogger();
    const transport = createTransport({ settings: makeSettings(base), clock, logger: log.logger });
    expect((await transport.fetch(`${base}/rest/api/3/project/search`)).status).toBe(200);
    expect(clock.sleeps).toEqual([12_000]);
    expect(log.records().find((record) => record.msg === 'rate-limit reset header parsed')).toMatchObject({ parser: 'http-date' });
  });

  it('uses X-RateLimit-Reset when Retry-After is absent', async () => {
    const clock = new FakeClock(Date.parse('2026-01-05T09:00:00Z'));
    const base = (await limitedServer(1, () => ({ 'x-ratelimit-reset': '2026-01-05T09:01Z' }))).url;
    const log = captureLogger();
    const transport = createTransport({ settings: makeSettings(base), clock, logger: log.logger });
    expect((await transport.fetch(`${base}/rest/agile/1.0/board`)).status).toBe(200);
    expect(clock.sleeps).toEqual([60_000]);
    expect(log.records().find((record) => record.level === 'warn')).toMatchObject({ upstream: 'jiraSoftware' });
    expect(log.records().find((record) => record.msg === 'rate-limit reset header parsed')).toMatchObject({ parser: 'x-ratelimit-reset', format: 'iso8601' });
  });

  it('fails with the raw header when it cannot be parsed, without retrying', async () => {
    const clock = new FakeClock();
    const base = (await limitedServer(5, () => ({ 'retry-after': 'tomorrow-ish' }))).url;
    const log = captureLogger();
    const transport = createTransport({ settings: makeSettings(base), clock, logger: log.logger });
    const error = await rejectionOf(aggCall(transport, base));
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.name).toBe('GraphQLError');
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'unparseable', rawHeader: 'tomorrow-ish', attempts: 1, upstream: 'agg' });
    expect(error.message).toContain('"tomorrow-ish"');
    expect(server!.requests).toHaveLength(1);
    expect(log.records().find((record) => record.msg === 'rate-limit reset header not parsed')).toMatchObject({ header: 'Retry-After', present: true });
  });

  it('fails clearly when a 429 carries no reset header', async () => {
    const base = (await limitedServer(5, () => ({}))).url;
    const transport = createTransport({ settings: makeSettings(base), clock: new FakeClock(), logger: captureLogger().logger });
    const error = await rejectionOf(transport.fetch(`${base}/rest/api/3/myself`));
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'missing-header', rawHeader: null });
  });

  it('retries at once when the reset time is already past, counting the attempt', async () => {
    const clock = new FakeClock(Date.parse('2026-01-05T09:00:00Z'));
    const base = (await limitedServer(3, () => ({ 'retry-after': '2026-01-05T08:59Z' }))).url;
    const transport = createTransport({ settings: makeSettings(base, { maxRetries429: 2 }), clock, logger: captureLogger().logger });
    const error = await rejectionOf(aggCall(transport, base));
    expect(clock.sleeps).toEqual([]);
    expect(server!.requests).toHaveLength(3);
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'retries-exhausted', attempts: 3 });
  });

  it('a past reset time retries at once and can then succeed', async () => {
    const clock = new FakeClock(Date.parse('2026-01-05T09:00:00Z'));
    const base = (await limitedServer(1, () => ({ 'retry-after': '2026-01-05T08:59:59Z' }))).url;
    const log = captureLogger();
    const transport = createTransport({ settings: makeSettings(base), clock, logger: log.logger });
    expect((await aggCall(transport, base)).status).toBe(200);
    expect(clock.sleeps).toEqual([]);
    expect(server!.requests).toHaveLength(2);
    expect(log.records().find((record) => record.level === 'warn')).toMatchObject({ attempt: 1, waitSeconds: -1 });
  });

  it('refuses to wait longer than the cap', async () => {
    const clock = new FakeClock(Date.parse('2026-01-05T09:00:00Z'));
    const base = (await limitedServer(1, () => ({ 'retry-after': '2026-01-05T09:05Z' }))).url;
    const transport = createTransport({ settings: makeSettings(base, { maxWaitSeconds: 60 }), clock, logger: captureLogger().logger });
    const error = await rejectionOf(aggCall(transport, base));
    expect(error.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'wait-exceeds-cap',
      waitSeconds: 300,
      maxWaitSeconds: 60,
      retryAt: '2026-01-05T09:05:00.000Z',
    });
    expect(error.message).toContain('Atlassian GraphQL Gateway (AGG)');
    expect(clock.sleeps).toEqual([]);
    expect(server!.requests).toHaveLength(1);
  });

  it.each([
    ['retry-after', '99999999999999999999'],
    ['x-ratelimit-reset', '99999999999999999999'],
    ['retry-after', '275761-01-01T00:00Z'],
  ])('a reset time beyond what a Date holds (%s: %s) is a wait over the cap, not "Invalid time value"', async (name, value) => {
    const clock = new FakeClock(Date.parse('2026-01-05T09:00:00Z'));
    const base = (await limitedServer(1, () => ({ [name]: value }))).url;
    const transport = createTransport({ settings: makeSettings(base, { maxWaitSeconds: 60 }), clock, logger: captureLogger().logger });
    const error = await rejectionOf(aggCall(transport, base));
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: expect.stringMatching(/^(wait-exceeds-cap|unparseable)$/) });
    expect(error.message).not.toMatch(/Invalid time value/);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up after maxRetries429 retries with the attempts and last header', async () => {
    const clock = new FakeClock();
    const base = (await limitedServer(100, () => ({ 'retry-after': '2' }))).url;
    const log = captureLogger();
    const transport = createTransport({ settings: makeSettings(base, { maxRetries429: 3 }), clock, logger: log.logger });
    const error = await rejectionOf(transport.fetch(`${base}/rest/api/3/myself`));
    expect(server!.requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([2000, 2000, 2000]);
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'retries-exhausted', attempts: 4, rawHeader: '2', header: 'Retry-After' });
    expect(error.message).toContain('Jira REST');
    expect(log.records().filter((record) => record.level === 'warn').map((record) => record.attempt)).toEqual([1, 2, 3, 4]);
  });

  it.each([500, 502, 503])('never retries HTTP %i', async (status) => {
    server = await startServer((_, response) => json(response, status, { message: 'down' }, { 'retry-after': '1' }));
    const clock = new FakeClock();
    const transport = createTransport({ settings: makeSettings(server.url), clock, logger: captureLogger().logger });
    const response = await transport.fetch(`${server.url}/rest/api/3/myself`);
    expect(response.status).toBe(status);
    expect(server.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});
