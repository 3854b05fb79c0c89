/**
 * Issue 11 against the Jira sandbox (site-specific custom field ids, an account in Europe/Berlin,
 * worklog feeds, deleted worklogs): field discovery, JiraIssue.fields, incremental jiraIssues,
 * jiraWorklogs and workItems with their sync cursors, and the upstream requests each costs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getJiraDataset } from '../../scripts/sandbox/data/jira-dataset.ts';
import type { SandboxServerHandle } from '../../scripts/sandbox/http/server.ts';
import { startJiraSandbox } from '../../scripts/sandbox/jira/server.ts';
import type { GatewaySettings } from '../../sources/config/types.ts';
import { describeJiraFieldIds } from '../../resolvers/jira/index.ts';
import type { UpstreamFetch } from '../../resolvers/shared/http.ts';
import { canonicalExecutor, CLOUD_ID, plainFetch, testSettings } from './harness.ts';

/** Requests per route; response bytes are checked where the bytes themselves are the point. */
const requestCounts = (server: { stats(): { requests: number; byRoute: Record<string, number> } }) => {
  const { requests, byRoute } = server.stats();
  return { requests, byRoute };
};

const dataset = getJiraDataset();
const BASE = Date.parse(dataset.baseDate);
const DAY = 86_400_000;
const YESTERDAY = new Date(BASE - DAY).toISOString();
const parse = (jiraTime: string) => Date.parse(jiraTime.replace('+0000', 'Z'));

let jira: SandboxServerHandle;
let settings: GatewaySettings;
const requested: string[] = [];
/** A fresh executor per test: the field catalogue and account zone are cached per settings object. */
let run: ReturnType<typeof canonicalExecutor>;

/** Settings as the loader builds them with JIRA_STORY_POINTS_FIELD / JIRA_SPRINT_FIELD unset. */
function discoveringSettings(url: string): GatewaySettings {
  return { ...testSettings({ jira: url }), jira: { storyPointsField: 'customfield_10016', sprintField: 'customfield_10020', discover: { storyPoints: true, sprint: true } } };
}

const recordingFetch: UpstreamFetch = (url, init, context, info) => {
  requested.push(`${init?.method ?? 'GET'} ${decodeURIComponent(new URL(url).pathname + new URL(url).search)}`);
  return plainFetch(url, init, context, info);
};

beforeAll(async () => {
  jira = await startJiraSandbox({ host: '127.0.0.1', port: 0 });
});
afterAll(() => jira.close());
beforeEach(() => {
  settings = discoveringSettings(jira.url);
  run = canonicalExecutor(settings, recordingFetch);
  jira.resetStats();
  requested.length = 0;
});

interface IssueNode {
  key: string;
  updatedAt: string;
  storyPoints: number | null;
  sprintIds: string[];
}
interface IssuePage {
  nodes: IssueNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  syncCursor: string | null;
}

async function walkIssues(variables: Record<string, unknown>, first: number): Promise<{ keys: string[]; nodes: IssueNode[]; syncCursor: string; pages: number }> {
  const nodes: IssueNode[] = [];
  let after: string | null = null;
  for (let pages = 1; pages < 50; pages++) {
    const result = await run(
      `query($jql: String!, $since: DateTime, $sync: String, $after: String, $first: Int) {
        jiraIssues(jql: $jql, updatedSince: $since, syncCursor: $sync, first: $first, after: $after) { nodes { key updatedAt storyPoints sprintIds } pageInfo { hasNextPage endCursor } syncCursor } }`,
      { ...variables, after, first },
    );
    expect(result.errors).toBeUndefined();
    const page = (result.data as { jiraIssues: IssuePage }).jiraIssues;
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) {
      expect(page.syncCursor).toEqual(expect.any(String));
      return { keys: nodes.map((node) => node.key), nodes, syncCursor: page.syncCursor!, pages };
    }
    expect(page.syncCursor).toBeNull();
    after = page.pageInfo.endCursor;
  }
  throw new Error('the walk did not end');
}

