/**
 * Query.teamworkProjects and Query.teamworkUserRelations over the AGG Teamwork Graph
 * (teamworkGraph_teamProjects / teamActiveProjects / userTeams / userManager / userDirectReports).
 */
import type { GraphQLResolveInfo } from 'graphql';
import { buildConnection, type Connection, type Edge } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor, encodeUpstreamCursor, invalidCursor, upstreamCursorAfter } from '../../shared/cursor.ts';
import { normalizeDateTime } from '../../shared/datetime.ts';
import { badUserInput, canonicalError, mapOrError } from '../../shared/errors.ts';
import type { ResolverDeps } from '../../shared/http.ts';
import { isObject } from '../../shared/raw.ts';
import { requireNonEmpty, validateFirst } from '../../shared/validation.ts';
import { queryAgg, type AggResolverCall } from '../call.ts';
import { accountIdFromUserRef, mapTeamworkProjectRow, mapTeamworkRelationRow } from '../mappers/teamwork.ts';
import { TEAMWORK_FORCE_DYNAMO_HEADERS, TEAMWORK_TEAM_ACTIVE_PROJECTS, TEAMWORK_TEAM_PROJECTS, TEAMWORK_USER_RELATIONS } from '../operations/teamwork.ts';
import { readEdges, readPageInfo, walkAggConnection, type AggPage } from '../pagination.ts';
import { TEAMWORK_RELATION_TYPES, type TeamworkProject, type TeamworkRelationType, type TeamworkUserRelation } from '../types.ts';

const PAGE_MAX = 100;

function cypherPage(value: unknown, what: string): AggPage<unknown> {
  if (!isObject(value)) throw canonicalError('UPSTREAM_ERROR', `AGG returned no ${what} result`, { upstream: 'agg' });
  return {
    items: readEdges(value).map((edge) => ({ item: edge.node, cursor: edge.cursor })),
    pageInfo: readPageInfo(value.pageInfo, what),
  };
}

export interface TeamworkProjectsArgs {
  teamId?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  first?: number | null;
  after?: string | null;
}

export interface TeamworkUserRelationsArgs {
  userId?: string | null;
  relationTypes?: ReadonlyArray<TeamworkRelationType> | null;
  first?: number | null;
  after?: string | null;
}

