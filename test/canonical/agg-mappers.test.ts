/** Pure AGG -> canonical mappers on payloads shaped after the AGG types. */
import { describe, expect, it } from 'vitest';
import { MappingError, mapOrError } from '../../resolvers/shared/errors.ts';
import { linkableTeamsOf, mapProjectWithOpsgenieTeams, parseProjectType } from '../../resolvers/agg/mappers/projects.ts';
import { cloudIdFromComponentAri, mapCompassComponent, mapCompassRelationship, mapCompassScorecardScore, scorecardNamesOf } from '../../resolvers/agg/mappers/compass.ts';
import { isCurrentMember, mapAtlassianTeam, mapTeamMember } from '../../resolvers/agg/mappers/teams.ts';
import { accountIdFromUserRef, mapTeamworkProjectRow, mapTeamworkRelationRow } from '../../resolvers/agg/mappers/teamwork.ts';

const CLOUD = '11111111-2222-4333-8444-555555555555';

const aggProject = {
  id: `ari:cloud:jira:${CLOUD}:project/10000`,
  key: 'DEV',
  name: 'Developer Platform',
  cloudId: CLOUD,
  projectType: 'SOFTWARE',
  opsgenieTeamsAvailableToLinkWith: {
    pageInfo: { hasNextPage: true, endCursor: 'YXJyYXljb25uZWN0aW9uOjE=' },
    edges: [{ node: { id: 'ari:cloud:opsgenie:x:team/1', name: 'Platform On-call' } }, { node: { id: 'ari:cloud:opsgenie:x:team/2', name: 'SRE Primary' } }],
  },
};

describe('Jira projects with Opsgenie teams', () => {
  it('maps project and teams, type as the REST key', () => {
    const teams = linkableTeamsOf(aggProject);
    expect(teams.pageInfo).toEqual({ hasNextPage: true, endCursor: 'YXJyYXljb25uZWN0aW9uOjE=' });
    expect(mapProjectWithOpsgenieTeams(aggProject, teams.nodes, 'other-cloud')).toEqual({
      project: { cloudId: CLOUD, key: 'DEV', name: 'Developer Platform', type: 'software' },
      opsgenieTeams: [
        { id: 'ari:cloud:opsgenie:x:team/1', name: 'Platform On-call' },
        { id: 'ari:cloud:opsgenie:x:team/2', name: 'SRE Primary' },
      ],
    });
  });

  it('uses the requested cloud id when AGG omits it, and [] without a teams connection', () => {
    const { cloudId: _omit, opsgenieTeamsAvailableToLinkWith: _none, ...bare } = aggProject;
    expect(mapProjectWithOpsgenieTeams(bare, linkableTeamsOf(bare).nodes, CLOUD)).toMatchObject({ project: { cloudId: CLOUD }, opsgenieTeams: [] });
  });

  it('names the project and the missing field', () => {
    const result = mapOrError({ ...aggProject, name: null }, (raw) => mapProjectWithOpsgenieTeams(raw, [], CLOUD));
    expect(result).toBeInstanceOf(MappingError);
    expect((result as Error).message).toContain('project DEV');
    expect((result as Error).message).toContain("'name'");
    const teamless = mapOrError(aggProject, (raw) => mapProjectWithOpsgenieTeams(raw, [{ id: 'ari:t/9' }], CLOUD));
    expect((teamless as Error).message).toMatch(/team ari:t\/9/);
  });

  it('parses project type tokens in both spellings', () => {
    expect(parseProjectType('software')).toBe('SOFTWARE');
    expect(parseProjectType('service-desk')).toBe('SERVICE_DESK');
    expect(parseProjectType('SERVICE_DESK')).toBe('SERVICE_DESK');
    expect(parseProjectType('kanban')).toBeNull();
  });
});

const componentId = `ari:cloud:compass:${CLOUD}:component/ws-1/c-1`;
const aggComponent = {
  id: componentId,
  name: 'checkout-service',
  type: 'OTHER',
  typeId: 'CAPABILITY',
  description: null,
  ownerId: 'ari:cloud:identity::team/t-1',
  ownerTeam: { id: 'ari:cloud:identity::team/t-1', displayName: 'Payments' },
  labels: [{ name: 'tier-1' }, { name: null }, { name: 'pci' }],
  changeMetadata: { createdAt: '2025-01-01T10:00:00+02:00', lastUserModificationAt: null },
  scorecards: [{ id: 'sc-1', name: 'Service readiness' }],
  scorecardScores: [{ scorecardId: 'sc-1', totalScore: 80, maxTotalScore: 100 }, { scorecardId: 'sc-2', totalScore: 140, maxTotalScore: 100 }],
};

