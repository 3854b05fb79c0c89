import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getJiraDataset } from '../../../scripts/sandbox/data/jira-dataset.ts';
import type { SandboxServerHandle } from '../../../scripts/sandbox/http/server.ts';
import { startJiraSandbox } from '../../../scripts/sandbox/jira/server.ts';
import { getJson, postJson, query } from './helpers.ts';
import { loadOpenApi, responseSchema, validateAgainst } from './openapi-validate.ts';

type Page<T> = { startAt: number; maxResults: number; total: number; isLast: boolean; values: T[] };
type Search = { issues: Array<{ id: string; key?: string; fields?: Record<string, unknown> }>; nextPageToken?: string; isLast: boolean };
type JiraErrorBody = { errorMessages: string[]; errors: Record<string, string> };

const spec = loadOpenApi(new URL('../../../openapi/jira-platform.openapi.json', import.meta.url).pathname);
const dataset = getJiraDataset();
let server: SandboxServerHandle;
let api: string;

beforeAll(async () => {
  server = await startJiraSandbox({ port: 0 });
  api = `${server.url}/rest/api/3`;
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

async function searchAll(jql: string, maxResults: number, fields = 'key'): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const { status, body } = await getJson(`${api}/search/jql?${query({ jql, maxResults, fields, nextPageToken: token })}`);
    expect(status).toBe(200);
    const page = body as Search;
    keys.push(...page.issues.map((i) => i.key ?? i.id));
    if (page.isLast) {
      expect(page.nextPageToken).toBeUndefined();
      return keys;
    }
    expect(typeof page.nextPageToken).toBe('string');
    token = page.nextPageToken;
  }
  throw new Error('search did not end');
}

function expectJiraError(body: unknown, pattern: RegExp): void {
  const error = body as JiraErrorBody;
  expect(error.errors).toBeTypeOf('object');
  expect([...error.errorMessages, ...Object.values(error.errors)].join(' ')).toMatch(pattern);
}

describe('Jira REST sandbox: projects', () => {
  it('walks project/search with startAt/maxResults and returns every project once', async () => {
    const seen: string[] = [];
    for (let startAt = 0; ; ) {
      const { body } = await getJson(`${api}/project/search?${query({ startAt, maxResults: 3 })}`);
      const page = body as Page<{ key: string }>;
      expect(page.total).toBe(4);
      seen.push(...page.values.map((p) => p.key));
      if (page.isLast) break;
      startAt += page.values.length;
    }
    expect(seen).toEqual(['API', 'DEV', 'MKT', 'OPS']);
  });

  it('filters by typeKey (comma list) and expands lead/description', async () => {
    const { body } = await getJson(`${api}/project/search?typeKey=software,service_desk&expand=lead,description`);
    const page = body as Page<{ key: string; lead?: { accountId: string }; description?: string }>;
    expect(page.values.map((p) => p.key)).toEqual(['API', 'DEV', 'OPS']);
    expect(page.values.every((p) => p.lead?.accountId && p.description)).toBe(true);
    const bad = await getJson(`${api}/project/search?typeKey=hardware`);
    expect(bad.status).toBe(400);
    expectJiraError(bad.body, /Invalid project type key 'hardware'/);
  });

  it('serves a project by key or id and 404s unknown ones in Jira shape', async () => {
    const byKey = await getJson(`${api}/project/DEV`);
    const byId = await getJson(`${api}/project/10000`);
    expect(byKey.body).toEqual(byId.body);
    const missing = await getJson(`${api}/project/NOPE`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ errorMessages: ["No project could be found with key 'NOPE'."], errors: {} });
  });

  it('pages project versions and filters by status', async () => {
    const all = (await getJson(`${api}/project/DEV/versions`)).body as Array<{ id: string }>;
    const paged: string[] = [];
    for (let startAt = 0; ; ) {
      const page = (await getJson(`${api}/project/DEV/version?${query({ startAt, maxResults: 2 })}`)).body as Page<{ id: string }>;
      paged.push(...page.values.map((v) => v.id));
      if (page.isLast) break;
      startAt += page.values.length;
    }
    expect(paged).toEqual(all.map((v) => v.id));
    const unreleased = (await getJson(`${api}/project/DEV/version?status=unreleased`)).body as Page<{ released: boolean }>;
    expect(unreleased.values.length).toBeGreaterThan(0);
    expect(unreleased.values.every((v) => !v.released)).toBe(true);
    expect((await getJson(`${api}/project/OPS/version`)).body).toMatchObject({ total: 0, isLast: true, values: [] });
  });
});

