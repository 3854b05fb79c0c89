import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../../sources/context.ts';
import type { QueryJiraIssueChangelogsArgs } from '../../generated/resolver-types.ts';
import { badUserInput, mapOrError, MappingError, notFound } from '../../shared/errors.ts';
import { buildConnection, type Connection, type Edge } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../shared/cursor.ts';
import { normalizeDateTime } from '../../shared/datetime.ts';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { PageWalkGuard } from '../../shared/pagination.ts';
import { isObject, optionalString, type RawObject } from '../../shared/raw.ts';
import { encodeSyncCursor, newest, nextSince, resolveSince } from '../../shared/sync.ts';
import { validateFirst } from '../../shared/validation.ts';
import { CHANGELOG_PAGE_MAX, fetchBulkChangelogPage, JIRA, type BulkChangelogPage } from '../fetchers/platform.ts';
import { lookupIssues } from '../issue-refs.ts';
import { mapJiraChangelogEvent } from '../mappers/changelog.ts';
import type { JiraChangelogEvent } from '../types.ts';
import { jiraBase, resolveCloudId } from '../urls.ts';
import { MAX_CHANGELOG_KEYS, validateIssueKey } from './issues.ts';

const CHANGELOGS = 'jiraIssueChangelogs';

export type JiraChangelogEventConnection = Connection<JiraChangelogEvent> & {
  /** First page only: one NOT_FOUND error per requested key Jira did not return. */
  unknownIssueKeys: GraphQLError[];
  syncCursor: string | null;
};

interface StreamEvent {
  issueId: string;
  history: unknown;
  createdMillis: number;
}

/** Bulk changelog page entries in Jira's global order (oldest first, then issue id, then history id): the answer groups them by issue. */
export function orderChangelogEntries(page: BulkChangelogPage): StreamEvent[] {
  const numeric = (value: string) => (/^\d+$/.test(value) ? Number(value) : Number.MAX_SAFE_INTEGER);
  return page.entries
    .map(({ issueId, history }) => {
      const created = isObject(history) ? normalizeDateTime(history.created) : null;
      return { issueId, history, createdMillis: created === null ? Number.NEGATIVE_INFINITY : Date.parse(created), historyId: isObject(history) ? (optionalString(history.id) ?? '') : '' };
    })
    .sort((a, b) => a.createdMillis - b.createdMillis || numeric(a.issueId) - numeric(b.issueId) || numeric(a.historyId) - numeric(b.historyId))
    .map(({ issueId, history, createdMillis }) => ({ issueId, history, createdMillis }));
}

interface ChangelogPosition {
  /** Upstream page token (null: first page), offset in that page, upstream page size, newest event emitted so far. */
  t: string | null;
  o: number;
  m: number;
  h: number | null;
}

function parsePosition(raw: RawObject | undefined, pageSize: number): ChangelogPosition {
  if (!raw) return { t: null, o: 0, m: pageSize, h: null };
  const { t, o, m, h } = raw;
  const valid =
    (t === null || typeof t === 'string') &&
    Number.isInteger(o) && (o as number) >= 0 &&
    Number.isInteger(m) && (m as number) >= 1 && (m as number) <= CHANGELOG_PAGE_MAX &&
    (h === null || (typeof h === 'number' && Number.isFinite(h)));
  if (!valid) throw invalidCursor(CHANGELOGS);
  return { t: t as string | null, o: o as number, m: m as number, h: h as number | null };
}

/**
 * Changelog events of up to 1000 issues as one connection, oldest first (the order of Jira's bulk
 * changelog fetch: created, then issue id). With since or syncCursor, only events created at or
 * after that time; the last page carries a sync cursor. Keys Jira does not know (or the caller may
 * not browse) are NOT_FOUND errors naming the key, on the first page; the other keys' events arrive.
 */
