import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput, notFound } from '../../shared/errors.ts';
import { buildConnection, type Connection, type Edge } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor } from '../../shared/cursor.ts';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { PageWalkGuard } from '../../shared/pagination.ts';
import { isObject, optionalString } from '../../shared/raw.ts';
import { selectsDirectField, selectsField } from '../../shared/selection.ts';
import { requireNonEmpty, validateFirst } from '../../shared/validation.ts';
import { fetchApproximateCount, fetchIssue, fetchSearchPage, JIRA, SEARCH_PAGE_MAX } from '../fetchers/platform.ts';
import { JiraIssueStream, parseSearchPosition } from '../issue-stream.ts';
import { changelogLoader } from '../loaders.ts';
import { canonicalIssueFields, mapJiraIssue } from '../mappers/issue.ts';
import type { JiraChangelogEvent, JiraIssue } from '../types.ts';
import { jiraBase, resolveCloudId } from '../urls.ts';

const ISSUES_CURSOR = 'jiraIssues';
const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-[1-9]\d*$/;
export const MAX_CHANGELOG_KEYS = 1000;

export function validateIssueKey(key: string, argument = 'key'): string {
  const trimmed = requireNonEmpty(argument, key);
  if (!ISSUE_KEY.test(trimmed)) throw badUserInput(`${argument} must be a Jira issue key such as DEV-1, got ${JSON.stringify(key)}`);
  return trimmed.toUpperCase();
}

export async function resolveJiraIssues(
  deps: ResolverDeps,
  args: { cloudId?: string | null; jql: string; first?: number | null; after?: string | null },
  context: unknown,
  info?: GraphQLResolveInfo,
): Promise<Connection<JiraIssue>> {
  const cloudId = resolveCloudId(deps.settings, args.cloudId);
  const jql = requireNonEmpty('jql', args.jql);
  const first = validateFirst(args.first);
  // Jira's page tokens belong to one JQL: cursors are bound to the site and the JQL.
  const cursorArgs = [cloudId, jql];
  const position = parseSearchPosition(args.after ? decodeCursor(ISSUES_CURSOR, args.after, cursorArgs) : undefined, Math.min(first, SEARCH_PAGE_MAX));
  if (!position) throw badUserInput('Invalid cursor for jiraIssues: pass an endCursor returned by jiraIssues');
  const call: CallContext = { deps, context, info };
  const base = jiraBase(deps.settings, cloudId);
  const fields = canonicalIssueFields(deps.settings.jira, selectsField(info, 'worklogs'));
  const stream = new JiraIssueStream(call, base, jql, fields, cloudId, deps.settings.jira, position);

  const edges: Edge<JiraIssue>[] = [];
  while (edges.length < first) {
    const entry = await stream.peek();
    if (!entry) break;
    stream.take();
    edges.push({ node: entry.node, cursor: encodeCursor(ISSUES_CURSOR, cursorArgs, { ...stream.current() }) });
  }
  const totalCount = selectsDirectField(info, 'totalCount') ? () => fetchApproximateCount(call, base, jql) : null;
  return buildConnection(edges, stream.hasMore(), { hasPreviousPage: args.after != null, totalCount });
}

export async function resolveJiraIssue(
  deps: ResolverDeps,
  args: { cloudId?: string | null; key: string },
  context: unknown,
  info?: GraphQLResolveInfo,
): Promise<JiraIssue> {
  const cloudId = resolveCloudId(deps.settings, args.cloudId);
  const key = validateIssueKey(args.key);
  const call: CallContext = { deps, context, info };
  const raw = await fetchIssue(call, jiraBase(deps.settings, cloudId), key, canonicalIssueFields(deps.settings.jira, selectsField(info, 'worklogs')));
  return mapJiraIssue(raw, cloudId, deps.settings.jira);
}

/**
 * Changelogs of many issues: one search request per 100 keys resolves the issue ids the bulk
 * answer is keyed by, then one bulk changelog request per page for all of them.
 * Keys Jira does not return become NOT_FOUND entries naming the key.
 */
export async function resolveJiraIssueChangelogs(
  deps: ResolverDeps,
  args: { cloudId?: string | null; issueKeys: string[] },
  context: unknown,
  info?: GraphQLResolveInfo,
): Promise<Array<JiraChangelogEvent | Error>> {
  const cloudId = resolveCloudId(deps.settings, args.cloudId);
  if (args.issueKeys.length === 0) throw badUserInput('issueKeys must not be empty');
  if (args.issueKeys.length > MAX_CHANGELOG_KEYS) throw badUserInput(`issueKeys takes at most ${MAX_CHANGELOG_KEYS} keys, got ${args.issueKeys.length}`);
  const keys = [...new Set(args.issueKeys.map((key, index) => validateIssueKey(key, `issueKeys[${index}]`)))];
  const call: CallContext = { deps, context, info };
  const base = jiraBase(deps.settings, cloudId);

  const idByKey = new Map<string, string>();
  for (let start = 0; start < keys.length; start += SEARCH_PAGE_MAX) {
    const chunk = keys.slice(start, start + SEARCH_PAGE_MAX);
    const guard = new PageWalkGuard(JIRA, 'issue ids for changelogs');
    let token: string | null = null;
    do {
      guard.visit(token);
      const page = await fetchSearchPage(call, base, { jql: `key in (${chunk.join(', ')})`, nextPageToken: token, maxResults: SEARCH_PAGE_MAX, fields: ['key'] });
      for (const issue of page.issues) {
        const id = isObject(issue) ? optionalString(issue.id) : null;
        const key = isObject(issue) ? optionalString(issue.key) : null;
        if (id && key) idByKey.set(key.toUpperCase(), id);
      }
      token = page.nextPageToken;
    } while (token !== null);
  }

  const loader = changelogLoader(call);
  const results: Array<JiraChangelogEvent | Error> = [];
  const perKey = await Promise.all(
    keys.map((key) => {
      const issueId = idByKey.get(key);
      return issueId ? loader.load({ issueId, key, base }) : Promise.resolve(notFound(`Jira issue ${key} was not found (or the caller may not browse it)`));
    }),
  );
  for (const events of perKey) {
    if (events instanceof Error) results.push(events);
    else results.push(...events);
  }
  return results;
}

