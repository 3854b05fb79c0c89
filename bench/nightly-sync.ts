/**
 * Upstream requests of a nightly load of one project (issues, changelog events and worklogs
 * changed since yesterday) against the sandbox, four ways side by side:
 *   incremental  the gateway's jiraIssues(updatedSince) + jiraIssueChangelogs(since) + jiraWorklogs(updatedSince)
 *   full         the gateway's jiraIssues with nested changelog and worklogs, every issue of the project
 *   naiveIncremental / naiveFull  a hand-written client: JQL search, then per issue its changelog
 *                pages and worklog pages (GET /issue/{key}/changelog, /issue/{key}/worklog)
 * Counted by the sandbox servers themselves. One-time lookups (field catalogue, account zone) are
 * made by a warm-up walk first, since a nightly job runs against a gateway that is already up.
 */
import { jqlDateLiteral } from '../resolvers/jira/jql-time.ts';
import type { SandboxStats } from '../scripts/sandbox/http/server.ts';
import { send } from './load.ts';

export interface CountingServer {
  stats?(): SandboxStats;
  resetStats?(): void;
}

export interface NightlySyncOptions {
  gatewayUrl: string;
  /** Base URL of the Jira sandbox, for the hand-written client. */
  jiraUrl: string;
  /** Every sandbox server: requests are summed over all of them. */
  servers: Record<string, CountingServer>;
  projectKey: string;
  /** Lower bound of the nightly load (ISO instant). */
  since: string;
  /** Zone the sandbox account searches in, for the hand-written client's JQL literal. */
  accountTimeZone: string;
}

export interface ApproachCount {
  requests: number;
  /** Upstream response bytes the approach downloaded (what the sandbox servers sent). */
  responseBytes: number;
  byRoute: Record<string, number>;
  issues: number;
  changelogEvents: number;
  worklogs: number;
  deletedWorklogs: number;
}

export type NightlySyncReport = Record<'incremental' | 'full' | 'naiveIncremental' | 'naiveFull', ApproachCount>;

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const PAGE = 100;

interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  syncCursor?: string | null;
  deleted?: unknown[];
}

async function gatewayQuery<T>(url: string, field: string, query: string, variables: Record<string, unknown>): Promise<Connection<T>> {
  const { status, text } = await send({ url, method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query, variables }) });
  const body = JSON.parse(text) as { data?: Record<string, Connection<T>>; errors?: unknown[] };
  if (status !== 200 || body.errors !== undefined || body.data?.[field] === undefined) throw new Error(`nightly sync: ${field} failed (HTTP ${status}): ${text.slice(0, 300)}`);
  return body.data[field];
}

/** Every page of one connection; the sync cursor (if any) comes with the last. */
async function walk<T>(url: string, field: string, query: string, variables: Record<string, unknown>): Promise<{ nodes: T[]; deleted: number; syncCursor: string | null }> {
  const nodes: T[] = [];
  let deleted = 0;
  let after: string | null = null;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const page: Connection<T> = await gatewayQuery<T>(url, field, query, { ...variables, after });
    nodes.push(...page.nodes);
    deleted += page.deleted?.length ?? 0;
    if (!page.pageInfo.hasNextPage) return { nodes, deleted, syncCursor: page.syncCursor ?? null };
    after = page.pageInfo.endCursor;
  }
  throw new Error(`nightly sync: ${field} did not end`);
}

const ISSUE_FIELDS = 'key projectKey issueType status createdAt updatedAt resolvedAt labels storyPoints sprintIds';

async function incremental(options: NightlySyncOptions): Promise<Omit<ApproachCount, 'requests' | 'responseBytes' | 'byRoute'>> {
  const { gatewayUrl: url, projectKey, since } = options;
  const issues = await walk<{ key: string }>(
    url,
    'jiraIssues',
    `query($jql: String!, $since: DateTime, $after: String) { jiraIssues(jql: $jql, updatedSince: $since, first: ${PAGE}, after: $after) { nodes { ${ISSUE_FIELDS} } pageInfo { hasNextPage endCursor } syncCursor } }`,
    { jql: `project = ${projectKey}`, since },
  );
  let changelogEvents = 0;
  const keys = issues.nodes.map((issue) => issue.key);
  for (let start = 0; start < keys.length; start += 1000) {
    const events = await walk<{ eventId: string }>(
      url,
      'jiraIssueChangelogs',
      `query($keys: [String!]!, $since: DateTime, $after: String) { jiraIssueChangelogs(issueKeys: $keys, since: $since, first: 500, after: $after) { nodes { issueKey eventId createdAt items { field from to } } pageInfo { hasNextPage endCursor } syncCursor } }`,
      { keys: keys.slice(start, start + 1000), since },
    );
    changelogEvents += events.nodes.length;
  }
  const worklogs = await walk<{ worklogId: string }>(
    url,
    'jiraWorklogs',
    `query($since: DateTime, $projects: [String!], $after: String) { jiraWorklogs(updatedSince: $since, projectKeys: $projects, after: $after) { nodes { issueKey worklogId startedAt timeSpentSeconds updatedAt } deleted { worklogId deletedAt } pageInfo { hasNextPage endCursor } syncCursor } }`,
    { since, projects: [projectKey] },
  );
  return { issues: issues.nodes.length, changelogEvents, worklogs: worklogs.nodes.length, deletedWorklogs: worklogs.deleted };
}

