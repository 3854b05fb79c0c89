import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../../sources/context.ts';
import type { QueryJiraBoardSprintsArgs, QueryJiraBoardsArgs, QueryJiraProjectVersionsArgs } from '../../generated/resolver-types.ts';
import { badUserInput, mapOrError } from '../../shared/errors.ts';
import { buildConnection, type Connection } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../shared/cursor.ts';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { collectFromOffset } from '../../shared/offset-walk.ts';
import { requireNonEmpty, optionalNonEmpty, validateFirst } from '../../shared/validation.ts';
import { AGILE_PAGE_MAX, fetchBoardsPage, fetchSprintsPage, JIRA_SOFTWARE } from '../fetchers/agile.ts';
import { fetchVersionsPage, JIRA } from '../fetchers/platform.ts';
import { JIRA_BOARD_TYPES, mapJiraBoard, mapJiraSprint } from '../mappers/agile.ts';
import { mapJiraVersion } from '../mappers/version.ts';
import type { JiraBoard, JiraSprint, JiraVersion } from '../types.ts';
import { agileBase, jiraBase, resolveCloudId } from '../urls.ts';

const SPRINT_STATES: Record<string, string> = { FUTURE: 'future', ACTIVE: 'active', CLOSED: 'closed' };
const VERSIONS_PAGE_MAX = 50;

/** Offset cursors carry the start of the next item. */
function startFromCursor(kind: string, after: string | null | undefined, args: unknown): number {
  if (after == null) return 0;
  const position = decodeCursor(kind, after, args);
  if (!Number.isInteger(position.s) || (position.s as number) < 0) throw invalidCursor(kind);
  return position.s as number;
}

async function offsetConnection<T>(options: {
  kind: string;
  after: string | null | undefined;
  /** The arguments a cursor is bound to. */
  args: unknown;
  first: number;
  pageMax: number;
  upstream: string;
  what: string;
  fetchPage: Parameters<typeof collectFromOffset>[0]['fetchPage'];
  map: (raw: unknown) => T;
}): Promise<Connection<T>> {
  const start = startFromCursor(options.kind, options.after, options.args);
  const walk = await collectFromOffset({ start, want: options.first, pageMax: options.pageMax, upstream: options.upstream, what: options.what, fetchPage: options.fetchPage });
  const edges = walk.items.map((item) => ({
    node: mapOrError(item.raw, options.map),
    cursor: encodeCursor(options.kind, options.args, { s: item.offset + 1 }),
  }));
  return buildConnection<T>(edges, walk.hasNextPage, { hasPreviousPage: start > 0, totalCount: walk.total });
}

export async function resolveJiraBoards(
  deps: ResolverDeps,
  args: QueryJiraBoardsArgs,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<Connection<JiraBoard>> {
  const cloudId = resolveCloudId(deps.settings, args.cloudId);
  const projectKey = optionalNonEmpty('projectKey', args.projectKey);
  if (args.type != null && !(JIRA_BOARD_TYPES as readonly string[]).includes(args.type)) throw badUserInput(`type must be scrum, kanban or simple, got ${JSON.stringify(args.type)}`);
  const first = validateFirst(args.first);
  const call: CallContext = { deps, context, info };
  const base = agileBase(deps.settings, cloudId);
  return offsetConnection({
    kind: 'jiraBoards',
    after: args.after,
    args: [cloudId, projectKey, args.type],
    first,
    pageMax: AGILE_PAGE_MAX,
    upstream: JIRA_SOFTWARE,
    what: 'boards',
    fetchPage: (startAt, maxResults) => fetchBoardsPage(call, base, { startAt, maxResults, projectKeyOrId: projectKey, type: args.type ?? undefined }),
    map: mapJiraBoard,
  });
}

export async function resolveJiraBoardSprints(
  deps: ResolverDeps,
  args: QueryJiraBoardSprintsArgs,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<Connection<JiraSprint>> {
  const cloudId = resolveCloudId(deps.settings, args.cloudId);
  const boardId = requireNonEmpty('boardId', args.boardId);
  if (!/^\d+$/.test(boardId)) throw badUserInput(`boardId must be a numeric Jira board id, got ${JSON.stringify(args.boardId)}`);
  const states = (args.state ?? []).map((state) => {
    const upstream = SPRINT_STATES[state];
    if (!upstream) throw badUserInput(`state ${JSON.stringify(state)} is not a sprint state; use FUTURE, ACTIVE or CLOSED`);
    return upstream;
  });
  const first = validateFirst(args.first);
  const call: CallContext = { deps, context, info };
  const base = agileBase(deps.settings, cloudId);
  return offsetConnection({
    kind: 'jiraBoardSprints',
    after: args.after,
    // Board ids are per site: a cursor from one cloud is refused on another.
    args: [cloudId, boardId, states],
    first,
    pageMax: AGILE_PAGE_MAX,
    upstream: JIRA_SOFTWARE,
    what: `sprints of board ${boardId}`,
    fetchPage: (startAt, maxResults) => fetchSprintsPage(call, base, boardId, { startAt, maxResults, states }),
    map: mapJiraSprint,
  });
}

export async function resolveJiraProjectVersions(
  deps: ResolverDeps,
  args: QueryJiraProjectVersionsArgs,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<Connection<JiraVersion>> {
  const cloudId = resolveCloudId(deps.settings, args.cloudId);
  const projectKey = requireNonEmpty('projectKey', args.projectKey);
  const first = validateFirst(args.first);
  const call: CallContext = { deps, context, info };
  const base = jiraBase(deps.settings, cloudId);
  return offsetConnection({
    kind: 'jiraProjectVersions',
    after: args.after,
    args: [cloudId, projectKey],
    first,
    pageMax: VERSIONS_PAGE_MAX,
    upstream: JIRA,
    what: `versions of ${projectKey}`,
    fetchPage: (startAt, maxResults) => fetchVersionsPage(call, base, projectKey, startAt, maxResults),
    map: (raw) => mapJiraVersion(raw, projectKey),
  });
}