describe('Compass', () => {
  it('maps a component: typeId wins, cloud id from the ARI, UTC dates', () => {
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

  it('fails a component without name or type, naming it', () => {
    expect(() => mapCompassComponent({ ...aggComponent, name: '' }, null)).toThrow(/CompassComponent .*c-1.*'name' is empty/);
    expect(() => mapCompassComponent({ ...aggComponent, typeId: null, type: null }, null)).toThrow(/'typeId'/);
  });

  it('maps relationships with a synthesized stable id', () => {
    const raw = { type: 'DEPENDS_ON', relationshipType: 'DEPENDS_ON', startNode: { id: 'a' }, endNode: { id: 'b' } };
    expect(mapCompassRelationship(raw, 'a', 0)).toEqual({ id: 'a|DEPENDS_ON|b', type: 'DEPENDS_ON', startComponentId: 'a', endComponentId: 'b' });
    expect(() => mapCompassRelationship({ ...raw, endNode: null }, 'a', 3)).toThrow(/#3 of component a.*endNode\.id/);
  });

  it('maps scores with scorecard names and refuses out-of-range scores', () => {
    const names = scorecardNamesOf(aggComponent);
    const [ok, bad] = aggComponent.scorecardScores.map((s, i) => mapOrError(s, (raw) => mapCompassScorecardScore(raw, componentId, names, i)));
    expect(ok).toEqual({ componentId, scorecardId: 'sc-1', scorecardName: 'Service readiness', score: 80, maxScore: 100, evaluatedAt: null });
    expect(bad).toBeInstanceOf(MappingError);
    expect((bad as Error).message).toMatch(/sc-2 .*totalScore.*outside 0\.\.100/);
  });
});

describe('Teams', () => {
  const aggTeam = { id: 'ari:cloud:identity::team/t-1', displayName: 'Payments', description: 'Checkout', state: 'DISBANDED', smallAvatarImageUrl: 'https://a/s.png' };
  it('maps a team; DISBANDED is ARCHIVED', () => {
    expect(mapAtlassianTeam(aggTeam, 4)).toEqual({ id: aggTeam.id, displayName: 'Payments', description: 'Checkout', state: 'ARCHIVED', avatarUrl: 'https://a/s.png', memberCount: 4 });
    expect(() => mapAtlassianTeam({ ...aggTeam, state: 'FROZEN' }, null)).toThrow(/state' has unknown value "FROZEN"/);
  });

  it('maps members and keeps only current ones', () => {
    const raw = { role: 'ADMIN', state: 'FULL_MEMBER', member: { accountId: 'acc-1', name: 'Avery Quinn' } };
    expect(mapTeamMember(raw, aggTeam.id, 0)).toEqual({ teamId: aggTeam.id, accountId: 'acc-1', displayName: 'Avery Quinn', role: 'ADMIN' });
    expect(isCurrentMember({ ...raw, state: 'ALUMNI' })).toBe(false);
    expect(() => mapTeamMember({ role: 'REGULAR', member: { name: 'x' } }, aggTeam.id, 2)).toThrow(/#2 of team .*member\.accountId/);
  });
});

describe('Teamwork Graph rows', () => {
  const ari = (id: string, data: object | null) => ({ key: 'k', value: { __typename: 'GraphStoreCypherQueryV2AriNode', id, data } });
  it('maps project rows from TownsquareProject data', () => {
    const row = { columns: [ari('ari:cloud:townsquare:c:project/p1', { __typename: 'TownsquareProject', id: 'ari:cloud:townsquare:c:project/p1', key: 'PAY-1', name: 'Faster checkout' })] };
    expect(mapTeamworkProjectRow(row, 'team-1', 0)).toEqual({ teamId: 'team-1', projectId: 'ari:cloud:townsquare:c:project/p1', projectKey: 'PAY-1', projectName: 'Faster checkout' });
    expect(() => mapTeamworkProjectRow({ columns: [] }, 'team-1', 4)).toThrow(/row #4 of team team-1/);
  });

  it('maps relation rows by what the node is', () => {
    const teamRow = { columns: [ari('ari:cloud:identity::team/t1', { __typename: 'TeamV2', id: 'ari:cloud:identity::team/t1' })] };
    const userRow = { columns: [ari('ari:cloud:identity::user/acc-9', null)] };
    expect(mapTeamworkRelationRow(teamRow, 'acc-1', 'TEAM_MEMBER', 0)).toEqual({ subjectUserId: 'acc-1', relationType: 'TEAM_MEMBER', teamId: 'ari:cloud:identity::team/t1', relatedUserId: null });
    expect(mapTeamworkRelationRow(userRow, 'acc-1', 'REPORTS_TO', 0)).toEqual({ subjectUserId: 'acc-1', relationType: 'REPORTS_TO', teamId: null, relatedUserId: 'acc-9' });
    expect(() => mapTeamworkRelationRow(teamRow, 'acc-1', 'MANAGES', 1)).toThrow(/user node/);
    expect(accountIdFromUserRef('acc-2')).toBe('acc-2');
  });
});
