/**
 * The transport additions the gateway relies on: observer hooks (metrics), X-Request-Id
 * propagation, never forwarding the gateway's own API key/JWT, and in-flight deduplication.
 */
import { describe, expect, it } from 'vitest';
import { createTransport } from '../../../sources/transport/create-transport.ts';
import type { TransportObserver, UpstreamCallEvent } from '../../../sources/transport/observer.ts';
import { dedupeKey, isGraphQLQuery } from '../../../sources/transport/in-flight.ts';
import { FakeClock, json, makeSettings, rejectionOf, serversClosedAfterEach } from '../../sources/transport/helpers.ts';
import { silentLogger } from '../../../sources/logging/logger.ts';
import type { Caller, GatewayContext } from '../../../sources/context.ts';

const upstream = serversClosedAfterEach();

function recordingObserver() {
  const events: { calls: UpstreamCallEvent[]; rateLimited: unknown[]; retries: unknown[]; budget: { remaining: number }[]; deduplicated: unknown[] } = {
    calls: [],
    rateLimited: [],
    retries: [],
    budget: [],
    deduplicated: [],
  };
  const observer: TransportObserver = {
    onUpstreamCall: (event) => events.calls.push(event),
    onRateLimited: (event) => events.rateLimited.push(event),
    onRetry: (event) => events.retries.push(event),
    onBudget: (event) => events.budget.push(event),
    onDeduplicated: (event) => events.deduplicated.push(event),
  };
  return { observer, events };
}

const yogaContext = (headers: Record<string, string>, caller?: Caller): GatewayContext => ({
  request: new Request('http://gateway.test/graphql', { headers }),
  ...(caller ? { caller } : {}),
});

