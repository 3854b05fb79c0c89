import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput, mapOrError, type MappingError } from '../../shared/errors.ts';
import { buildConnection, type Connection, type Edge } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../shared/cursor.ts';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { isObject } from '../../shared/raw.ts';
import { normalizeDateTime } from '../../shared/datetime.ts';
import { selectsField } from '../../shared/selection.ts';
import { requireNonEmpty, validateFirst } from '../../shared/validation.ts';
import { SEARCH_PAGE_MAX } from '../../jira/fetchers/platform.ts';
import { JiraIssueStream, parseSearchPosition, type SearchPosition } from '../../jira/issue-stream.ts';
import { canonicalIssueFields } from '../../jira/mappers/issue.ts';
import type { JiraIssue } from '../../jira/types.ts';
import { jiraBase, resolveCloudId } from '../../jira/urls.ts';
import { allTicketsLoader } from '../loaders.ts';
import { mapSourcehutTicket } from '../mappers/ticket.ts';
import type { SourcehutTicket } from '../types.ts';
import { validateTrackerRef } from './tickets.ts';

const WORK_ITEMS_CURSOR = 'workItems';
export const MAX_TRACKERS = 20;

type WorkItem = JiraIssue | SourcehutTicket;
interface Head {
  node: WorkItem | MappingError;
  updatedMillis: number;
}

/**
 * A tracker's tickets sorted by updated desc (ref asc on ties). sr.ht lists tickets by id,
 * not by update time, so the whole tracker is read once per request and sorted here.
 */
async function sortedTracker(call: CallContext, owner: string, tracker: string): Promise<Head[]> {
  const raws = await allTicketsLoader(call).load(`${owner}/${tracker}`);
  const heads = raws.map((raw) => {
    const node = mapOrError(raw, (ticket) => mapSourcehutTicket(ticket, owner, tracker));
    const updated = node instanceof Error ? (isObject(raw) ? normalizeDateTime(raw.updated) : null) : node.updatedAt;
    return { node, updatedMillis: updated ? Date.parse(updated) : Number.POSITIVE_INFINITY, ref: node instanceof Error ? '' : node.ref };
  });
  heads.sort((a, b) => b.updatedMillis - a.updatedMillis || a.ref.localeCompare(b.ref, 'en', { numeric: true }));
  return heads;
}

/**
 * Jira issues and sr.ht tickets merged by updatedAt descending. Ties: Jira first, then trackers
 * in argument order. Unmappable items with no readable update time are emitted as soon as they
 * reach the head of their source. The cursor carries every source's position: the Jira
 * (page token, offset, page size) and one offset per tracker, plus a fingerprint of the arguments.
 */
export async function resolveWorkItems(
  deps: ResolverDeps,
  args: { cloudId?: string | null; jql?: string | null; sourcehut?: Array<{ owner: string; tracker: string }> | null; first?: number | null; after?: string | null },
  context: unknown,
  info?: GraphQLResolveInfo,
): Promise<Connection<WorkItem>> {
  const jql = args.jql == null ? null : requireNonEmpty('jql', args.jql);
  if (jql !== null && /\border\s+by\b/i.test(jql)) {
    throw badUserInput('jql must not contain ORDER BY: workItems orders by updated time across trackers and appends ORDER BY updated DESC itself');
  }
  const trackers = (args.sourcehut ?? []).map((ref, index) => validateTrackerRef(ref.owner, ref.tracker, `sourcehut[${index}].`));
  if (trackers.length > MAX_TRACKERS) throw badUserInput(`sourcehut takes at most ${MAX_TRACKERS} trackers, got ${trackers.length}`);
  if (jql === null && trackers.length === 0) throw badUserInput('workItems needs jql, sourcehut trackers, or both');
  const cloudId = jql !== null ? resolveCloudId(deps.settings, args.cloudId) : null;
  const first = validateFirst(args.first);
  const cursorArgs = [cloudId, jql, trackers];

  let jiraPosition: SearchPosition | null = jql !== null ? { t: null, o: 0, m: Math.min(first, SEARCH_PAGE_MAX) } : null;
  let jiraDone = jql === null;
  let offsets = trackers.map(() => 0);
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
  }

  const call: CallContext = { deps, context, info };
  const jira =
    jql !== null && !jiraDone && jiraPosition
      ? new JiraIssueStream(call, jiraBase(deps.settings, cloudId!), `${jql} ORDER BY updated DESC`, canonicalIssueFields(deps.settings.jira, selectsField(info, 'worklogs')), cloudId!, deps.settings.jira, jiraPosition)
      : null;
  const tracked = await Promise.all(trackers.map((ref) => sortedTracker(call, ref.owner, ref.tracker)));

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
      jiraHead = await jira!.peek();
      jiraDone = jiraHead === null;
    } else offsets[chosen.source] += 1;
    edges.push({
      node: chosen.head.node,
      cursor: encodeCursor(WORK_ITEMS_CURSOR, cursorArgs, { j: jira ? { ...jira.current() } : jiraPosition, d: jiraDone, s: [...offsets] }),
    });
  }
  const hasNextPage = jiraHead !== null || tracked.some((heads, index) => offsets[index] < heads.length);
  return buildConnection<WorkItem>(edges, hasNextPage, { hasPreviousPage: args.after != null });
}
