/**
 * Query.teams (team.teamSearchV2), Query.team (team.teamV2(id, siteId)) and AtlassianTeam.members.
 * Members ride in the team request when selected; teams with more than one page of members get
 * follow-up pages through team.teamV2. Every member read carries X-ExperimentalApi:
 * team-members-beta (operations/teams.ts).
 */
import type { QueryResolvers, Resolvers } from '../../generated/resolver-types.ts';
import { buildConnection, type NodeOrError } from '../../shared/connection.ts';
import { encodeUpstreamCursor, upstreamCursorAfter } from '../../shared/cursor.ts';
import { canonicalError, mapOrError } from '../../shared/errors.ts';
import type { ResolverDeps } from '../../shared/http.ts';
import { arrayOf, isObject, optionalToken, type RawObject } from '../../shared/raw.ts';
import { selectsField } from '../../shared/selection.ts';
import { optionalNonEmpty, requireNonEmpty, validateFirst } from '../../shared/validation.ts';
import { queryAgg } from '../call.ts';
import type { CallContext } from '../../shared/http.ts';
import { isCurrentMember, mapAtlassianTeam, mapTeamMember } from '../mappers/teams.ts';
import { TEAM_BY_ID, TEAM_SEARCH } from '../operations/teams.ts';
import { collectRemaining, readEdges, walkAggConnection, type AggPageInfo } from '../pagination.ts';
import type { AtlassianTeam, AtlassianTeamMember } from '../types.ts';

const CURSOR_KIND = 'teams';
/** teamSearchV2 allows at most 100 per page. */
const SEARCH_PAGE_MAX = 100;
const MEMBERS_PAGE = 50;

const MEMBERS = Symbol('teamMembers');
/** The site a team was read in: its member follow-up pages ask teamV2 in the same site. */
const SITE = Symbol('teamSite');
export type TeamValue = AtlassianTeam & { [MEMBERS]?: NodeOrError<AtlassianTeamMember>[]; [SITE]?: string };

function pageInfoOf(value: unknown): AggPageInfo {
  // TeamSearchResultConnectionV2.pageInfo is nullable in AGG: absent means no further page.
  if (!isObject(value)) return { hasNextPage: false, endCursor: null };
  return { hasNextPage: value.hasNextPage === true, endCursor: optionalToken(value.endCursor) };
}

function membersConnection(team: RawObject): { nodes: unknown[]; pageInfo: AggPageInfo } | null {
  if (!isObject(team.members)) return null;
  return { nodes: arrayOf(team.members.nodes), pageInfo: pageInfoOf(team.members.pageInfo) };
}

/** AGG wants the raw site id, or the string "None" when there is none (teamSearchV2 / teamV2 docs). */
function siteIdOf(deps: ResolverDeps, given: string | null | undefined): string {
  return optionalNonEmpty('siteId', given) ?? deps.settings.cloudId ?? 'None';
}