describe('transport observer', () => {
  it('reports each exchange with status and attempt, 429s, retries and the budget level', async () => {
    const server = await upstream((request, response, index) => {
      if (index === 0) json(response, 429, {}, { 'retry-after': '0' });
      else json(response, 200, { ok: true });
    });
    const { observer, events } = recordingObserver();
    const settings = makeSettings(server.url, { budget: { enabled: true, capacity: 100, refillPerSecond: 1, defaultCost: 5, costs: {} } });
    const transport = createTransport({ settings, clock: new FakeClock(), logger: silentLogger, observer });
    const response = await transport.fetch(`${server.url}/rest/api/3/myself`);
    expect(response.status).toBe(200);
    expect(events.calls.map((c) => [c.upstream, c.status, c.attempt, c.outcome])).toEqual([
      ['jira', 429, 1, 'response'],
      ['jira', 200, 2, 'response'],
    ]);
    expect(events.rateLimited).toEqual([{ upstream: 'jira', waitSeconds: 0 }]);
    expect(events.retries).toEqual([{ upstream: 'jira', reason: 'rate-limited' }]);
    expect(events.budget.map((b) => b.remaining)).toEqual([95, 90]);
    await transport.close();
  });

  it('reports an unreachable upstream with no status, and a throwing observer changes nothing', async () => {
    const server = await upstream((_request, response) => json(response, 200, {}));
    const url = server.url;
    // Closed here; the after-each close of an already closed server is harmless.
    await server.close();
    const calls: UpstreamCallEvent[] = [];
    const transport = createTransport({
      settings: makeSettings(url),
      logger: silentLogger,
      observer: {
        onUpstreamCall: (event) => {
          calls.push(event);
          throw new Error('broken metrics');
        },
      },
    });
    const error = await rejectionOf(transport.fetch(`${url}/rest/api/3/myself`));
    expect(error.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(calls).toMatchObject([{ upstream: 'jira', status: null, outcome: 'unavailable' }]);
  });
});

describe('request id and gateway credentials', () => {
  it('sends the caller X-Request-Id upstream, and drops a malformed one', async () => {
    const server = await upstream((_request, response) => json(response, 200, {}));
    const transport = createTransport({ settings: makeSettings(server.url), logger: silentLogger });
    await transport.fetch(`${server.url}/rest/api/3/myself`, {}, yogaContext({ 'x-request-id': 'req-123' }));
    await transport.fetch(`${server.url}/rest/api/3/myself`, {}, yogaContext({ 'x-request-id': 'bad id\twith spaces' }));
    expect(server.requests[0].headers['x-request-id']).toBe('req-123');
    expect(server.requests[1].headers['x-request-id']).toBeUndefined();
  });

  it("with forwarding on, never forwards the gateway API key or JWT that came in Authorization", async () => {
    const server = await upstream((_request, response) => json(response, 200, {}));
    const settings = makeSettings(server.url, { forwardCallerCredentials: true });
    const transport = createTransport({ settings, logger: silentLogger });
    const url = `${server.url}/rest/api/3/myself`;

    const apiKeyCaller: Caller = { id: 'apikey:0123abcd', kind: 'apikey', scopes: [] };
    const viaAuthorization = await rejectionOf(transport.fetch(url, {}, yogaContext({ authorization: 'Bearer gateway-key-secret' }, apiKeyCaller)));
    expect(viaAuthorization.extensions.code).toBe('UNAUTHENTICATED');
    const jwtCaller: Caller = { id: 'jwt:alice', kind: 'jwt', scopes: [] };
    const jwt = await rejectionOf(transport.fetch(url, {}, yogaContext({ authorization: 'Bearer a.b.c' }, jwtCaller)));
    expect(jwt.extensions.code).toBe('UNAUTHENTICATED');
    // Key in X-API-Key: the Authorization header is the caller's own Atlassian credential.
    await transport.fetch(url, {}, yogaContext({ 'x-api-key': 'gateway-key-secret', authorization: 'Basic YWxpY2U6dG9rZW4=' }, apiKeyCaller));
    // Forwarded Atlassian credential: passed through.
    await transport.fetch(url, {}, yogaContext({ authorization: 'Bearer atlassian-oauth' }, { id: 'forwarded:1', kind: 'forwarded', scopes: [] }));

    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Basic YWxpY2U6dG9rZW4=', 'Bearer atlassian-oauth']);
    expect(server.requests.every((r) => r.headers['x-api-key'] === undefined)).toBe(true);
  });
});

describe('in-flight deduplication', () => {
  it('sends identical concurrent reads once per credential and gives every caller a full copy', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = await upstream(async (request, response) => {
      await gate;
      json(response, 200, { who: request.headers.authorization ?? null });
    });
    const { observer, events } = recordingObserver();
    const settings = makeSettings(server.url, { forwardCallerCredentials: true });
    const transport = createTransport({ settings, logger: silentLogger, observer, dedupeInFlight: true });
    const url = `${server.url}/rest/api/3/myself`;
    const call = (authorization: string, requestId: string) =>
      transport.fetch(url, {}, yogaContext({ authorization, 'x-request-id': requestId })).then((r) => r.json() as Promise<{ who: string }>);
    const pending = [call('Bearer alice', 'r1'), call('Bearer alice', 'r2'), call('Bearer alice', 'r3'), call('Bearer bob', 'r4')];
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a.who)).toEqual(['Bearer alice', 'Bearer alice', 'Bearer alice', 'Bearer bob']);
    expect(server.requests.map((r) => r.headers.authorization).sort()).toEqual(['Bearer alice', 'Bearer bob']);
    expect(events.deduplicated).toHaveLength(2);
    // Later calls (nothing in flight) go upstream again: deduplication is not a cache.
    await call('Bearer alice', 'r5');
    expect(server.requests).toHaveLength(3);
  });

  it('never shares writes: mutations and write-like POSTs', () => {
    const headers = new Headers({ authorization: 'Bearer x' });
    const agg = new URL('http://agg.test/graphql');
    const query = JSON.stringify({ query: 'query Q { me { id } }' });
    const mutation = JSON.stringify({ query: 'mutation M { touch }' });
    const picked = JSON.stringify({ query: 'query Q { a } mutation M { touch }', operationName: 'M' });
    expect(isGraphQLQuery(query)).toBe(true);
    expect(isGraphQLQuery(mutation)).toBe(false);
    expect(isGraphQLQuery(picked)).toBe(false);
    expect(dedupeKey(agg, 'POST', headers, query)).toBeTypeOf('string');
    expect(dedupeKey(agg, 'POST', headers, mutation)).toBeUndefined();
    expect(dedupeKey(new URL('http://jira.test/rest/api/3/issue'), 'POST', headers, '{"fields":{}}')).toBeUndefined();
    expect(dedupeKey(new URL('http://jira.test/rest/api/3/search/jql'), 'POST', headers, '{"jql":"x"}')).toBeTypeOf('string');
    expect(dedupeKey(new URL('http://jira.test/rest/api/3/issue/1'), 'PUT', headers, '{}')).toBeUndefined();
    // Different credentials or bodies never share; the request id alone does not split.
    const get = new URL('http://jira.test/rest/api/3/myself');
    expect(dedupeKey(get, 'GET', headers, undefined)).not.toBe(dedupeKey(get, 'GET', new Headers({ authorization: 'Bearer y' }), undefined));
    expect(dedupeKey(get, 'GET', new Headers({ authorization: 'Bearer x', 'x-request-id': 'a' }), undefined)).toBe(
      dedupeKey(get, 'GET', new Headers({ authorization: 'Bearer x', 'x-request-id': 'b' }), undefined),
    );
  });
});
