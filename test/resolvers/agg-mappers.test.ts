/** Pure AGG -> canonical mappers (and the REST project mapper) on payloads shaped after the AGG types. */
import { describe, expect, it } from 'vitest';
import { MappingError, mapOrError } from '../../resolvers/shared/errors.ts';
import { normalizeProjectType, parseProjectType } from '../../resolvers/shared/project-type.ts';
import { linkableTeamsOf, mapProjectWithOpsgenieTeams } from '../../resolvers/agg/mappers/projects.ts';
import { mapRestProjectWithOpsgenieTeams } from '../../resolvers/jira/mappers/project.ts';
import { cloudIdFromComponentAri, mapAppliedScorecardEdge, mapCompassComponent, mapCompassRelationship } from '../../resolvers/agg/mappers/compass.ts';
import { isCurrentMember, mapAtlassianTeam, mapTeamMember } from '../../resolvers/agg/mappers/teams.ts';
import { accountIdFromUserRef, mapTeamworkProjectRow, mapTeamworkRelationRow, mapTeamworkTeamUserRow, teamAriOf, userAriOf } from '../../resolvers/agg/mappers/teamwork.ts';

const CLOUD = '11111111-2222-4333-8444-555555555555';

const aggProject = {
  id: `ari:cloud:jira:${CLOUD}:project/10000`,
  key: 'DEV',
  name: '  Developer Platform ',
  cloudId: CLOUD,
  projectType: 'SOFTWARE',
  opsgenieTeamsAvailableToLinkWith: {
    pageInfo: { hasNextPage: true, endCursor: ' YXJyYXljb25uZWN0aW9uOjE=' },
    edges: [{ node: { id: 'ari:cloud:opsgenie:x:team/1', name: ' Platform On-call' } }, { node: { id: 'ari:cloud:opsgenie:x:team/2', name: 'SRE Primary' } }],
  },
};

describe('Jira projects with Opsgenie teams', () => {
  it('maps project and teams: type upper-case, names trimmed, cursor kept byte for byte', () => {
    const teams = linkableTeamsOf(aggProject);
    expect(teams.pageInfo).toEqual({ hasNextPage: true, endCursor: ' YXJyYXljb25uZWN0aW9uOjE=' });
    expect(mapProjectWithOpsgenieTeams(aggProject, teams.nodes, 'other-cloud')).toEqual({
      project: { cloudId: CLOUD, key: 'DEV', name: 'Developer Platform', type: 'SOFTWARE' },
      opsgenieTeams: [
        { id: 'ari:cloud:opsgenie:x:team/1', name: 'Platform On-call' },
        { id: 'ari:cloud:opsgenie:x:team/2', name: 'SRE Primary' },
      ],
    });
  });

  it('lists a team AGG returned on two pages once (first occurrence)', () => {
    const page1 = linkableTeamsOf(aggProject).nodes;
    const page2 = [{ id: 'ari:cloud:opsgenie:x:team/2', name: 'SRE Primary (again)' }, { id: 'ari:cloud:opsgenie:x:team/3', name: 'Data On-call' }];
    expect(mapProjectWithOpsgenieTeams(aggProject, [...page1, ...page2], CLOUD).opsgenieTeams).toEqual([
      { id: 'ari:cloud:opsgenie:x:team/1', name: 'Platform On-call' },
      { id: 'ari:cloud:opsgenie:x:team/2', name: 'SRE Primary' },
      { id: 'ari:cloud:opsgenie:x:team/3', name: 'Data On-call' },
    ]);
  });

  it('uses the requested cloud id when AGG omits it, and [] without a teams connection', () => {
    const { cloudId: _omit, opsgenieTeamsAvailableToLinkWith: _none, ...bare } = aggProject;
    expect(mapProjectWithOpsgenieTeams(bare, linkableTeamsOf(bare).nodes, CLOUD)).toMatchObject({ project: { cloudId: CLOUD }, opsgenieTeams: [] });
  });

  it('names the project and the missing field', () => {
    const result = mapOrError({ ...aggProject, name: '   ' }, (raw) => mapProjectWithOpsgenieTeams(raw, [], CLOUD));
    expect(result).toBeInstanceOf(MappingError);
    expect((result as Error).message).toContain('project DEV');
    expect((result as Error).message).toContain("'name' is empty");
    const teamless = mapOrError(aggProject, (raw) => mapProjectWithOpsgenieTeams(raw, [{ id: 'ari:t/9' }], CLOUD));
    expect((teamless as Error).message).toMatch(/team ari:t\/9/);
  });

  it('normalises project types the same way on both routes', () => {
    expect(mapProjectWithOpsgenieTeams({ ...aggProject, projectType: 'PRODUCT_DISCOVERY' }, [], CLOUD).project.type).toBe('PRODUCT_DISCOVERY');
    expect(mapRestProjectWithOpsgenieTeams({ id: '10000', key: 'OPS', name: 'Ops', projectTypeKey: 'service_desk' }, CLOUD).project.type).toBe('SERVICE_DESK');
    expect(mapRestProjectWithOpsgenieTeams({ id: '10001', key: 'CS', name: 'Care', projectTypeKey: 'customer_service' }, CLOUD).project.type).toBe('CUSTOMER_SERVICE');
    expect(mapRestProjectWithOpsgenieTeams({ id: '10002', key: 'X', name: 'No type' }, CLOUD).project.type).toBeNull();
    expect(normalizeProjectType(' Service Desk ')).toBe('SERVICE_DESK');
    expect(normalizeProjectType('product-discovery')).toBe('PRODUCT_DISCOVERY');
    expect(normalizeProjectType('')).toBeNull();
  });

  it('parses project type filters in any spelling', () => {
    for (const spelling of ['SERVICE_DESK', 'service_desk', 'service-desk', 'Service Desk', '  service desk ']) expect(parseProjectType(spelling)).toBe('SERVICE_DESK');
    expect(parseProjectType('software')).toBe('SOFTWARE');
    expect(parseProjectType('Customer Service')).toBe('CUSTOMER_SERVICE');
    expect(parseProjectType('kanban')).toBeNull();
  });
});

