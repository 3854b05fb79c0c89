/** Issue routes: enhanced search, approximate count, issue, bulk issues, changelog, bulk changelog, worklogs and the worklog feeds. */
import type { JiraChangedWorklogJson, JiraChangelogJson, JiraDataset, JiraDatasetIndex, JiraIssueRecord, JiraWorklogJson } from '../data/jira-dataset.ts';
import { JIRA_API_SELF_BASE as API } from '../data/jira-dataset.ts';
import { jiraError, jiraFieldError } from '../http/errors.ts';
import { intParam, listParam, offsetPage } from '../http/query.ts';
import type { Router } from '../http/router.ts';
import { expandSet, renderIssue, selectFields } from './issue-json.ts';
import { runJql } from './jql-eval.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';

/** Jira returns at most 5000 issues per page for id/key-only searches, 100 when fields are requested. */
const SEARCH_MAX_IDS = 5000;
const SEARCH_MAX_WITH_FIELDS = 100;
const CHANGELOG_MAX = 100;
const BULK_MAX_ISSUES = 1000;
const BULK_MAX_FIELDS = 10;
const BULK_MAX_RESULTS = 10_000;
const BULK_DEFAULT_RESULTS = 1000;
const BULK_ISSUES_MAX = 100;
/** Worklog feeds answer 1000 ids a page; POST /worklog/list takes 1000 ids. */
const WORKLOG_FEED_PAGE = 1000;
/** The feeds leave out the minute before the request (the sandbox's clock stands at the base date). */
const FEED_QUIET_MS = 60_000;

export function findIssue(index: JiraDatasetIndex, idOrKey: string): JiraIssueRecord {
  const issue = index.issue(idOrKey);
  if (!issue) throw jiraError(404, 'Issue does not exist or you do not have permission to see it.');
  return issue;
}

interface SearchRequest {
  jql: string;
  nextPageToken?: string;
  maxResults: number;
  fields: string[];
  expand: string;
}

function search(dataset: JiraDataset, index: JiraDatasetIndex, request: SearchRequest): Record<string, unknown> {
  const issues = runJql(request.jql, dataset, index, { requireBounded: true });
  const selection = selectFields(dataset, request.fields, ['id']);
  const expand = expandSet(request.expand);
  const cap = selection.fieldIds.length === 0 && expand.size === 0 ? SEARCH_MAX_IDS : SEARCH_MAX_WITH_FIELDS;
  const pageSize = Math.min(request.maxResults, cap);
  const scope = `search:${request.jql}`;
  const offset = decodePageToken(request.nextPageToken, scope);
  const page = issues.slice(offset, offset + pageSize);
  const isLast = offset + page.length >= issues.length;
  const body: Record<string, unknown> = { issues: page.map((issue) => renderIssue(dataset, issue, { selection, expand })) };
  if (!isLast) body.nextPageToken = encodePageToken(offset + page.length, scope);
  body.isLast = isLast;
  if (expand.has('names')) body.names = Object.fromEntries(dataset.fields.filter((f) => selection.fieldIds.includes(f.id)).map((f) => [f.id, f.name]));
  return body;
}

