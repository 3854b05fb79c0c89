/** Jira platform REST v3 calls: one function per endpoint, raw JSON out, no mapping. */
import { GraphQLError } from 'graphql';
import { requestJson, withQuery, type CallContext } from '../../shared/http.ts';
import { notFound } from '../../shared/errors.ts';
import { PageWalkGuard } from '../../shared/pagination.ts';
import { isObject, optionalNumber, optionalString, optionalToken } from '../../shared/raw.ts';
import { parseOffsetPage, type OffsetPage } from '../../shared/offset-walk.ts';
import { encodePathSegment } from '../../../sources/transport/path-segment.ts';

export const JIRA = 'Jira REST';
/** Upstream issues per search page (Jira answers at most 100 with full fields). */
export const SEARCH_PAGE_MAX = 100;
/** Bulk changelog: up to 1000 issues per request and 10,000 histories per page. */
export const CHANGELOG_ISSUES_PER_REQUEST = 1000;
export const CHANGELOG_PAGE_MAX = 10_000;
const WORKLOG_PAGE_MAX = 5000;

function upstreamShapeError(what: string): GraphQLError {
  return new GraphQLError(`${JIRA} answered ${what} in an unexpected shape`, { extensions: { code: 'UPSTREAM_ERROR', upstream: JIRA } });
}

export interface SearchPage {
  issues: unknown[];
  nextPageToken: string | null;
}

/** GET /rest/api/3/search/jql (enhanced search; paged by nextPageToken). */
export async function fetchSearchPage(
  call: CallContext,
  base: string,
  request: { jql: string; nextPageToken: string | null; maxResults: number; fields: string[] },
): Promise<SearchPage> {
  const raw = await requestJson(call, {
    upstream: 'jira',
    url: withQuery(base, '/rest/api/3/search/jql', {
      jql: request.jql,
      nextPageToken: request.nextPageToken,
      maxResults: request.maxResults,
      fields: request.fields,
    }),
  });
  if (!isObject(raw) || !Array.isArray(raw.issues)) throw upstreamShapeError('the JQL search');
  // isLast wins over a stray token: some answers carry a token on the last page.
  const nextPageToken = raw.isLast === true ? null : optionalToken(raw.nextPageToken);
  return { issues: raw.issues, nextPageToken };
}

/** POST /rest/api/3/search/approximate-count. */
export async function fetchApproximateCount(call: CallContext, base: string, jql: string): Promise<number | null> {
  const raw = await requestJson(call, { upstream: 'jira', url: `${base}/rest/api/3/search/approximate-count`, method: 'POST', body: { jql } });
  if (!isObject(raw)) throw upstreamShapeError('the approximate count');
  return optionalNumber(raw.count);
}

/** GET /rest/api/3/issue/{key}; 404 -> NOT_FOUND naming the key. */
export async function fetchIssue(call: CallContext, base: string, key: string, fields: string[]): Promise<unknown> {
  return requestJson(call, {
    upstream: 'jira',
    url: withQuery(base, `/rest/api/3/issue/${encodePathSegment(key, 'key')}`, { fields }),
    onNotFound: () => notFound(`Jira issue ${key} was not found (or the caller may not browse it)`),
  });
}

/**
 * POST /rest/api/3/changelog/bulkfetch for many issues: one request per upstream page per
 * 1000 issues. Returns the raw histories per issue id (the answer names issues by id only).
 */
export async function fetchBulkChangelogs(call: CallContext, base: string, issueIdsOrKeys: string[]): Promise<Map<string, unknown[]>> {
  const byIssueId = new Map<string, unknown[]>();
  for (let start = 0; start < issueIdsOrKeys.length; start += CHANGELOG_ISSUES_PER_REQUEST) {
    const chunk = issueIdsOrKeys.slice(start, start + CHANGELOG_ISSUES_PER_REQUEST);
    const guard = new PageWalkGuard(JIRA, 'bulk changelogs');
    let nextPageToken: string | null = null;
    do {
      guard.visit(nextPageToken);
      const raw: unknown = await requestJson(call, {
        upstream: 'jira',
        url: `${base}/rest/api/3/changelog/bulkfetch`,
        method: 'POST',
        body: { issueIdsOrKeys: chunk, maxResults: CHANGELOG_PAGE_MAX, ...(nextPageToken ? { nextPageToken } : {}) },
      });
      if (!isObject(raw) || !Array.isArray(raw.issueChangeLogs)) throw upstreamShapeError('the bulk changelog fetch');
      for (const entry of raw.issueChangeLogs) {
        if (!isObject(entry)) continue;
        const issueId = optionalString(entry.issueId);
        if (issueId === null) continue;
        const histories = byIssueId.get(issueId) ?? [];
        if (Array.isArray(entry.changeHistories)) histories.push(...entry.changeHistories);
        byIssueId.set(issueId, histories);
      }
      nextPageToken = optionalToken(raw.nextPageToken);
    } while (nextPageToken !== null);
  }
  return byIssueId;
}

/** GET /rest/api/3/issue/{key}/worklog, all pages. */
export async function fetchIssueWorklogs(call: CallContext, base: string, issueKey: string): Promise<unknown[]> {
  const guard = new PageWalkGuard(JIRA, `worklogs of ${issueKey}`);
  const worklogs: unknown[] = [];
  let startAt = 0;
  for (;;) {
    guard.visit(startAt);
    const raw = await requestJson(call, {
      upstream: 'jira',
      url: withQuery(base, `/rest/api/3/issue/${encodePathSegment(issueKey, 'issueKey')}/worklog`, { startAt, maxResults: WORKLOG_PAGE_MAX }),
      onNotFound: () => notFound(`Jira issue ${issueKey} was not found while reading its worklogs`),
    });
    if (!isObject(raw) || !Array.isArray(raw.worklogs)) throw upstreamShapeError(`the worklogs of ${issueKey}`);
    worklogs.push(...raw.worklogs);
    const total = optionalNumber(raw.total);
    const next = startAt + raw.worklogs.length;
    if (raw.worklogs.length === 0 || total === null || next >= total) return worklogs;
    startAt = next;
  }
}

/** GET /rest/api/3/project/{key}/version (paged). */
export async function fetchVersionsPage(call: CallContext, base: string, projectKey: string, startAt: number, maxResults: number): Promise<OffsetPage> {
  const raw = await requestJson(call, {
    upstream: 'jira',
    url: withQuery(base, `/rest/api/3/project/${encodePathSegment(projectKey, 'projectKey')}/version`, { startAt, maxResults }),
    onNotFound: () => notFound(`Jira project ${projectKey} was not found`),
  });
  return parseOffsetPage(raw, JIRA, `the versions of ${projectKey}`);
}

/** GET /rest/api/3/project/search (paged). */
export async function fetchProjectSearchPage(
  call: CallContext,
  base: string,
  request: { startAt: number; maxResults: number; typeKeys?: string[] },
): Promise<OffsetPage> {
  const raw = await requestJson(call, {
    upstream: 'jira',
    url: withQuery(base, '/rest/api/3/project/search', {
      startAt: request.startAt,
      maxResults: request.maxResults,
      typeKey: request.typeKeys && request.typeKeys.length > 0 ? request.typeKeys : undefined,
    }),
  });
  return parseOffsetPage(raw, JIRA, 'the project search');
}
