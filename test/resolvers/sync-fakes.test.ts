/**
 * Sync and discovery edge cases the sandbox cannot provoke, against small fake upstreams with
 * payloads shaped like the vendor specs: accounts west of UTC or without a zone, explicit nulls,
 * mixed offsets, worklog feeds over several pages with ids deleted in between, unknown issues,
 * catalogue failures and duplicates, and todo.sr.ht trackers read incrementally.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewaySettings } from '../../sources/config/types.ts';
import { FIELD_REFRESH_MIN_MS, JiraSiteInfo } from '../../resolvers/jira/site-info.ts';
import type { CallContext } from '../../resolvers/shared/http.ts';
import { canonicalExecutor, plainFetch, testSettings } from './harness.ts';
import { rawIssue, rawSrhtTicket } from './fixtures.ts';

type Handler = (path: string, query: URLSearchParams, body: unknown) => { status?: number; body: unknown };
const servers: Array<{ close(): void }> = [];
const calls: string[] = [];

async function fake(handler: Handler): Promise<string> {
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url ?? '/', 'http://x');
    const search = [...url.searchParams].map(([name, value]) => `${name}=${value}`).join('&');
    calls.push(`${req.method} ${url.pathname}${search ? `?${search}` : ''}`);
    const answer = handler(url.pathname, url.searchParams, text ? (JSON.parse(text) as unknown) : undefined);
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const since = '2026-01-04T09:00:00.000Z';
const fieldCatalogue = [
  { id: 'summary', key: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
  { id: 'customfield_10033', key: 'customfield_10033', name: 'Story Points', custom: true, schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10033 } },
  { id: 'customfield_10020', key: 'customfield_10020', name: 'Sprint', custom: true, schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint', customId: 10020 } },
  { id: 'customfield_10050', key: 'customfield_10050', name: 'Team', custom: true, schema: { type: 'team', customId: 10050 } },
  { id: 'customfield_10051', key: 'customfield_10051', name: 'team', custom: true, schema: { type: 'string', customId: 10051 } },
];

let zone: { status: number; body: unknown } = { status: 200, body: { accountId: 'a-1', timeZone: 'America/Los_Angeles' } };
let catalogueAnswer: { status: number; body: unknown } = { status: 200, body: fieldCatalogue };
let jiraUrl = '';
let srhtUrl = '';

/** Issues of "project = SYNC", newest first: one with an explicit null updated, one from before `since`. */
function syncIssues(): unknown[] {
  const broken = rawIssue(4, 'SYNC');
  broken.fields.updated = null;
  return [
    broken,
    rawIssue(3, 'SYNC', '2026-01-05T01:00:00.000-0800'),
    rawIssue(2, 'SYNC', '2026-01-04T10:30:00.000+0100'),
    // 08:59:59 UTC: the minute-precision JQL bound lets it through; the gateway ends the walk there.
    rawIssue(1, 'SYNC', '2026-01-04T08:59:59.000+0000'),
  ];
}

/** Worklog feeds over several pages (limit 2 here, 1000 in Jira); 50003 is deleted between feed and list. */
const updatedFeed = [
  { worklogId: 50001, updatedTime: 1767517200000, properties: [] },
  { worklogId: 50002, updatedTime: 1767520800000, properties: [] },
  { worklogId: 50003, updatedTime: 1767524400000, properties: [] },
  { worklogId: null, updatedTime: 1767528000000, properties: [] },
  { worklogId: 50005, updatedTime: 1767531600000, properties: [] },
];
const deletedFeed = [
  { worklogId: 49001, updatedTime: 1767520000000, properties: [] },
  { worklogId: 50003, updatedTime: 1767525000000, properties: [] },
  { worklogId: 49002, updatedTime: 1767530000000, properties: [] },
];
const worklogs: Record<number, unknown> = {
  50001: { id: '50001', issueId: '10001', author: { accountId: 'acc-1', displayName: 'Ada', active: true }, started: '2026-01-04T08:00:00.000+0100', timeSpentSeconds: 1800, created: '2026-01-04T09:00:00.000+0000', updated: '2026-01-04T09:00:00.000+0000' },
  // Never edited, `updated` absent; author hidden (explicit null).
  50002: { id: '50002', issueId: '10002', author: null, started: '2026-01-04T09:30:00.000-0500', timeSpentSeconds: 3600, created: '2026-01-04T10:00:00.000+0000' },
  // Its issue is not visible to the caller any more.
  50005: { id: '50005', issueId: '99999', author: { accountId: 'acc-2', displayName: 'Grace' }, started: '2026-01-04T12:00:00.000+0000', timeSpentSeconds: 600, created: '2026-01-04T13:00:00.000+0000', updated: '2026-01-04T13:00:00.000+0000' },
};

