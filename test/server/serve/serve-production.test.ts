/**
 * `npm run serve` end to end: production semantics over a fake Atlassian upstream. One gateway
 * process for the file; the refusals (no client auth with server credentials, a bad variable) exit
 * before the mesh is built, so they cost about a second each.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildGateway, type FakeUpstream, graphql, liveUpstreamEnv, runUntilExit, sendJson, sha256, startChildGateway, startFakeUpstream } from './helpers.ts';

const API_KEY = 'amk_test_key_0123456789abcdef0123456789abcdef';
const OTHER_KEY = 'amk_other_key_fedcba9876543210fedcba9876543210';
const METRICS_TOKEN = 'metrics_token_5e1f0c2a9b7d4e38a1c6';
const KEEPALIVE_MS = 2_500;
const SERVER_EMAIL = 'service@example.com';
const SERVER_TOKEN = 'SERVERTOKEN-never-leaves-0123456789';
const SERVER_INFO = '{ jira_getServerInfo { baseUrl serverTitle } }';

let upstream: FakeUpstream;
let gateway: ChildGateway;
const seenRequestIds = new Set<string>();

/** serve.ts with a valid live configuration plus `bad`: it must exit before building anything. */
function startWithOneBadVariable(bad: Record<string, string>) {
  return runUntilExit('scripts/serve.ts', {
    ...liveUpstreamEnv('http://127.0.0.1:9'),
    ATLASSIAN_EMAIL: SERVER_EMAIL,
    ATLASSIAN_API_TOKEN: SERVER_TOKEN,
    GATEWAY_ALLOW_UNAUTHENTICATED: 'true',
    ...bad,
  });
}

beforeAll(async () => {
  upstream = await startFakeUpstream(async (call, response) => {
    const requestId = String(call.headers['x-request-id'] ?? '');
    if (call.path.startsWith('/rest/api/3/serverInfo')) {
      if (requestId === 'slow-1') await new Promise((resolve) => setTimeout(resolve, 1_500));
      if (requestId === 'rate-limited-1' && !seenRequestIds.has(requestId)) {
        seenRequestIds.add(requestId);
        sendJson(response, 429, { errorMessages: ['Rate limit exceeded'] }, { 'retry-after': '0' });
        return;
      }
      sendJson(response, 200, { baseUrl: upstream.url, serverTitle: 'Fake Jira' });
      return;
    }
    sendJson(response, 404, { errorMessages: ['not found'] });
  });
  gateway = await startChildGateway('scripts/serve.ts', {
    ...liveUpstreamEnv(upstream.url),
    ATLASSIAN_EMAIL: SERVER_EMAIL,
    ATLASSIAN_API_TOKEN: SERVER_TOKEN,
    GATEWAY_API_KEY_HASHES: `${sha256(API_KEY)},${sha256(OTHER_KEY)}`,
    GATEWAY_RATE_LIMIT_MAX: '12',
    GATEWAY_METRICS_TOKEN: METRICS_TOKEN,
    GATEWAY_KEEPALIVE_TIMEOUT_MS: String(KEEPALIVE_MS),
  });
}, 120_000);

afterAll(async () => {
  if (gateway?.child.exitCode === null) await gateway.stop('SIGKILL');
  await upstream?.close();
});

describe('refusing to start', () => {
  it('exits 1 with one line when production has server credentials and no client auth', async () => {
    const result = await runUntilExit('scripts/serve.ts', { ...liveUpstreamEnv('http://127.0.0.1:9'), ATLASSIAN_EMAIL: SERVER_EMAIL, ATLASSIAN_API_TOKEN: SERVER_TOKEN });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^atlassian-mesh: cannot start: Refusing to start: this production gateway holds server credentials but no client authentication/);
    expect(result.output).not.toContain(SERVER_TOKEN);
  });

  it('names a bad variable in one line', async () => {
    const result = await startWithOneBadVariable({ GATEWAY_CORS_ORIGINS: 'https://app.example.com/path' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^atlassian-mesh: cannot start: GATEWAY_CORS_ORIGINS entries must be bare origins/);
  });
});