describe('custom field discovery (JIRA_STORY_POINTS_FIELD / JIRA_SPRINT_FIELD unset)', () => {
  it('finds the site-specific ids by name once per cloud and reads story points and sprints from them', async () => {
    const query = `{ jiraIssue(key: "DEV-1") { storyPoints sprintIds } }`;
    const first = await run(query);
    expect(first.errors).toBeUndefined();
    const dev1 = dataset.issues[0].fields;
    expect(first.data).toEqual({ jiraIssue: { storyPoints: dev1.customfield_10028, sprintIds: (dev1.customfield_10104 as Array<{ id: number }>).map((s) => String(s.id)) } });
    expect(dev1.customfield_10028).toEqual(expect.any(Number));
    // The issue request asks for the discovered ids, not the defaults.
    expect(requested.find((line) => line.startsWith('GET /rest/api/3/issue/DEV-1'))).toMatch(/fields=.*customfield_10028,customfield_10104/);
    await run(query);
    expect(jira.stats().byRoute['GET /rest/api/3/field']).toBe(1);
  });

  it('configured ids are used as they are, without a catalogue request', async () => {
    const configured = canonicalExecutor({ ...settings, jira: { storyPointsField: 'customfield_10028', sprintField: 'customfield_10104' } }, recordingFetch);
    expect((await configured(`{ jiraIssue(key: "DEV-1") { storyPoints } }`)).data).toEqual({ jiraIssue: { storyPoints: dataset.issues[0].fields.customfield_10028 } });
    expect(jira.stats().byRoute['GET /rest/api/3/field']).toBeUndefined();
  });

  it('the start-up line names the ids found, how, and for which cloud', async () => {
    expect(await describeJiraFieldIds({ fetch: plainFetch, settings })).toBe(
      `Jira fields on cloud ${CLOUD_ID}: story points customfield_10028 (found by name "Story Points"), sprint customfield_10104 (found by name "Sprint")`,
    );
    expect(await describeJiraFieldIds({ fetch: plainFetch, settings: { ...settings, jira: { storyPointsField: 'customfield_10028', sprintField: 'customfield_10104' } } })).toBe(
      'Jira fields: story points customfield_10028 (JIRA_STORY_POINTS_FIELD), sprint customfield_10104 (JIRA_SPRINT_FIELD)',
    );
    const down = { ...discoveringSettings('http://127.0.0.1:9') };
    expect(await describeJiraFieldIds({ fetch: plainFetch, settings: down })).toMatch(/^Jira fields: discovery from GET \/rest\/api\/3\/field failed \(.*\); retried at first use \(defaults customfield_10016, customfield_10020\)$/);
  });
});

describe('JiraIssue.fields(ids:, names:)', () => {
  it('asks Jira for exactly the extra fields in the listing request and returns raw values as asked', async () => {
    const notStarted = dataset.issues.find((issue) => issue.fields.customfield_10015 === null)!;
    const result = await run(`{ jiraIssues(jql: "key in (DEV-1, ${notStarted.key})", first: 5) { nodes { key a: fields(names: ["start date"]) b: fields(ids: ["customfield_10001"], names: ["Story Points"]) } } }`);
    expect(result.errors).toBeUndefined();
    const nodes = (result.data as { jiraIssues: { nodes: Array<{ key: string; a: Record<string, unknown>; b: Record<string, unknown> }> } }).jiraIssues.nodes;
    const byKey = Object.fromEntries(nodes.map((node) => [node.key, node]));
    expect(byKey['DEV-1'].a).toEqual({ 'start date': dataset.issues[0].fields.customfield_10015 });
    expect(byKey['DEV-1'].b).toEqual({ customfield_10001: null, 'Story Points': dataset.issues[0].fields.customfield_10028 });
    // Work never started: Jira's explicit null.
    expect(byKey[notStarted.key].a).toEqual({ 'start date': null });
    const search = requested.find((line) => line.startsWith('GET /rest/api/3/search/jql'))!;
    expect(new URLSearchParams(search.split('?')[1]).get('fields')!.split(',').slice(-2).sort()).toEqual(['customfield_10001', 'customfield_10015']);
    expect(jira.stats().byRoute).toEqual({ 'GET /rest/api/3/field': 1, 'GET /rest/api/3/search/jql': 1 });
  });

  it('an unknown name or id is an error on that field only, naming it; the catalogue is read again once on the miss', async () => {
    const result = await run(`{ jiraIssue(key: "DEV-2") { key storyPoints fields(names: ["Teem"], ids: ["customfield_77777"]) } }`);
    expect(result.data).toEqual({ jiraIssue: { key: 'DEV-2', storyPoints: dataset.issues[1].fields.customfield_10028 ?? null, fields: null } });
    expect(result.errors?.map((error) => [error.path, error.extensions?.code, error.message])).toEqual([
      [
        ['jiraIssue', 'fields'],
        'BAD_USER_INPUT',
        'Cannot read fields of Jira issue DEV-2: Jira has no field with id "customfield_77777" that the caller can see (GET /rest/api/3/field does not list it); Jira has no field named "Teem" that the caller can see',
      ],
    ]);
    // Fetched at first use; the miss within a minute of it does not fetch again.
    expect(jira.stats().byRoute['GET /rest/api/3/field']).toBe(1);
  });
});