const componentId = `ari:cloud:compass:${CLOUD}:component/ws-1/c-1`;
const otherId = `ari:cloud:compass:${CLOUD}:component/ws-1/c-2`;
const aggComponent = {
  id: componentId,
  name: ' checkout-service ',
  typeId: 'CAPABILITY',
  description: '  ',
  ownerId: 'ari:cloud:identity::team/t-1',
  ownerTeam: { id: 'ari:cloud:identity::team/t-1', displayName: ' Payments ' },
  labels: [{ name: 'tier-1 ' }, { name: null }, { name: 'pci' }],
  changeMetadata: { createdAt: '2025-01-01T10:00:00+02:00', lastUserModificationAt: null },
};

describe('Compass components and relationships', () => {
  it('maps a component: typeId, cloud id from the ARI, trimmed strings, UTC dates', () => {
    expect(cloudIdFromComponentAri(componentId)).toBe(CLOUD);
    expect(mapCompassComponent(aggComponent, null)).toEqual({
      id: componentId,
      cloudId: CLOUD,
      name: 'checkout-service',
      type: 'CAPABILITY',
      description: null,
      ownerTeamId: 'ari:cloud:identity::team/t-1',
      ownerTeamName: 'Payments',
      labels: ['tier-1', 'pci'],
      createdAt: '2025-01-01T08:00:00.000Z',
      updatedAt: null,
    });
    expect(mapCompassComponent({ ...aggComponent, typeId: 'my-custom-type' }, null).type).toBe('OTHER');
  });

  it('fails a component without name or typeId, naming it', () => {
    expect(() => mapCompassComponent({ ...aggComponent, name: '' }, null)).toThrow(/CompassComponent .*c-1.*'name' is empty/);
    expect(() => mapCompassComponent({ ...aggComponent, typeId: null }, null)).toThrow(/'typeId'/);
  });

  it('maps relationships in both directions to the same start -> end and id', () => {
    const outward = { relationshipType: 'DEPENDS_ON', startNode: { id: componentId }, endNode: { id: otherId } };
    expect(mapCompassRelationship(outward, componentId, 'OUTWARD', 0)).toEqual({ id: `${componentId}|DEPENDS_ON|${otherId}`, type: 'DEPENDS_ON', startComponentId: componentId, endComponentId: otherId });
    // Seen from the other component (INWARD), whether AGG keeps the real direction or starts at the asking component.
    const inward = mapCompassRelationship(outward, otherId, 'INWARD', 0);
    const turned = mapCompassRelationship({ relationshipType: 'DEPENDS_ON', startNode: { id: otherId }, endNode: { id: componentId } }, otherId, 'INWARD', 0);
    expect(inward).toEqual(mapCompassRelationship(outward, componentId, 'OUTWARD', 0));
    expect(turned).toEqual(inward);
    expect(() => mapCompassRelationship({ ...outward, endNode: null }, componentId, 'OUTWARD', 3)).toThrow(/outward #3 of component .*c-1.*endNode\.id/);
    expect(() => mapCompassRelationship({ ...outward, relationshipType: ' ' }, componentId, 'OUTWARD', 1)).toThrow(/relationshipType' is empty/);
  });
});

describe('Compass applied scorecards', () => {
  const edge = (score: object, node: object | null = { id: 'sc-1', name: ' Service readiness ' }) => ({ node, score });
  const percentage = {
    __typename: 'CompassScorecardScore',
    scorecardId: 'sc-1',
    totalScore: 80,
    maxTotalScore: 100,
    statusDuration: { since: '2025-11-01T00:00:00Z' },
    criteriaScores: [{ dataSourceLastUpdated: '2026-01-02T10:00:00+01:00' }, { dataSourceLastUpdated: '2026-01-03T08:00:00Z' }, { dataSourceLastUpdated: null }],
  };

  it('maps a percentage score with its name and the latest criteria update as evaluatedAt', () => {
    expect(mapAppliedScorecardEdge(edge(percentage), componentId, 0)).toEqual({
      componentId,
      scorecardId: 'sc-1',
      scorecardName: 'Service readiness',
      score: 80,
      maxScore: 100,
      evaluatedAt: '2026-01-03T08:00:00.000Z',
    });
  });

  it('falls back to the status change time, then null', () => {
    expect(mapAppliedScorecardEdge(edge({ ...percentage, criteriaScores: [] }), componentId, 0)?.evaluatedAt).toBe('2025-11-01T00:00:00.000Z');
    expect(mapAppliedScorecardEdge(edge({ ...percentage, criteriaScores: null, statusDuration: null }), componentId, 0)?.evaluatedAt).toBeNull();
  });

  it('leaves out maturity-level scorecards (no percentage) and refuses bad scores, naming the scorecard', () => {
    expect(mapAppliedScorecardEdge(edge({ __typename: 'CompassScorecardMaturityLevelAwarded', scorecardId: 'sc-9' }, { id: 'sc-9', name: 'Maturity' }), componentId, 1)).toBeNull();
    const outOfRange = mapOrError(edge({ ...percentage, totalScore: 140 }), (raw) => mapAppliedScorecardEdge(raw, componentId, 2));
    expect(outOfRange).toBeInstanceOf(MappingError);
    expect((outOfRange as Error).message).toMatch(/sc-1 of component .*totalScore.*outside 0\.\.100/);
    expect(() => mapAppliedScorecardEdge(edge({ __typename: 'QueryError', message: 'Scorecard unavailable' }), componentId, 3)).toThrow(/sc-1 .*QueryError: Scorecard unavailable/);
    expect(() => mapAppliedScorecardEdge(edge({ ...percentage, criteriaScores: [{ dataSourceLastUpdated: 'yesterday' }] }), componentId, 4)).toThrow(/dataSourceLastUpdated.*not a date-time/);
    expect(() => mapAppliedScorecardEdge({ node: { id: 'sc-1' }, score: null }, componentId, 5)).toThrow(/'score' is missing/);
  });
});

describe('Teams', () => {
  const aggTeam = { id: 'ari:cloud:identity::team/t-1', displayName: ' Payments', description: 'Checkout ', state: 'DISBANDED', smallAvatarImageUrl: 'https://a/s.png' };
  it('maps a team (trimmed); DISBANDED is ARCHIVED', () => {
    expect(mapAtlassianTeam(aggTeam, 4)).toEqual({ id: aggTeam.id, displayName: 'Payments', description: 'Checkout', state: 'ARCHIVED', avatarUrl: 'https://a/s.png', memberCount: 4 });
    expect(() => mapAtlassianTeam({ ...aggTeam, state: 'FROZEN' }, null)).toThrow(/state' has unknown value "FROZEN"/);
  });

  it('maps members and keeps only current ones', () => {
    const raw = { role: 'ADMIN', state: 'FULL_MEMBER', member: { accountId: 'acc-1', name: 'Avery Quinn ' } };
    expect(mapTeamMember(raw, aggTeam.id, 0)).toEqual({ teamId: aggTeam.id, accountId: 'acc-1', displayName: 'Avery Quinn', role: 'ADMIN' });
    expect(isCurrentMember({ ...raw, state: 'ALUMNI' })).toBe(false);
    expect(() => mapTeamMember({ role: 'REGULAR', member: { name: 'x' } }, aggTeam.id, 2)).toThrow(/#2 of team .*member\.accountId/);
  });
});

describe('Teamwork Graph rows', () => {
  const ari = (key: string, id: string, data: object | null) => ({ key, value: { __typename: 'GraphStoreCypherQueryV2AriNode', id, data } });
  const user = (key: string, accountId: string) => ari(key, `ari:cloud:identity::user/${accountId}`, { __typename: 'AtlassianAccountUser', id: `ari:cloud:identity::user/${accountId}`, accountId, name: accountId });

  it('sends user and team ids in the ARI form the graph uses', () => {
    expect(userAriOf('acc-1')).toBe('ari:cloud:identity::user/acc-1');
    expect(userAriOf('ari:cloud:identity::user/acc-1')).toBe('ari:cloud:identity::user/acc-1');
    expect(teamAriOf('7ea30000-0000-4000-8000-000000000001')).toBe('ari:cloud:identity::team/7ea30000-0000-4000-8000-000000000001');
    expect(teamAriOf('ari:cloud:identity::team/t1')).toBe('ari:cloud:identity::team/t1');
    expect(accountIdFromUserRef('acc-2')).toBe('acc-2');
  });

  it('maps project rows from TownsquareProject data', () => {
    const row = { columns: [ari('project', 'ari:cloud:townsquare:c:project/p1', { __typename: 'TownsquareProject', id: 'ari:cloud:townsquare:c:project/p1', key: 'PAY-1', name: ' Faster checkout ' })] };
    expect(mapTeamworkProjectRow(row, 'team-1', 0)).toEqual({ teamId: 'team-1', projectId: 'ari:cloud:townsquare:c:project/p1', projectKey: 'PAY-1', projectName: 'Faster checkout' });
    expect(() => mapTeamworkProjectRow({ columns: [] }, 'team-1', 4)).toThrow(/row #4 of team team-1/);
  });

  it('maps team rows by what the node is', () => {
    const teamRow = { columns: [ari('team', 'ari:cloud:identity::team/t1', { __typename: 'TeamV2', id: 'ari:cloud:identity::team/t1' })] };
    expect(mapTeamworkRelationRow(teamRow, 'acc-1', 'TEAM_MEMBER', 0)).toEqual({ subjectUserId: 'acc-1', relationType: 'TEAM_MEMBER', teamId: 'ari:cloud:identity::team/t1', relatedUserId: null });
    expect(() => mapTeamworkRelationRow(teamRow, 'acc-1', 'MANAGES', 1)).toThrow(/user node other than the subject/);
  });

  it('never names the asked user as their own manager or report when the row carries their column too', () => {
    const managerRow = { columns: [user('user', 'acc-1'), user('manager', 'acc-9')] };
    expect(mapTeamworkRelationRow(managerRow, 'acc-1', 'REPORTS_TO', 0)).toEqual({ subjectUserId: 'acc-1', relationType: 'REPORTS_TO', teamId: null, relatedUserId: 'acc-9' });
    const reportRow = { columns: [user('user', 'acc-9'), user('report', 'acc-4')] };
    expect(mapTeamworkRelationRow(reportRow, 'acc-9', 'MANAGES', 0)?.relatedUserId).toBe('acc-4');
    // Without telling keys the other user is still the one picked; an ARI-only node works too.
    const unkeyed = { columns: [ari('a', 'ari:cloud:identity::user/acc-1', null), ari('b', 'ari:cloud:identity::user/acc-5', null)] };
    expect(mapTeamworkRelationRow(unkeyed, 'acc-1', 'REPORTS_TO', 0)?.relatedUserId).toBe('acc-5');
    // A column keyed for the relation wins over another user in the row.
    const both = { columns: [user('user', 'acc-1'), user('peer', 'acc-7'), user('manager', 'acc-8')] };
    expect(mapTeamworkRelationRow(both, 'acc-1', 'REPORTS_TO', 0)?.relatedUserId).toBe('acc-8');
    expect(() => mapTeamworkRelationRow({ columns: [user('user', 'acc-1')] }, 'acc-1', 'REPORTS_TO', 2)).toThrow(/REPORTS_TO row #2 of user acc-1.*other than the subject/);
  });

  it('maps team user rows to TEAM_MEMBER relations of the team', () => {
    const row = { columns: [ari('team', 'ari:cloud:identity::team/t1', { __typename: 'TeamV2', id: 'ari:cloud:identity::team/t1' }), user('user', 'acc-3')] };
    expect(mapTeamworkTeamUserRow(row, 'ari:cloud:identity::team/t1', 0)).toEqual({ subjectUserId: 'acc-3', relationType: 'TEAM_MEMBER', teamId: 'ari:cloud:identity::team/t1', relatedUserId: null });
    expect(() => mapTeamworkTeamUserRow({ columns: [] }, 'ari:cloud:identity::team/t1', 5)).toThrow(/user row #5 of team/);
  });
});