export async function resolveJiraIssueChangelogs(
  deps: ResolverDeps,
  args: QueryJiraIssueChangelogsArgs,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<JiraChangelogEventConnection> {
  const cloudId = resolveCloudId(deps.settings, args.cloudId);
  if (args.issueKeys.length === 0) throw badUserInput('issueKeys must not be empty');
  if (args.issueKeys.length > MAX_CHANGELOG_KEYS) throw badUserInput(`issueKeys takes at most ${MAX_CHANGELOG_KEYS} keys, got ${args.issueKeys.length}`);
  const keys = [...new Set(args.issueKeys.map((key, index) => validateIssueKey(key, `issueKeys[${index}]`)))];
  const first = validateFirst(args.first);
  // Events are "since a time" for whichever issues: the sync cursor is bound to the site only.
  const since = resolveSince(CHANGELOGS, { updatedSince: args.since, syncCursor: args.syncCursor }, [cloudId], 'since');
  const cursorArgs = [cloudId, keys, since];
  const position = parsePosition(args.after ? decodeCursor(CHANGELOGS, args.after, cursorArgs) : undefined, first);
  const call: CallContext = { deps, context, info };
  const base = jiraBase(deps.settings, cloudId);

  const keyById = new Map<string, string>();
  const unknownIssueKeys: GraphQLError[] = [];
  if (args.after == null) {
    const found = await lookupIssues(call, base, keys);
    for (const ref of found) keyById.set(ref.id, ref.key);
    const foundKeys = new Set(found.map((ref) => ref.key));
    for (const key of keys) {
      if (!foundKeys.has(key)) {
        unknownIssueKeys.push(canonicalNotFound(`Jira issue ${key} was not found (or the caller may not browse it, or it moved to another key); its changelog is left out`, key));
      }
    }
  }

  const guard = new PageWalkGuard(JIRA, 'bulk changelogs');
  const edges: Edge<JiraChangelogEvent>[] = [];
  let newestSeen = position.h;
  let at = { t: position.t, o: position.o };
  let page: { events: StreamEvent[]; nextToken: string | null } | null = null;
  for (;;) {
    if (page === null) {
      guard.visit(at.t);
      const fetched = await fetchBulkChangelogPage(call, base, { issueIdsOrKeys: keys, nextPageToken: at.t, maxResults: position.m });
      page = { events: orderChangelogEntries(fetched), nextToken: fetched.nextPageToken };
      // Pages after the first know only issue ids: keys are looked up for the ids on the page.
      const missing = [...new Set(page.events.map((event) => event.issueId))].filter((id) => !keyById.has(id));
      if (missing.length > 0) for (const ref of await lookupIssues(call, base, missing)) keyById.set(ref.id, ref.key);
    }
    if (at.o < page.events.length) {
      if (edges.length >= first) break;
      const event = page.events[at.o];
      // At the end of a page the position moves to the next token, so resuming fetches nothing twice.
      if (at.o + 1 >= page.events.length && page.nextToken !== null) {
        at = { t: page.nextToken, o: 0 };
        page = null;
      } else at = { t: at.t, o: at.o + 1 };
      if (since !== null && event.createdMillis < since) continue;
      newestSeen = newest(newestSeen, event.createdMillis);
      edges.push({ node: mapEvent(event, keyById), cursor: encodeCursor(CHANGELOGS, cursorArgs, { t: at.t, o: at.o, m: position.m, h: newestSeen }) });
      continue;
    }
    if (page.nextToken === null || edges.length >= first) break;
    at = { t: page.nextToken, o: 0 };
    page = null;
  }
  const hasNextPage = page === null || at.o < page.events.length || page.nextToken !== null;
  const syncCursor = hasNextPage ? null : encodeSyncCursor(CHANGELOGS, [cloudId], { s: nextSince(since, newestSeen) });
  return { ...buildConnection(edges, hasNextPage, { hasPreviousPage: args.after != null }), unknownIssueKeys, syncCursor };
}

function canonicalNotFound(message: string, issueKey: string): GraphQLError {
  const error = notFound(message);
  return new GraphQLError(error.message, { extensions: { ...error.extensions, issueKey } });
}

function mapEvent(event: StreamEvent, keyById: Map<string, string>): JiraChangelogEvent | MappingError {
  const key = keyById.get(event.issueId);
  if (key === undefined) {
    const historyId = isObject(event.history) ? (optionalString(event.history.id) ?? '(unknown id)') : '(unknown id)';
    return new MappingError('JiraChangelogEvent', `${historyId} of issue id ${event.issueId}`, 'issueId', 'names an issue Jira did not return by id (deleted or not browsable)');
  }
  return mapOrError(event.history, (history) => mapJiraChangelogEvent(history, key));
}