function feedPage(feed: typeof updatedFeed, from: number) {
  const after = feed.filter((entry) => entry.updatedTime > from);
  const values = after.slice(0, 2);
  return { since: from, until: values.length > 0 ? values[values.length - 1].updatedTime : from, values, lastPage: values.length === after.length };
}

beforeAll(async () => {
  jiraUrl = await fake((path, query, body) => {
    if (path === '/rest/api/3/myself') return zone;
    if (path === '/rest/api/3/field') return catalogueAnswer;
    if (path === '/rest/api/3/search/jql') {
      const jql = query.get('jql') ?? '';
      if (jql.endsWith('AND (project = SYNC) ORDER BY updated DESC, key DESC')) return { body: { issues: syncIssues(), isLast: true } };
      return { status: 400, body: { errorMessages: [`unexpected JQL ${jql}`], errors: {} } };
    }
    if (path === '/rest/api/3/worklog/updated') return { body: feedPage(updatedFeed, Number(query.get('since'))) };
    if (path === '/rest/api/3/worklog/deleted') return { body: feedPage(deletedFeed, Number(query.get('since'))) };
    if (path === '/rest/api/3/worklog/list') {
      const ids = (body as { ids: number[] }).ids;
      return { body: ids.map((id) => worklogs[id]).filter((worklog) => worklog !== undefined).reverse() };
    }
    if (path === '/rest/api/3/issue/bulkfetch') {
      const wanted = (body as { issueIdsOrKeys: string[] }).issueIdsOrKeys;
      const known: Record<string, unknown> = {
        '10001': { id: '10001', key: 'SYNC-1', fields: { project: { key: 'SYNC' } } },
        '10002': { id: '10002', key: 'OTHER-2', fields: { project: { key: 'OTHER' } } },
      };
      return { body: { issues: wanted.map((id) => known[id]).filter((issue) => issue !== undefined), issueErrors: [] } };
    }
    return { status: 404, body: { errorMessages: ['unexpected'], errors: {} } };
  });
  srhtUrl = `${await fake((_path, _query, body) => {
    const { query, variables } = body as { query: string; variables: Record<string, unknown> };
    if (query.includes('CanonicalTickets')) {
      // sr.ht lists by id, newest id first, pages of 2; updates in another order.
      const tickets = [
        rawSrhtTicket(5, 'REPORTED', '2026-01-04T12:00:00Z'),
        rawSrhtTicket(4, 'RESOLVED', '2026-01-05T08:00:00+01:00'),
        rawSrhtTicket(3, 'CONFIRMED', '2026-01-03T12:00:00Z'),
        rawSrhtTicket(2, 'IN_PROGRESS', '2026-01-04T12:00:00Z'),
        { ...rawSrhtTicket(1, 'REPORTED'), updated: null },
      ];
      const start = variables.cursor ? Number(variables.cursor) : 0;
      return { body: { data: { user: { tracker: { tickets: { results: tickets.slice(start, start + 2), cursor: start + 2 < tickets.length ? String(start + 2) : null } } } } } };
    }
    return { body: { errors: [{ message: 'unexpected query' }] } };
  })}/query`;
});
afterAll(() => servers.forEach((server) => server.close()));
beforeEach(() => {
  calls.length = 0;
  zone = { status: 200, body: { accountId: 'a-1', timeZone: 'America/Los_Angeles' } };
  catalogueAnswer = { status: 200, body: fieldCatalogue };
});

function settings(discover = false): GatewaySettings {
  const base = testSettings({ jira: jiraUrl, srht: srhtUrl });
  return discover ? { ...base, jira: { ...base.jira, discover: { storyPoints: true, sprint: true } } } : base;
}

