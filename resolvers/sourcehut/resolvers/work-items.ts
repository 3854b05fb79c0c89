import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../../sources/context.ts';
import type { QueryWorkItemsArgs } from '../../generated/resolver-types.ts';
import { badUserInput, type MappingError } from '../../shared/errors.ts';
import { buildConnection, type Connection, type Edge } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../shared/cursor.ts';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { isObject, type RawObject } from '../../shared/raw.ts';
import { cursorMillis, decodeSyncCursor, encodeSyncCursor, newest, nextSince } from '../../shared/sync.ts';
import { requireNonEmpty, validateFirst } from '../../shared/validation.ts';
import { SEARCH_PAGE_MAX } from '../../jira/fetchers/platform.ts';
import { JiraIssueStream, parseSearchPosition, type SearchPosition } from '../../jira/issue-stream.ts';
import { jqlDateLiteral } from '../../jira/jql-time.ts';
import { issueRequestPlan, refuseOrderBy, refuseUnbalancedParentheses, syncJql } from '../../jira/resolvers/issues.ts';
import { siteInfo } from '../../jira/site-info.ts';
import type { JiraIssue } from '../../jira/types.ts';
import { jiraBase, resolveCloudId } from '../../jira/urls.ts';
import type { SourcehutTicket } from '../types.ts';
import { sortedTracker, type TicketHead } from './sorted-tracker.ts';
import { validateTrackerRef } from './tickets.ts';

const WORK_ITEMS_CURSOR = 'workItems';
export const MAX_TRACKERS = 20;

type WorkItem = JiraIssue | SourcehutTicket;
interface Head {
  node: WorkItem | MappingError;
  updatedMillis: number;
}

export type WorkItemConnection = Connection<WorkItem> & { syncCursor: string | null };

/** Lower bounds per source (epoch ms) of an incremental walk: Jira (null without jql) and one per tracker. */
interface SourceBounds {
  jira: number | null;
  trackers: number[];
}

function resolveBounds(args: { updatedSince?: string | null; syncCursor?: string | null }, syncArgs: unknown, hasJira: boolean, trackerCount: number): SourceBounds | null {
  if (args.updatedSince != null && args.syncCursor != null) {
    throw badUserInput('Pass updatedSince or syncCursor to workItems, not both: the sync cursor already carries the times to continue from');
  }
  if (args.syncCursor != null) {
    const position = decodeSyncCursor(WORK_ITEMS_CURSOR, args.syncCursor, syncArgs);
    if (!Array.isArray(position.s) || position.s.length !== trackerCount) throw invalidCursor(WORK_ITEMS_CURSOR);
    return { jira: hasJira ? cursorMillis(WORK_ITEMS_CURSOR, position.j) : null, trackers: position.s.map((value) => cursorMillis(WORK_ITEMS_CURSOR, value)) };
  }
  if (args.updatedSince == null) return null;
  const since = Date.parse(args.updatedSince);
  if (Number.isNaN(since)) throw badUserInput(`updatedSince must be an ISO 8601 date-time, got ${JSON.stringify(args.updatedSince)}`);
  return { jira: hasJira ? Math.max(0, since) : null, trackers: Array.from({ length: trackerCount }, () => Math.max(0, since)) };
}

function optionalMillisList(value: unknown, length: number): Array<number | null> | null {
  if (!Array.isArray(value) || value.length !== length) return null;
  return value.every((item) => item === null || (typeof item === 'number' && Number.isFinite(item))) ? (value as Array<number | null>) : null;
}

/**
 * Jira issues and sr.ht tickets merged by updatedAt descending. Ties: Jira first (by key
 * descending), then trackers in argument order (by ref). Unmappable items with no readable update
 * time are emitted as soon as they reach the head of their source. The cursor carries every
 * source's position: the Jira (page token, offset, page size) and one offset per tracker, plus a
 * fingerprint of the arguments. With updatedSince or syncCursor, only items updated at or after the
 * source's lower bound, and a sync cursor (one bound per source) on the last page.
 */