describe('incremental jiraIssues (updatedSince, syncCursor)', () => {
  const changedSinceYesterday = dataset.issues
    .filter((issue) => issue.projectKey === 'DEV' && issue.updatedMs >= BASE - DAY)
    .sort((a, b) => b.updatedMs - a.updatedMs || b.key.localeCompare(a.key, 'en', { numeric: true }));

  it('returns exactly the issues updated since, newest first, in pages, and a sync cursor on the last page', async () => {
    expect(changedSinceYesterday.length).toBeGreaterThan(2);
    const walk = await walkIssues({ jql: 'project = DEV', since: YESTERDAY }, 2);
    expect(walk.keys).toEqual(changedSinceYesterday.map((issue) => issue.key));
    expect(walk.pages).toBe(Math.ceil(changedSinceYesterday.length / 2));
    // The account is in Berlin (UTC+1): the JQL bound is written in its zone, not UTC.
    const yesterdayBerlin = new Date(BASE - DAY + 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const searches = requested.filter((line) => line.startsWith('GET /rest/api/3/search/jql'));
    expect(new Set(searches.map((line) => new URLSearchParams(line.split('?')[1]).get('jql')))).toEqual(new Set([`updated >= "${yesterdayBerlin}" AND (project = DEV) ORDER BY updated DESC, key DESC`]));
    // /myself and /field once each, whatever the number of pages.
    expect(jira.stats().byRoute).toEqual({ 'GET /rest/api/3/field': 1, 'GET /rest/api/3/myself': 1, 'GET /rest/api/3/search/jql': walk.pages });
  });

  it('the sync cursor continues from the newest update seen minus 5 minutes: no gap, only the boundary again', async () => {
    const full = await walkIssues({ jql: 'project = DEV', since: '1970-01-01T00:00:00Z' }, 100);
    expect(full.keys).toHaveLength(150);
    const newestUpdate = Math.max(...dataset.issues.filter((issue) => issue.projectKey === 'DEV').map((issue) => issue.updatedMs));
    const next = await walkIssues({ jql: 'project = DEV', sync: full.syncCursor }, 100);
    expect(next.keys).toEqual(dataset.issues.filter((issue) => issue.projectKey === 'DEV' && issue.updatedMs >= newestUpdate - 300_000).map((issue) => issue.key));
    // A walk that finds only the boundary hands on a cursor that still starts there.
    const again = await walkIssues({ jql: 'project = DEV', sync: next.syncCursor }, 100);
    expect(again.keys).toEqual(next.keys);
  });

  it('refuses a sync cursor of another JQL, both arguments at once, and an ORDER BY, before any upstream call', async () => {
    const walk = await walkIssues({ jql: 'project = API', since: YESTERDAY }, 50);
    jira.resetStats();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ jql: 'project = DEV', sync: walk.syncCursor }, /issued for other arguments/],
      [{ jql: 'project = API', sync: walk.syncCursor, since: YESTERDAY }, /not both/],
      [{ jql: 'project = API ORDER BY created', since: YESTERDAY }, /must not contain ORDER BY/],
      // Would read `updated >= … AND (project = API) OR (project = DEV)`: DEV unbounded by the sync time.
      [{ jql: 'project = API) OR (project = DEV', since: YESTERDAY }, /balanced parentheses/],
      [{ jql: 'project = API', sync: 'garbage' }, /Invalid cursor/],
    ];
    for (const [variables, message] of cases) {
      const result = await run(`query($jql: String!, $since: DateTime, $sync: String) { jiraIssues(jql: $jql, updatedSince: $since, syncCursor: $sync) { nodes { key } } }`, variables);
      expect(result.errors?.[0].extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(message);
    }
    const badTime = await run(`{ jiraIssues(jql: "project = API", updatedSince: "yesterday") { nodes { key } } }`);
    expect(badTime.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(jira.stats().requests).toBe(0);
  });

  it('changelog(since:) keeps only events since, from the same one bulk request per page', async () => {
    const result = await run(`query($since: DateTime) { jiraIssues(jql: "project = DEV", updatedSince: $since, first: 50) { nodes { key changelog(since: $since) { createdAt } all: changelog { eventId } } } }`, { since: YESTERDAY });
    expect(result.errors).toBeUndefined();
    for (const node of (result.data as { jiraIssues: { nodes: Array<{ key: string; changelog: Array<{ createdAt: string }>; all: unknown[] }> } }).jiraIssues.nodes) {
      const issue = dataset.issues.find((candidate) => candidate.key === node.key)!;
      expect(node.changelog.map((event) => event.createdAt)).toEqual(issue.changelog.filter((h) => parse(h.created) >= BASE - DAY).map((h) => new Date(parse(h.created)).toISOString()));
      expect(node.all).toHaveLength(issue.changelog.length);
    }
    expect(jira.stats().byRoute['POST /rest/api/3/changelog/bulkfetch']).toBe(1);
  });
});