describe('Jira REST sandbox: enhanced search', () => {
  it('walks nextPageToken pages and returns every issue exactly once', async () => {
    const keys = await searchAll('project = DEV ORDER BY key ASC', 40);
    expect(keys).toHaveLength(150);
    expect(new Set(keys).size).toBe(150);
    expect(keys.slice(0, 3)).toEqual(['DEV-1', 'DEV-2', 'DEV-3']);
  });

  it('supports project in, key in, status, updated relative dates, AND and ORDER BY', async () => {
    expect(await searchAll('project in (OPS, MKT)', 100)).toHaveLength(60);
    expect(await searchAll('key in (DEV-3, API-2, OPS-1) ORDER BY key DESC', 50)).toEqual(['OPS-1', 'API-2', 'DEV-3']);
    const inProgress = await searchAll('project = DEV AND status = "In Progress"', 100);
    const expected = dataset.issues.filter((i) => i.projectKey === 'DEV' && (i.fields.status as { name: string }).name === 'In Progress').map((i) => i.key);
    expect(new Set(inProgress)).toEqual(new Set(expected));
    const base = Date.parse(dataset.baseDate);
    const recent = await searchAll('project = API AND updated >= -7d ORDER BY updated DESC', 100);
    const expectedRecent = dataset.issues.filter((i) => i.projectKey === 'API' && i.updatedMs >= base - 7 * 86_400_000);
    expect(recent).toEqual([...expectedRecent].sort((a, b) => b.updatedMs - a.updatedMs || Number(a.id) - Number(b.id)).map((i) => i.key));
    expect(recent.length).toBeGreaterThan(0);
    const created = await searchAll('project = MKT ORDER BY created ASC', 100);
    expect(created).toEqual(dataset.issues.filter((i) => i.projectKey === 'MKT').sort((a, b) => a.createdMs - b.createdMs).map((i) => i.key));
  });

  it('returns only ids by default and the asked fields otherwise', async () => {
    const ids = (await getJson(`${api}/search/jql?${query({ jql: 'key = DEV-5' })}`)).body as Search;
    expect(ids.issues).toEqual([{ id: '10005' }]);
    const withFields = (await getJson(`${api}/search/jql?fields=summary&fields=customfield_10016&${query({ jql: 'key = DEV-5' })}`)).body as Search;
    expect(Object.keys(withFields.issues[0].fields ?? {}).sort()).toEqual(['customfield_10016', 'summary']);
  });

  it('accepts POST with the same semantics and counts approximately', async () => {
    const { status, body } = await postJson(`${api}/search/jql`, { jql: 'project = OPS', maxResults: 25, fields: ['key'] });
    expect(status).toBe(200);
    expect((body as Search).issues).toHaveLength(25);
    const count = await postJson(`${api}/search/approximate-count`, { jql: 'project = OPS' });
    expect(count.body).toEqual({ count: 40 });
  });

  it('rejects unsupported, unbounded and invalid JQL with Jira-like 400s', async () => {
    const cases: Array<[string, RegExp]> = [
      ['project = DEV OR project = API', /'OR' is not supported/],
      ['ORDER BY key', /Unbounded JQL queries are not allowed/],
      ['', /Unbounded JQL queries are not allowed/],
      ['summary ~ "gateway"', /Field 'summary' does not exist/],
      ['project = NOPE', /The value 'NOPE' does not exist for the field 'project'/],
      ['status = "Blocked"', /The value 'Blocked' does not exist for the field 'status'/],
      ['updated >= yesterday', /Date value 'yesterday' for field 'updated' is invalid/],
      ['project = DEV ORDER BY summary', /Not able to sort using field 'summary'/],
      ['project = DEV AND (status = Done', /Expecting '\)' to close the group/],
    ];
    for (const [jql, message] of cases) {
      const { status, body } = await getJson(`${api}/search/jql?${query({ jql })}`);
      expect(status, jql).toBe(400);
      expectJiraError(body, message);
    }
    const badToken = await getJson(`${api}/search/jql?${query({ jql: 'project = DEV', nextPageToken: 'garbage' })}`);
    expect(badToken.status).toBe(400);
  });
});

