/**
 * Query.teamworkProjects, Query.teamworkUserRelations and Query.teamworkTeamUsers over the AGG
 * Teamwork Graph (teamworkGraph_teamProjects / teamActiveProjects / userTeams / userManager /
 * userDirectReports / teamUsers). AGG documents these fields as unavailable to OAuth callers, so
 * they are routed like the project listing: sent with tenanted credentials, and with an OAuth
 * credential (or when AGG refuses one) answered empty with a canonicalRoutes note saying why.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../../sources/context.ts';
import type { QueryResolvers, Resolvers } from '../../generated/resolver-types.ts';
import { buildConnection, type Connection, type Edge } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor, encodeUpstreamCursor, invalidCursor, upstreamCursorAfter } from '../../shared/cursor.ts';
import { normalizeDateTime } from '../../shared/datetime.ts';
import { badUserInput, canonicalError, mapOrError } from '../../shared/errors.ts';
import type { ResolverDeps } from '../../shared/http.ts';
import { isObject, type RawObject } from '../../shared/raw.ts';
import { requireNonEmpty, validateFirst } from '../../shared/validation.ts';
import { fieldPathOf, sendAgg } from '../call.ts';
import type { CallContext } from '../../shared/http.ts';
import { aggCredentialKind, isOAuthRefusal, TEAMWORK_OAUTH_REASON } from '../credential-route.ts';
import { acceptAggResponse } from '../errors.ts';
import { accountIdFromUserRef, mapTeamworkProjectRow, mapTeamworkRelationRow, mapTeamworkTeamUserRow, teamAriOf, userAriOf } from '../mappers/teamwork.ts';
import type { AggOperation } from '../operations/define.ts';
import { TEAMWORK_TEAM_ACTIVE_PROJECTS, TEAMWORK_TEAM_PROJECTS, TEAMWORK_TEAM_USERS, TEAMWORK_USER_RELATIONS } from '../operations/teamwork.ts';
import { readEdges, readPageInfo, walkAggConnection, type AggPage } from '../pagination.ts';
import { recordCanonicalRoute } from '../route-extensions.ts';
import { TEAMWORK_RELATION_TYPES, type TeamworkProject, type TeamworkRelationType, type TeamworkUserRelation } from '../types.ts';

const PAGE_MAX = 100;

function cypherPage(value: unknown, what: string): AggPage<unknown> {
  if (!isObject(value)) throw canonicalError('UPSTREAM_ERROR', `AGG returned no ${what} result`, { upstream: 'agg' });
  return {
    items: readEdges(value).map((edge) => ({ item: edge.node, cursor: edge.cursor })),
    pageInfo: readPageInfo(value.pageInfo, what),
  };
}

/** AGG refused a Teamwork field to an OAuth credential the pre-check could not recognise. */
class OAuthRefused extends Error {}

