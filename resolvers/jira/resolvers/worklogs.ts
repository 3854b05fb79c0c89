import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../../sources/context.ts';
import type { QueryJiraWorklogsArgs } from '../../generated/resolver-types.ts';
import { badUserInput, mapOrError, MappingError } from '../../shared/errors.ts';
import { buildConnection, type Connection, type Edge } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../shared/cursor.ts';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { PageWalkGuard } from '../../shared/pagination.ts';
import { isObject, optionalString } from '../../shared/raw.ts';
import { selectsField } from '../../shared/selection.ts';
import { cursorMillis, decodeSyncCursor, encodeSyncCursor, nextSince } from '../../shared/sync.ts';
import { fetchChangedWorklogsPage, fetchWorklogsByIds, JIRA, WORKLOG_IDS_MAX, type ChangedWorklogsPage } from '../fetchers/platform.ts';
import { lookupIssues, type IssueRef } from '../issue-refs.ts';
import { mapChangedWorklog, mapDeletedWorklog, mapJiraWorklog, type ChangedWorklog } from '../mappers/worklog.ts';
import type { JiraDeletedWorklog, JiraWorklog } from '../types.ts';
import { jiraBase, resolveCloudId } from '../urls.ts';

const WORKLOGS = 'jiraWorklogs';
const PROJECT_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

export type JiraWorklogConnection = Connection<JiraWorklog> & {
  /** Last page only: worklogs deleted since the deleted-feed lower bound. */
  deleted: Array<JiraDeletedWorklog | MappingError>;
  syncCursor: string | null;
};

/** `first` of jiraWorklogs: default and maximum 1000, what one POST /worklog/list takes. */
function validateWorklogFirst(first: number | null | undefined): number {
  if (first == null) return WORKLOG_IDS_MAX;
  if (!Number.isInteger(first) || first < 1 || first > WORKLOG_IDS_MAX) throw badUserInput(`first must be between 1 and ${WORKLOG_IDS_MAX}, got ${first}`);
  return first;
}

/** Lower bounds of the two feeds (epoch ms): updated worklogs and deleted ones. */
interface FeedBounds {
  updated: number;
  deleted: number;
}

function resolveBounds(args: { updatedSince?: string | null; syncCursor?: string | null }, syncArgs: unknown): FeedBounds {
  if (args.updatedSince != null && args.syncCursor != null) {
    throw badUserInput(`Pass updatedSince or syncCursor to ${WORKLOGS}, not both: the sync cursor already carries the times to continue from`);
  }
  if (args.syncCursor != null) {
    const position = decodeSyncCursor(WORKLOGS, args.syncCursor, syncArgs);
    return { updated: cursorMillis(WORKLOGS, position.u), deleted: cursorMillis(WORKLOGS, position.d) };
  }
  const since = args.updatedSince == null ? 0 : Date.parse(args.updatedSince);
  if (Number.isNaN(since)) throw badUserInput(`updatedSince must be an ISO 8601 date-time, got ${JSON.stringify(args.updatedSince)}`);
  return { updated: Math.max(0, since), deleted: Math.max(0, since) };
}

/** Walks a worklog feed from `since` to its last page (deleted ids are few; they come whole). */
async function readWholeFeed(call: CallContext, base: string, feed: 'updated' | 'deleted', since: number): Promise<{ values: unknown[]; until: number | null }> {
  const guard = new PageWalkGuard(JIRA, `the ${feed}-worklogs feed`);
  const values: unknown[] = [];
  let from = since;
  let until: number | null = null;
  for (;;) {
    guard.visit(from);
    const page = await fetchChangedWorklogsPage(call, base, feed, from);
    values.push(...page.values);
    if (page.until !== null) until = Math.max(until ?? page.until, page.until);
    if (page.lastPage || page.until === null || page.values.length === 0) return { values, until };
    from = page.until;
  }
}

/**
 * Worklogs changed since a time, site-wide, over Jira's bulk worklog API: ids from
 * GET /worklog/updated (1000 a page, oldest change first), then the worklogs from POST /worklog/list
 * (1000 ids a call), their issues' keys from POST /issue/bulkfetch (100 a call), and on the last page
 * the ids deleted since (GET /worklog/deleted) with the sync cursor. projectKeys keeps only worklogs
 * of those projects (the feeds cannot filter; deletions stay site-wide).
 */