async function full(options: NightlySyncOptions): Promise<Omit<ApproachCount, 'requests' | 'responseBytes' | 'byRoute'>> {
  type Node = { key: string; changelog: unknown[]; worklogs: unknown[] };
  const issues = await walk<Node>(
    options.gatewayUrl,
    'jiraIssues',
    `query($jql: String!, $after: String) { jiraIssues(jql: $jql, first: ${PAGE}, after: $after) { nodes { ${ISSUE_FIELDS} changelog { eventId createdAt items { field from to } } worklogs { worklogId startedAt timeSpentSeconds updatedAt } } pageInfo { hasNextPage endCursor } } }`,
    { jql: `project = ${options.projectKey} ORDER BY key ASC` },
  );
  const sum = (pick: (node: Node) => unknown[]) => issues.nodes.reduce((total, node) => total + pick(node).length, 0);
  return { issues: issues.nodes.length, changelogEvents: sum((node) => node.changelog), worklogs: sum((node) => node.worklogs), deletedWorklogs: 0 };
}

async function getJson<T>(url: string): Promise<T> {
  const { status, text } = await send({ url, headers: { accept: 'application/json' } });
  if (status !== 200) throw new Error(`nightly sync (hand-written client): HTTP ${status} from ${url}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

/** What a hand-written client does: search, then every issue's changelog and worklogs one by one. */
async function naive(options: NightlySyncOptions, jql: string, since: number | null): Promise<Omit<ApproachCount, 'requests' | 'responseBytes' | 'byRoute'>> {
  const base = `${options.jiraUrl}/rest/api/3`;
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ jql, maxResults: String(PAGE), fields: 'summary,status,issuetype,created,updated,project' });
    if (token !== undefined) query.set('nextPageToken', token);
    const page = await getJson<{ issues: Array<{ key: string }>; nextPageToken?: string }>(`${base}/search/jql?${query}`);
    keys.push(...page.issues.map((issue) => issue.key));
    token = page.nextPageToken;
  } while (token !== undefined);
  let changelogEvents = 0;
  let worklogs = 0;
  for (const key of keys) {
    for (let startAt = 0; ; ) {
      const page = await getJson<{ values: Array<{ created: string }>; isLast?: boolean }>(`${base}/issue/${key}/changelog?startAt=${startAt}&maxResults=100`);
      changelogEvents += page.values.filter((event) => since === null || Date.parse(event.created.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) >= since).length;
      startAt += page.values.length;
      if (page.isLast !== false || page.values.length === 0) break;
    }
    for (let startAt = 0; ; ) {
      const page = await getJson<{ worklogs: Array<{ updated: string }>; total: number }>(`${base}/issue/${key}/worklog?startAt=${startAt}&maxResults=1000`);
      worklogs += page.worklogs.filter((worklog) => since === null || Date.parse(worklog.updated.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) >= since).length;
      startAt += page.worklogs.length;
      if (startAt >= page.total || page.worklogs.length === 0) break;
    }
  }
  return { issues: keys.length, changelogEvents, worklogs, deletedWorklogs: 0 };
}

async function counted(servers: Record<string, CountingServer>, run: () => Promise<Omit<ApproachCount, 'requests' | 'responseBytes' | 'byRoute'>>): Promise<ApproachCount> {
  for (const server of Object.values(servers)) server.resetStats?.();
  const records = await run();
  const byRoute: Record<string, number> = {};
  let requests = 0;
  let responseBytes = 0;
  for (const server of Object.values(servers)) {
    const stats = server.stats?.();
    if (!stats) continue;
    requests += stats.requests;
    responseBytes += stats.responseBytes ?? 0;
    for (const [route, count] of Object.entries(stats.byRoute)) byRoute[route] = (byRoute[route] ?? 0) + count;
  }
  return { requests, responseBytes, byRoute, ...records };
}

export async function measureNightlySync(options: NightlySyncOptions): Promise<NightlySyncReport> {
  await incremental(options);
  const since = Date.parse(options.since);
  const naiveJql = `project = ${options.projectKey} AND updated >= "${jqlDateLiteral(since, options.accountTimeZone)}" ORDER BY updated DESC`;
  return {
    incremental: await counted(options.servers, () => incremental(options)),
    full: await counted(options.servers, () => full(options)),
    naiveIncremental: await counted(options.servers, () => naive(options, naiveJql, since)),
    naiveFull: await counted(options.servers, () => naive(options, `project = ${options.projectKey} ORDER BY key ASC`, null)),
  };
}