export function createTeamworkResolvers(deps: ResolverDeps): Resolvers {
  /** One Teamwork request; an AGG refusal for OAuth callers becomes OAuthRefused (routed, not an error). */
  const queryTeamwork = async (call: CallContext, operation: AggOperation, variables: RawObject): Promise<RawObject> => {
    const response = await sendAgg(call, operation, variables);
    if (response.errors.some(isOAuthRefusal)) throw new OAuthRefused();
    return acceptAggResponse(response, { operationName: operation.name, strict: deps.settings.strict, context: call.context, fieldPath: fieldPathOf(call.info) });
  };

  /**
   * Serves a Teamwork field on AGG when the request's credential can reach it; otherwise answers
   * an empty connection and says why in response extensions.canonicalRoutes.
   */
  const routed = async <T>(context: GatewayContext, info: GraphQLResolveInfo | undefined, fallbackField: string, serve: () => Promise<Connection<T>>): Promise<Connection<T>> => {
    const field = info?.fieldName ?? fallbackField;
    const unavailable = (): Connection<T> => {
      recordCanonicalRoute(context, { field, route: 'none', reason: TEAMWORK_OAUTH_REASON });
      return buildConnection<T>([], false, { totalCount: null });
    };
    if (aggCredentialKind(deps, context) === 'oauth') return unavailable();
    try {
      const connection = await serve();
      recordCanonicalRoute(context, { field, route: 'agg' });
      return connection;
    } catch (error) {
      if (error instanceof OAuthRefused) return unavailable();
      throw error;
    }
  };

  const teamworkProjects: QueryResolvers['teamworkProjects'] = async (_parent, args, context, info) => {
    // Every check happens before any upstream call (and before routing).
    const teamId = teamAriOf(requireNonEmpty('teamId', args.teamId));
    const startDate = args.startDate == null ? null : normalizeDateTime(args.startDate);
    const endDate = args.endDate == null ? null : normalizeDateTime(args.endDate);
    if ((startDate === null) !== (endDate === null)) throw badUserInput('teamworkProjects: give both startDate and endDate (a window) or neither (active projects)');
    if (startDate && endDate && startDate > endDate) throw badUserInput(`teamworkProjects: startDate ${startDate} is after endDate ${endDate}`);
    const first = validateFirst(args.first);
    const cursorArgs = { teamId, startDate, endDate };
    const after = upstreamCursorAfter('teamworkProjects', args.after, cursorArgs);
    const call: CallContext = { deps, context, info };
    return routed(context, info, 'teamworkProjects', async () => {
      const walk = await walkAggConnection<unknown>({
        what: `projects of team ${teamId}`,
        want: first,
        after,
        pageMax: PAGE_MAX,
        fetchPage: async (pageFirst, pageAfter) => {
          if (startDate && endDate) {
            const data = await queryTeamwork(call, TEAMWORK_TEAM_PROJECTS, { teamId, startDate, endDate, first: pageFirst, after: pageAfter });
            return cypherPage(data.teamworkGraph_teamProjects, 'teamworkGraph_teamProjects');
          }
          const data = await queryTeamwork(call, TEAMWORK_TEAM_ACTIVE_PROJECTS, { teamId, first: pageFirst, after: pageAfter });
          return cypherPage(data.teamworkGraph_teamActiveProjects, 'teamworkGraph_teamActiveProjects');
        },
      });
      const edges: Edge<TeamworkProject>[] = walk.items.map(({ item, cursor }, index) => ({
        cursor: encodeUpstreamCursor('teamworkProjects', cursorArgs, cursor),
        node: mapOrError(item, (row) => mapTeamworkProjectRow(row, teamId, index)),
      }));
      return buildConnection(edges, walk.hasNextPage, { hasPreviousPage: after !== null });
    });
  };

  /**
   * Collects every relation (a user's teams, manager and reports are few) in one request plus
   * follow-up team pages, then pages them locally with offset cursors: the three AGG fields page
   * differently (the manager and reports fields have no cursor at all).
   */
  const teamworkUserRelations: QueryResolvers['teamworkUserRelations'] = async (_parent, args, context, info) => {
    const subjectUserId = accountIdFromUserRef(requireNonEmpty('userId', args.userId));
    const types = new Set<TeamworkRelationType>(args.relationTypes ?? TEAMWORK_RELATION_TYPES);
    if (types.size === 0) throw badUserInput('relationTypes must not be an empty list: omit it for all relation types');
    const first = validateFirst(args.first);
    const cursorArgs = { userId: subjectUserId, types: [...types].sort() };
    const offset = args.after ? Number(decodeCursor('teamworkUserRelations', args.after, cursorArgs).o) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw invalidCursor('teamworkUserRelations');
    // AGG takes the identity user ARI, whichever form the caller gave.
    const userId = userAriOf(subjectUserId);
    const call: CallContext = { deps, context, info };
    return routed(context, info, 'teamworkUserRelations', async () => {
      const relations: Array<TeamworkUserRelation | Error> = [];
      const withTeams = types.has('TEAM_MEMBER');
      const withManager = types.has('REPORTS_TO');
      const withReports = types.has('MANAGES');
      let includeSingles = withManager || withReports;
      const map = (rows: unknown[], relationType: TeamworkRelationType) =>
        rows.forEach((row, index) => relations.push(mapOrError(row, (value) => mapTeamworkRelationRow(value, subjectUserId, relationType, index))));
      // Teams are paged; manager and reports arrive whole with the first request.
      await walkAggConnection<unknown>({
        what: `teams of user ${subjectUserId}`,
        want: Number.MAX_SAFE_INTEGER,
        after: null,
        pageMax: PAGE_MAX,
        fetchPage: async (pageFirst, pageAfter) => {
          const data = await queryTeamwork(call, TEAMWORK_USER_RELATIONS, {
            userId,
            teamsFirst: pageFirst,
            teamsAfter: pageAfter,
            withTeams,
            withManager: includeSingles && withManager,
            withReports: includeSingles && withReports,
          });
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
    });
  };

  /** The users of a team (teamworkGraph_teamUsers), each as its TEAM_MEMBER relation to the team. */
  const teamworkTeamUsers: QueryResolvers['teamworkTeamUsers'] = async (_parent, args, context, info) => {
    const teamId = teamAriOf(requireNonEmpty('teamId', args.teamId));
    const first = validateFirst(args.first);
    const cursorArgs = { teamId };
    const after = upstreamCursorAfter('teamworkTeamUsers', args.after, cursorArgs);
    const call: CallContext = { deps, context, info };
    return routed(context, info, 'teamworkTeamUsers', async () => {
      const walk = await walkAggConnection<unknown>({
        what: `users of team ${teamId}`,
        want: first,
        after,
        pageMax: PAGE_MAX,
        fetchPage: async (pageFirst, pageAfter) => {
          const data = await queryTeamwork(call, TEAMWORK_TEAM_USERS, { teamId, first: pageFirst, after: pageAfter });
          return cypherPage(data.teamworkGraph_teamUsers, 'teamworkGraph_teamUsers');
        },
      });
      const edges: Edge<TeamworkUserRelation>[] = walk.items.map(({ item, cursor }, index) => ({
        cursor: encodeUpstreamCursor('teamworkTeamUsers', cursorArgs, cursor),
        node: mapOrError(item, (row) => mapTeamworkTeamUserRow(row, teamId, index)),
      }));
      return buildConnection(edges, walk.hasNextPage, { hasPreviousPage: after !== null });
    });
  };

  return { Query: { teamworkProjects, teamworkUserRelations, teamworkTeamUsers } };
}