export async function resolveJiraWorklogs(
  deps: ResolverDeps,
  args: QueryJiraWorklogsArgs,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<JiraWorklogConnection> {
  const cloudId = resolveCloudId(deps.settings, args.cloudId);
  const projectKeys = [...new Set((args.projectKeys ?? []).map((key, index) => {
    const trimmed = key.trim().toUpperCase();
    if (!PROJECT_KEY.test(trimmed)) throw badUserInput(`projectKeys[${index}] must be a Jira project key such as DEV, got ${JSON.stringify(key)}`);
    return trimmed;
  }))].sort();
  const first = validateWorklogFirst(args.first);
  const syncArgs = [cloudId, projectKeys];
  const bounds = resolveBounds(args, syncArgs);
  const cursorArgs = [cloudId, projectKeys, bounds.updated, bounds.deleted];
  // Position: the `since` of the feed page holding the next worklog id, and the offset in that page.
  let feedSince = bounds.updated;
  let offset = 0;
  if (args.after != null) {
    const position = decodeCursor(WORKLOGS, args.after, cursorArgs);
    feedSince = cursorMillis(WORKLOGS, position.u);
    if (!Number.isInteger(position.o) || (position.o as number) < 0) throw invalidCursor(WORKLOGS);
    offset = position.o as number;
  }
  const call: CallContext = { deps, context, info };
  const base = jiraBase(deps.settings, cloudId);

  // 1. Ids from the updated feed, from the position, up to `first`.
  const guard = new PageWalkGuard(JIRA, 'the updated-worklogs feed');
  const taken: Array<{ change: ChangedWorklog | MappingError; after: { u: number; o: number } }> = [];
  let page: ChangedWorklogsPage | null = null;
  let lastUntil: number | null = null;
  for (;;) {
    if (page === null) {
      guard.visit(feedSince);
      page = await fetchChangedWorklogsPage(call, base, 'updated', feedSince);
      if (page.until !== null) lastUntil = page.until;
    }
    const more = !page.lastPage && page.until !== null && page.values.length > 0;
    if (offset < page.values.length) {
      if (taken.length >= first) break;
      const raw = page.values[offset];
      offset += 1;
      // At the end of a page the position moves to the next page (its since is this page's until).
      const after = offset >= page.values.length && more ? { u: page.until as number, o: 0 } : { u: feedSince, o: offset };
      taken.push({ change: mapOrError(raw, (value) => mapChangedWorklog(value, 'updated')), after });
      if (after.u !== feedSince) {
        feedSince = after.u;
        offset = 0;
        page = null;
      }
      continue;
    }
    if (!more || taken.length >= first) break;
    feedSince = page.until as number;
    offset = 0;
    page = null;
  }
  const hasNextPage = page === null || offset < page.values.length || (!page.lastPage && page.until !== null && page.values.length > 0);

  // 2. The worklogs, then 3. their issues' keys (needed for issueKey and the project filter).
  const ids = taken.flatMap(({ change }) => (change instanceof Error ? [] : [change.worklogId]));
  const worklogsById = new Map<string, unknown>();
  if (ids.length > 0) {
    for (const raw of await fetchWorklogsByIds(call, base, ids)) {
      const id = isObject(raw) ? optionalString(raw.id) : null;
      if (id !== null) worklogsById.set(id, raw);
    }
  }
  const issueIds = [...new Set([...worklogsById.values()].map((raw) => (isObject(raw) ? optionalString(raw.issueId) : null)).filter((id): id is string => id !== null))];
  const needIssues = projectKeys.length > 0 || selectsField(info, 'issueKey');
  const issueById = new Map<string, IssueRef>();
  if (needIssues && issueIds.length > 0) for (const ref of await lookupIssues(call, base, issueIds)) issueById.set(ref.id, ref);

  const edges: Edge<JiraWorklog>[] = [];
  for (const { change, after } of taken) {
    const cursor = encodeCursor(WORKLOGS, cursorArgs, after);
    if (change instanceof Error) {
      edges.push({ node: change, cursor });
      continue;
    }
    // Absent from the list: deleted since it changed (the deleted feed names it) or not visible.
    const raw = worklogsById.get(change.worklogId);
    if (raw === undefined) continue;
    const node = mapWorklog(raw, change.worklogId, needIssues ? issueById : null);
    if (projectKeys.length > 0 && !(node instanceof Error) && !projectKeys.includes(issueById.get(issueIdOf(raw) ?? '')?.projectKey ?? '')) continue;
    edges.push({ node, cursor });
  }

  // 4. Last page: deletions since the deleted-feed bound, and the cursor for the next sync.
  let deleted: Array<JiraDeletedWorklog | MappingError> = [];
  let syncCursor: string | null = null;
  if (!hasNextPage) {
    const feed = await readWholeFeed(call, base, 'deleted', bounds.deleted);
    deleted = feed.values.map((raw) => mapOrError(raw, mapDeletedWorklog));
    // The position's since is the until of the feed page before it: a change this walk saw too.
    const newestChange = Math.max(lastUntil ?? 0, feedSince > bounds.updated ? feedSince : 0) || null;
    syncCursor = encodeSyncCursor(WORKLOGS, syncArgs, { u: nextSince(bounds.updated, newestChange), d: nextSince(bounds.deleted, feed.until) });
  }
  return { ...buildConnection(edges, hasNextPage, { hasPreviousPage: args.after != null }), deleted, syncCursor };
}

function issueIdOf(raw: unknown): string | null {
  return isObject(raw) ? optionalString(raw.issueId) : null;
}

/** A listed worklog -> JiraWorklog of its issue; an issue Jira did not return by id is a mapping error naming both. */
function mapWorklog(raw: unknown, worklogId: string, issues: Map<string, IssueRef> | null): JiraWorklog | MappingError {
  const issueId = issueIdOf(raw);
  if (issueId === null) return new MappingError('JiraWorklog', `${worklogId}`, 'issueId');
  if (issues === null) return mapOrError(raw, (worklog) => mapJiraWorklog(worklog, `(issue id ${issueId})`));
  const ref = issues.get(issueId);
  if (!ref) return new MappingError('JiraWorklog', `${worklogId} of issue id ${issueId}`, 'issueId', 'names an issue Jira did not return by id (deleted or not browsable)');
  return mapOrError(raw, (worklog) => mapJiraWorklog(worklog, ref.key));
}