describe('Jira REST sandbox: issues, changelogs, worklogs', () => {
  it('serves an issue with all fields by default, a field subset, and expand=changelog', async () => {
    const full = (await getJson(`${api}/issue/DEV-1`)).body as { key: string; fields: Record<string, unknown> };
    expect(full.key).toBe('DEV-1');
    expect(full.fields.description).toMatchObject({ type: 'doc', version: 1 });
    expect(full.fields[dataset.sprintField]).toBeInstanceOf(Array);
    const subset = (await getJson(`${api}/issue/10001?fields=summary,status&expand=changelog`)).body as {
      fields: Record<string, unknown>;
      changelog: { total: number; histories: unknown[] };
    };
    expect(Object.keys(subset.fields).sort()).toEqual(['status', 'summary']);
    expect(subset.changelog.total).toBe(136);
    expect(subset.changelog.histories).toHaveLength(100);
    const missing = await getJson(`${api}/issue/DEV-9999`);
    expect(missing).toEqual({ status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } });
  });

  it('walks an issue changelog with startAt/maxResults exactly once', async () => {
    const ids: string[] = [];
    for (let startAt = 0; ; ) {
      const page = (await getJson(`${api}/issue/DEV-1/changelog?${query({ startAt, maxResults: 30 })}`)).body as Page<{ id: string }>;
      expect(page.total).toBe(136);
      ids.push(...page.values.map((h) => h.id));
      if (page.isLast) break;
      startAt += page.values.length;
    }
    expect(ids).toEqual(dataset.issues[0].changelog.map((h) => h.id));
    const capped = (await getJson(`${api}/issue/DEV-1/changelog?maxResults=500`)).body as Page<unknown>;
    expect(capped.values).toHaveLength(100);
  });

  it('bulk-fetches changelogs with nextPageToken, fieldIds filtering and limits', async () => {
    const keys = dataset.issues.filter((i) => i.projectKey === 'DEV').map((i) => i.key);
    const expectedTotal = dataset.issues.filter((i) => i.projectKey === 'DEV').reduce((n, i) => n + i.changelog.length, 0);
    const seen: string[] = [];
    let token: string | undefined;
    let previousCreated = '';
    do {
      const { status, body } = await postJson(`${api}/changelog/bulkfetch`, { issueIdsOrKeys: keys, maxResults: 250, ...(token ? { nextPageToken: token } : {}) });
      expect(status).toBe(200);
      const page = body as { issueChangeLogs: Array<{ issueId: string; changeHistories: Array<{ id: string; created: string }> }>; nextPageToken?: string };
      const histories = page.issueChangeLogs.flatMap((e) => e.changeHistories);
      expect(histories.length).toBeLessThanOrEqual(250);
      for (const h of histories) seen.push(h.id);
      const earliest = histories.map((h) => h.created).sort()[0];
      expect(earliest >= previousCreated).toBe(true);
      previousCreated = histories.map((h) => h.created).sort().at(-1) ?? previousCreated;
      token = page.nextPageToken;
    } while (token);
    expect(seen).toHaveLength(expectedTotal);
    expect(new Set(seen).size).toBe(expectedTotal);

    const statusOnly = (await postJson(`${api}/changelog/bulkfetch`, { issueIdsOrKeys: ['DEV-1'], fieldIds: ['status'], maxResults: 10000 })).body as {
      issueChangeLogs: Array<{ issueId: string; changeHistories: Array<{ items: Array<{ fieldId: string }> }> }>;
    };
    expect(statusOnly.issueChangeLogs[0].issueId).toBe('10001');
    expect(statusOnly.issueChangeLogs[0].changeHistories.every((h) => h.items.every((i) => i.fieldId === 'status'))).toBe(true);

    const tooMany = await postJson(`${api}/changelog/bulkfetch`, { issueIdsOrKeys: Array.from({ length: 1001 }, (_, i) => `DEV-${i + 1}`) });
    expect(tooMany.status).toBe(400);
    expectJiraError(tooMany.body, /between 1 and 1000/);
    expect((await postJson(`${api}/changelog/bulkfetch`, { issueIdsOrKeys: [] })).status).toBe(400);
    expect((await postJson(`${api}/changelog/bulkfetch`, { issueIdsOrKeys: ['DEV-1'], maxResults: 10001 })).status).toBe(400);
    expect((await postJson(`${api}/changelog/bulkfetch`, { issueIdsOrKeys: ['DEV-1'], fieldIds: Array.from({ length: 11 }, (_, i) => `f${i}`) })).status).toBe(400);
  });

  it('pages worklogs with startAt/maxResults/total', async () => {
    const ids: string[] = [];
    for (let startAt = 0; ; ) {
      const page = (await getJson(`${api}/issue/DEV-1/worklog?${query({ startAt, maxResults: 7 })}`)).body as { startAt: number; total: number; worklogs: Array<{ id: string }> };
      expect(page.total).toBe(25);
      ids.push(...page.worklogs.map((w) => w.id));
      if (startAt + page.worklogs.length >= page.total) break;
      startAt += page.worklogs.length;
    }
    expect(ids).toEqual(dataset.issues[0].worklogs.map((w) => w.id));
  });

  it('serves users, myself and fields; 400/404 for bad user lookups', async () => {
    expect(((await getJson(`${api}/myself`)).body as { accountId: string }).accountId).toBe('5b10ac8d82e05b22cc7d4e01');
    expect(((await getJson(`${api}/user?accountId=5b10ac8d82e05b22cc7d4e07`)).body as { displayName: string }).displayName).toBe('Gray Petrov');
    expect((await getJson(`${api}/user`)).status).toBe(400);
    expect((await getJson(`${api}/user?accountId=nobody`)).status).toBe(404);
    const fields = (await getJson(`${api}/field`)).body as Array<{ id: string }>;
    expect(fields.map((f) => f.id)).toEqual(expect.arrayContaining([dataset.storyPointsField, dataset.sprintField, 'customfield_10016', 'status']));
  });

  it('answers unknown routes with a Jira-shaped 404 naming the route', async () => {
    const { status, body } = await getJson(`${api}/issue/DEV-1/remotelink`);
    expect(status).toBe(404);
    expectJiraError(body, /does not implement GET \/rest\/api\/3\/issue\/DEV-1\/remotelink/);
  });
});