export async function resolveWorkItems(
  deps: ResolverDeps,
  args: QueryWorkItemsArgs,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<WorkItemConnection> {
  const jql = args.jql == null ? null : requireNonEmpty('jql', args.jql);
  if (jql !== null) {
    refuseOrderBy(jql, 'in workItems: it orders by updated time across trackers and appends ORDER BY updated DESC, key DESC itself');
    if (args.updatedSince != null || args.syncCursor != null) refuseUnbalancedParentheses(jql);
  }
  const trackers = (args.sourcehut ?? []).map((ref, index) => validateTrackerRef(ref.owner, ref.tracker, `sourcehut[${index}].`));
  if (trackers.length > MAX_TRACKERS) throw badUserInput(`sourcehut takes at most ${MAX_TRACKERS} trackers, got ${trackers.length}`);
  if (jql === null && trackers.length === 0) throw badUserInput('workItems needs jql, sourcehut trackers, or both');
  const cloudId = jql !== null ? resolveCloudId(deps.settings, args.cloudId) : null;
  const first = validateFirst(args.first);
  const syncArgs = [cloudId, jql, trackers];
  const bounds = resolveBounds(args, syncArgs, jql !== null, trackers.length);
  const cursorArgs = bounds === null ? syncArgs : [cloudId, jql, trackers, bounds];

  let jiraPosition: SearchPosition | null = jql !== null ? { t: null, o: 0, m: Math.min(first, SEARCH_PAGE_MAX) } : null;
  let jiraDone = jql === null;
  let offsets = trackers.map(() => 0);
  let newestJira: number | null = null;
  let newestTrackers: Array<number | null> = trackers.map(() => null);
  let literal: string | null = null;
  if (args.after != null) {
    const position = decodeCursor(WORK_ITEMS_CURSOR, args.after, cursorArgs);
    const parsedJira = jql !== null && isObject(position.j) ? parseSearchPosition(position.j, SEARCH_PAGE_MAX) : null;
    const validOffsets = Array.isArray(position.s) && position.s.length === trackers.length && position.s.every((offset) => Number.isInteger(offset) && (offset as number) >= 0);
    if (!validOffsets || (jql !== null && parsedJira === null) || typeof position.d !== 'boolean') {
      throw invalidCursor(WORK_ITEMS_CURSOR);
    }
    jiraPosition = parsedJira;
    jiraDone = position.d as boolean;
    offsets = position.s as number[];
    if (bounds !== null) {
      const trackerNewest = optionalMillisList(position.hs, trackers.length);
      const validJira = position.hj === null || (typeof position.hj === 'number' && Number.isFinite(position.hj));
      if (trackerNewest === null || !validJira || (position.l !== null && typeof position.l !== 'string')) throw invalidCursor(WORK_ITEMS_CURSOR);
      newestTrackers = trackerNewest;
      newestJira = position.hj as number | null;
      literal = position.l as string | null;
    }
  }

  const call: CallContext = { deps, context, info };
  let jira: JiraIssueStream | null = null;
  let plan: Awaited<ReturnType<typeof issueRequestPlan>> | null = null;
  if (jql !== null && !jiraDone && jiraPosition) {
    const base = jiraBase(deps.settings, cloudId!);
    plan = await issueRequestPlan(call, base, info);
    let searchJql = `${jql} ORDER BY updated DESC, key DESC`;
    if (bounds?.jira != null) {
      // The first page's literal is kept in the cursor: later pages must send the same JQL.
      literal ??= jqlDateLiteral(bounds.jira, await siteInfo(call).accountTimeZone(call, base));
      searchJql = syncJql(jql, literal).search;
    }
    jira = new JiraIssueStream(call, base, searchJql, plan.fields, cloudId!, plan.fieldSettings, jiraPosition, bounds?.jira ?? null);
  }
  const tracked: TicketHead[][] = await Promise.all(
    trackers.map(async (ref, index) => {
      const heads = await sortedTracker(call, ref.owner, ref.tracker);
      const since = bounds?.trackers[index];
      return since === undefined ? heads : heads.filter((head) => head.updatedMillis >= since);
    }),
  );

  const edges: Edge<WorkItem>[] = [];
  let jiraHead = jira ? await jira.peek() : null;
  if (jira) jiraDone = jiraHead === null;
  while (edges.length < first) {
    let best: { source: number; head: Head } | null = jiraHead ? { source: -1, head: jiraHead } : null;
    tracked.forEach((heads, index) => {
      const head = heads[offsets[index]];
      if (head && (best === null || head.updatedMillis > best.head.updatedMillis)) best = { source: index, head };
    });
    if (best === null) break;
    const chosen: { source: number; head: Head } = best;
    if (chosen.source === -1) {
      jira!.take();
      newestJira = newest(newestJira, chosen.head.updatedMillis);
      jiraHead = await jira!.peek();
      jiraDone = jiraHead === null;
    } else {
      offsets[chosen.source] += 1;
      newestTrackers[chosen.source] = newest(newestTrackers[chosen.source], chosen.head.updatedMillis);
    }
    const node = chosen.head.node;
    if (chosen.source === -1 && plan && !(node instanceof Error)) (node as JiraIssue).fieldLookup = plan.lookup;
    const position: RawObject = { j: jira ? { ...jira.current() } : jiraPosition, d: jiraDone, s: [...offsets] };
    if (bounds !== null) Object.assign(position, { hj: newestJira, hs: [...newestTrackers], l: literal });
    edges.push({ node, cursor: encodeCursor(WORK_ITEMS_CURSOR, cursorArgs, position) });
  }
  const hasNextPage = jiraHead !== null || tracked.some((heads, index) => offsets[index] < heads.length);
  const syncCursor =
    bounds !== null && !hasNextPage
      ? encodeSyncCursor(WORK_ITEMS_CURSOR, syncArgs, { j: bounds.jira === null ? null : nextSince(bounds.jira, newestJira), s: bounds.trackers.map((since, index) => nextSince(since, newestTrackers[index])) })
      : null;
  return { ...buildConnection<WorkItem>(edges, hasNextPage, { hasPreviousPage: args.after != null }), syncCursor };
}
