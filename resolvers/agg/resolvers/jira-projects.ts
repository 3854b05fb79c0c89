/**
 * Query.jiraProjects: AGG projects with linkable Opsgenie teams, falling back to the Jira REST
 * project search when AGG refuses with InsufficientOAuthScopes. The route that served the page is
 * recorded for response extensions; cursors remember their route so a REST page continues on REST.
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { QueryResolvers } from '../../generated/resolver-types.ts';
import type { listProjectsViaRest as ListProjectsViaRest } from '../../jira/projects-rest.ts';
import { buildConnection, type Connection, type Edge } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../shared/cursor.ts';
import { badUserInput, mapOrError, type MappingError } from '../../shared/errors.ts';
import type { ResolverDeps } from '../../shared/http.ts';
import { isObject, type RawObject } from '../../shared/raw.ts';
import { validateFirst } from '../../shared/validation.ts';
import { resolveCloudId } from '../../jira/urls.ts';
import { acceptAggResponse, isInsufficientScopes } from '../errors.ts';
import { fieldPathOf, queryAgg, sendAgg } from '../call.ts';
import type { CallContext } from '../../shared/http.ts';
import { normalizeProjectType } from '../../shared/project-type.ts';
import { AGG_PROJECT_TYPES, linkableTeamsOf, mapProjectWithOpsgenieTeams, parseProjectType, type AggProjectType } from '../mappers/projects.ts';
import { JIRA_PROJECT_OPSGENIE_TEAMS_PAGE, JIRA_PROJECTS_WITH_OPSGENIE_TEAMS } from '../operations/jira-projects.ts';
import { collectRemaining, readEdges, readPageInfo, walkAggConnection } from '../pagination.ts';
import { recordCanonicalRoute } from '../route-extensions.ts';
import type { CanonicalProjectWithOpsgenieTeams } from '../types.ts';

const CURSOR_KIND = 'jiraProjects';
/** allJiraProjects and opsgenieTeamsAvailableToLinkWith page sizes asked of AGG. */
const AGG_PROJECT_PAGE_MAX = 50;
const AGG_TEAMS_PAGE = 50;
const REST_PAGE_MAX = 100;

export type ListProjectsViaRestFn = typeof ListProjectsViaRest;

function invalidProjectType(value: unknown): GraphQLError {
  return badUserInput(
    `Invalid JiraProjectType ${JSON.stringify(value)}: use one of ${AGG_PROJECT_TYPES.join(', ')} in any spelling (software, service_desk, service-desk, Service Desk)`,
  );
}

function parseProjectTypeValue(value: unknown): AggProjectType {
  if (typeof value !== 'string') throw invalidProjectType(value);
  const parsed = parseProjectType(value);
  if (!parsed) throw invalidProjectType(value);
  return parsed;
}

/** Scalar so SOFTWARE, software and Service Desk all work and a bad token gets a BAD_USER_INPUT naming the accepted values. */
export const JiraProjectTypeScalar = new GraphQLScalarType<AggProjectType, string>({
  name: 'JiraProjectType',
  serialize: (value) => parseProjectTypeValue(value),
  parseValue: (value) => parseProjectTypeValue(value),
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING && node.kind !== Kind.ENUM) throw invalidProjectType(node.kind);
    return parseProjectTypeValue(node.value);
  },
});

type Position = { route: 'agg'; cursor: string } | { route: 'rest'; offset: number };

function decodePosition(after: string, cursorArgs: unknown): Position {
  const raw = decodeCursor(CURSOR_KIND, after, cursorArgs);
  if (raw.r === 'agg' && typeof raw.c === 'string') return { route: 'agg', cursor: raw.c };
  if (raw.r === 'rest' && typeof raw.o === 'number' && Number.isInteger(raw.o) && raw.o >= 0) return { route: 'rest', offset: raw.o };
  throw invalidCursor(CURSOR_KIND);
}

class InsufficientScopes extends Error {}

type ProjectNode = CanonicalProjectWithOpsgenieTeams | MappingError;

export function createJiraProjectsResolver(deps: ResolverDeps, listViaRest: () => Promise<ListProjectsViaRestFn>): QueryResolvers['jiraProjects'] {
  return async (_parent, args, context, info) => {
    // Every check happens before any upstream call.
    const cloudId = resolveCloudId(deps.settings, args.cloudId);
    const projectTypes = [...new Set((args.projectTypes ?? []).map(parseProjectTypeValue))];
    if (projectTypes.length === 0) throw badUserInput(`projectTypes must list at least one of ${AGG_PROJECT_TYPES.join(', ')}`);
    const first = validateFirst(args.first);
    const cursorArgs = { cloudId, projectTypes: [...projectTypes].sort() };
    const position = args.after ? decodePosition(args.after, cursorArgs) : null;
    const call: CallContext = { deps, context, info };
    const field = info?.fieldName ?? 'jiraProjects';

    if (position?.route === 'rest') {
      recordCanonicalRoute(context, { field, route: 'rest', reason: 'cursor from the REST route' });
      return viaRest(await listViaRest(), call, { cloudId, projectTypes, first, offset: position.offset, cursorArgs });
    }
    try {
      const page = await viaAgg(call, { cloudId, projectTypes, first, after: position?.cursor ?? null, cursorArgs });
      recordCanonicalRoute(context, { field, route: 'agg' });
      return page;
    } catch (error) {
      if (!(error instanceof InsufficientScopes)) throw error;
      if (position) throw badUserInput('AGG now refuses this listing (InsufficientOAuthScopes) but the cursor is from the AGG route; start again without after to page on the REST route');
      recordCanonicalRoute(context, { field, route: 'rest', reason: 'InsufficientOAuthScopes' });
      return viaRest(await listViaRest(), call, { cloudId, projectTypes, first, offset: 0, cursorArgs });
    }
  };
}

