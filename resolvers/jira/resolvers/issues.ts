import type { GraphQLResolveInfo } from 'graphql';
import type { JiraFieldSettings } from '../../../sources/config/types.ts';
import type { GatewayContext } from '../../../sources/context.ts';
import type { QueryJiraIssueArgs, QueryJiraIssuesArgs } from '../../generated/resolver-types.ts';
import { badUserInput } from '../../shared/errors.ts';
import { buildConnection, type Connection, type Edge, type TotalCount } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../shared/cursor.ts';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import type { RawObject } from '../../shared/raw.ts';
import { collectArgumentValues, selectsDirectField, selectsField } from '../../shared/selection.ts';
import { encodeSyncCursor, newest, nextSince, resolveSince } from '../../shared/sync.ts';
import { requireNonEmpty, validateFirst } from '../../shared/validation.ts';
import { fetchApproximateCount, fetchIssue, SEARCH_PAGE_MAX } from '../fetchers/platform.ts';
import { JiraIssueStream, parseSearchPosition } from '../issue-stream.ts';
import { jqlDateLiteral } from '../jql-time.ts';
import { canonicalIssueFields, mapJiraIssue } from '../mappers/issue.ts';
import { effectiveFieldSettings, requestedFields, resolveRequestedFields, siteInfo } from '../site-info.ts';
import type { FieldLookup, JiraIssue } from '../types.ts';
import { jiraBase, resolveCloudId } from '../urls.ts';

const ISSUES_CURSOR = 'jiraIssues';
const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-[1-9]\d*$/;
const ORDER_BY = /\border\s+by\b/i;
export const MAX_CHANGELOG_KEYS = 1000;

export function validateIssueKey(key: string, argument = 'key'): string {
  const trimmed = requireNonEmpty(argument, key);
  if (!ISSUE_KEY.test(trimmed)) throw badUserInput(`${argument} must be a Jira issue key such as DEV-1, got ${JSON.stringify(key)}`);
  return trimmed.toUpperCase();
}

/** What one issue request asks Jira for: the field ids to use, the fields to request, and JiraIssue.fields lookups. */
export interface IssueRequestPlan {
  fieldSettings: JiraFieldSettings;
  fields: string[];
  lookup: FieldLookup;
}

/** Field discovery (cached per site) and the caller's fields(ids:, names:) selections, resolved once per listing. */
export async function issueRequestPlan(call: CallContext, base: string, info: GraphQLResolveInfo | undefined): Promise<IssueRequestPlan> {
  const [fieldSettings, extra] = await Promise.all([
    effectiveFieldSettings(call, base),
    resolveRequestedFields(call, base, requestedFields(collectArgumentValues(info, 'fields'))),
  ]);
  return { fieldSettings, fields: canonicalIssueFields(fieldSettings, selectsField(info, 'worklogs'), extra.ids), lookup: extra.lookup };
}

/** The JQL of an incremental walk: a lower bound the account's zone reads correctly, newest first, ties by key. */
export function syncJql(jql: string, lowerBoundLiteral: string): { filter: string; search: string } {
  const filter = `updated >= "${lowerBoundLiteral}" AND (${jql})`;
  return { filter, search: `${filter} ORDER BY updated DESC, key DESC` };
}

/** `ORDER BY` in a caller's JQL where the gateway orders by itself. */
export function refuseOrderBy(jql: string, why: string): void {
  if (ORDER_BY.test(jql)) throw badUserInput(`jql must not contain ORDER BY ${why}`);
}

/**
 * The gateway wraps a caller's JQL in parentheses behind its own clause (the sync lower bound):
 * a `)` that closes them early (`a) OR (b`) would take the rest out from under the bound.
 * Parentheses inside quoted strings do not count. One pass over the text.
 */
export function refuseUnbalancedParentheses(jql: string): void {
  let depth = 0;
  let quote: string | null = null;
  for (let index = 0; index < jql.length; index += 1) {
    const char = jql[index];
    if (quote !== null) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth += 1;
    else if (char === ')' && --depth < 0) break;
  }
  if (depth !== 0 || quote !== null) throw badUserInput('jql must have balanced parentheses and closed quotes: the gateway puts it in parentheses behind its own updated >= bound');
}