export function createTeamsResolvers(deps: ResolverDeps): Resolvers {
  /** team.teamV2(id, siteId), with a page of members when asked. */
  const fetchTeam = async (call: CallContext, id: string, siteId: string, withMembers: boolean, membersAfter: string | null): Promise<RawObject | null> => {
    const data = await queryAgg(call, TEAM_BY_ID, { id, siteId, withMembers, membersFirst: MEMBERS_PAGE, membersAfter });
    return isObject(data.team) && isObject(data.team.teamV2) ? data.team.teamV2 : null;
  };

  /** All current members of a raw team, starting from the page that came with it. */
  const membersOf = async (call: CallContext, raw: RawObject, teamId: string, siteId: string): Promise<NodeOrError<AtlassianTeamMember>[]> => {
    const firstPage = membersConnection(raw) ?? membersConnection((await fetchTeam(call, teamId, siteId, true, null)) ?? {});
    if (!firstPage) return [canonicalError('UPSTREAM_ERROR', `AGG returned no members for team ${teamId}`, { upstream: 'agg' })];
    const nodes = await collectRemaining<unknown>({
      what: `members of team ${teamId}`,
      first: firstPage.nodes,
      pageInfo: firstPage.pageInfo,
      fetchPage: async (after) => {
        const page = membersConnection((await fetchTeam(call, teamId, siteId, true, after)) ?? {});
        if (!page) throw canonicalError('UPSTREAM_ERROR', `AGG returned no members page for team ${teamId}`, { upstream: 'agg' });
        return { items: page.nodes, pageInfo: page.pageInfo };
      },
    });
    return nodes.filter(isCurrentMember).map((node, index) => mapOrError(node, (value) => mapTeamMember(value, teamId, index)));
  };

  const teamValue = async (call: CallContext, raw: unknown, memberCount: unknown, siteId: string, withMembers: boolean): Promise<NodeOrError<TeamValue>> => {
    const mapped = mapOrError(raw, (value) => mapAtlassianTeam(value, memberCount));
    if (mapped instanceof Error || !isObject(raw)) return mapped;
    const value: TeamValue = { ...mapped, [SITE]: siteId };
    if (withMembers) value[MEMBERS] = await membersOf(call, raw, mapped.id, siteId);
    return value;
  };

  const teams: QueryResolvers['teams'] = async (_parent, args, context, info) => {
    const organizationId = requireNonEmpty('organizationId', args.organizationId);
    const siteId = siteIdOf(deps, args.siteId);
    const query = optionalNonEmpty('query', args.query) ?? null;
    const first = validateFirst(args.first);
    const cursorArgs = { organizationId, siteId, query };
    const after = upstreamCursorAfter(CURSOR_KIND, args.after, cursorArgs);
    const withMembers = selectsField(info, 'members');
    const call: CallContext = { deps, context, info };
    const walk = await walkAggConnection<{ team: unknown; memberCount: unknown }>({
      what: 'teams',
      want: first,
      after,
      pageMax: SEARCH_PAGE_MAX,
      fetchPage: async (pageFirst, pageAfter) => {
        const data = await queryAgg(call, TEAM_SEARCH, {
          organizationId,
          siteId,
          filter: query ? { query } : null,
          first: pageFirst,
          after: pageAfter,
          withMembers,
          membersFirst: MEMBERS_PAGE,
        });
        const connection = isObject(data.team) && isObject(data.team.teamSearchV2) ? data.team.teamSearchV2 : null;
        if (!connection) throw canonicalError('UPSTREAM_ERROR', 'AGG returned no team.teamSearchV2 connection', { upstream: 'agg' });
        return {
          items: readEdges(connection).map((edge) => ({
            item: { team: isObject(edge.node) ? edge.node.team : null, memberCount: isObject(edge.node) ? edge.node.memberCount : null },
            cursor: edge.cursor,
          })),
          pageInfo: pageInfoOf(connection.pageInfo),
        };
      },
    });
    const edges = await Promise.all(
      walk.items.map(async ({ item, cursor }) => ({
        cursor: encodeUpstreamCursor(CURSOR_KIND, cursorArgs, cursor),
        node: await teamValue(call, item.team, item.memberCount, siteId, withMembers),
      })),
    );
    return buildConnection(edges, walk.hasNextPage, { hasPreviousPage: after !== null });
  };

  const team: QueryResolvers['team'] = async (_parent, args, context, info) => {
    const id = requireNonEmpty('id', args.id);
    const siteId = siteIdOf(deps, args.siteId);
    const call: CallContext = { deps, context, info };
    const withMembers = selectsField(info, 'members');
    const raw = await fetchTeam(call, id, siteId, withMembers, null);
    if (!raw) return null;
    const value = await teamValue(call, raw, null, siteId, withMembers);
    if (value instanceof Error) throw value;
    return value;
  };

  return {
    Query: { teams, team },
    AtlassianTeam: {
      members: async (parent, _args, context, info) =>
        parent[MEMBERS] ?? membersOf({ deps, context, info }, {}, parent.id, parent[SITE] ?? siteIdOf(deps, null)),
    },
  };
}
