import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startJiraSandbox } from '../../scripts/sandbox/jira/server.ts';
import type { SandboxServerHandle } from '../../scripts/sandbox/http/server.ts';
import { WORKLOG_CONCURRENCY } from '../../resolvers/jira/loaders.ts';
import { canonicalExecutor, testSettings, CLOUD_ID, plainFetch } from './harness.ts';
import type { UpstreamFetch } from '../../resolvers/shared/http.ts';

/** Requests per route; response bytes are checked where the bytes themselves are the point. */
const requestCounts = (server: { stats(): { requests: number; byRoute: Record<string, number> } }) => {
  const { requests, byRoute } = server.stats();
  return { requests, byRoute };
};

let jira: SandboxServerHandle;
let run: ReturnType<typeof canonicalExecutor>;
let peakInFlight = 0;
/** When set, search requests drop the worklog field, so Jira embeds none and each issue needs a worklog call. */
let withoutEmbeddedWorklogs = false;

beforeAll(async () => {
  jira = await startJiraSandbox({ host: '127.0.0.1', port: 0 });
  let inFlight = 0;
  const countingFetch: UpstreamFetch = async (url, init, context, info) => {
    // Only worklog calls are capped; the bulk changelog call runs beside them.
    const isWorklog = url.includes('/worklog');
    if (isWorklog) inFlight += 1;
    peakInFlight = Math.max(peakInFlight, inFlight);
    try {
      const target = withoutEmbeddedWorklogs && url.includes('/search/jql') ? url.replace(/%2Cworklog(?=%2C|&|$)/, '') : url;
      return await plainFetch(target, init, context, info);
    } finally {
      if (isWorklog) inFlight -= 1;
    }
  };
  run = canonicalExecutor(testSettings({ jira: jira.url }), countingFetch);
});
afterAll(() => jira.close());
beforeEach(() => {
  jira.resetStats();
  peakInFlight = 0;
  withoutEmbeddedWorklogs = false;
});