async function viaAgg(
  call: CallContext,
  options: { cloudId: string; projectTypes: AggProjectType[]; first: number; after: string | null; cursorArgs: unknown },
): Promise<Connection<CanonicalProjectWithOpsgenieTeams>> {
  const operationName = JIRA_PROJECTS_WITH_OPSGENIE_TEAMS.name;
  const requested = new Set<string>(options.projectTypes);
  const walk = await walkAggConnection<unknown>({
    what: 'Jira projects',
    want: options.first,
    after: options.after,
    pageMax: AGG_PROJECT_PAGE_MAX,
    fetchPage: async (first, after) => {
      const response = await sendAgg(call, JIRA_PROJECTS_WITH_OPSGENIE_TEAMS, {
        cloudId: options.cloudId,
        types: options.projectTypes,
        first,
        after,
        teamsFirst: AGG_TEAMS_PAGE,
      });
      if (response.errors.some(isInsufficientScopes)) throw new InsufficientScopes();
      const data = acceptAggResponse(response, { operationName, strict: call.deps.settings.strict, context: call.context, fieldPath: fieldPathOf(call.info) });
      const jira = isObject(data.jira) ? data.jira : null;
      const connection = jira && isObject(jira.allJiraProjects) ? jira.allJiraProjects : null;
      if (!connection) throw new GraphQLError('AGG returned no jira.allJiraProjects connection', { extensions: { code: 'UPSTREAM_ERROR', upstream: 'agg' } });
      return {
        // The gateway applies the type filter itself as well: a project of another type never
        // reaches the page, whatever AGG's filter did.
        items: readEdges(connection)
          .filter((edge) => {
            const type = isObject(edge.node) ? normalizeProjectType(edge.node.projectType) : null;
            return type === null || requested.has(type);
          })
          .map((edge) => ({ item: edge.node, cursor: edge.cursor })),
        pageInfo: readPageInfo(connection.pageInfo, 'jira.allJiraProjects'),
        totalCount: typeof connection.totalCount === 'number' ? connection.totalCount : null,
      };
    },
  });
  const edges: Edge<CanonicalProjectWithOpsgenieTeams>[] = await Promise.all(
    walk.items.map(async ({ item, cursor }) => ({
      cursor: encodeCursor(CURSOR_KIND, options.cursorArgs, { r: 'agg', c: cursor }),
      node: await projectNode(call, item, options.cloudId),
    })),
  );
  return buildConnection(edges, walk.hasNextPage, { hasPreviousPage: options.after !== null, totalCount: walk.totalCount });
}

/** One project with every page of its linkable teams (follow-up pages only for projects with more than one). */
async function projectNode(call: CallContext, raw: unknown, cloudId: string): Promise<ProjectNode> {
  const firstPage = linkableTeamsOf(raw);
  let teams = firstPage.nodes;
  const projectId = isObject(raw) && typeof raw.id === 'string' ? raw.id : null;
  if (firstPage.pageInfo.hasNextPage && projectId) {
    teams = await collectRemaining({
      what: `Opsgenie teams of project ${projectId}`,
      first: firstPage.nodes,
      pageInfo: firstPage.pageInfo,
      fetchPage: async (after) => {
        const data = await queryAgg(call, JIRA_PROJECT_OPSGENIE_TEAMS_PAGE, { projectId, first: AGG_TEAMS_PAGE, after });
        const project = isObject(data.jira) && isObject(data.jira.jiraProject) ? (data.jira.jiraProject as RawObject) : null;
        const page = linkableTeamsOf(project);
        return { items: page.nodes, pageInfo: page.pageInfo };
      },
    });
  }
  return mapOrError(raw, (project) => mapProjectWithOpsgenieTeams(project, teams, cloudId));
}

async function viaRest(
  listViaRest: ListProjectsViaRestFn,
  call: CallContext,
  options: { cloudId: string; projectTypes: AggProjectType[]; first: number; offset: number; cursorArgs: unknown },
): Promise<Connection<CanonicalProjectWithOpsgenieTeams>> {
  const edges: Edge<CanonicalProjectWithOpsgenieTeams>[] = [];
  let index = 0;
  let hasNextPage = false;
  const pageSize = Math.min(REST_PAGE_MAX, options.offset + options.first + 1);
  for await (const node of listViaRest(call.deps, { cloudId: options.cloudId, projectTypes: options.projectTypes, pageSize }, call.context, call.info)) {
    if (index >= options.offset + options.first) {
      hasNextPage = true;
      break;
    }
    if (index >= options.offset) {
      edges.push({ cursor: encodeCursor(CURSOR_KIND, options.cursorArgs, { r: 'rest', o: index + 1 }), node });
    }
    index += 1;
  }
  return buildConnection(edges, hasNextPage, { hasPreviousPage: options.offset > 0 });
}