function optionalMillis(kind: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidCursor(kind);
  return value;
}

/** totalCount is requested upstream only when selected: a function graphql-js calls then. */
export type JiraIssueConnection = Connection<JiraIssue, TotalCount> & { syncCursor: string | null };

/**
 * Issues of a JQL query. With updatedSince or syncCursor: only issues updated at or after that
 * time, newest first (ties by key), and on the last page a sync cursor for the next walk.
 */
export async function resolveJiraIssues(
  deps: ResolverDeps,
  args: QueryJiraIssuesArgs,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<JiraIssueConnection> {
  const cloudId = resolveCloudId(deps.settings, args.cloudId);
  const jql = requireNonEmpty('jql', args.jql);
  const first = validateFirst(args.first);
  // A sync cursor carries the time to continue from and is good for the same site and JQL only.
  const since = resolveSince(ISSUES_CURSOR, args, [cloudId, jql]);
  if (since !== null) {
    refuseOrderBy(jql, 'with updatedSince or syncCursor: the walk orders by updated DESC, key DESC itself');
    refuseUnbalancedParentheses(jql);
  }
  // Jira's page tokens belong to one JQL: cursors are bound to the site, the JQL and the lower bound.
  const cursorArgs = since === null ? [cloudId, jql] : [cloudId, jql, since];
  const after: RawObject | undefined = args.after ? decodeCursor(ISSUES_CURSOR, args.after, cursorArgs) : undefined;
  const position = parseSearchPosition(after, Math.min(first, SEARCH_PAGE_MAX));
  if (!position) throw badUserInput('Invalid cursor for jiraIssues: pass an endCursor returned by jiraIssues');
  let newestSeen = optionalMillis(ISSUES_CURSOR, after?.h);
  if (after?.l !== undefined && typeof after.l !== 'string') throw invalidCursor(ISSUES_CURSOR);

  const call: CallContext = { deps, context, info };
  const base = jiraBase(deps.settings, cloudId);
  const plan = await issueRequestPlan(call, base, info);
  let searchJql = jql;
  let countJql = jql;
  let literal: string | null = null;
  if (since !== null) {
    // The literal of the first page is kept in the cursor: the next page must send the same JQL.
    literal = typeof after?.l === 'string' ? after.l : jqlDateLiteral(since, await siteInfo(call).accountTimeZone(call, base));
    const composed = syncJql(jql, literal);
    searchJql = composed.search;
    countJql = composed.filter;
  }
  const stream = new JiraIssueStream(call, base, searchJql, plan.fields, cloudId, plan.fieldSettings, position, since);

  const edges: Edge<JiraIssue>[] = [];
  while (edges.length < first) {
    const entry = await stream.peek();
    if (!entry) break;
    stream.take();
    if (!(entry.node instanceof Error)) entry.node.fieldLookup = plan.lookup;
    newestSeen = newest(newestSeen, entry.updatedMillis);
    const cursor: RawObject = { ...stream.current() };
    if (since !== null) Object.assign(cursor, { h: newestSeen, l: literal });
    edges.push({ node: entry.node, cursor: encodeCursor(ISSUES_CURSOR, cursorArgs, cursor) });
  }
  const hasNextPage = stream.hasMore();
  const totalCount = selectsDirectField(info, 'totalCount') ? () => fetchApproximateCount(call, base, countJql) : null;
  const syncCursor = since !== null && !hasNextPage ? encodeSyncCursor(ISSUES_CURSOR, [cloudId, jql], { s: nextSince(since, newestSeen) }) : null;
  return { ...buildConnection(edges, hasNextPage, { hasPreviousPage: args.after != null, totalCount }), syncCursor };
}

export async function resolveJiraIssue(
  deps: ResolverDeps,
  args: QueryJiraIssueArgs,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<JiraIssue> {
  const cloudId = resolveCloudId(deps.settings, args.cloudId);
  const key = validateIssueKey(args.key);
  const call: CallContext = { deps, context, info };
  const base = jiraBase(deps.settings, cloudId);
  const plan = await issueRequestPlan(call, base, info);
  const issue = mapJiraIssue(await fetchIssue(call, base, key, plan.fields), cloudId, plan.fieldSettings);
  issue.fieldLookup = plan.lookup;
  return issue;
}