describe('incremental jiraIssues edge cases', () => {
  it('an account west of UTC gets its own wall time; issues before since end the walk; an unreadable update is kept as an error', async () => {
    const result = await canonicalExecutor(settings())(`query($since: DateTime) { jiraIssues(jql: "project = SYNC", updatedSince: $since) { nodes { key updatedAt } syncCursor } }`, { since });
    expect(calls.find((call) => call.startsWith('GET /rest/api/3/search/jql'))).toContain('jql=updated >= "2026-01-04 01:00" AND (project = SYNC)');
    expect(result.data).toEqual({
      jiraIssues: {
        nodes: [null, { key: 'SYNC-3', updatedAt: '2026-01-05T09:00:00.000Z' }, { key: 'SYNC-2', updatedAt: '2026-01-04T09:30:00.000Z' }],
        syncCursor: expect.any(String),
      },
    });
    expect(result.errors?.map((error) => [error.path, error.message])).toEqual([[['jiraIssues', 'nodes', 0], "Cannot map JiraIssue SYNC-4: upstream field 'fields.updated' is missing"]]);
  });

  it('no zone from /myself (HTTP 500 or none set): a literal early enough for every zone, never a failure', async () => {
    zone = { status: 500, body: { errorMessages: ['down'], errors: {} } };
    const result = await canonicalExecutor(settings())(`query($since: DateTime) { jiraIssues(jql: "project = SYNC", updatedSince: $since) { nodes { key } } }`, { since });
    expect(result.data).toMatchObject({ jiraIssues: { nodes: [null, { key: 'SYNC-3' }, { key: 'SYNC-2' }] } });
    expect(calls.find((call) => call.startsWith('GET /rest/api/3/search/jql'))).toContain('jql=updated >= "2026-01-03 21:00" AND (project = SYNC)');
    zone = { status: 200, body: { accountId: 'a-1', timeZone: null } };
    calls.length = 0;
    await canonicalExecutor(settings())(`query($since: DateTime) { jiraIssues(jql: "project = SYNC", updatedSince: $since) { nodes { key } } }`, { since });
    expect(calls.find((call) => call.startsWith('GET /rest/api/3/search/jql'))).toContain('"2026-01-03 21:00"');
  });
});

describe('custom field discovery edge cases', () => {
  it('a failing catalogue fails the listing with a message naming discovery and the variables that skip it', async () => {
    catalogueAnswer = { status: 503, body: { errorMessages: ['Service unavailable'], errors: {} } };
    const result = await canonicalExecutor(settings(true))(`{ jiraIssues(jql: "project = SYNC", updatedSince: "${since}") { nodes { key } } }`);
    expect(result.errors?.[0].message).toBe(
      'Cannot discover the story points and sprint fields of this Jira site: Jira REST answered HTTP 503: Service unavailable (JIRA_STORY_POINTS_FIELD and JIRA_SPRINT_FIELD skip discovery)',
    );
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
  });

  it('a name two fields share is an error naming both ids; the discovered story points field is used', async () => {
    const result = await canonicalExecutor(settings(true))(`{ jiraIssues(jql: "project = SYNC", updatedSince: "${since}") { nodes { key storyPoints fields(names: ["TEAM"]) } } }`);
    const search = calls.find((call) => call.startsWith('GET /rest/api/3/search/jql'))!;
    expect(search).toContain('customfield_10033,customfield_10020');
    expect(result.errors?.find((error) => error.path?.join('.') === 'jiraIssues.nodes.1.fields')?.message).toBe(
      'Cannot read fields of Jira issue SYNC-3: Jira has 2 fields named "TEAM" (customfield_10050, customfield_10051); ask for one by id',
    );
  });

  it('the catalogue is read once, and again on a miss only after the refresh interval', async () => {
    let clock = 0;
    let fetches = 0;
    const info = new JiraSiteInfo(() => clock);
    const call: CallContext = {
      deps: {
        settings: settings(true),
        fetch: (url, init) => {
          fetches += 1;
          return plainFetch(url, init);
        },
      },
      context: {},
    };
    expect((await info.fieldCatalogue(call, jiraUrl)).map((field) => field.id)).toContain('customfield_10050');
    await info.fieldCatalogue(call, jiraUrl);
    await info.refreshedFieldCatalogue(call, jiraUrl);
    expect(fetches).toBe(1);
    clock += FIELD_REFRESH_MIN_MS;
    await info.refreshedFieldCatalogue(call, jiraUrl);
    expect(fetches).toBe(2);
    // Two first uses at once share one request.
    const fresh = new JiraSiteInfo(() => clock);
    await Promise.all([fresh.fieldCatalogue(call, jiraUrl), fresh.fieldCatalogue(call, jiraUrl)]);
    expect(fetches).toBe(3);
  });
});