describe('Jira REST sandbox: sync routes', () => {
  const base = Date.parse(dataset.baseDate);
  const parse = (s: string) => Date.parse(s.replace('+0000', 'Z'));

  it('reads absolute JQL dates in the searching account\'s time zone (myself: Europe/Berlin), groups in parentheses', async () => {
    expect(((await getJson(`${api}/myself`)).body as { timeZone: string }).timeZone).toBe('Europe/Berlin');
    // 10:00 in Berlin (winter, UTC+1) is 09:00 UTC: the UTC reading would start an hour late.
    const keys = await searchAll('updated >= "2026-01-04 10:00" AND (project = DEV) ORDER BY updated DESC, key DESC', 100);
    const expected = dataset.issues
      .filter((i) => i.projectKey === 'DEV' && i.updatedMs >= Date.parse('2026-01-04T09:00:00Z'))
      .sort((a, b) => b.updatedMs - a.updatedMs || Number(b.id) - Number(a.id))
      .map((i) => i.key);
    expect(keys).toEqual(expected);
    expect(keys.length).toBeGreaterThan(0);
  });

  it('POST /issue/bulkfetch: up to 100 by id or key, case-insensitive, unknown ones simply absent, ascending id', async () => {
    const { status, body } = await postJson(`${api}/issue/bulkfetch`, { issueIdsOrKeys: ['api-2', 'DEV-9999', '10003', 'DEV-1'], fields: ['project'] });
    expect(status).toBe(200);
    const answer = body as { issues: Array<{ id: string; key: string; fields: { project: { key: string } } }>; issueErrors: unknown[] };
    expect(answer.issues.map((i) => [i.id, i.key, i.fields.project.key])).toEqual([['10001', 'DEV-1', 'DEV'], ['10003', 'DEV-3', 'DEV'], ['20002', 'API-2', 'API']]);
    expect(answer.issueErrors).toEqual([]);
    expect((await postJson(`${api}/issue/bulkfetch`, { issueIdsOrKeys: Array.from({ length: 101 }, (_, i) => `DEV-${i + 1}`) })).status).toBe(400);
  });

  it('GET /worklog/updated: ids changed after since, oldest first, until = newest, and POST /worklog/list returns them', async () => {
    const since = base - 7 * 86_400_000;
    const page = (await getJson(`${api}/worklog/updated?since=${since}`)).body as { values: Array<{ worklogId: number; updatedTime: number }>; lastPage: boolean; since: number; until: number };
    const expected = dataset.issues.flatMap((i) => i.worklogs).filter((w) => parse(w.updated) > since).sort((a, b) => parse(a.updated) - parse(b.updated) || Number(a.id) - Number(b.id));
    expect(page.values.map((v) => String(v.worklogId))).toEqual(expected.map((w) => w.id));
    expect(page.lastPage).toBe(true);
    expect(page.until).toBe(page.values[page.values.length - 1].updatedTime);
    const listed = (await postJson(`${api}/worklog/list`, { ids: [...page.values.map((v) => v.worklogId), 290001] })).body as Array<{ id: string; issueId: string }>;
    expect(listed.map((w) => w.id).sort()).toEqual(expected.map((w) => w.id).sort());
    expect(listed.every((w) => typeof w.issueId === 'string')).toBe(true);
    expect((await postJson(`${api}/worklog/list`, { ids: [] })).status).toBe(400);
    expect((await getJson(`${api}/worklog/updated?since=yesterday`)).status).toBe(400);
  });

  it('GET /worklog/deleted: deleted ids after since; an empty page keeps since and is the last', async () => {
    const lastDay = (await getJson(`${api}/worklog/deleted?since=${base - 86_400_000}`)).body as { values: Array<{ worklogId: number }>; lastPage: boolean };
    expect(lastDay.values).toHaveLength(2);
    const none = (await getJson(`${api}/worklog/deleted?since=${base}`)).body as { values: unknown[]; lastPage: boolean; until: number };
    expect(none).toMatchObject({ values: [], lastPage: true, until: base });
  });
});