describe('jiraWorklogs over the bulk worklog endpoints', () => {
  type WorklogPage = {
    nodes: Array<{ issueKey: string; worklogId: string; updatedAt: string; timeSpentSeconds: number }>;
    deleted: Array<{ worklogId: string; deletedAt: string }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    syncCursor: string | null;
  };
  const query = `query($since: DateTime, $sync: String, $projects: [String!], $first: Int, $after: String) {
    jiraWorklogs(updatedSince: $since, syncCursor: $sync, projectKeys: $projects, first: $first, after: $after) {
      nodes { issueKey worklogId updatedAt timeSpentSeconds } deleted { worklogId deletedAt } pageInfo { hasNextPage endCursor } syncCursor } }`;
  const worklogsSince = (since: number, project?: string) =>
    dataset.issues
      .filter((issue) => project === undefined || issue.projectKey === project)
      .flatMap((issue) => issue.worklogs.map((worklog) => ({ issueKey: issue.key, worklog })))
      .filter(({ worklog }) => parse(worklog.updated) > since)
      .sort((a, b) => parse(a.worklog.updated) - parse(b.worklog.updated) || Number(a.worklog.id) - Number(b.worklog.id));

  it('a week of DEV worklogs in 4 requests (feed, list, issue keys, deletions), with deletions and a sync cursor', async () => {
    const since = BASE - 7 * DAY;
    const result = await run(query, { since: new Date(since).toISOString(), projects: ['dev'] });
    expect(result.errors).toBeUndefined();
    const page = (result.data as { jiraWorklogs: WorklogPage }).jiraWorklogs;
    const expected = worklogsSince(since, 'DEV');
    expect(expected.length).toBeGreaterThan(5);
    expect(page.nodes.map((node) => [node.issueKey, node.worklogId])).toEqual(expected.map(({ issueKey, worklog }) => [issueKey, worklog.id]));
    expect(page.nodes.every((node, index) => node.timeSpentSeconds === expected[index].worklog.timeSpentSeconds)).toBe(true);
    expect(page.deleted).toEqual(dataset.deletedWorklogs.filter((entry) => entry.updatedTime > since).map((entry) => ({ worklogId: String(entry.worklogId), deletedAt: new Date(entry.updatedTime).toISOString() })));
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.syncCursor).toEqual(expect.any(String));
    expect(requestCounts(jira)).toEqual({
      requests: 4,
      byRoute: { 'GET /rest/api/3/worklog/updated': 1, 'POST /rest/api/3/worklog/list': 1, 'POST /rest/api/3/issue/bulkfetch': 1, 'GET /rest/api/3/worklog/deleted': 1 },
    });
  });

  it('pages with cursors (deletions and the sync cursor on the last page only); the next sync re-reads only the boundary', async () => {
    const since = BASE - 7 * DAY;
    const ids: string[] = [];
    let after: string | null = null;
    let last: WorklogPage | null = null;
    for (let pages = 0; pages < 30; pages++) {
      const result = await run(query, { since: new Date(since).toISOString(), first: 4, after });
      expect(result.errors).toBeUndefined();
      const page: WorklogPage = (result.data as { jiraWorklogs: WorklogPage }).jiraWorklogs;
      ids.push(...page.nodes.map((node) => node.worklogId));
      if (!page.pageInfo.hasNextPage) {
        last = page;
        break;
      }
      expect(page.deleted).toEqual([]);
      expect(page.syncCursor).toBeNull();
      after = page.pageInfo.endCursor;
    }
    expect(ids).toEqual(worklogsSince(since).map(({ worklog }) => worklog.id));
    expect(last?.deleted.length).toBeGreaterThan(0);
    const next = (await run(query, { sync: last!.syncCursor })).data as { jiraWorklogs: WorklogPage };
    const newest = Math.max(...worklogsSince(since).map(({ worklog }) => parse(worklog.updated)));
    expect(next.jiraWorklogs.nodes.map((node) => node.worklogId)).toEqual(worklogsSince(newest - 300_000 - 1).map(({ worklog }) => worklog.id));
    expect(next.jiraWorklogs.deleted.map((entry) => Date.parse(entry.deletedAt))).toEqual(
      dataset.deletedWorklogs.filter((entry) => entry.updatedTime >= Math.max(...dataset.deletedWorklogs.map((d) => d.updatedTime)) - 300_000).map((d) => d.updatedTime),
    );
    // The cursor belongs to its projectKeys.
    const other = await run(query, { sync: last!.syncCursor, projects: ['DEV'] });
    expect(other.errors?.[0].message).toMatch(/issued for other arguments/);
  });

  it('refuses bad input before any upstream call', async () => {
    for (const variables of [{ first: 1001 }, { first: 0 }, { projects: ['not a key'] }, { since: YESTERDAY, sync: 'x' }]) {
      const result = await run(query, variables);
      expect(result.errors?.[0].extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
    expect(jira.stats().requests).toBe(0);
  });
});

describe('incremental workItems (Jira side)', () => {
  it('returns the issues updated since with a per-source sync cursor that continues without a gap', async () => {
    const first = await run(`query($since: DateTime) { workItems(jql: "project = API", updatedSince: $since, first: 100) { nodes { ref updatedAt } pageInfo { hasNextPage } syncCursor } }`, { since: YESTERDAY });
    expect(first.errors).toBeUndefined();
    const page = (first.data as { workItems: { nodes: Array<{ ref: string; updatedAt: string }>; pageInfo: { hasNextPage: boolean }; syncCursor: string } }).workItems;
    const expected = dataset.issues.filter((issue) => issue.projectKey === 'API' && issue.updatedMs >= BASE - DAY).sort((a, b) => b.updatedMs - a.updatedMs);
    expect(page.nodes.map((node) => node.ref)).toEqual(expected.map((issue) => issue.key));
    const next = await run(`query($sync: String) { workItems(jql: "project = API", syncCursor: $sync) { nodes { ref } syncCursor } }`, { sync: page.syncCursor });
    expect((next.data as { workItems: { nodes: Array<{ ref: string }> } }).workItems.nodes.map((node) => node.ref)).toEqual([expected[0].key]);
  });
});
