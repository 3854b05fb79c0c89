/**
 * Team member pages against a scripted AGG: a team whose members span two pages gets its second
 * page through team.teamV2 with the team-members beta header, like the first (the request that
 * used to go out without it failed the whole teams page on live AGG).
 */
import { describe, expect, it } from 'vitest';
import type { UpstreamFetch } from '../../resolvers/shared/http.ts';
import { aggTestSettings, canonicalAggSchema, CLOUD_ID, executor, ORG_ID } from '../scripts/sandbox-agg/harness.ts';

const TEAM = 'ari:cloud:identity::team/7ea30000-0000-4000-8000-000000000001';
const member = (accountId: string, state = 'FULL_MEMBER') => ({ role: 'REGULAR', state, member: { accountId, name: ` User ${accountId} ` } });

interface Call {
  operationName: string;
  variables: Record<string, unknown>;
  experimentalApi: string | null;
}

function scriptedAgg(calls: Call[]): UpstreamFetch {
  return async (_url, init) => {
    const body = JSON.parse(String(init?.body)) as { operationName: string; variables: Record<string, unknown> };
    calls.push({ operationName: body.operationName, variables: body.variables, experimentalApi: new Headers(init?.headers).get('x-experimentalapi') });
    const team = { id: TEAM, displayName: 'Platform', description: null, state: 'ACTIVE', smallAvatarImageUrl: null };
    const data =
      body.operationName === 'CanonicalTeamSearch'
        ? {
            team: {
              teamSearchV2: {
                pageInfo: { hasNextPage: false, endCursor: 'c1' },
                edges: [{ cursor: 'c1', node: { memberCount: 3, team: { ...team, members: { pageInfo: { hasNextPage: true, endCursor: 'm2' }, nodes: [member('a1'), member('a2')] } } } }],
              },
            },
          }
        : { team: { teamV2: { ...team, members: { pageInfo: { hasNextPage: false, endCursor: 'm3' }, nodes: [member('a3'), member('a4', 'ALUMNI')] } } } };
    return new Response(JSON.stringify({ data }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

describe('team members over more than one AGG page', () => {
  it('fetches the next member pages through teamV2 in the same site, with X-ExperimentalApi: team-members-beta', async () => {
    const calls: Call[] = [];
    const run = executor(canonicalAggSchema(aggTestSettings({ agg: 'http://agg.test/graphql' }), scriptedAgg(calls)));
    const result = await run(`{ teams(organizationId: "${ORG_ID}") { nodes { id memberCount members { accountId displayName } } } }`);
    expect(result.errors).toBeUndefined();
    expect((result.data as { teams: { nodes: Array<{ members: unknown[] }> } }).teams.nodes[0].members).toEqual([
      { accountId: 'a1', displayName: 'User a1' },
      { accountId: 'a2', displayName: 'User a2' },
      { accountId: 'a3', displayName: 'User a3' },
    ]);
    expect(calls.map((call) => [call.operationName, call.experimentalApi])).toEqual([
      ['CanonicalTeamSearch', 'team-members-beta'],
      ['CanonicalTeamById', 'team-members-beta'],
    ]);
    expect(calls[1].variables).toMatchObject({ id: TEAM, siteId: CLOUD_ID, withMembers: true, membersAfter: 'm2' });
  });
});
