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

export interface BulkChangelogPage {
  /** Histories of this page with the issue id each belongs to, in the answer's order. */
  entries: Array<{ issueId: string; history: unknown }>;
  nextPageToken: string | null;
}

/** One page of POST /rest/api/3/changelog/bulkfetch (issues by id or key, up to 1000). */
export async function fetchBulkChangelogPage(
  call: CallContext,
  base: string,
  request: { issueIdsOrKeys: string[]; nextPageToken: string | null; maxResults: number },
): Promise<BulkChangelogPage> {
  const raw: unknown = await requestJson(call, {
    upstream: 'jira',
    url: `${base}/rest/api/3/changelog/bulkfetch`,
    method: 'POST',
    body: { issueIdsOrKeys: request.issueIdsOrKeys, maxResults: request.maxResults, ...(request.nextPageToken ? { nextPageToken: request.nextPageToken } : {}) },
  });
  if (!isObject(raw) || !Array.isArray(raw.issueChangeLogs)) throw upstreamShapeError('the bulk changelog fetch');
  const entries: BulkChangelogPage['entries'] = [];
  for (const group of raw.issueChangeLogs) {
    if (!isObject(group)) continue;
    const issueId = optionalString(group.issueId);
    if (issueId === null || !Array.isArray(group.changeHistories)) continue;
    for (const history of group.changeHistories) entries.push({ issueId, history });
  }
  return { entries, nextPageToken: optionalToken(raw.nextPageToken) };
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
      const page: BulkChangelogPage = await fetchBulkChangelogPage(call, base, { issueIdsOrKeys: chunk, nextPageToken, maxResults: CHANGELOG_PAGE_MAX });
      for (const { issueId, history } of page.entries) byIssueId.set(issueId, [...(byIssueId.get(issueId) ?? []), history]);
      nextPageToken = page.nextPageToken;
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

/** Issues per POST /rest/api/3/issue/bulkfetch. */
export const ISSUE_BULK_MAX = 100;

/**
 * POST /rest/api/3/issue/bulkfetch: up to 100 issues by id or key. Issues that do not exist or that
 * the caller may not browse are simply absent (no error), so it is how unknown keys are found.
 */
export async function fetchIssuesBulk(call: CallContext, base: string, issueIdsOrKeys: string[], fields: string[]): Promise<unknown[]> {
  const raw = await requestJson(call, { upstream: 'jira', url: `${base}/rest/api/3/issue/bulkfetch`, method: 'POST', body: { issueIdsOrKeys, fields } });
  if (!isObject(raw) || !Array.isArray(raw.issues)) throw upstreamShapeError('the bulk issue fetch');
  return raw.issues;
}

/** GET /rest/api/3/field: every field the caller can see, system and custom. */
export async function fetchFieldCatalogue(call: CallContext, base: string): Promise<unknown> {
  return requestJson(call, { upstream: 'jira', url: `${base}/rest/api/3/field` });
}

/** GET /rest/api/3/status: every status of the site's active workflows, each with its statusCategory. */
export async function fetchStatuses(call: CallContext, base: string): Promise<unknown> {
  return requestJson(call, { upstream: 'jira', url: withQuery(base, '/rest/api/3/status', {}) });
}

/** GET /rest/api/3/myself: the account the credentials act as (its timeZone decides how JQL reads dates). */
export async function fetchMyself(call: CallContext, base: string): Promise<unknown> {
  return requestJson(call, { upstream: 'jira', url: `${base}/rest/api/3/myself` });
}

/** Worklog ids per POST /rest/api/3/worklog/list, and per page of the worklog feeds. */
export const WORKLOG_IDS_MAX = 1000;

export interface ChangedWorklogsPage {
  values: unknown[];
  lastPage: boolean;
  /** Time of the newest entry of the page (epoch ms), null for an empty page; the next page starts there. */
  until: number | null;
}

/**
 * GET /rest/api/3/worklog/updated or /deleted: ids changed after `since` (epoch ms), oldest first,
 * up to 1000 a page. Jira leaves out the last minute's changes, so `until` is a stable bound.
 */
export async function fetchChangedWorklogsPage(call: CallContext, base: string, feed: 'updated' | 'deleted', since: number): Promise<ChangedWorklogsPage> {
  const raw = await requestJson(call, { upstream: 'jira', url: withQuery(base, `/rest/api/3/worklog/${feed}`, { since }) });
  if (!isObject(raw) || !Array.isArray(raw.values)) throw upstreamShapeError(`the ${feed}-worklogs feed`);
  // until is trusted only with entries: what an empty page says it covers is not documented.
  const until = raw.values.length > 0 && typeof raw.until === 'number' && Number.isSafeInteger(raw.until) ? raw.until : null;
  // lastPage missing: the page is the last one unless it is full.
  const lastPage = typeof raw.lastPage === 'boolean' ? raw.lastPage : raw.values.length < WORKLOG_IDS_MAX;
  return { values: raw.values, lastPage, until };
}

/** POST /rest/api/3/worklog/list: worklogs by id (up to 1000); deleted or hidden ones are absent. */
export async function fetchWorklogsByIds(call: CallContext, base: string, worklogIds: string[]): Promise<unknown[]> {
  // The API takes int64 ids; Jira worklog ids are far below 2^53.
  const raw = await requestJson(call, { upstream: 'jira', url: `${base}/rest/api/3/worklog/list`, method: 'POST', body: { ids: worklogIds.map(Number) } });
  if (!Array.isArray(raw)) throw upstreamShapeError('the worklog list');
  return raw;
}