describe('production gateway', () => {
  it('announces production with caller auth, GraphiQL, introspection and CORS off', () => {
    expect(gateway.output()).toMatch(/production, caller auth on, GraphiQL off, introspection off, CORS closed, response cache off, metrics at \/metrics/);
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  });

  it('answers /healthz and /readyz without credentials', async () => {
    expect((await fetch(`${gateway.origin}/healthz`)).status).toBe(200);
    const ready = await fetch(`${gateway.origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { schema: true, upstreamConfiguration: true } });
  });

  it('refuses callers without a key (GraphQL-shaped 401) and serves those with one', async () => {
    const anonymous = await graphql(gateway.url, SERVER_INFO);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const wrong = await graphql(gateway.url, SERVER_INFO, { 'x-api-key': 'not-a-key' });
    expect(wrong.status).toBe(401);
    const viaHeader = await graphql(gateway.url, SERVER_INFO, { 'x-api-key': API_KEY });
    expect(viaHeader.body).toEqual({ data: { jira_getServerInfo: { baseUrl: upstream.url, serverTitle: 'Fake Jira' } } });
    const viaBearer = await graphql(gateway.url, SERVER_INFO, { authorization: `Bearer ${API_KEY}` });
    expect(viaBearer.body.errors).toBeUndefined();
  });

  it('sends the server credential upstream, never the caller API key', () => {
    const basic = `Basic ${Buffer.from(`${SERVER_EMAIL}:${SERVER_TOKEN}`).toString('base64')}`;
    expect(upstream.calls.length).toBeGreaterThan(0);
    for (const call of upstream.calls) {
      expect(call.headers.authorization).toBe(basic);
      expect(JSON.stringify(call.headers)).not.toContain(API_KEY);
    }
  });

  it('propagates the request id upstream and back, generating one when absent', async () => {
    const before = upstream.calls.length;
    const answer = await graphql(gateway.url, SERVER_INFO, { 'x-api-key': API_KEY, 'x-request-id': 'trace-abc.1' });
    expect(answer.headers.get('x-request-id')).toBe('trace-abc.1');
    expect(upstream.calls[before]?.headers['x-request-id']).toBe('trace-abc.1');
    const generated = await graphql(gateway.url, SERVER_INFO, { 'x-api-key': API_KEY, 'x-request-id': 'bad id with spaces' });
    const id = generated.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(upstream.calls[before + 1]?.headers['x-request-id']).toBe(id);
  });

  it('writes one JSON log line per request with id, operation, caller and status (no credential)', async () => {
    await graphql(gateway.url, `query ServerInfo ${SERVER_INFO}`, { 'x-api-key': API_KEY, 'x-request-id': 'log-check-1' }, 'ServerInfo');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const line = gateway.logRecords().find((record) => record.requestId === 'log-check-1');
    expect(line).toMatchObject({ level: 'info', msg: 'graphql request', operationName: 'ServerInfo', status: 200, callerId: `apikey:${sha256(API_KEY).slice(0, 8)}` });
    expect(typeof line?.durationMs).toBe('number');
    // Health probes (/healthz, /readyz were called above) are not logged.
    const requestLines = gateway.logRecords().filter((record) => record.msg === 'graphql request');
    expect(requestLines.every((record) => record.path === '/graphql')).toBe(true);
    expect(gateway.output()).not.toContain(API_KEY);
    expect(gateway.output()).not.toContain(SERVER_TOKEN);
  });

  it('refuses introspection and serves no GraphiQL page or SDL, but __typename works', async () => {
    const introspection = await graphql(gateway.url, '{ __schema { queryType { name } } }', { 'x-api-key': API_KEY });
    expect(introspection.body.errors?.[0]?.message).toMatch(/introspection/i);
    expect(introspection.body.data ?? undefined).toBeUndefined();
    const typename = await graphql(gateway.url, '{ __typename }', { 'x-api-key': API_KEY });
    expect(typename.body).toEqual({ data: { __typename: 'Query' } });
    const page = await fetch(gateway.url, { headers: { accept: 'text/html', 'x-api-key': API_KEY } });
    expect(page.headers.get('content-type') ?? '').not.toContain('text/html');
    // The SDL is the same information as introspection: not served either.
    expect((await fetch(`${gateway.origin}/schema.graphql`, { headers: { 'x-api-key': API_KEY } })).status).toBe(404);
  });

  it('keeps CORS closed: a cross-origin preflight gets no Access-Control-Allow-Origin', async () => {
    const preflight = await fetch(gateway.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('applies query limits and the client rate limit', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: jira_getServerInfo { serverTitle }`).join(' ');
    const tooMany = await graphql(gateway.url, `{ ${aliases} }`, { 'x-api-key': API_KEY });
    expect(tooMany.body.errors?.[0]?.extensions, JSON.stringify(tooMany.body)).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxAliases', max: 30 });
    // GATEWAY_RATE_LIMIT_MAX=12 per caller: the other key starts with a clean count.
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) statuses.push((await graphql(gateway.url, '{ __typename }', { 'x-api-key': OTHER_KEY })).status);
    expect(statuses.slice(0, 12).every((status) => status === 200)).toBe(true);
    expect(statuses[12]).toBe(429);
  });

  it('exposes Prometheus metrics: requests by operation, upstream calls, 429s and retries by source', async () => {
    const answer = await graphql(gateway.url, SERVER_INFO, { 'x-api-key': API_KEY, 'x-request-id': 'rate-limited-1' });
    expect(answer.body.errors).toBeUndefined();
    const metrics = await (await fetch(`${gateway.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/gateway_graphql_requests_total\{operation="ServerInfo",status="200"\} 1/);
    expect(metrics).toMatch(/gateway_graphql_requests_total\{operation="anonymous",status="401"\} [1-9]/);
    expect(metrics).toMatch(/gateway_upstream_requests_total\{source="jira",status="200"\} [1-9]/);
    expect(metrics).toMatch(/gateway_upstream_requests_total\{source="jira",status="429"\} 1/);
    expect(metrics).toMatch(/gateway_upstream_rate_limited_total\{source="jira"\} 1/);
    expect(metrics).toMatch(/gateway_upstream_retries_total\{source="jira",reason="rate-limited"\} 1/);
    expect(metrics).toMatch(/gateway_upstream_request_duration_seconds_count\{source="jira"\} [1-9]/);
    expect(metrics).toContain('gateway_process_resident_memory_bytes');
  });
});

describe('keep-alive', () => {
  it('keeps an idle connection for GATEWAY_KEEPALIVE_TIMEOUT_MS, then closes it', async () => {
    // A raw socket: an HTTP client's agent would pool (and may drop) it on its own schedule.
    const origin = new URL(gateway.origin);
    const { idleMs, head } = await new Promise<{ idleMs: number; head: string }>((resolve, reject) => {
      const socket = connect(Number(origin.port), origin.hostname);
      let answered = 0;
      let received = '';
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString();
        if (answered === 0) answered = performance.now();
      });
      socket.on('close', () => resolve({ idleMs: performance.now() - answered, head: received.split('\r\n\r\n')[0] }));
      socket.on('error', reject);
      socket.write(`GET /healthz HTTP/1.1\r\nHost: ${origin.host}\r\n\r\n`);
    });
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    expect(head).toContain(`Keep-Alive: timeout=${Math.floor(KEEPALIVE_MS / 1000)}`);
    // Node checks idle sockets about once a second, so the close comes up to ~1 s late.
    expect(idleMs).toBeGreaterThan(KEEPALIVE_MS - 300);
    expect(idleMs).toBeLessThan(KEEPALIVE_MS + 3_000);
  });
});

describe('metrics token', () => {
  it('refuses /metrics without the bearer token, or with a wrong one, and never echoes a token', async () => {
    for (const headers of [{}, { authorization: `Bearer ${METRICS_TOKEN}x` }, { authorization: `Basic ${METRICS_TOKEN}` }, { 'x-api-key': API_KEY }] as Record<string, string>[]) {
      const refused = await fetch(`${gateway.origin}/metrics`, { headers });
      const body = await refused.text();
      expect(refused.status, JSON.stringify(headers)).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(body).not.toContain('gateway_');
      expect(body).not.toContain(METRICS_TOKEN);
    }
    expect(gateway.output()).not.toContain(METRICS_TOKEN);
  });

  it('says so at start-up, and rejects a short token in one line', async () => {
    expect(gateway.output()).toContain('metrics at /metrics (bearer token)');
    const result = await startWithOneBadVariable({ GATEWAY_METRICS_TOKEN: 'short' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^atlassian-mesh: cannot start: GATEWAY_METRICS_TOKEN must be at least 16 characters/);
    expect(result.stderr).not.toContain('short');
  });
});

describe('graceful shutdown (last: it stops the gateway)', () => {
  it('finishes an in-flight request after SIGTERM, then exits 0 quickly', async () => {
    const before = upstream.calls.length;
    const slow = graphql(gateway.url, SERVER_INFO, { 'x-api-key': API_KEY, 'x-request-id': 'slow-1' });
    while (upstream.calls.length === before) await new Promise((resolve) => setTimeout(resolve, 20));
    const signalled = performance.now();
    gateway.child.kill('SIGTERM');
    const answer = await slow;
    expect(answer.body).toEqual({ data: { jira_getServerInfo: { baseUrl: upstream.url, serverTitle: 'Fake Jira' } } });
    const code = await gateway.exited;
    const ms = performance.now() - signalled;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(3_000);
    expect(gateway.output()).toMatch(/SIGTERM, finishing in-flight requests/);
    // New connections are refused once the gateway is gone.
    await expect(fetch(`${gateway.origin}/healthz`)).rejects.toThrow();
  }, 20_000);
});
