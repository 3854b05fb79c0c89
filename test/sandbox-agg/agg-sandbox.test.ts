/** The AGG sandbox itself: startup, AGG-shaped behaviours, request stats. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AGG_SDL_PATH, startAggSandbox, type AggSandboxHandle } from '../../scripts/sandbox/agg/server.ts';
import { CLOUD_ID } from './harness.ts';

const present = existsSync(DEFAULT_AGG_SDL_PATH);

describe.skipIf(!present)('AGG sandbox server', () => {
  let sandbox: AggSandboxHandle;
  let startMs = 0;

  beforeAll(async () => {
    const started = performance.now();
    sandbox = await startAggSandbox();
    startMs = performance.now() - started;
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}, operationName?: string) {
    const response = await fetch(sandbox.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables, operationName }) });
    return (await response.json()) as { data?: any; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> };
  }

  it('starts on 127.0.0.1 with the full schema within a few seconds', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(startMs).toBeLessThan(15_000);
  });

  it('answers InsufficientOAuthScopes on the Jira projects path in the AGG error shape', async () => {
    const result = await post(`{ jira { allJiraProjects(cloudId: "${CLOUD_ID}", filter: { types: [SOFTWARE] }) { totalCount } } }`, {}, { 'x-sandbox-scenario': 'insufficient-scopes' });
    expect(result.data).toEqual({ jira: { allJiraProjects: null } });
    expect(result.errors?.[0]).toMatchObject({ path: ['jira', 'allJiraProjects'], extensions: { classification: 'InsufficientOAuthScopes', required_scopes: ['jira:atlassian-external'] } });
  });

  it('rejects the beta team field without X-ExperimentalApi: teams-beta, outright', async () => {
    const query = '{ team { team(id: "ari:cloud:identity::team/7ea30000-0000-4000-8000-000000000001") { displayName } } }';
    const refused = await post(query);
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]?.message).toMatch(/X-ExperimentalApi: teams-beta/);
    const accepted = await post(query, {}, { 'X-ExperimentalApi': 'other, teams-beta' });
    expect(accepted.data).toEqual({ team: { team: { displayName: 'Platform' } } });
  });

  it('returns partial data plus errors in the partial-errors scenario', async () => {
    const result = await post(`{ jira { allJiraProjects(cloudId: "${CLOUD_ID}", filter: { types: [SOFTWARE] }) { edges { node { key opsgenieTeamsAvailableToLinkWith { edges { node { name } } } } } } } }`, {}, { 'x-sandbox-scenario': 'partial-errors' });
    const nodes = result.data.jira.allJiraProjects.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.key)).toEqual(['DEV', 'API']);
    expect(nodes[1].opsgenieTeamsAvailableToLinkWith).toBeNull();
    expect(result.errors?.[0]?.path).toEqual(['jira', 'allJiraProjects', 'edges', 1, 'node', 'opsgenieTeamsAvailableToLinkWith']);
  });

  it('serves me, user and jira.issueByKey with worklogs from the shared Jira dataset', async () => {
    const result = await post(`query Common { me { user { accountId name } } user(accountId: "5b10ac8d82e05b22cc7d4e03") { name } jira { issueByKey(cloudId: "${CLOUD_ID}", key: "DEV-1") { key summary status { name } worklogs(first: 2) { pageInfo { hasNextPage } edges { node { worklogId timeSpent { timeInSeconds } author { accountId } } } } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data.me.user).toEqual({ accountId: '5b10ac8d82e05b22cc7d4e01', name: 'Avery Quinn' });
    expect(result.data.user).toEqual({ name: 'Casey Nakamura' });
    expect(result.data.jira.issueByKey).toMatchObject({ key: 'DEV-1' });
    expect(typeof result.data.jira.issueByKey.summary).toBe('string');
  });

  it('counts requests by operation name', async () => {
    sandbox.resetStats();
    await post('query Alpha { me { user { accountId } } }');
    await post('query Alpha { me { user { accountId } } }');
    await post('query Beta { __typename }', {}, {}, 'Beta');
    expect(sandbox.stats()).toMatchObject({ requests: 3, byOperation: { Alpha: 2, Beta: 1 } });
  });

  it('validates requests against the AGG schema like AGG does', async () => {
    const result = await post('{ jira { noSuchField } }');
    expect(result.errors?.[0]?.message).toMatch(/noSuchField/);
  });
});