function stringList(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw jiraFieldError(400, name, `'${name}' must be an array of strings.`);
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw jiraError(400, 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

function bodyInt(body: Record<string, unknown>, name: string, fallback: number): number {
  const value = body[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw jiraFieldError(400, name, `'${name}' must be an integer.`);
  return value;
}

function historiesFor(issue: JiraIssueRecord, fieldIds: string[]): JiraChangelogJson[] {
  if (fieldIds.length === 0) return issue.changelog;
  return issue.changelog
    .map((h) => ({ ...h, items: h.items.filter((i) => fieldIds.includes(i.fieldId) || fieldIds.includes(i.field)) }))
    .filter((h) => h.items.length > 0);
}

const worklogMs = (worklog: JiraWorklogJson) => Date.parse(worklog.updated.replace('+0000', 'Z'));

/**
 * One page of a worklog feed (ChangedWorklogs): entries changed after `since`, oldest first, 1000 a
 * page; `until` is the newest entry's time and the next page's since.
 */
function changedWorklogsPage(feed: JiraChangedWorklogJson[], since: number, route: string, now: number): Record<string, unknown> {
  const after = feed.filter((entry) => entry.updatedTime > since && entry.updatedTime <= now - FEED_QUIET_MS);
  const values = after.slice(0, WORKLOG_FEED_PAGE);
  const lastPage = values.length === after.length;
  const until = values.length > 0 ? values[values.length - 1].updatedTime : since;
  return {
    self: `${API}/worklog/${route}?since=${since}`,
    ...(lastPage ? {} : { nextPage: `${API}/worklog/${route}?since=${until}` }),
    since: values.length > 0 ? values[0].updatedTime : since,
    until,
    values,
    lastPage,
  };
}

function sinceParam(query: URLSearchParams): number {
  const raw = query.get('since');
  if (raw === null || raw === '') return 0;
  if (!/^-?\d+$/.test(raw)) throw jiraError(400, `The 'since' parameter must be a UNIX timestamp in milliseconds; got '${raw}'.`);
  return Number(raw);
}

export function addIssueRoutes(router: Router, dataset: JiraDataset, index: JiraDatasetIndex): void {
  const allWorklogs = dataset.issues.flatMap((issue) => issue.worklogs);
  const worklogById = new Map(allWorklogs.map((worklog) => [worklog.id, worklog]));
  const updatedFeed: JiraChangedWorklogJson[] = allWorklogs
    .map((worklog) => ({ worklogId: Number(worklog.id), updatedTime: worklogMs(worklog), properties: [] }))
    .sort((a, b) => a.updatedTime - b.updatedTime || a.worklogId - b.worklogId);
  const now = Date.parse(dataset.baseDate);

  router.get('/rest/api/3/search/jql', ({ query }) =>
    search(dataset, index, {
      jql: query.get('jql') ?? '',
      nextPageToken: query.get('nextPageToken') ?? undefined,
      maxResults: intParam(query, 'maxResults', 50, 1),
      fields: listParam(query, 'fields'),
      expand: query.get('expand') ?? '',
    }),
  );

  router.post('/rest/api/3/search/jql', ({ body }) => {
    const request = bodyObject(body);
    if (request.jql !== undefined && typeof request.jql !== 'string') throw jiraFieldError(400, 'jql', "'jql' must be a string.");
    if (request.nextPageToken !== undefined && request.nextPageToken !== null && typeof request.nextPageToken !== 'string') {
      throw jiraFieldError(400, 'nextPageToken', "'nextPageToken' must be a string.");
    }
    const maxResults = bodyInt(request, 'maxResults', 50);
    if (maxResults < 1) throw jiraFieldError(400, 'maxResults', "'maxResults' must be at least 1.");
    const expand = request.expand;
    if (expand !== undefined && typeof expand !== 'string') throw jiraFieldError(400, 'expand', "'expand' must be a comma-separated string.");
    return search(dataset, index, {
      jql: (request.jql as string | undefined) ?? '',
      nextPageToken: (request.nextPageToken as string | null | undefined) ?? undefined,
      maxResults,
      fields: stringList(request.fields, 'fields'),
      expand: expand ?? '',
    });
  });

  router.post('/rest/api/3/search/approximate-count', ({ body }) => {
    const request = bodyObject(body);
    if (typeof request.jql !== 'string') throw jiraFieldError(400, 'jql', "'jql' is required and must be a string.");
    return { count: runJql(request.jql, dataset, index, { requireBounded: true }).length };
  });

  router.get('/rest/api/3/issue/{issueIdOrKey}', ({ params, query }) => {
    const issue = findIssue(index, params.issueIdOrKey);
    return renderIssue(dataset, issue, {
      selection: selectFields(dataset, listParam(query, 'fields'), ['*all']),
      expand: expandSet(query.get('expand')),
    });
  });

  router.post('/rest/api/3/issue/bulkfetch', ({ body }) => {
    const request = bodyObject(body);
    const wanted = request.issueIdsOrKeys;
    if (!Array.isArray(wanted) || wanted.length < 1 || wanted.length > BULK_ISSUES_MAX || !wanted.every((k) => typeof k === 'string')) {
      throw jiraFieldError(400, 'issueIdsOrKeys', `'issueIdsOrKeys' is required and must list between 1 and ${BULK_ISSUES_MAX} issue IDs or keys.`);
    }
    const selection = selectFields(dataset, stringList(request.fields, 'fields'), ['*navigable']);
    // Unknown or unbrowsable issues are left out (not issueErrors); the rest in ascending id order.
    const issues = [...new Set((wanted as string[]).map((key) => index.issue(key)).filter((issue): issue is JiraIssueRecord => issue !== undefined))]
      .sort((a, b) => Number(a.id) - Number(b.id));
    return { issues: issues.map((issue) => renderIssue(dataset, issue, { selection, expand: new Set() })), issueErrors: [] };
  });

  router.get('/rest/api/3/worklog/updated', ({ query }) => changedWorklogsPage(updatedFeed, sinceParam(query), 'updated', now));

  router.get('/rest/api/3/worklog/deleted', ({ query }) => changedWorklogsPage(dataset.deletedWorklogs, sinceParam(query), 'deleted', now));

  router.post('/rest/api/3/worklog/list', ({ body }) => {
    const request = bodyObject(body);
    const ids = request.ids;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > WORKLOG_FEED_PAGE || !ids.every((id) => Number.isSafeInteger(id))) {
      throw jiraFieldError(400, 'ids', `'ids' is required and must list between 1 and ${WORKLOG_FEED_PAGE} worklog IDs (integers).`);
    }
    // Deleted or unknown ids are left out; the rest in ascending id order (not the request's).
    return [...new Set(ids as number[])]
      .sort((a, b) => a - b)
      .map((id) => worklogById.get(String(id)))
      .filter((worklog): worklog is JiraWorklogJson => worklog !== undefined);
  });

  router.get('/rest/api/3/issue/{issueIdOrKey}/changelog', ({ params, query }) => {
    const issue = findIssue(index, params.issueIdOrKey);
    const startAt = intParam(query, 'startAt', 0);
    const maxResults = Math.min(intParam(query, 'maxResults', CHANGELOG_MAX, 1), CHANGELOG_MAX);
    const page = offsetPage(issue.changelog, startAt, maxResults);
    const self = `${API}/issue/${issue.key}/changelog?maxResults=${maxResults}&startAt=${startAt}`;
    return {
      self,
      ...(page.isLast ? {} : { nextPage: `${API}/issue/${issue.key}/changelog?maxResults=${maxResults}&startAt=${startAt + maxResults}` }),
      maxResults,
      startAt,
      total: page.total,
      isLast: page.isLast,
      values: page.values,
    };
  });

  router.post('/rest/api/3/changelog/bulkfetch', ({ body }) => {
    const request = bodyObject(body);
    const keys = request.issueIdsOrKeys;
    if (!Array.isArray(keys) || keys.length < 1 || keys.length > BULK_MAX_ISSUES || !keys.every((k) => typeof k === 'string')) {
      throw jiraFieldError(400, 'issueIdsOrKeys', `'issueIdsOrKeys' is required and must list between 1 and ${BULK_MAX_ISSUES} issue IDs or keys.`);
    }
    const fieldIds = stringList(request.fieldIds, 'fieldIds');
    if (fieldIds.length > BULK_MAX_FIELDS) throw jiraFieldError(400, 'fieldIds', `'fieldIds' can list at most ${BULK_MAX_FIELDS} field IDs.`);
    if (new Set(fieldIds).size !== fieldIds.length) throw jiraFieldError(400, 'fieldIds', "'fieldIds' must not contain duplicates.");
    const maxResults = bodyInt(request, 'maxResults', BULK_DEFAULT_RESULTS);
    if (maxResults < 1 || maxResults > BULK_MAX_RESULTS) throw jiraFieldError(400, 'maxResults', `'maxResults' must be between 1 and ${BULK_MAX_RESULTS}.`);
    if (request.nextPageToken !== undefined && request.nextPageToken !== null && typeof request.nextPageToken !== 'string') {
      throw jiraFieldError(400, 'nextPageToken', "'nextPageToken' must be a string.");
    }
    // Unknown or unbrowsable issues are skipped, not reported, as in Jira.
    const seen = new Set<string>();
    const issues: JiraIssueRecord[] = [];
    for (const key of keys as string[]) {
      const issue = index.issue(key);
      if (issue && !seen.has(issue.id)) {
        seen.add(issue.id);
        issues.push(issue);
      }
    }
    // One stream of histories, oldest first then smallest issue id, paged by maxResults.
    const stream = issues
      .flatMap((issue) => historiesFor(issue, fieldIds).map((history) => ({ issue, history })))
      .sort((a, b) => a.history.created.localeCompare(b.history.created) || Number(a.issue.id) - Number(b.issue.id) || Number(a.history.id) - Number(b.history.id));
    const scope = `bulk:${issues.map((i) => i.id).join(',')}:${fieldIds.join(',')}`;
    const offset = decodePageToken(request.nextPageToken as string | undefined, scope);
    const page = stream.slice(offset, offset + maxResults);
    const grouped = new Map<string, JiraChangelogJson[]>();
    for (const { issue, history } of page) {
      const list = grouped.get(issue.id) ?? [];
      list.push(history);
      grouped.set(issue.id, list);
    }
    const result: Record<string, unknown> = {
      issueChangeLogs: [...grouped.entries()].map(([issueId, changeHistories]) => ({ issueId, changeHistories })),
    };
    if (offset + page.length < stream.length) result.nextPageToken = encodePageToken(offset + page.length, scope);
    return result;
  });

  router.get('/rest/api/3/issue/{issueIdOrKey}/worklog', ({ params, query }) => {
    const issue = findIssue(index, params.issueIdOrKey);
    const startAt = intParam(query, 'startAt', 0);
    const maxResults = intParam(query, 'maxResults', 5000, 1);
    const after = query.get('startedAfter');
    const before = query.get('startedBefore');
    const afterMs = after === null ? undefined : intParam(query, 'startedAfter', 0);
    const beforeMs = before === null ? undefined : intParam(query, 'startedBefore', 0);
    const worklogs = issue.worklogs.filter((w) => {
      const started = Date.parse(w.started.replace('+0000', 'Z'));
      return (afterMs === undefined || started >= afterMs) && (beforeMs === undefined || started < beforeMs);
    });
    const page = offsetPage(worklogs, startAt, maxResults);
    return { startAt, maxResults, total: page.total, worklogs: page.values };
  });
}
