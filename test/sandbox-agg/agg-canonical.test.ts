/** Canonical AGG-backed queries end to end against the AGG sandbox (and the Jira sandbox for the REST fallback). */
import { existsSync } from 'node:fs';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalNotes, useCanonicalRouteExtensions } from '../../resolvers/agg/index.ts';
import { startAggSandbox, DEFAULT_AGG_SDL_PATH, type AggSandboxHandle } from '../../scripts/sandbox/agg/server.ts';
import { startJiraSandbox } from '../../scripts/sandbox/jira/server.ts';
import { aggTestSettings, canonicalAggSchema, CLOUD_ID, executor, ORG_ID, recordingFetch, type SentRequest } from './harness.ts';

const present = existsSync(DEFAULT_AGG_SDL_PATH);

describe.skipIf(!present)('canonical AGG queries over the AGG sandbox', () => {
  let agg: AggSandboxHandle;
  let jira: { url: string; close(): Promise<void> };
  const sent: SentRequest[] = [];
  let run: ReturnType<typeof executor>;
  let runStrict: ReturnType<typeof executor>;
  let settingsUrls: { agg: string; jira: string };

  beforeAll(async () => {
    [agg, jira] = await Promise.all([startAggSandbox(), startJiraSandbox()]);
    settingsUrls = { agg: agg.url, jira: jira.url };
    run = executor(canonicalAggSchema(aggTestSettings(settingsUrls), recordingFetch(sent)));
    runStrict = executor(canonicalAggSchema(aggTestSettings(settingsUrls, { strict: true }), recordingFetch(sent)));
  });
  afterAll(async () => {
    await Promise.all([agg?.close(), jira?.close()]);
  });
  beforeEach(() => {
    sent.length = 0;
  });

  const PROJECTS = /* GraphQL */ `
    query ($types: [JiraProjectType!]!, $first: Int, $after: String, $cloudId: String) {
      jiraProjects(cloudId: $cloudId, projectTypes: $types, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { project { cloudId key name type } opsgenieTeams { id name } }
      }
    }
  `;

  describe('jiraProjects', () => {
    it('lists projects with linkable Opsgenie teams via AGG and pages with opaque cursors', async () => {
      const first = await run(PROJECTS, { types: ['SOFTWARE'], first: 1 });
      expect(first.errors).toBeUndefined();
      const page = (first.data as any).jiraProjects;
      expect(page.nodes).toHaveLength(1);
      expect(page.nodes[0].project).toEqual({ cloudId: CLOUD_ID, key: 'DEV', name: 'Developer Platform', type: 'software' });
      expect(page.nodes[0].opsgenieTeams.map((t: { name: string }) => t.name)).toEqual(['Platform On-call', 'SRE Primary', 'Data On-call', 'Payments On-call']);
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(canonicalNotes(first.context).routes).toEqual([{ field: 'jiraProjects', route: 'agg' }]);
      const second = await run(PROJECTS, { types: ['software'], first: 1, after: page.pageInfo.endCursor });
      expect((second.data as any).jiraProjects.nodes.map((n: any) => n.project.key)).toEqual(['API']);
      expect((second.data as any).jiraProjects.pageInfo.hasNextPage).toBe(false);
      expect(sent.every((request) => request.operationName === 'CanonicalJiraProjectsWithOpsgenieTeams')).toBe(true);
    });

    it.each([
      [{ types: ['KANBAN'] }, /Invalid JiraProjectType "KANBAN".*SOFTWARE/],
      [{ types: [] }, /projectTypes must list at least one/],
      [{ types: ['SOFTWARE'], first: 0 }, /first must be between 1 and 500, got 0/],
      [{ types: ['SOFTWARE'], cloudId: '  ' }, /cloudId must not be empty/],
      [{ types: ['SOFTWARE'], after: 'not-a-cursor' }, /Invalid cursor for jiraProjects/],
    ])('refuses bad input %j before any upstream call', async (variables, message) => {
      const result = await run(PROJECTS, variables);
      expect(result.errors?.[0]?.message).toMatch(message);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(sent).toHaveLength(0);
    });

    it('needs a cloud id from the query or the settings', async () => {
      const noCloud = executor(canonicalAggSchema(aggTestSettings(settingsUrls, { cloudId: undefined }), recordingFetch(sent)));
      const result = await noCloud(PROJECTS, { types: ['SOFTWARE'] });
      expect(result.errors?.[0]?.message).toMatch(/cloudId is required/);
      expect(sent).toHaveLength(0);
    });

    it('falls back to Jira REST on InsufficientOAuthScopes and says so', async () => {
      const result = await run(PROJECTS, { types: ['SOFTWARE', 'SERVICE_DESK'], first: 2 }, { scenario: 'insufficient-scopes' });
      expect(result.errors).toBeUndefined();
      const page = (result.data as any).jiraProjects;
      // Jira REST project search orders by key.
      expect(page.nodes.map((n: any) => n.project.key)).toEqual(['API', 'DEV']);
      expect(page.nodes.every((n: any) => n.opsgenieTeams.length === 0)).toBe(true);
      expect(canonicalNotes(result.context).routes).toEqual([{ field: 'jiraProjects', route: 'rest', reason: 'InsufficientOAuthScopes' }]);
      // The REST cursor continues on REST without asking AGG again.
      sent.length = 0;
      const next = await run(PROJECTS, { types: ['SOFTWARE', 'SERVICE_DESK'], first: 2, after: page.pageInfo.endCursor }, { scenario: 'insufficient-scopes' });
      expect((next.data as any).jiraProjects.nodes.map((n: any) => n.project.key)).toEqual(['OPS']);
      expect(sent.some((request) => request.url === agg.url)).toBe(false);
    });

    it('keeps partial data with the errors in non-strict mode, fails the field in strict mode', async () => {
      const loose = await run(PROJECTS, { types: ['SOFTWARE'] }, { scenario: 'partial-errors' });
      expect(loose.errors).toBeUndefined();
      expect((loose.data as any).jiraProjects.nodes.map((n: any) => n.project.key)).toEqual(['DEV', 'API']);
      const recorded = canonicalNotes(loose.context).errors;
      expect(recorded).toHaveLength(1);
      expect(recorded[0].path).toEqual(['jiraProjects']);
      expect(recorded[0].message).toMatch(/Opsgenie teams of project API/);
      const strict = await runStrict(PROJECTS, { types: ['SOFTWARE'] }, { scenario: 'partial-errors' });
      expect(strict.data).toBeNull();
      expect(strict.errors?.[0]?.message).toMatch(/AGG CanonicalJiraProjectsWithOpsgenieTeams: .*project API/);
    });

    it('puts routes and partial-data errors into the response through the envelop plugin', async () => {
      const schema = canonicalAggSchema(aggTestSettings(settingsUrls), recordingFetch(sent));
      const yoga = createYoga({ schema, plugins: [useCanonicalRouteExtensions()], context: () => ({ scenario: 'insufficient-scopes' }), logging: false });
      const response = await yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ jiraProjects(projectTypes: [SOFTWARE]) { nodes { project { key } } } }' }),
      });
      const body = (await response.json()) as { extensions?: { canonicalRoutes?: unknown } };
      expect(body.extensions?.canonicalRoutes).toEqual([{ field: 'jiraProjects', route: 'rest', reason: 'InsufficientOAuthScopes' }]);
    });
  });

  describe('compassComponents', () => {
    const COMPONENTS = /* GraphQL */ `
      query ($first: Int, $types: [CompassComponentType!], $after: String) {
        compassComponents(first: $first, types: $types, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { id cloudId name type ownerTeamName labels relationships { id type startComponentId endComponentId } scorecardScores { scorecardId scorecardName score maxScore } }
        }
      }
    `;

    it('fetches components with relationships and scores in one AGG request (no N+1)', async () => {
      const result = await run(COMPONENTS, { first: 30 });
      expect(result.errors).toBeUndefined();
      const nodes = (result.data as any).compassComponents.nodes;
      expect(nodes).toHaveLength(30);
      expect(sent.map((request) => request.operationName)).toEqual(['CanonicalCompassSearchComponents']);
      const checkout = nodes[0];
      expect(checkout).toMatchObject({ cloudId: CLOUD_ID, name: 'checkout-service', type: 'SERVICE', ownerTeamName: 'Platform' });
      expect(nodes[2].relationships.map((r: any) => r.endComponentId)).toEqual([nodes[0].id]);
      expect(nodes[2].relationships[0].id).toBe(`${nodes[2].id}|DEPENDS_ON|${nodes[0].id}`);
      expect(nodes[2].scorecardScores.map((s: any) => s.scorecardName)).toEqual(['Service readiness', 'Security', 'DORA']);
    });

    it('does not ask for relationships or scores the caller did not select, and filters by type', async () => {
      const result = await run('{ compassComponents(types: [LIBRARY], first: 5) { nodes { name type } } }');
      expect((result.data as any).compassComponents.nodes.every((n: any) => n.type === 'LIBRARY')).toBe(true);
      expect(sent).toHaveLength(1);
      const result2 = await run('{ compassComponents(types: [], first: 5) { nodes { name } } }');
      expect(result2.errors?.[0]?.message).toMatch(/types must not be an empty list/);
    });

    it('pages through every component without duplicates', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const result = await run('query ($first: Int, $after: String) { compassComponents(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } }', { first: 7, after });
        const connection = (result.data as any).compassComponents;
        seen.push(...connection.nodes.map((n: any) => n.id));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen).toHaveLength(30);
      expect(new Set(seen).size).toBe(30);
    });

    it('keeps the other components when one fails upstream (non-strict)', async () => {
      const result = await run(COMPONENTS, { first: 3 }, { scenario: 'partial-errors' });
      const nodes = (result.data as any).compassComponents.nodes;
      expect(nodes).toHaveLength(3);
      expect(nodes[1].scorecardScores).toEqual([]);
      expect(nodes[0].scorecardScores.length).toBeGreaterThan(0);
      expect(canonicalNotes(result.context).errors[0].message).toMatch(/scorecard scores of payments-gateway/);
    });
  });

  describe('teams', () => {
    it('lists teams with current members and member counts', async () => {
      const result = await run(`{ teams(organizationId: "${ORG_ID}") { nodes { id displayName state memberCount members { accountId role displayName } } } }`);
      expect(result.errors).toBeUndefined();
      const nodes = (result.data as any).teams.nodes;
      expect(nodes).toHaveLength(6);
      expect(nodes[5].state).toBe('ARCHIVED');
      for (const team of nodes) expect(team.members).toHaveLength(team.memberCount);
      expect(nodes[0].members[0]).toMatchObject({ role: 'ADMIN', displayName: 'Avery Quinn' });
      expect(sent.map((request) => request.operationName)).toEqual(['CanonicalTeamSearch']);
    });

    it('fetches one team through the beta field with the teams-beta header', async () => {
      const list = await run(`{ teams(organizationId: "${ORG_ID}", query: "pay") { nodes { id } } }`);
      const id = (list.data as any).teams.nodes[0].id;
      sent.length = 0;
      const result = await run(`{ team(id: "${id}") { displayName memberCount members { accountId } } }`);
      expect(result.errors).toBeUndefined();
      expect((result.data as any).team).toMatchObject({ displayName: 'Payments', memberCount: null });
      expect(sent[0].headers['x-experimentalapi']).toBe('teams-beta');
      const missing = await run('{ team(id: "ari:cloud:identity::team/none") { displayName } }');
      expect((missing.data as any).team).toBeNull();
      const blank = await run('{ teams(organizationId: "") { nodes { id } } }');
      expect(blank.errors?.[0]?.message).toMatch(/organizationId must not be empty/);
    });
  });

  describe('Teamwork Graph', () => {
    it('lists active projects, or projects within a window', async () => {
      const list = await run(`{ teams(organizationId: "${ORG_ID}", first: 1) { nodes { id } } }`);
      const teamId = (list.data as any).teams.nodes[0].id;
      const active = await run(`{ teamworkProjects(teamId: "${teamId}") { nodes { teamId projectId projectKey projectName } } }`);
      expect(active.errors).toBeUndefined();
      expect((active.data as any).teamworkProjects.nodes).toEqual([expect.objectContaining({ teamId, projectName: 'Platform initiative 2' })]);
      const windowed = await run(`{ teamworkProjects(teamId: "${teamId}", startDate: "2025-09-01T00:00:00Z", endDate: "2026-01-05T00:00:00Z") { nodes { projectName } } }`);
      expect((windowed.data as any).teamworkProjects.nodes.map((n: any) => n.projectName)).toEqual(['Platform initiative 1', 'Platform initiative 2']);
      const half = await run(`{ teamworkProjects(teamId: "${teamId}", startDate: "2025-09-01T00:00:00Z") { nodes { projectName } } }`);
      expect(half.errors?.[0]?.message).toMatch(/both startDate and endDate/);
    });

    it('lists a user\'s teams, manager and reports', async () => {
      const result = await run('{ teamworkUserRelations(userId: "5b10ac8d82e05b22cc7d4e02") { totalCount nodes { subjectUserId relationType teamId relatedUserId } } }');
      expect(result.errors).toBeUndefined();
      const nodes = (result.data as any).teamworkUserRelations.nodes;
      expect(nodes.filter((n: any) => n.relationType === 'REPORTS_TO')).toEqual([{ subjectUserId: '5b10ac8d82e05b22cc7d4e02', relationType: 'REPORTS_TO', teamId: null, relatedUserId: '5b10ac8d82e05b22cc7d4e01' }]);
      expect(nodes.filter((n: any) => n.relationType === 'MANAGES').map((n: any) => n.relatedUserId)).toEqual(['05', '06', '07', '08'].map((n) => `5b10ac8d82e05b22cc7d4e${n}`));
      expect(nodes.filter((n: any) => n.relationType === 'TEAM_MEMBER').length).toBeGreaterThan(0);
      expect(sent.map((request) => request.operationName)).toEqual(['CanonicalTeamworkUserRelations']);
      const paged = await run('{ teamworkUserRelations(userId: "5b10ac8d82e05b22cc7d4e02", relationTypes: [MANAGES], first: 3) { pageInfo { hasNextPage endCursor } nodes { relatedUserId } } }');
      const cursor = (paged.data as any).teamworkUserRelations.pageInfo.endCursor;
      const rest = await run(`{ teamworkUserRelations(userId: "5b10ac8d82e05b22cc7d4e02", relationTypes: [MANAGES], first: 3, after: "${cursor}") { pageInfo { hasNextPage } nodes { relatedUserId } } }`);
      expect((rest.data as any).teamworkUserRelations.nodes).toEqual([{ relatedUserId: '5b10ac8d82e05b22cc7d4e08' }]);
    });
  });
});
