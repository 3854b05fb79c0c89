/**
 * Two gateways of their own: one forwarding callers' Atlassian credentials (the server's todo.sr.ht
 * token must never serve a caller the gateway did not authenticate), and one freshly started and
 * stopped under load (every request it accepted is answered).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildGateway, type FakeUpstream, graphql, liveUpstreamEnv, sendJson, sha256, startChildGateway, startFakeUpstream } from '../server/serve/helpers.ts';

const SRHT_TOKEN = 'srht-forwarding-canary-token-0123456789abcdef';

/** Answers todo.sr.ht's `me` and Jira's server info, after `delayMs`. */
function startUpstream(delayMs = 0): Promise<FakeUpstream> {
  return startFakeUpstream(async (call, response) => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (call.path.startsWith('/query')) return sendJson(response, 200, { data: { me: { canonicalName: '~fake' } } });
    if (call.path.startsWith('/rest/api/3/serverInfo')) return sendJson(response, 200, { baseUrl: 'https://example.atlassian.net', serverTitle: 'Fake Jira' });
    sendJson(response, 404, { errorMessages: ['not found'] });
  });
}

describe('6. forwarded credentials never borrow the server credential', () => {
  let upstream: FakeUpstream;
  let gateway: ChildGateway;
  beforeAll(async () => {
    upstream = await startUpstream();
    gateway = await startChildGateway('scripts/serve.ts', {
      ...liveUpstreamEnv(upstream.url),
      ATLASSIAN_FORWARD_CALLER_CREDENTIALS: 'true',
      SRHT_TOKEN,
    });
  }, 120_000);
  afterAll(async () => {
    if (gateway?.child.exitCode === null) await gateway.stop('SIGKILL');
    await upstream?.close();
  });

  it('made-up Authorization values get UNAUTHENTICATED for todo.sr.ht; its token is never sent', async () => {
    for (const authorization of ['x', 'Bearer made-up', 'Basic bm9ib2R5Om5vdGhpbmc=']) {
      const answer = await graphql(gateway.url, '{ srht_me { canonicalName } }', { authorization });
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: 'srht' });
    }
    expect(upstream.calls.filter((call) => call.path.startsWith('/query'))).toEqual([]);
  });

  it('the caller credential still goes to the Atlassian upstream, and only there', async () => {
    const answer = await graphql(gateway.url, '{ jira_getServerInfo { serverTitle } }', { authorization: 'Bearer caller-own-token' });
    expect(answer.body).toEqual({ data: { jira_getServerInfo: { serverTitle: 'Fake Jira' } } });
    expect(upstream.calls.at(-1)).toMatchObject({ path: expect.stringMatching(/^\/rest\/api\/3\/serverInfo/), headers: { authorization: 'Bearer caller-own-token' } });
    expect(upstream.calls.some((call) => call.headers.authorization === `Bearer ${SRHT_TOKEN}`)).toBe(false);
  });
});

describe('10. shutdown answers every request it accepted', () => {
  const KEY = 'amk_shutdown_key_0123456789abcdef0123456789';
  let upstream: FakeUpstream;
  let gateway: ChildGateway;
  beforeAll(async () => {
    upstream = await startUpstream(300);
    gateway = await startChildGateway('scripts/serve.ts', {
      ...liveUpstreamEnv(upstream.url),
      ATLASSIAN_EMAIL: 'service@example.com',
      ATLASSIAN_API_TOKEN: 'shutdown-server-token-0123456789',
      GATEWAY_API_KEY_HASHES: sha256(KEY),
      GATEWAY_RATE_LIMIT_MAX: '0',
    });
  }, 120_000);
  afterAll(async () => {
    if (gateway?.child.exitCode === null) await gateway.stop('SIGKILL');
    await upstream?.close();
  });

  it('50 requests in flight on a freshly started gateway at SIGTERM: all 50 answered, exit 0', async () => {
    const requests = Array.from({ length: 50 }, (_, index) =>
      graphql(gateway.url, '{ jira_getServerInfo { serverTitle } }', { 'x-api-key': KEY, 'x-request-id': `drain-${index}` }).then(
        (answer) => answer.status,
        (error: unknown) => `failed: ${String(error)}`,
      ),
    );
    // The requests are on their way (connections being opened, bodies being sent) when the signal lands.
    await new Promise((resolve) => setTimeout(resolve, 5));
    gateway.child.kill('SIGTERM');
    const statuses = await Promise.all(requests);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(await gateway.exited).toBe(0);
  }, 30_000);
});
