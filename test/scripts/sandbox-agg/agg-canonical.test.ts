/**
 * Canonical AGG-backed queries end to end against the AGG sandbox (and the Jira sandbox for the
 * REST fallback). The sandbox refuses what live AGG refuses (missing beta headers and opt-ins,
 * removed fields, OAuth-unavailable fields), and after every test each request the canonical layer
 * sent is checked once more against the rules the AGG schema documents.
 */
import { existsSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalNotes } from '../../../resolvers/agg/index.ts';
import { useCanonicalRouteExtensions } from '../../../server/plugins/use-canonical-route-extensions.ts';
import { getAggSandboxData } from '../../../scripts/sandbox/agg/data.ts';
import { checkDocumentedRules } from '../../../scripts/sandbox/agg/rules.ts';
import { loadAggSchema } from '../../../scripts/sandbox/agg/schema.ts';
import { startAggSandbox, DEFAULT_AGG_SDL_PATH, type AggSandboxHandle } from '../../../scripts/sandbox/agg/server.ts';
import { startJiraSandbox } from '../../../scripts/sandbox/jira/server.ts';
import { createTransport } from '../../../sources/transport/create-transport.ts';
import { withRepeatedHeaderLines } from '../../../sources/transport/repeated-header-fetch.ts';
import { aggTestSettings, canonicalAggSchema, CLOUD_ID, executor, ORG_ID, recordingFetch, type SentRequest } from './harness.ts';

const present = existsSync(DEFAULT_AGG_SDL_PATH);

