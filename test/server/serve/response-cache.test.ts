/**
 * Response cache and in-flight deduplication through the real gateway, with callers' own
 * Atlassian credentials forwarded: two callers asking the same query get their own upstream
 * answers, never each other's, whether from the cache or from a shared in-flight request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildGateway, type FakeUpstream, graphql, liveUpstreamEnv, sendJson, startChildGateway, startFakeUpstream } from './helpers.ts';

const SERVER_INFO = '{ jira_getServerInfo { serverTitle } }';
const MYSELF = '{ jira_getCurrentUser { displayName } }';

let upstream: FakeUpstream;
let gateway: ChildGateway;
let failCarolOnce = true;

const serverInfoCalls = () => upstream.calls.filter((call) => call.path.startsWith('/rest/api/3/serverInfo'));
const myselfCalls = () => upstream.calls.filter((call) => call.path.startsWith('/rest/api/3/myself'));

beforeAll(async () => {
  upstream = await startFakeUpstream(async (call, response) => {
    const who = String(call.headers.authorization ?? 'nobody');
    if (call.path.startsWith('/rest/api/3/serverInfo')) {
      if (who === 'Bearer carol' && failCarolOnce) {
        failCarolOnce = false;
        sendJson(response, 500, { errorMessages: ['temporary failure'] });
        return;
      }
      sendJson(response, 200, { serverTitle: `title for ${who}` });
      return;
    }
    if (call.path.startsWith('/rest/api/3/myself')) {
      // Slow enough for concurrent callers to overlap.
      await new Promise((resolve) => setTimeout(resolve, 400));
      sendJson(response, 200, { accountId: 'x', displayName: `user ${who}` });
      return;
    }
    sendJson(response, 404, { errorMessages: ['not found'] });
  });
  gateway = await startChildGateway('scripts/start.ts', {
    ...liveUpstreamEnv(upstream.url),
    ATLASSIAN_FORWARD_CALLER_CREDENTIALS: 'true',
    GATEWAY_RESPONSE_CACHE_TTL_MS: '60000',
    // The current user must always be fresh: never cached.
    GATEWAY_RESPONSE_CACHE_TTLS: '{"jira_User":0}',
  });
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

describe('response cache', () => {
  it('keys answers by caller credential: no caller ever sees another caller’s data', async () => {
    const alice = await graphql(gateway.url, SERVER_INFO, { authorization: 'Bearer alice' });
    const bob = await graphql(gateway.url, SERVER_INFO, { authorization: 'Bearer bob' });
    expect(alice.body.data).toEqual({ jira_getServerInfo: { serverTitle: 'title for Bearer alice' } });
    expect(bob.body.data).toEqual({ jira_getServerInfo: { serverTitle: 'title for Bearer bob' } });
    expect([alice.headers.get('x-cache'), bob.headers.get('x-cache')]).toEqual(['MISS', 'MISS']);
    expect(serverInfoCalls()).toHaveLength(2);

    const aliceAgain = await graphql(gateway.url, SERVER_INFO, { authorization: 'Bearer alice' });
    const bobAgain = await graphql(gateway.url, SERVER_INFO, { authorization: 'Bearer bob' });
    expect(aliceAgain.body.data).toEqual(alice.body.data);
    expect(bobAgain.body.data).toEqual(bob.body.data);
    expect([aliceAgain.headers.get('x-cache'), bobAgain.headers.get('x-cache')]).toEqual(['HIT', 'HIT']);
    expect(serverInfoCalls()).toHaveLength(2);
  });

  it('never caches an error', async () => {
    const failed = await graphql(gateway.url, SERVER_INFO, { authorization: 'Bearer carol' });
    expect(failed.body.errors?.length).toBeGreaterThan(0);
    const retried = await graphql(gateway.url, SERVER_INFO, { authorization: 'Bearer carol' });
    expect(retried.headers.get('x-cache')).toBe('MISS');
    expect(retried.body.data).toEqual({ jira_getServerInfo: { serverTitle: 'title for Bearer carol' } });
    expect((await graphql(gateway.url, SERVER_INFO, { authorization: 'Bearer carol' })).headers.get('x-cache')).toBe('HIT');
  });

  it('does not cache what a per-type TTL of 0 excludes', async () => {
    const before = myselfCalls().length;
    const first = await graphql(gateway.url, MYSELF, { authorization: 'Bearer dave' });
    const second = await graphql(gateway.url, MYSELF, { authorization: 'Bearer dave' });
    expect(second.body.data).toEqual(first.body.data);
    expect(second.headers.get('x-cache')).toBeNull();
    expect(myselfCalls().length - before).toBe(2);
  });

  it('refuses callers without credentials before any lookup', async () => {
    const anonymous = await graphql(gateway.url, SERVER_INFO);
    expect(anonymous.status).toBe(401);
  });
});

describe('in-flight deduplication', () => {
  it('sends concurrent identical reads of one caller once, and keeps callers apart', async () => {
    const before = myselfCalls().length;
    const answers = await Promise.all([
      graphql(gateway.url, MYSELF, { authorization: 'Bearer erin' }),
      graphql(gateway.url, MYSELF, { authorization: 'Bearer erin' }),
      graphql(gateway.url, MYSELF, { authorization: 'Bearer erin' }),
      graphql(gateway.url, MYSELF, { authorization: 'Bearer frank' }),
    ]);
    expect(answers.map((answer) => (answer.body.data as { jira_getCurrentUser: { displayName: string } }).jira_getCurrentUser.displayName)).toEqual([
      'user Bearer erin',
      'user Bearer erin',
      'user Bearer erin',
      'user Bearer frank',
    ]);
    const sent = myselfCalls().slice(before).map((call) => call.headers.authorization);
    expect(sent.sort()).toEqual(['Bearer erin', 'Bearer frank']);
    const metrics = await (await fetch(`${gateway.origin}/metrics`)).text();
    expect(metrics).toMatch(/gateway_upstream_deduplicated_total\{source="jira"\} 2/);
    expect(metrics).toMatch(/gateway_response_cache_total\{result="hit"\} 3/);
  });
});