describe('Jira REST sandbox: status catalogue', () => {
  it('GET /status lists every workflow status once with its category key', async () => {
    const { status, body } = await getJson(`${api}/status`);
    expect(status).toBe(200);
    const statuses = body as Array<{ id: string; name: string; statusCategory: { key: string } }>;
    expect(statuses.map((entry) => [entry.id, entry.name, entry.statusCategory.key])).toEqual([
      ['10000', 'To Do', 'new'],
      ['3', 'In Progress', 'indeterminate'],
      ['10001', 'In Review', 'indeterminate'],
      ['10002', 'Done', 'done'],
    ]);
    // Every status an issue's changelog names is in the catalogue (the metrics look them up there).
    const named = new Set(dataset.issues.flatMap((issue) => issue.changelog.flatMap((history) => history.items.filter((item) => item.field === 'status').flatMap((item) => [item.from, item.to]))));
    expect([...named].every((id) => statuses.some((entry) => entry.id === id))).toBe(true);
    expect(server.stats().byRoute['GET /rest/api/3/status']).toBe(1);
  });
});

describe('Jira REST sandbox: responses match the OpenAPI schemas', () => {
  const cases: Array<[string, string, string]> = [
    ['get', '/rest/api/3/project/search', '/project/search?expand=lead,description,issueTypes,insight'],
    ['get', '/rest/api/3/project/{projectIdOrKey}', '/project/DEV'],
    ['get', '/rest/api/3/search/jql', '/search/jql?jql=project%20%3D%20DEV&fields=*all&expand=changelog,names&maxResults=20'],
    ['get', '/rest/api/3/issue/{issueIdOrKey}/changelog', '/issue/DEV-1/changelog'],
    ['get', '/rest/api/3/issue/{issueIdOrKey}/worklog', '/issue/DEV-1/worklog'],
    ['get', '/rest/api/3/project/{projectIdOrKey}/version', '/project/DEV/version?expand=issuesstatus'],
    ['get', '/rest/api/3/myself', '/myself?expand=groups,applicationRoles'],
    ['get', '/rest/api/3/serverInfo', '/serverInfo'],
    ['get', '/rest/api/3/field', '/field'],
    ['get', '/rest/api/3/status', '/status'],
    ['get', '/rest/api/3/worklog/updated', '/worklog/updated?since=1767000000000'],
    ['get', '/rest/api/3/worklog/deleted', '/worklog/deleted?since=0'],
  ];
  for (const [method, path, url] of cases) {
    it(`${method.toUpperCase()} ${path}`, async () => {
      const { status, body } = await getJson(`${api}${url}`);
      expect(status).toBe(200);
      expect(validateAgainst(spec, responseSchema(spec, method, path), body)).toEqual([]);
    });
  }

  it('POST /rest/api/3/changelog/bulkfetch', async () => {
    const { body } = await postJson(`${api}/changelog/bulkfetch`, { issueIdsOrKeys: ['DEV-1', 'API-1'] });
    expect(validateAgainst(spec, responseSchema(spec, 'post', '/rest/api/3/changelog/bulkfetch'), body)).toEqual([]);
  });

  it('POST /rest/api/3/worklog/list and POST /rest/api/3/issue/bulkfetch', async () => {
    const worklogs = await postJson(`${api}/worklog/list`, { ids: dataset.issues[0].worklogs.slice(0, 3).map((w) => Number(w.id)) });
    expect(validateAgainst(spec, responseSchema(spec, 'post', '/rest/api/3/worklog/list'), worklogs.body)).toEqual([]);
    const issues = await postJson(`${api}/issue/bulkfetch`, { issueIdsOrKeys: ['DEV-1', 'NOPE-1'], fields: ['project', 'summary'] });
    expect(validateAgainst(spec, responseSchema(spec, 'post', '/rest/api/3/issue/bulkfetch'), issues.body)).toEqual([]);
  });

  it('the validator catches a wrong shape', () => {
    const schema = responseSchema(spec, 'get', '/rest/api/3/project/search');
    expect(validateAgainst(spec, schema, { total: 'four', values: [{ id: 10000 }], bogus: 1 })).toEqual([
      '$.total: expected integer, got string',
      '$.values[0].id: expected string, got integer',
      '$.bogus: property not defined by the schema',
    ]);
  });
});

describe('Jira REST sandbox: stats', () => {
  it('counts requests per route and resets', async () => {
    server.resetStats();
    let bytes = 0;
    for (const path of ['/issue/DEV-1', '/issue/DEV-2', '/serverInfo', '/nope']) {
      const response = await fetch(`${api}${path}`);
      bytes += (await response.arrayBuffer()).byteLength;
    }
    // The bench's nightly-load comparison reports these bytes: they must be what clients received.
    expect(server.stats()).toEqual({
      requests: 4,
      byRoute: { 'GET /rest/api/3/issue/{issueIdOrKey}': 2, 'GET /rest/api/3/serverInfo': 1, UNMATCHED: 1 },
      responseBytes: bytes,
    });
    expect(bytes).toBeGreaterThan(10_000);
    server.resetStats();
    expect(server.stats()).toEqual({ requests: 0, byRoute: {}, responseBytes: 0 });
  });
});