describe('jiraWorklogs edge cases', () => {
  const query = `query($first: Int, $after: String, $projects: [String!]) { jiraWorklogs(updatedSince: "2026-01-04T08:00:00Z", first: $first, after: $after, projectKeys: $projects) {
    edges { node { issueKey worklogId author { accountId } startedAt updatedAt } } deleted { worklogId deletedAt } pageInfo { hasNextPage endCursor } syncCursor } }`;

  it('walks feed pages by until; an id deleted before the list call is left out; broken entries and invisible issues are errors naming them', async () => {
    const result = await canonicalExecutor(settings())(query, { first: 1000 });
    const data = result.data as { jiraWorklogs: { edges: Array<{ node: { issueKey: string; worklogId: string; author: unknown; startedAt: string; updatedAt: string } | null }>; deleted: Array<{ worklogId: string }>; pageInfo: { hasNextPage: boolean }; syncCursor: string } };
    expect(data.jiraWorklogs.edges.map((edge) => edge.node)).toEqual([
      { issueKey: 'SYNC-1', worklogId: '50001', author: { accountId: 'acc-1' }, startedAt: '2026-01-04T07:00:00.000Z', updatedAt: '2026-01-04T09:00:00.000Z' },
      { issueKey: 'OTHER-2', worklogId: '50002', author: null, startedAt: '2026-01-04T14:30:00.000Z', updatedAt: '2026-01-04T10:00:00.000Z' },
      null,
      null,
    ]);
    expect(result.errors?.map((error) => error.message)).toEqual([
      "Cannot map JiraWorklog (unknown id) in the updated-worklogs feed: upstream field 'worklogId' is missing",
      "Cannot map JiraWorklog 50005 of issue id 99999: upstream field 'issueId' names an issue Jira did not return by id (deleted or not browsable)",
    ]);
    expect(data.jiraWorklogs.deleted.map((entry) => entry.worklogId)).toEqual(['49001', '50003', '49002']);
    expect(data.jiraWorklogs.pageInfo.hasNextPage).toBe(false);
    // Feed pages follow until; the list gets the ids of every page at once.
    expect(calls.filter((call) => call.includes('/worklog/'))).toEqual([
      'GET /rest/api/3/worklog/updated?since=1767513600000',
      'GET /rest/api/3/worklog/updated?since=1767520800000',
      'GET /rest/api/3/worklog/updated?since=1767528000000',
      'POST /rest/api/3/worklog/list',
      'GET /rest/api/3/worklog/deleted?since=1767513600000',
      'GET /rest/api/3/worklog/deleted?since=1767525000000',
    ]);
  });

  it('projectKeys keeps only worklogs of those projects; a sync cursor is bound to them', async () => {
    const result = await canonicalExecutor(settings())(query, { projects: ['SYNC'] });
    const edges = (result.data as { jiraWorklogs: { edges: Array<{ node: { worklogId: string } | null }> } }).jiraWorklogs.edges;
    expect(edges.map((edge) => edge.node?.worklogId ?? null)).toEqual(['50001', null, null]);
  });

  it('small pages resume exactly; deletions and the sync cursor come once, with the last page', async () => {
    const run = canonicalExecutor(settings());
    const seen: Array<string | null> = [];
    let after: string | null = null;
    const deletedPerPage: number[] = [];
    for (let page = 0; page < 10; page++) {
      const result = await run(query, { first: 2, after });
      const connection = (result.data as { jiraWorklogs: { edges: Array<{ node: { worklogId: string } | null }>; deleted: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string }; syncCursor: string | null } }).jiraWorklogs;
      seen.push(...connection.edges.map((edge) => edge.node?.worklogId ?? null));
      deletedPerPage.push(connection.deleted.length);
      expect(connection.syncCursor === null).toBe(connection.pageInfo.hasNextPage);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(['50001', '50002', null, null]);
    expect(deletedPerPage).toEqual([0, 0, 3]);
  });
});

