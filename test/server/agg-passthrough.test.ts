/**
 * What the gateway sends to AGG for a pass-through query: upstream names (no `agg_`), the caller's
 * field-level `@optIn`, variables typed with upstream input types, the configured auth and
 * X-ExperimentalApi headers. A recording fake AGG on 127.0.0.1 stands in for Atlassian.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse, print } from 'graphql';
import { postGraphQL } from '../support/gateway-process.ts';
import { startGatewayInProcess, type InProcessGateway } from '../support/gateway-in-process.ts';

interface Received {
  body: { query: string; variables?: Record<string, unknown> };
  headers: IncomingHttpHeaders;
}

const CANARY_TOKEN = 'agg-canary-token-5f1e0c2d';
let received: Received[] = [];
let fakeAgg: Server;
let gateway: InProcessGateway;

beforeAll(async () => {
  fakeAgg = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Received['body'];
      received.push({ body, headers: req.headers });
      // Answer in upstream names, as AGG does; aliases are response keys.
      const data = /teamworkGraph_userTeams/.test(body.query)
        ? { agg_teamworkGraph_userTeams: { __typename: 'GraphStoreCypherQueryV2Connection', pageInfo: { hasNextPage: false } } }
        : { agg_jira: { __typename: 'JiraQuery', issueByKey: { __typename: 'JiraIssue', key: 'DEV-1' } } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data }));
    });
  });
  await new Promise<void>((resolvePromise) => fakeAgg.listen(0, '127.0.0.1', resolvePromise));
  const port = (fakeAgg.address() as AddressInfo).port;
  gateway = await startGatewayInProcess({
    ATLASSIAN_MESH_MODE: 'live',
    ATLASSIAN_EMAIL: 'gateway@example.com',
    ATLASSIAN_API_TOKEN: CANARY_TOKEN,
    ATLASSIAN_CLOUD_ID: '11111111-2222-4333-8444-555555555555',
    ATLASSIAN_GQL_BASE_URL: `http://127.0.0.1:${port}/gateway/api/graphql`,
    ATLASSIAN_JIRA_BASE_URL: 'http://127.0.0.1:9',
    SRHT_TODO_URL: 'http://127.0.0.1:9/query',
    ATLASSIAN_GQL_EXPERIMENTAL_APIS: 'teams-beta, compass-beta',
    GATEWAY_ALLOW_UNAUTHENTICATED: 'true',
  });
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await new Promise((resolvePromise) => fakeAgg?.close(resolvePromise));
});

beforeEach(() => {
  received = [];
});

describe('AGG pass-through', () => {
  it('sends upstream names, fragments and variable types, and returns namespaced __typename', async () => {
    const result = await postGraphQL<{ agg_jira: { issueByKey: { key: string; __typename: string } } }>(
      gateway.url,
      `query One($key: String!) { agg_jira { issueByKey(cloudId: "c", key: $key) { ...K } } }
       fragment K on agg_JiraIssue { key __typename }`,
      { key: 'DEV-1' },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data!.agg_jira.issueByKey).toEqual({ key: 'DEV-1', __typename: 'agg_JiraIssue' });
    expect(received).toHaveLength(1);
    const sent = print(parse(received[0].body.query));
    expect(sent).not.toContain('agg_JiraIssue');
    expect(sent).toContain('agg_jira: jira');
    expect(sent).toMatch(/on JiraIssue/);
  });

  it("sends AGG only its own root fields, fragments and variables, never another field's", async () => {
    // A variable and a fragment meant for todo.sr.ht and Jira ride in the same document as an AGG field.
    const result = await postGraphQL(
      gateway.url,
      `query Mixed($key: String!, $secretQuery: srht_Cursor) {
         agg_jira { issueByKey(cloudId: "c", key: $key) { key } }
         srht_trackers(cursor: $secretQuery) { ...T }
         other: jira_getIssue(issueIdOrKey: "NOT-FOR-AGG") { key }
       }
       fragment T on srht_TrackerCursor { cursor }`,
      { key: 'DEV-1', secretQuery: 'srht-only-value-7d1c' },
    );
    expect(result.body.data).toMatchObject({ agg_jira: { issueByKey: { key: 'DEV-1' } } });
    expect(received).toHaveLength(1);
    const sent = JSON.stringify(received[0].body);
    for (const foreign of ['srht-only-value-7d1c', 'secretQuery', 'trackers', 'TrackerCursor', 'NOT-FOR-AGG', 'getIssue']) expect(sent).not.toContain(foreign);
  });

  it('forwards a field-level @optIn to AGG', async () => {
    const result = await postGraphQL(
      gateway.url,
      `{ agg_teamworkGraph_userTeams(userId: "u1") @optIn(to: "TeamworkGraphContextAPIs") { pageInfo { hasNextPage } } }`,
    );
    expect(result.body.errors).toBeUndefined();
    const sent = print(parse(received[0].body.query));
    expect(sent).toMatch(/agg_teamworkGraph_userTeams: teamworkGraph_userTeams\(userId: "u1"\) @optIn\(to: "TeamworkGraphContextAPIs"\)/);
    expect(JSON.stringify(received[0].body)).toContain('u1');
  });

  it('authenticates with the configured credential and sends the experimental APIs', async () => {
    await postGraphQL(gateway.url, `{ agg_jira { issueByKey(cloudId: "c", key: "DEV-1") { key } } }`);
    const headers = received[0].headers;
    const expected = `Basic ${Buffer.from(`gateway@example.com:${CANARY_TOKEN}`).toString('base64')}`;
    expect(headers.authorization).toBe(expected);
    const experimental = String(headers['x-experimentalapi'] ?? '').split(',').map((v) => v.trim());
    expect(experimental.sort()).toEqual(['compass-beta', 'teams-beta']);
  });

  it('never shows the credential to the caller or in the gateway output', async () => {
    const result = await postGraphQL(gateway.url, `{ agg_jira { issueByKey(cloudId: "c", key: "DEV-1") { key } } }`);
    const basic = Buffer.from(`gateway@example.com:${CANARY_TOKEN}`).toString('base64');
    for (const text of [JSON.stringify(result.body), gateway.output()]) {
      expect(text).not.toContain(CANARY_TOKEN);
      expect(text).not.toContain(basic);
    }
  });
});