describe('jiraIssues against the Jira sandbox', () => {
  const batchedQuery = `{ jiraIssues(jql: "project = DEV", first: 100) {
    nodes { key createdAt changelog { eventId createdAt items { field toString } } worklogs { worklogId timeSpentSeconds startedAt } statusChanges { toStatus } }
    pageInfo { hasNextPage endCursor } } }`;
  type BatchedData = { jiraIssues: { nodes: Array<{ key: string; createdAt: string; changelog: unknown[]; worklogs: unknown[]; statusChanges: unknown[] }>; pageInfo: { hasNextPage: boolean } } };

  it('100 issues with changelog and worklogs cost 2 requests: 1 search page (worklogs embedded) + 1 bulk changelog', async () => {
    const result = await run(batchedQuery);
    expect(result.errors).toBeUndefined();
    const data = result.data as BatchedData;
    expect(data.jiraIssues.nodes).toHaveLength(100);
    expect(data.jiraIssues.pageInfo.hasNextPage).toBe(true);
    expect(data.jiraIssues.nodes.some((node) => node.changelog.length > 0)).toBe(true);
    expect(data.jiraIssues.nodes.some((node) => node.worklogs.length > 0)).toBe(true);
    expect(data.jiraIssues.nodes.some((node) => node.statusChanges.length > 0)).toBe(true);
    expect(data.jiraIssues.nodes.every((node) => node.createdAt.endsWith('Z'))).toBe(true);
    expect(requestCounts(jira)).toEqual({ requests: 2, byRoute: { 'GET /rest/api/3/search/jql': 1, 'POST /rest/api/3/changelog/bulkfetch': 1 } });
  });

  it('without embedded worklogs: 1 search + 1 bulk changelog + 100 worklog calls, at most 8 in flight, same answer', async () => {
    const embedded = (await run(batchedQuery)).data as BatchedData;
    jira.resetStats();
    withoutEmbeddedWorklogs = true;
    const result = await run(batchedQuery);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual(embedded);
    expect(requestCounts(jira)).toEqual({
      requests: 102,
      byRoute: { 'GET /rest/api/3/search/jql': 1, 'POST /rest/api/3/changelog/bulkfetch': 1, 'GET /rest/api/3/issue/{issueIdOrKey}/worklog': 100 },
    });
    expect(peakInFlight).toBe(WORKLOG_CONCURRENCY);
  });

  it('pages with opaque cursors across upstream pages without gaps or repeats, totalCount only when selected', async () => {
    const keys: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 4; page++) {
      const result = await run(`query($after: String) { jiraIssues(jql: "project = DEV", first: 40, after: $after) { nodes { key } pageInfo { hasNextPage endCursor } } }`, { after });
      expect(result.errors).toBeUndefined();
      const connection = (result.data as { jiraIssues: { nodes: Array<{ key: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }).jiraIssues;
      keys.push(...connection.nodes.map((node) => node.key));
      after = connection.pageInfo.endCursor;
      if (!connection.pageInfo.hasNextPage) break;
    }
    expect(keys).toHaveLength(150);
    expect(new Set(keys).size).toBe(150);
    expect(jira.stats().byRoute['POST /rest/api/3/search/approximate-count']).toBeUndefined();
    const counted = await run(`{ jiraIssues(jql: "project = DEV", first: 1) { totalCount } }`);
    expect((counted.data as { jiraIssues: { totalCount: number } }).jiraIssues.totalCount).toBe(150);
    expect(jira.stats().byRoute['POST /rest/api/3/search/approximate-count']).toBe(1);
  });

  it('jiraIssue maps one issue and names a missing key', async () => {
    const found = await run(`{ jiraIssue(key: "DEV-1") { key cloudId projectKey updatedAt } }`);
    expect(found.errors).toBeUndefined();
    expect(found.data).toMatchObject({ jiraIssue: { key: 'DEV-1', cloudId: CLOUD_ID, projectKey: 'DEV' } });
    const missing = await run(`{ jiraIssue(key: "DEV-9999") { key } }`);
    expect(missing.errors?.[0].message).toMatch(/DEV-9999 was not found/);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('jiraIssueChangelogs: one key lookup + one bulk changelog request per page, oldest first across issues', async () => {
    const result = await run(`{ jiraIssueChangelogs(issueKeys: ["DEV-1", "DEV-2", "api-3"], first: 500) { nodes { issueKey eventId createdAt } unknownIssueKeys pageInfo { hasNextPage } syncCursor } }`);
    expect(result.errors).toBeUndefined();
    const connection = (result.data as { jiraIssueChangelogs: { nodes: Array<{ issueKey: string; createdAt: string }>; unknownIssueKeys: unknown[]; pageInfo: { hasNextPage: boolean }; syncCursor: string } }).jiraIssueChangelogs;
    expect(new Set(connection.nodes.map((event) => event.issueKey))).toEqual(new Set(['DEV-1', 'DEV-2', 'API-3']));
    const times = connection.nodes.map((event) => event.createdAt);
    expect(times).toEqual([...times].sort());
    expect(connection.unknownIssueKeys).toEqual([]);
    expect(connection.pageInfo.hasNextPage).toBe(false);
    expect(typeof connection.syncCursor).toBe('string');
    expect(requestCounts(jira)).toEqual({ requests: 2, byRoute: { 'POST /rest/api/3/issue/bulkfetch': 1, 'POST /rest/api/3/changelog/bulkfetch': 1 } });
  });

  it('jiraIssueChangelogs: unknown keys are NOT_FOUND errors naming the key, not entries; the rest arrive', async () => {
    const result = await run(`{ jiraIssueChangelogs(issueKeys: ["DEV-2", "DEV-9999", "NOPE-1"]) { nodes { issueKey } unknownIssueKeys } }`);
    const connection = (result.data as { jiraIssueChangelogs: { nodes: Array<{ issueKey: string } | null>; unknownIssueKeys: unknown[] } }).jiraIssueChangelogs;
    expect(connection.nodes.length).toBeGreaterThan(0);
    expect(connection.nodes.every((node) => node?.issueKey === 'DEV-2')).toBe(true);
    expect(connection.unknownIssueKeys).toEqual([null, null]);
    expect(result.errors?.map((error) => [error.path, error.extensions?.code, error.extensions?.issueKey, error.message.split(' (')[0]])).toEqual([
      [['jiraIssueChangelogs', 'unknownIssueKeys', 0], 'NOT_FOUND', 'DEV-9999', 'Jira issue DEV-9999 was not found'],
      [['jiraIssueChangelogs', 'unknownIssueKeys', 1], 'NOT_FOUND', 'NOPE-1', 'Jira issue NOPE-1 was not found'],
    ]);
  });

  it('jiraIssueChangelogs pages with cursors across upstream pages without gaps or repeats; since filters by event time', async () => {
    const all = await run(`{ jiraIssueChangelogs(issueKeys: ["DEV-1", "DEV-2"], first: 500) { nodes { eventId createdAt } } }`);
    const everything = (all.data as { jiraIssueChangelogs: { nodes: Array<{ eventId: string; createdAt: string }> } }).jiraIssueChangelogs.nodes;
    expect(everything.length).toBeGreaterThan(100);
    const paged: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const result = await run(`query($after: String) { jiraIssueChangelogs(issueKeys: ["DEV-1", "DEV-2"], first: 37, after: $after) { nodes { eventId } unknownIssueKeys pageInfo { hasNextPage endCursor } syncCursor } }`, { after });
      expect(result.errors).toBeUndefined();
      const connection = (result.data as { jiraIssueChangelogs: { nodes: Array<{ eventId: string }>; pageInfo: { hasNextPage: boolean; endCursor: string }; syncCursor: string | null } }).jiraIssueChangelogs;
      paged.push(...connection.nodes.map((node) => node.eventId));
      if (!connection.pageInfo.hasNextPage) {
        expect(connection.syncCursor).not.toBeNull();
        break;
      }
      expect(connection.syncCursor).toBeNull();
      after = connection.pageInfo.endCursor;
    }
    expect(paged).toEqual(everything.map((event) => event.eventId));
    const since = everything[everything.length - 5].createdAt;
    const recent = await run(`query($since: DateTime) { jiraIssueChangelogs(issueKeys: ["DEV-1", "DEV-2"], since: $since) { nodes { eventId } } }`, { since });
    expect((recent.data as { jiraIssueChangelogs: { nodes: Array<{ eventId: string }> } }).jiraIssueChangelogs.nodes.map((node) => node.eventId)).toEqual(
      everything.filter((event) => event.createdAt >= since).map((event) => event.eventId),
    );
  });

  it('rejects bad input before any upstream call', async () => {
    const cases = [
      `{ jiraIssues(jql: "  ") { nodes { key } } }`,
      `{ jiraIssues(jql: "project = DEV", cloudId: "") { nodes { key } } }`,
      `{ jiraIssues(jql: "project = DEV", first: 0) { nodes { key } } }`,
      `{ jiraIssues(jql: "project = DEV", first: 501) { nodes { key } } }`,
      `{ jiraIssues(jql: "project = DEV", after: "bm9wZQ") { nodes { key } } }`,
      `{ jiraIssue(key: "not a key") { key } }`,
    ];
    for (const source of cases) {
      const result = await run(source);
      expect(result.errors?.[0].extensions?.code, source).toBe('BAD_USER_INPUT');
    }
    expect(jira.stats().requests).toBe(0);
  });

  it('project versions: release dates as calendar dates, dated and undated, cloudId taken', async () => {
    const versions = await run(`{ jiraProjectVersions(cloudId: "${CLOUD_ID}", projectKey: "DEV", first: 50) { nodes { id name projectKey released releaseDate } pageInfo { hasNextPage } } }`);
    expect(versions.errors).toBeUndefined();
    const nodes = (versions.data as { jiraProjectVersions: { nodes: Array<{ name: string; releaseDate: string | null; released: boolean }> } }).jiraProjectVersions.nodes;
    expect(nodes.find((node) => node.name === '1.3.0')).toMatchObject({ releaseDate: '2025-12-29', released: true });
    expect(nodes.find((node) => node.name === '2.0.0')).toMatchObject({ releaseDate: null, released: false });
    expect(nodes.every((node) => node.releaseDate === null || /^\d{4}-\d{2}-\d{2}$/.test(node.releaseDate))).toBe(true);
    const otherCloud = await run(`{ jiraProjectVersions(cloudId: "99999999-2222-4333-8444-555555555555", projectKey: "DEV") { nodes { id } } }`);
    expect(otherCloud.errors?.[0].message).toMatch(/cloudId 99999999-.* is not served by this gateway/);
  });

  it('project versions and the REST project fallback', async () => {
    const versions = await run(`{ jiraProjectVersions(projectKey: "DEV", first: 2) { nodes { id name projectKey released releaseDate } pageInfo { hasNextPage } } }`);
    expect(versions.errors).toBeUndefined();
    const { listProjectsViaRest } = await import('../../resolvers/jira/projects-rest.ts');
    const projects = [];
    for await (const project of listProjectsViaRest({ fetch: plainFetch, settings: testSettings({ jira: jira.url }) }, { projectTypes: ['SOFTWARE'], pageSize: 1 }, {})) projects.push(project);
    expect(projects).toEqual([
      { project: { cloudId: CLOUD_ID, key: 'API', name: 'Public API', type: 'SOFTWARE' }, opsgenieTeams: [] },
      { project: { cloudId: CLOUD_ID, key: 'DEV', name: 'Developer Platform', type: 'SOFTWARE' }, opsgenieTeams: [] },
    ]);
    // pageSize 1: one request per project plus none after isLast.
    expect(jira.stats().byRoute['GET /rest/api/3/project/search']).toBe(2);
  });
});