describe('incremental todo.sr.ht tickets and workItems', () => {
  it('sourcehutTickets: the tracker read whole, tickets updated since newest first (mixed offsets), unreadable ones kept as errors', async () => {
    const run = canonicalExecutor(settings());
    const query = `query($since: DateTime, $sync: String, $after: String) { sourcehutTickets(owner: "~sandbox", tracker: "gateway", updatedSince: $since, syncCursor: $sync, first: 2, after: $after) {
      nodes { ref updatedAt } pageInfo { hasNextPage endCursor } syncCursor } }`;
    const page1 = await run(query, { since });
    const first = (page1.data as { sourcehutTickets: { nodes: Array<{ ref: string } | null>; pageInfo: { hasNextPage: boolean; endCursor: string }; syncCursor: string | null } }).sourcehutTickets;
    expect(first.nodes).toEqual([null, { ref: '~sandbox/gateway#4', updatedAt: '2026-01-05T07:00:00.000Z' }]);
    expect(page1.errors?.[0].message).toMatch(/SourcehutTicket ~sandbox\/gateway#1: upstream field 'updated' is missing/);
    expect(first.syncCursor).toBeNull();
    const page2 = await run(query, { since, after: first.pageInfo.endCursor });
    const second = (page2.data as { sourcehutTickets: { nodes: Array<{ ref: string }>; pageInfo: { hasNextPage: boolean }; syncCursor: string } }).sourcehutTickets;
    // Ties on updated: by ref. #3 (updated before since) is left out.
    expect(second.nodes.map((node) => node.ref)).toEqual(['~sandbox/gateway#2', '~sandbox/gateway#5']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // Next time: from the newest update (#4, 07:00Z) minus 5 minutes.
    const next = await run(query, { sync: second.syncCursor });
    expect((next.data as { sourcehutTickets: { nodes: Array<{ ref: string } | null> } }).sourcehutTickets.nodes).toEqual([null, { ref: '~sandbox/gateway#4', updatedAt: '2026-01-05T07:00:00.000Z' }]);
    const wrongTracker = await run(`query($sync: String) { sourcehutTickets(owner: "~sandbox", tracker: "docs", syncCursor: $sync) { nodes { ref } } }`, { sync: second.syncCursor });
    expect(wrongTracker.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('workItems: both sources since the same time, one lower bound per source in the sync cursor', async () => {
    const run = canonicalExecutor(settings());
    const query = `query($since: DateTime, $sync: String) { workItems(jql: "project = SYNC", sourcehut: [{ owner: "sandbox", tracker: "gateway" }], updatedSince: $since, syncCursor: $sync, first: 20) {
      nodes { __typename ref } pageInfo { hasNextPage } syncCursor } }`;
    const result = await run(query, { since });
    const connection = (result.data as { workItems: { nodes: Array<{ ref: string } | null>; syncCursor: string } }).workItems;
    expect(connection.nodes.map((node) => node?.ref ?? null)).toEqual([null, null, 'SYNC-3', '~sandbox/gateway#4', '~sandbox/gateway#2', '~sandbox/gateway#5', 'SYNC-2']);
    calls.length = 0;
    const next = await run(query, { sync: connection.syncCursor });
    // Jira continues from SYNC-3 (09:00Z) minus 5 minutes, sr.ht from #4 (07:00Z) minus 5 minutes.
    expect(calls.find((call) => call.startsWith('GET /rest/api/3/search/jql'))).toContain('jql=updated >= "2026-01-05 00:55" AND (project = SYNC)');
    expect((next.data as { workItems: { nodes: Array<{ ref: string } | null> } }).workItems.nodes.map((node) => node?.ref ?? null)).toEqual([null, null, 'SYNC-3', '~sandbox/gateway#4']);
  });
});