export function createTeamworkResolvers(deps: ResolverDeps) {
  const teamworkProjects = async (_parent: unknown, args: TeamworkProjectsArgs, context: unknown, info?: GraphQLResolveInfo): Promise<Connection<TeamworkProject>> => {
    const teamId = requireNonEmpty('teamId', args.teamId);
    const startDate = args.startDate == null ? null : normalizeDateTime(args.startDate);
    const endDate = args.endDate == null ? null : normalizeDateTime(args.endDate);
    if ((startDate === null) !== (endDate === null)) throw badUserInput('teamworkProjects: give both startDate and endDate (a window) or neither (active projects)');
    if (startDate && endDate && startDate > endDate) throw badUserInput(`teamworkProjects: startDate ${startDate} is after endDate ${endDate}`);
    const first = validateFirst(args.first);
    const cursorArgs = { teamId, startDate, endDate };
    const after = upstreamCursorAfter('teamworkProjects', args.after, cursorArgs);
    const call: AggResolverCall = { deps, context, info };
    const walk = await walkAggConnection<unknown>({
      what: `projects of team ${teamId}`,
      want: first,
      after,
      pageMax: PAGE_MAX,
      fetchPage: async (pageFirst, pageAfter) => {
        if (startDate && endDate) {
          const data = await queryAgg(call, 'CanonicalTeamworkTeamProjects', TEAMWORK_TEAM_PROJECTS, { teamId, startDate, endDate, first: pageFirst, after: pageAfter });
          return cypherPage(data.teamworkGraph_teamProjects, 'teamworkGraph_teamProjects');
        }
        const data = await queryAgg(call, 'CanonicalTeamworkTeamActiveProjects', TEAMWORK_TEAM_ACTIVE_PROJECTS, { teamId, first: pageFirst, after: pageAfter });
        return cypherPage(data.teamworkGraph_teamActiveProjects, 'teamworkGraph_teamActiveProjects');
      },
    });
    const edges: Edge<TeamworkProject>[] = walk.items.map(({ item, cursor }, index) => ({
      cursor: encodeUpstreamCursor('teamworkProjects', cursorArgs, cursor),
      node: mapOrError(item, (row) => mapTeamworkProjectRow(row, teamId, index)),
    }));
    return buildConnection(edges, walk.hasNextPage, { hasPreviousPage: after !== null });
  };

  /**
   * Collects every relation (a user's teams, manager and reports are few) in one request plus
   * follow-up team pages, then pages them locally with offset cursors: the three AGG fields page
   * differently (the manager and reports fields have no cursor at all).
   */
  const teamworkUserRelations = async (_parent: unknown, args: TeamworkUserRelationsArgs, context: unknown, info?: GraphQLResolveInfo): Promise<Connection<TeamworkUserRelation>> => {
    const userId = requireNonEmpty('userId', args.userId);
    const types = new Set<TeamworkRelationType>(args.relationTypes ?? TEAMWORK_RELATION_TYPES);
    if (types.size === 0) throw badUserInput('relationTypes must not be an empty list: omit it for all relation types');
    const first = validateFirst(args.first);
    const cursorArgs = { userId, types: [...types].sort() };
    const offset = args.after ? Number(decodeCursor('teamworkUserRelations', args.after, cursorArgs).o) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw invalidCursor('teamworkUserRelations');
    const subjectUserId = accountIdFromUserRef(userId);
    const call: AggResolverCall = { deps, context, info };
    const relations: Array<TeamworkUserRelation | Error> = [];
    const withManager = types.has('REPORTS_TO');
    const withReports = types.has('MANAGES');
    let includeSingles = withManager || withReports;
    const map = (rows: unknown[], relationType: TeamworkRelationType) =>
      rows.forEach((row, index) => relations.push(mapOrError(row, (value) => mapTeamworkRelationRow(value, subjectUserId, relationType, index))));
    // Teams are paged; manager and reports arrive whole with the first request.
    await walkAggConnection<unknown>({
      what: `teams of user ${userId}`,
      want: Number.MAX_SAFE_INTEGER,
      after: null,
      pageMax: PAGE_MAX,
      fetchPage: async (pageFirst, pageAfter) => {
        const withTeams = types.has('TEAM_MEMBER');
        const data = await queryAgg(
          call,
          'CanonicalTeamworkUserRelations',
          TEAMWORK_USER_RELATIONS,
          { userId, teamsFirst: pageFirst, teamsAfter: pageAfter, withTeams, withManager: includeSingles && withManager, withReports: includeSingles && withReports },
          includeSingles ? TEAMWORK_FORCE_DYNAMO_HEADERS : undefined,
        );
        if (includeSingles) {
          if (withManager) map(cypherPage(data.manager, 'teamworkGraph_userManager').items.map((entry) => entry.item), 'REPORTS_TO');
          if (withReports) map(cypherPage(data.reports, 'teamworkGraph_userDirectReports').items.map((entry) => entry.item), 'MANAGES');
          includeSingles = false;
        }
        if (!withTeams) return { items: [], pageInfo: { hasNextPage: false, endCursor: null } };
        const page = cypherPage(data.teams, 'teamworkGraph_userTeams');
        map(page.items.map((entry) => entry.item), 'TEAM_MEMBER');
        return page;
      },
    });
    const slice = relations.slice(offset, offset + first);
    const edges = slice.map((node, index) => ({ cursor: encodeCursor('teamworkUserRelations', cursorArgs, { o: offset + index + 1 }), node }));
    return buildConnection(edges, offset + first < relations.length, { hasPreviousPage: offset > 0, totalCount: relations.length });
  };

  return { Query: { teamworkProjects, teamworkUserRelations } };
}
