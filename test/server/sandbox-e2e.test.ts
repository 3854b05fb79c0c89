/**
 * `npm start` with no credentials, end to end: the gateway process starts the sandbox upstreams,
 * and every source plus the canonical layer answers through the one endpoint.
 */
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import { postGraphQL, startGatewayProcess, type GatewayProcess } from '../support/gateway-process.ts';

const SANDBOX_ORG_ID = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';
const SANDBOX_CLOUD_ID = '11111111-2222-4333-8444-555555555555';

let gateway: GatewayProcess;

beforeAll(async () => {
  gateway = await startGatewayProcess();
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
});

function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sandbox gateway', () => {
  it('says in its first lines that it runs in sandbox mode, with the local upstreams', () => {
    const lines = gateway.output().split('\n');
    const modeLine = lines.findIndex((line) => line.includes('SANDBOX mode'));
    expect(modeLine).toBeGreaterThanOrEqual(0);
    expect(gateway.output()).toMatch(/sandbox agg: http:\/\/127\.0\.0\.1:\d+\/graphql/);
  });

  it('serves canonical Jira issues with history, paginated', async () => {
    const query = `query($after: String) {
      jiraIssues(jql: "project = DEV ORDER BY key ASC", first: 3, after: $after) {
        totalCount
        nodes { key projectKey status createdAt assignee { accountId } changelog { createdAt items { field } } worklogs { timeSpentSeconds } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const first = await postGraphQL<{ jiraIssues: { totalCount: number; nodes: { key: string; changelog: unknown[]; createdAt: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(gateway.url, query);
    expect(first.body.errors).toBeUndefined();
    const page = first.body.data!.jiraIssues;
    expect(page.totalCount).toBe(150);
    expect(page.nodes.map((n) => n.key)).toEqual(['DEV-1', 'DEV-2', 'DEV-3']);
    expect(page.nodes[0].changelog.length).toBeGreaterThan(10);
    expect(page.nodes[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const second = await postGraphQL<{ jiraIssues: { nodes: { key: string }[] } }>(gateway.url, query, { after: page.pageInfo.endCursor });
    expect(second.body.data!.jiraIssues.nodes.map((n) => n.key)).toEqual(['DEV-4', 'DEV-5', 'DEV-6']);
  });

  it('serves canonical AGG-backed types: projects with Opsgenie teams, Compass, Teams', async () => {
    const result = await postGraphQL<{
      jiraProjects: { nodes: { project: { key: string }; opsgenieTeams: unknown[] }[] };
      compassComponents: { nodes: { name: string; relationships: unknown[]; scorecardScores: unknown[] }[] };
      teams: { nodes: { displayName: string; members: unknown[] }[] };
    }>(
      gateway.url,
      `{
        jiraProjects(projectTypes: [SOFTWARE], first: 10) { nodes { project { key } opsgenieTeams { id name } } }
        compassComponents(cloudId: "${SANDBOX_CLOUD_ID}", first: 5) { nodes { name relationships { type } scorecardScores { scorecardName } } }
        teams(organizationId: "${SANDBOX_ORG_ID}", first: 3) { nodes { displayName members { accountId } } }
      }`,
    );
    expect(result.body.errors).toBeUndefined();
    const data = result.body.data!;
    expect(data.jiraProjects.nodes.map((n) => n.project.key).sort()).toEqual(['API', 'DEV']);
    expect(data.compassComponents.nodes).toHaveLength(5);
    expect(data.teams.nodes.length).toBeGreaterThan(0);
    expect(data.teams.nodes[0].members.length).toBeGreaterThan(0);
    expect(result.body.extensions?.canonicalRoutes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'jiraProjects', route: 'agg' })]));
  });

  it('lists work items across a Jira project and a todo.sr.ht tracker in one query', async () => {
    const result = await postGraphQL<{ workItems: { nodes: { source: string; ref: string; updatedAt: string }[] } }>(
      gateway.url,
      `{ workItems(jql: "project = OPS", sourcehut: [{ owner: "~sandbox", tracker: "docs" }], first: 100) { nodes { source ref updatedAt } } }`,
    );
    expect(result.body.errors).toBeUndefined();
    const nodes = result.body.data!.workItems.nodes;
    expect(new Set(nodes.map((n) => n.source))).toEqual(new Set(['JIRA', 'SOURCEHUT']));
    const times = nodes.map((n) => Date.parse(n.updatedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('passes upstream operations through, each source in its namespace', async () => {
    const result = await postGraphQL<Record<string, unknown>>(
      gateway.url,
      `{
        jira_getIssue(issueIdOrKey: "DEV-1") { key }
        jiraSoftware_getAllBoards { values { id name } }
        srht_me { canonicalName }
        agg_jira { issueByKey(cloudId: "${SANDBOX_CLOUD_ID}", key: "DEV-1") { __typename key } }
      }`,
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toMatchObject({
      jira_getIssue: { key: 'DEV-1' },
      jiraSoftware_getAllBoards: { values: expect.arrayContaining([{ id: 1, name: 'DEV board' }]) },
      srht_me: { canonicalName: '~sandbox' },
      agg_jira: { issueByKey: { __typename: 'agg_JiraIssue', key: 'DEV-1' } },
    });
  });

  it('translates namespaced types in fragments and variables back to upstream names', async () => {
    const result = await postGraphQL<{ agg_jira: { allJiraProjects: { edges: { node: { key: string; __typename: string } }[] } } }>(
      gateway.url,
      `query Projects($filter: agg_JiraProjectFilterInput!) {
        agg_jira { allJiraProjects(cloudId: "${SANDBOX_CLOUD_ID}", filter: $filter, first: 10) { edges { node { ...ProjectKey } } } }
        srht_me { ... on srht_Entity { canonicalName } }
      }
      fragment ProjectKey on agg_JiraProject { key __typename }`,
      { filter: { types: ['SOFTWARE'] } },
    );
    expect(result.body.errors).toBeUndefined();
    const nodes = result.body.data!.agg_jira.allJiraProjects.edges.map((e) => e.node);
    expect(nodes.map((n) => n.key).sort()).toEqual(['API', 'DEV']);
    expect(new Set(nodes.map((n) => n.__typename))).toEqual(new Set(['agg_JiraProject']));
  });

  it('answers a bad query with a clear error and keeps serving', async () => {
    const bad = await postGraphQL(gateway.url, '{ jiraIssues(jql: "") { nodes { key } } }');
    expect(bad.body.errors?.[0].message).toMatch(/jql/i);
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const invalid = await postGraphQL(gateway.url, '{ noSuchField }');
    expect(invalid.body.errors?.[0].message).toContain('noSuchField');
    const ok = await postGraphQL(gateway.url, '{ __typename }');
    expect(ok.body.data).toEqual({ __typename: 'Query' });
  });

  it('serves GraphiQL with no CDN asset', async () => {
    const page = await rawGet(gateway.url, { accept: 'text/html' });
    expect(page.status).toBe(200);
    const html = page.body.toString();
    expect(html).toContain('GraphiQL');
    const externalAssets = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(https?:[^"]+)"/g)].map((m) => m[1]);
    expect(externalAssets).toEqual([]);
  });

  it('answers the full introspection with zero errors, and serves repeats from memory, gzip when asked', async () => {
    const query = getIntrospectionQuery({ descriptions: true });
    const first = await postGraphQL<{ __schema: { types: unknown[] } }>(gateway.url, query);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.__schema.types.length).toBeGreaterThan(20_000);
    const zipped = await new Promise<{ encoding?: string; body: Buffer }>((resolvePromise, reject) => {
      const req = request(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolvePromise({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ query }));
    });
    expect(zipped.encoding).toBe('gzip');
    const unzipped = JSON.parse(gunzipSync(zipped.body).toString()) as typeof first.body;
    expect(unzipped).toEqual(first.body);
  });

  it('has health and readiness endpoints', async () => {
    const base = gateway.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});