/** GraphQL results are read by path in these tests (their shape is the query's, not a declared type). */
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.skipIf(!present)('canonical AGG queries over the AGG sandbox', () => {
  let agg: AggSandboxHandle;
  let jira: { url: string; close(): Promise<void> };
  const sent: SentRequest[] = [];
  let run: ReturnType<typeof executor>;
  let runStrict: ReturnType<typeof executor>;
  let settingsUrls: { agg: string; jira: string };
  const data = getAggSandboxData();

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
  // Every AGG request a test made: valid, and missing nothing AGG documents (headers as actually sent).
  afterEach(() => {
    const { schema } = loadAggSchema(DEFAULT_AGG_SDL_PATH);
    const problems: string[] = [];
    for (const request of sent.filter((candidate) => candidate.url === agg.url && candidate.query)) {
      const document = parse(request.query!);
      problems.push(...validate(schema, document).map((error) => `${request.operationName}: ${error.message}`));
      const violations = checkDocumentedRules(schema, document, {
        operationName: request.operationName,
        variables: request.variables,
        experimentalApis: (request.headers['x-experimentalapi'] ?? '').split(',').map((value) => value.trim()).filter(Boolean),
        headers: request.headers,
        today: new Date(),
        mode: 'runtime',
        forbidDeprecated: true,
      });
      problems.push(...violations.map((violation) => `${request.operationName}: ${violation.message}`));
    }
    expect(problems).toEqual([]);
  });

  const aggRequests = () => sent.filter((request) => request.url === agg.url);

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
    it('lists projects with linkable Opsgenie teams via AGG (type upper-case, each team once, names trimmed) and pages with opaque cursors', async () => {
      const first = await run(PROJECTS, { types: ['SOFTWARE'], first: 1 });
      expect(first.errors).toBeUndefined();
      const page = (first.data as Any).jiraProjects;
      expect(page.nodes).toHaveLength(1);
      expect(page.nodes[0].project).toEqual({ cloudId: CLOUD_ID, key: 'DEV', name: 'Developer Platform', type: 'SOFTWARE' });
      // The sandbox lists SRE Primary twice for DEV and pads "Data On-call ".
      expect(page.nodes[0].opsgenieTeams.map((t: { name: string }) => t.name)).toEqual(['Platform On-call', 'SRE Primary', 'Data On-call', 'Payments On-call']);
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(canonicalNotes(first.context).routes).toEqual([{ field: 'jiraProjects', route: 'agg' }]);
      const second = await run(PROJECTS, { types: ['software'], first: 1, after: page.pageInfo.endCursor });
      expect((second.data as Any).jiraProjects.nodes.map((n: Any) => n.project.key)).toEqual(['API']);
      expect((second.data as Any).jiraProjects.pageInfo.hasNextPage).toBe(false);
      expect(sent.every((request) => request.operationName === 'CanonicalJiraProjectsWithOpsgenieTeams')).toBe(true);
    });

    it('accepts any spelling of a project type', async () => {
      const desk = await run(PROJECTS, { types: ['service-desk'] });
      expect((desk.data as Any).jiraProjects.nodes.map((n: Any) => [n.project.key, n.project.type])).toEqual([['OPS', 'SERVICE_DESK']]);
      const mixed = await run(PROJECTS, { types: ['Service Desk', 'business', 'SERVICE_DESK'] });
      expect((mixed.data as Any).jiraProjects.nodes.map((n: Any) => n.project.type).sort()).toEqual(['BUSINESS', 'SERVICE_DESK']);
      expect(aggRequests().at(-1)?.variables?.types).toEqual(['SERVICE_DESK', 'BUSINESS']);
      const literal = await run('{ jiraProjects(projectTypes: ["Service Desk"]) { nodes { project { key } } } }');
      expect((literal.data as Any).jiraProjects.nodes).toEqual([{ project: { key: 'OPS' } }]);
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

    it('falls back to Jira REST on InsufficientOAuthScopes and says so, with the same upper-case types', async () => {
      const result = await run(PROJECTS, { types: ['SOFTWARE', 'SERVICE_DESK'], first: 2 }, { scenario: 'insufficient-scopes' });
      expect(result.errors).toBeUndefined();
      const page = (result.data as Any).jiraProjects;
      // Jira REST project search orders by key.
      expect(page.nodes.map((n: Any) => [n.project.key, n.project.type])).toEqual([
        ['API', 'SOFTWARE'],
        ['DEV', 'SOFTWARE'],
      ]);
      expect(page.nodes.every((n: Any) => n.opsgenieTeams.length === 0)).toBe(true);
      expect(canonicalNotes(result.context).routes).toEqual([{ field: 'jiraProjects', route: 'rest', reason: 'InsufficientOAuthScopes' }]);
      expect(sent.find((request) => request.url.startsWith(jira.url))?.url).toMatch(/typeKey=software%2Cservice_desk/);
      // The REST cursor continues on REST without asking AGG again.
      sent.length = 0;
      const next = await run(PROJECTS, { types: ['SOFTWARE', 'SERVICE_DESK'], first: 2, after: page.pageInfo.endCursor }, { scenario: 'insufficient-scopes' });
      expect((next.data as Any).jiraProjects.nodes.map((n: Any) => [n.project.key, n.project.type])).toEqual([['OPS', 'SERVICE_DESK']]);
      expect(sent.some((request) => request.url === agg.url)).toBe(false);
    });

    it("filters on the REST route itself when Jira's typeKey cannot take a requested type", async () => {
      const result = await run(PROJECTS, { types: ['software', 'Product Discovery'] }, { scenario: 'insufficient-scopes' });
      expect(result.errors).toBeUndefined();
      expect((result.data as Any).jiraProjects.nodes.map((n: Any) => [n.project.key, n.project.type])).toEqual([
        ['API', 'SOFTWARE'],
        ['DEV', 'SOFTWARE'],
      ]);
      const restCall = sent.find((request) => request.url.startsWith(jira.url));
      expect(restCall?.url).not.toMatch(/typeKey/);
    });

    it('keeps partial data with the errors in non-strict mode, fails the field in strict mode', async () => {
      const loose = await run(PROJECTS, { types: ['SOFTWARE'] }, { scenario: 'partial-errors' });
      expect(loose.errors).toBeUndefined();
      expect((loose.data as Any).jiraProjects.nodes.map((n: Any) => n.project.key)).toEqual(['DEV', 'API']);
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

  describe('compassComponents and compassComponent', () => {
    const byName = [...data.components].sort((a, b) => a.name.localeCompare(b.name));
    const sandboxComponent = (id: string) => data.components.find((component) => component.id === id)!;
    const COMPONENTS = /* GraphQL */ `
      query ($first: Int, $types: [CompassComponentType!], $after: String) {
        compassComponents(first: $first, types: $types, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes {
            id cloudId name type ownerTeamName labels
            relationships { id type startComponentId endComponentId }
            scorecardScores { scorecardId scorecardName score maxScore evaluatedAt }
          }
        }
      }
    `;

    it('fetches components with relationships and scores in one AGG request (no N+1), sorted by name', async () => {
      const result = await run(COMPONENTS, { first: 30 });
      expect(result.errors).toBeUndefined();
      const nodes = (result.data as Any).compassComponents.nodes;
      expect(nodes.map((n: Any) => n.name)).toEqual(byName.map((component) => component.name));
      expect(sent.map((request) => request.operationName)).toEqual(['CanonicalCompassSearchComponents']);
      // AGG says the sort is essential for proper pagination: there always is one.
      expect((sent[0].variables?.query as Any).sort).toEqual([{ name: 'title', order: 'ASC' }]);
      const checkout = nodes.find((n: Any) => n.name === 'checkout-service');
      expect(checkout).toMatchObject({ cloudId: CLOUD_ID, type: 'SERVICE', ownerTeamName: 'Platform' });
      const auth = nodes.find((n: Any) => n.name === 'auth-service');
      expect(auth.relationships.map((r: Any) => r.endComponentId)).toEqual([checkout.id]);
      expect(auth.relationships[0].id).toBe(`${auth.id}|DEPENDS_ON|${checkout.id}`);
      expect(auth.scorecardScores.map((s: Any) => s.scorecardName)).toEqual(['Service readiness', 'Security', 'DORA']);
      for (const score of auth.scorecardScores) expect(score.evaluatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      // The latest criteria update of the first scorecard of auth-service (sandbox data).
      const source = sandboxComponent(auth.id).scores[0];
      expect(auth.scorecardScores[0].evaluatedAt).toBe(source.criteriaUpdatedAt.slice().sort().at(-1));
      // Maturity-level scorecards (no percentage) are left out.
      const withMaturity = nodes.find((n: Any) => sandboxComponent(n.id).maturityScorecardIds.length > 0);
      expect(withMaturity.scorecardScores).toHaveLength(sandboxComponent(withMaturity.id).scores.length);
    });

    it('does not ask for relationships or scores the caller did not select, and filters by type with the field name AGG documents', async () => {
      const result = await run('{ compassComponents(types: [LIBRARY], first: 5) { nodes { name type } } }');
      expect((result.data as Any).compassComponents.nodes.length).toBeGreaterThan(0);
      expect((result.data as Any).compassComponents.nodes.every((n: Any) => n.type === 'LIBRARY')).toBe(true);
      expect(sent).toHaveLength(1);
      expect(sent[0].variables).toMatchObject({ withOutward: false, withInward: false, withScores: false });
      expect((sent[0].variables?.query as Any).fieldFilters).toEqual([{ name: 'type', filter: { in: ['LIBRARY'] } }]);
      const result2 = await run('{ compassComponents(types: [], first: 5) { nodes { name } } }');
      expect(result2.errors?.[0]?.message).toMatch(/types must not be an empty list/);
    });

    it('applies every search filter AGG offers', async () => {
      const result = await run(`{
        compassComponents(first: 50, tiers: [1, 3], states: ["Active"], linkTypes: [DASHBOARD], minScore: 20, maxScore: 90, minEventSourceCount: 1) {
          nodes { id name }
        }
      }`);
      expect(result.errors).toBeUndefined();
      const ids = (result.data as Any).compassComponents.nodes.map((n: Any) => n.id);
      const average = (scores: Array<{ totalScore: number }>) => Math.round(scores.reduce((sum, s) => sum + s.totalScore, 0) / scores.length);
      const expected = byName
        .filter((c) => [1, 3].includes(c.tier) && c.state === 'Active' && c.links.some((l) => l.type === 'DASHBOARD'))
        .filter((c) => average(c.scores) >= 20 && average(c.scores) <= 90 && c.eventSourceCount >= 1)
        .map((c) => c.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids).toEqual(expected);
      expect((sent[0].variables?.query as Any).fieldFilters).toEqual([
        { name: 'compass:tier', filter: { in: ['1', '3'] } },
        { name: 'state', filter: { in: ['Active'] } },
        { name: 'linkTypes', filter: { in: ['DASHBOARD'] } },
        { name: 'score', filter: { gte: '20', lte: '90' } },
        { name: 'eventSourceCount', filter: { gte: '1' } },
      ]);
      const bad = await run('{ compassComponents(minScore: 80, maxScore: 10) { nodes { id } } }');
      expect(bad.errors?.[0]?.message).toMatch(/minScore 80 is greater than maxScore 10/);
      expect(sent).toHaveLength(1);
    });

    it('sorts by the fields asked, name breaking ties', async () => {
      const result = await run('{ compassComponents(first: 30, sort: [{ field: TIER, order: DESC }]) { nodes { id name } } }');
      const names = (result.data as Any).compassComponents.nodes.map((n: Any) => n.name);
      const expected = [...data.components].sort((a, b) => b.tier - a.tier || a.name.localeCompare(b.name)).map((c) => c.name);
      expect(names).toEqual(expected);
      expect((sent[0].variables?.query as Any).sort).toEqual([
        { name: 'compass:tier', order: 'DESC' },
        { name: 'title', order: 'ASC' },
      ]);
    });

    it('pages through every component without duplicates', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const result = await run('query ($first: Int, $after: String) { compassComponents(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } }', { first: 7, after });
        const connection = (result.data as Any).compassComponents;
        seen.push(...connection.nodes.map((n: Any) => n.id));
        if (!connection.pageInfo.hasNextPage) break;
        after = connection.pageInfo.endCursor;
      }
      expect(seen).toEqual(byName.map((component) => component.id));
    });

    it('keeps the other components when one fails upstream (non-strict)', async () => {
      const result = await run(COMPONENTS, { first: 30 }, { scenario: 'partial-errors' });
      const nodes = (result.data as Any).compassComponents.nodes;
      expect(nodes).toHaveLength(30);
      // The sandbox fails the scorecards of its second component, payments-gateway.
      expect(nodes.find((n: Any) => n.name === 'payments-gateway').scorecardScores).toEqual([]);
      expect(nodes.find((n: Any) => n.name === 'checkout-service').scorecardScores.length).toBeGreaterThan(0);
      expect(canonicalNotes(result.context).errors[0].message).toMatch(/scorecard scores of payments-gateway/);
    });

    it('reads relationships in both directions, each relationship with one id', async () => {
      const checkout = data.components[0];
      const dependents = data.components.filter((component) => component.dependsOn.includes(checkout.id)).map((component) => component.id);
      const query = /* GraphQL */ `
        query ($id: String!) {
          compassComponent(id: $id) {
            id name
            outward: relationships { id startComponentId endComponentId }
            inward: relationships(direction: INWARD) { id startComponentId endComponentId }
            both: relationships(direction: BOTH) { id }
          }
        }
      `;
      const result = await run(query, { id: checkout.id });
      expect(result.errors).toBeUndefined();
      const component = (result.data as Any).compassComponent;
      expect(component.name).toBe('checkout-service');
      expect(component.outward).toEqual([]);
      expect(component.inward.map((r: Any) => r.startComponentId)).toEqual(dependents);
      expect(component.inward.every((r: Any) => r.endComponentId === checkout.id && r.id === `${r.startComponentId}|DEPENDS_ON|${checkout.id}`)).toBe(true);
      expect(component.both.map((r: Any) => r.id)).toEqual([...component.outward, ...component.inward].map((r: Any) => r.id));
      // One request with both directions (aliases), none for pages it did not need.
      expect(sent.map((request) => request.operationName)).toEqual(['CanonicalCompassComponent']);
      expect(sent[0].variables).toMatchObject({ withOutward: true, withInward: true, withScores: false });
      // The same relationship read from its other end has the same id.
      const dependent = await run(query, { id: dependents[0] });
      expect((dependent.data as Any).compassComponent.outward.map((r: Any) => r.id)).toContain(component.inward[0].id);
    });

    it('reads one component by id, null when Compass has none', async () => {
      const target = byName[0];
      const result = await run('query ($id: String!) { compassComponent(id: $id) { id name type labels scorecardScores { scorecardName evaluatedAt } } }', { id: target.id });
      expect(result.errors).toBeUndefined();
      expect((result.data as Any).compassComponent).toMatchObject({ id: target.id, name: target.name, labels: target.labels });
      expect((result.data as Any).compassComponent.scorecardScores).toHaveLength(target.scores.length);
      const missing = await run('{ compassComponent(id: "ari:cloud:compass:x:component/none/none") { id } }');
      expect(missing.errors).toBeUndefined();
      expect((missing.data as Any).compassComponent).toBeNull();
      const blank = await run('{ compassComponent(id: " ") { id } }');
      expect(blank.errors?.[0]?.message).toMatch(/id must not be empty/);
    });
  });

  describe('teams', () => {
    it('lists teams with current members and member counts, sending the team-members beta header', async () => {
      const result = await run(`{ teams(organizationId: "${ORG_ID}") { nodes { id displayName state memberCount members { accountId role displayName } } } }`);
      expect(result.errors).toBeUndefined();
      const nodes = (result.data as Any).teams.nodes;
      expect(nodes).toHaveLength(6);
      expect(nodes[5].state).toBe('ARCHIVED');
      for (const team of nodes) expect(team.members).toHaveLength(team.memberCount);
      expect(nodes[0].members[0]).toMatchObject({ role: 'ADMIN', displayName: 'Avery Quinn' });
      expect(sent.map((request) => request.operationName)).toEqual(['CanonicalTeamSearch']);
      expect(sent[0].headers['x-experimentalapi']).toBe('team-members-beta');
    });

    it('fetches one team through teamV2 in the site, with the team-members beta header', async () => {
      const list = await run(`{ teams(organizationId: "${ORG_ID}", query: "pay") { nodes { id } } }`);
      const id = (list.data as Any).teams.nodes[0].id;
      sent.length = 0;
      const result = await run(`{ team(id: "${id}") { displayName memberCount members { accountId } } }`);
      expect(result.errors).toBeUndefined();
      expect((result.data as Any).team).toMatchObject({ displayName: 'Payments', memberCount: null });
      expect((result.data as Any).team.members).toHaveLength(data.teams[1].members.filter((m) => m.state === 'FULL_MEMBER').length);
      expect(sent[0]).toMatchObject({ operationName: 'CanonicalTeamById', variables: { id, siteId: CLOUD_ID } });
      expect(sent[0].query).toMatch(/teamV2\(id: \$id, siteId: \$siteId\)/);
      expect(sent[0].headers['x-experimentalapi']).toBe('team-members-beta');
      const missing = await run('{ team(id: "ari:cloud:identity::team/none") { displayName } }');
      expect((missing.data as Any).team).toBeNull();
      const blank = await run('{ teams(organizationId: "") { nodes { id } } }');
      expect(blank.errors?.[0]?.message).toMatch(/organizationId must not be empty/);
    });
  });

  describe('Teamwork Graph', () => {
    const team = data.teams[0];
    const subject = '5b10ac8d82e05b22cc7d4e02';

    it('lists active projects, or projects within a window', async () => {
      const active = await run(`{ teamworkProjects(teamId: "${team.id}") { nodes { teamId projectId projectKey projectName } } }`);
      expect(active.errors).toBeUndefined();
      expect((active.data as Any).teamworkProjects.nodes).toEqual([expect.objectContaining({ teamId: team.id, projectName: 'Platform initiative 2' })]);
      expect(canonicalNotes(active.context).routes).toEqual([{ field: 'teamworkProjects', route: 'agg' }]);
      const windowed = await run(`{ teamworkProjects(teamId: "${team.id}", startDate: "2025-09-01T00:00:00Z", endDate: "2026-01-05T00:00:00Z") { nodes { projectName } } }`);
      expect((windowed.data as Any).teamworkProjects.nodes.map((n: Any) => n.projectName)).toEqual(['Platform initiative 1', 'Platform initiative 2']);
      // A bare team id is sent as the team ARI.
      const bare = await run(`{ teamworkProjects(teamId: "${team.id.replace('ari:cloud:identity::team/', '')}") { nodes { teamId } } }`);
      expect((bare.data as Any).teamworkProjects.nodes).toEqual([{ teamId: team.id }]);
      const half = await run(`{ teamworkProjects(teamId: "${team.id}", startDate: "2025-09-01T00:00:00Z") { nodes { projectName } } }`);
      expect(half.errors?.[0]?.message).toMatch(/both startDate and endDate/);
    });

    it("lists a user's teams, manager and reports, sending the user ARI and X-Force-Dynamo; nobody is their own manager or report", async () => {
      const result = await run(`{ teamworkUserRelations(userId: "${subject}") { totalCount nodes { subjectUserId relationType teamId relatedUserId } } }`);
      expect(result.errors).toBeUndefined();
      const nodes = (result.data as Any).teamworkUserRelations.nodes;
      expect(nodes.filter((n: Any) => n.relationType === 'REPORTS_TO')).toEqual([{ subjectUserId: subject, relationType: 'REPORTS_TO', teamId: null, relatedUserId: '5b10ac8d82e05b22cc7d4e01' }]);
      expect(nodes.filter((n: Any) => n.relationType === 'MANAGES').map((n: Any) => n.relatedUserId)).toEqual(['05', '06', '07', '08'].map((n) => `5b10ac8d82e05b22cc7d4e${n}`));
      expect(nodes.filter((n: Any) => n.relationType === 'TEAM_MEMBER').length).toBeGreaterThan(0);
      expect(nodes.every((n: Any) => n.relatedUserId !== subject)).toBe(true);
      expect(sent.map((request) => request.operationName)).toEqual(['CanonicalTeamworkUserRelations']);
      expect(sent[0].variables?.userId).toBe(`ari:cloud:identity::user/${subject}`);
      expect(sent[0].headers['x-force-dynamo']).toBe('true');
      // An ARI in gives the same relations, the subject as an accountId.
      const byAri = await run(`{ teamworkUserRelations(userId: "ari:cloud:identity::user/${subject}", relationTypes: [REPORTS_TO]) { nodes { subjectUserId relatedUserId } } }`);
      expect((byAri.data as Any).teamworkUserRelations.nodes).toEqual([{ subjectUserId: subject, relatedUserId: '5b10ac8d82e05b22cc7d4e01' }]);
      const paged = await run(`{ teamworkUserRelations(userId: "${subject}", relationTypes: [MANAGES], first: 3) { pageInfo { hasNextPage endCursor } nodes { relatedUserId } } }`);
      const cursor = (paged.data as Any).teamworkUserRelations.pageInfo.endCursor;
      const rest = await run(`{ teamworkUserRelations(userId: "${subject}", relationTypes: [MANAGES], first: 3, after: "${cursor}") { pageInfo { hasNextPage } nodes { relatedUserId } } }`);
      expect((rest.data as Any).teamworkUserRelations.nodes).toEqual([{ relatedUserId: '5b10ac8d82e05b22cc7d4e08' }]);
    });

    it('lists the users of a team, paged', async () => {
      const members = team.members.filter((m) => m.state === 'FULL_MEMBER').map((m) => m.accountId);
      const first = await run(`{ teamworkTeamUsers(teamId: "${team.id}", first: 2) { pageInfo { hasNextPage endCursor } nodes { subjectUserId relationType teamId relatedUserId } } }`);
      expect(first.errors).toBeUndefined();
      const page = (first.data as Any).teamworkTeamUsers;
      expect(page.nodes).toEqual(members.slice(0, 2).map((accountId) => ({ subjectUserId: accountId, relationType: 'TEAM_MEMBER', teamId: team.id, relatedUserId: null })));
      const rest = await run(`{ teamworkTeamUsers(teamId: "${team.id}", after: "${page.pageInfo.endCursor}") { pageInfo { hasNextPage } nodes { subjectUserId } } }`);
      expect((rest.data as Any).teamworkTeamUsers.nodes.map((n: Any) => n.subjectUserId)).toEqual(members.slice(2));
      expect(sent.every((request) => request.operationName === 'CanonicalTeamworkTeamUsers')).toBe(true);
    });

    const ALL_TEAMWORK = `{
      teamworkProjects(teamId: "${team.id}") { totalCount nodes { projectId } }
      teamworkUserRelations(userId: "${subject}") { totalCount nodes { relatedUserId } }
      teamworkTeamUsers(teamId: "${team.id}") { totalCount nodes { subjectUserId } }
    }`;
    const noteFor = (field: string) => ({ field, route: 'none', reason: expect.stringMatching(/not available for OAuth authenticated requests.*tenanted credentials/) });

    it('with an OAuth credential, answers empty and says why instead of a call AGG would refuse', async () => {
      const oauth = executor(canonicalAggSchema(aggTestSettings(settingsUrls, { auth: { kind: 'oauthBearer', accessToken: 'token' } }), recordingFetch(sent)));
      const result = await oauth(ALL_TEAMWORK);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        teamworkProjects: { totalCount: null, nodes: [] },
        teamworkUserRelations: { totalCount: null, nodes: [] },
        teamworkTeamUsers: { totalCount: null, nodes: [] },
      });
      expect(canonicalNotes(result.context).routes).toEqual([noteFor('teamworkProjects'), noteFor('teamworkUserRelations'), noteFor('teamworkTeamUsers')]);
      expect(sent).toHaveLength(0);
    });

    it("routes by the caller's forwarded credential: a Bearer token is OAuth, Basic is tenanted", async () => {
      const forwarding = executor(canonicalAggSchema(aggTestSettings(settingsUrls, { forwardCallerCredentials: true }), recordingFetch(sent)));
      const bearer = await forwarding(ALL_TEAMWORK, undefined, { request: { headers: new Headers({ authorization: 'Bearer caller-token' }) } });
      expect(canonicalNotes(bearer.context).routes.map((route) => route.route)).toEqual(['none', 'none', 'none']);
      expect(sent).toHaveLength(0);
      const basic = await forwarding(ALL_TEAMWORK, undefined, { request: { headers: new Headers({ authorization: 'Basic dXNlcjp0b2tlbg==' }) } });
      expect(basic.errors).toBeUndefined();
      expect(canonicalNotes(basic.context).routes.map((route) => route.route)).toEqual(['agg', 'agg', 'agg']);
      expect((basic.data as Any).teamworkTeamUsers.nodes.length).toBeGreaterThan(0);
    });

    it('says the same when AGG itself refuses an OAuth caller the gateway could not tell apart', async () => {
      const result = await run(`{ teamworkTeamUsers(teamId: "${team.id}") { nodes { subjectUserId } } }`, undefined, { authorization: 'Bearer unseen-token' });
      expect(result.errors).toBeUndefined();
      expect((result.data as Any).teamworkTeamUsers.nodes).toEqual([]);
      expect(canonicalNotes(result.context).routes).toEqual([noteFor('teamworkTeamUsers')]);
      expect(sent.map((request) => request.operationName)).toEqual(['CanonicalTeamworkTeamUsers']);
    });
  });

  describe('through the gateway transport', () => {
    it("merges the operation's beta headers with configured and caller opt-ins, one header line each, and AGG accepts them", async () => {
      const outgoing: Headers[] = [];
      const transport = createTransport({
        settings: aggTestSettings(settingsUrls, { experimentalApis: ['compass-beta'] }),
        fetchImpl: ((url: Parameters<typeof fetch>[0], init?: RequestInit) => {
          outgoing.push(new Headers(init?.headers));
          return withRepeatedHeaderLines(globalThis.fetch)(url, init);
        }) as typeof fetch,
      });
      try {
        const viaTransport = executor(canonicalAggSchema(aggTestSettings(settingsUrls, { experimentalApis: ['compass-beta'] }), transport.fetch));
        const caller = { request: { headers: new Headers({ 'x-experimentalapi': 'teams-beta' }) } };
        const result = await viaTransport(
          `{ team(id: "${data.teams[0].id}") { displayName members { accountId } } teamworkUserRelations(userId: "5b10ac8d82e05b22cc7d4e02", relationTypes: [REPORTS_TO]) { nodes { relatedUserId } } }`,
          undefined,
          caller,
        );
        expect(result.errors).toBeUndefined();
        expect((result.data as Any).team.members.length).toBeGreaterThan(0);
        expect((result.data as Any).teamworkUserRelations.nodes).toEqual([{ relatedUserId: '5b10ac8d82e05b22cc7d4e01' }]);
        const teamCall = outgoing.find((headers) => (headers.get('x-experimentalapi') ?? '').includes('team-members-beta'));
        expect((teamCall?.get('x-experimentalapi') ?? '').split(',').map((value) => value.trim()).sort()).toEqual(['compass-beta', 'team-members-beta', 'teams-beta']);
        expect(outgoing.some((headers) => headers.get('x-force-dynamo') === 'true')).toBe(true);
      } finally {
        await transport.close();
      }
    });
  });
});
