/** The AGG sandbox itself: startup, AGG-shaped behaviours (the rules AGG documents included), request stats. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchWithRepeatedHeaderLines } from '../../../sources/transport/repeated-header-fetch.ts';
import { getAggSandboxData } from '../../../scripts/sandbox/agg/data.ts';
import { DEFAULT_AGG_SDL_PATH, startAggSandbox, type AggSandboxHandle } from '../../../scripts/sandbox/agg/server.ts';
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

  type Result = { data?: any; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}, operationName?: string, url = sandbox.url): Promise<Result> {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables, operationName }) });
    return (await response.json()) as Result;
  }
  const data = getAggSandboxData();
  const TEAM = data.teams[0].id;
  const COMPONENT = data.components[0].id;

  it('starts on 127.0.0.1 with the full schema within a few seconds', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(startMs).toBeLessThan(15_000);
  });

  it('answers InsufficientOAuthScopes on the Jira projects path in the AGG error shape', async () => {
    const result = await post(`{ jira { allJiraProjects(cloudId: "${CLOUD_ID}", filter: { types: [SOFTWARE] }) { totalCount } } }`, {}, { 'x-sandbox-scenario': 'insufficient-scopes' });
    expect(result.data).toEqual({ jira: { allJiraProjects: null } });
    expect(result.errors?.[0]).toMatchObject({ path: ['jira', 'allJiraProjects'], extensions: { classification: 'InsufficientOAuthScopes', required_scopes: ['jira:atlassian-external'] } });
  });

  describe('refuses what AGG documents as refused', () => {
    it('the beta team field without X-ExperimentalApi: teams-beta, outright', async () => {
      const query = `{ team { team(id: "${TEAM}") { displayName } } }`;
      const refused = await post(query);
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]?.message).toMatch(/X-ExperimentalApi: teams-beta/);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ classification: 'ValidationError', requiredExperimentalApi: 'teams-beta' });
      const accepted = await post(query, {}, { 'X-ExperimentalApi': 'other, teams-beta' });
      expect(accepted.data).toEqual({ team: { team: { displayName: 'Platform' } } });
    });

    it('Team.members without team-members-beta; the opt-ins may come as repeated header lines', async () => {
      const query = `{ team { team(id: "${TEAM}") { displayName members(first: 2) { nodes { role } } } } }`;
      const refused = await post(query, {}, { 'X-ExperimentalApi': 'teams-beta' });
      expect(refused.data).toBeNull();
      expect(refused.errors?.map((error) => error.extensions?.requiredExperimentalApi)).toEqual(['team-members-beta']);
      // One header line per opt-in, as the transport sends them.
      const response = await fetchWithRepeatedHeaderLines(sandbox.url, {
        method: 'POST',
        headers: [['content-type', 'application/json'], ['x-experimentalapi', 'teams-beta, team-members-beta']],
        body: JSON.stringify({ query }),
      });
      const accepted = (await response.json()) as Result;
      expect(accepted.errors).toBeUndefined();
      expect(accepted.data.team.team.members.nodes).toHaveLength(2);
    });

    it('an EXPERIMENTAL field without its @optIn, on it or on a parent', async () => {
      const ownerTeam = (onField: string, onParent = '') => `{ compass ${onParent} { component(id: "${COMPONENT}") { ... on CompassComponent { name ownerTeam ${onField} { displayName } } } } }`;
      const refused = await post(ownerTeam(''));
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]?.message).toMatch(/CompassComponent\.ownerTeam.*@optIn\(to: "compass-beta"\)/);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ requiredOptIn: 'compass-beta' });
      expect((await post(ownerTeam('@optIn(to: "compass-beta")'))).data.compass.component).toEqual({ name: 'checkout-service', ownerTeam: { displayName: 'Platform' } });
      expect((await post(ownerTeam('', '@optIn(to: "compass-beta")'))).errors).toBeUndefined();
      // Only fields that execute count: a skipped one needs nothing.
      expect((await post(`{ compass { component(id: "${COMPONENT}") { ... on CompassComponent { name ownerTeam @skip(if: true) { id } } } } }`)).errors).toBeUndefined();
    });

    it('a field past its announced removal date, as gone from the schema', async () => {
      const query = `{ compass { component(id: "${COMPONENT}") { ... on CompassComponent { scorecardScores { totalScore } } } } }`;
      const refused = await post(query);
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]?.message).toMatch(/Field 'scorecardScores' in type 'CompassComponent' is undefined/);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ removedOn: '2025-12-31' });
      // Before that date the sandbox still serves it (the field exists, nothing resolves it now).
      const before = await startAggSandbox({ today: () => new Date('2025-06-01T00:00:00Z') });
      try {
        const served = await post(query, {}, {}, undefined, before.url);
        expect(served.errors).toBeUndefined();
      } finally {
        await before.close();
      }
    });

    it('a Teamwork Graph field for an OAuth (Bearer) caller; tenanted callers are served', async () => {
      const query = `{ teamworkGraph_teamUsers(teamId: "${TEAM}") @optIn(to: "TeamworkGraphContextAPIs") { edges { node { columns { key } } } } }`;
      const refused = await post(query, {}, { authorization: 'Bearer token' });
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]?.message).toMatch(/not available for OAuth authenticated requests/);
      const served = await post(query, {}, { authorization: 'Basic dXNlcjp0b2tlbg==' });
      expect(served.errors).toBeUndefined();
      expect(served.data.teamworkGraph_teamUsers.edges[0].node.columns.map((c: { key: string }) => c.key)).toEqual(['team', 'user']);
    });

    it('a bare account id where the Teamwork Graph takes an identity user ARI', async () => {
      const query = (userId: string) => `{ teamworkGraph_userTeams(userId: "${userId}") @optIn(to: "TeamworkGraphContextAPIs") { edges { cursor } } }`;
      const bare = await post(query('5b10ac8d82e05b22cc7d4e02'));
      expect(bare.errors?.[0]?.message).toMatch(/Invalid ARI "5b10ac8d82e05b22cc7d4e02" for userId/);
      const ari = await post(query('ari:cloud:identity::user/5b10ac8d82e05b22cc7d4e02'));
      expect(ari.errors).toBeUndefined();
      expect(ari.data.teamworkGraph_userTeams.edges.length).toBeGreaterThan(0);
    });

    it('a component search filter field name Compass does not list (typeId), answering a QueryError', async () => {
      const query = 'query ($cloudId: String!, $query: CompassSearchComponentQuery) { compass { searchComponents(cloudId: $cloudId, query: $query) { __typename ... on QueryError { message } ... on CompassSearchComponentConnection { totalCount } } } }';
      const wrong = await post(query, { cloudId: CLOUD_ID, query: { fieldFilters: [{ name: 'typeId', filter: { eq: 'SERVICE' } }] } });
      expect(wrong.data.compass.searchComponents).toMatchObject({ __typename: 'QueryError', message: expect.stringMatching(/'typeId'.*compass:tier, labels, ownerId, score, type/) });
      const right = await post(query, { cloudId: CLOUD_ID, query: { fieldFilters: [{ name: 'type', filter: { eq: 'SERVICE' } }] } });
      expect(right.data.compass.searchComponents.totalCount).toBe(data.components.filter((c) => c.typeId === 'SERVICE').length);
    });
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
