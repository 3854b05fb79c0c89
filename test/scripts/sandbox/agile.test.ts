import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgileSandbox } from '../../../scripts/sandbox/agile/server.ts';
import { getJiraDataset } from '../../../scripts/sandbox/data/jira-dataset.ts';
import type { SandboxServerHandle } from '../../../scripts/sandbox/http/server.ts';
import { startJiraSandbox } from '../../../scripts/sandbox/jira/server.ts';
import { getJson, query } from './helpers.ts';
import { loadOpenApi, responseSchema, validateAgainst } from './openapi-validate.ts';

/** Requests per route; response bytes are checked where the bytes themselves are the point. */
const requestCounts = (server: { stats(): { requests: number; byRoute: Record<string, number> } }) => {
  const { requests, byRoute } = server.stats();
  return { requests, byRoute };
};

type Page<T> = { startAt: number; maxResults: number; total: number; isLast: boolean; values: T[] };
type Sprint = { id: number; state: string; name: string; originBoardId: number };
type IssuePage = { startAt: number; total: number; issues: Array<{ key: string; fields: Record<string, unknown> }> };

const spec = loadOpenApi(new URL('../../../openapi/jira-software.openapi.json', import.meta.url).pathname);
const dataset = getJiraDataset();
let agile: SandboxServerHandle;
let jira: SandboxServerHandle;
let base: string;

beforeAll(async () => {
  [agile, jira] = await Promise.all([startAgileSandbox({ port: 0 }), startJiraSandbox({ port: 0 })]);
  base = `${agile.url}/rest/agile/1.0`;
});
afterAll(() => Promise.all([agile.close(), jira.close()]));

async function walkIssues(path: string, extra: Record<string, string> = {}): Promise<IssuePage['issues']> {
  const issues: IssuePage['issues'] = [];
  for (let startAt = 0; ; ) {
    const { status, body } = await getJson(`${base}${path}?${query({ startAt, maxResults: 17, ...extra })}`);
    expect(status).toBe(200);
    const page = body as IssuePage;
    issues.push(...page.issues);
    if (page.issues.length === 0 || startAt + page.issues.length >= page.total) return issues;
    startAt += page.issues.length;
  }
}

describe('Jira Software agile sandbox', () => {
  it('lists boards with filters and pagination', async () => {
    const all = (await getJson(`${base}/board?maxResults=2`)).body as Page<{ id: number }>;
    expect(all).toMatchObject({ total: 4, isLast: false, maxResults: 2 });
    const rest = (await getJson(`${base}/board?startAt=2&maxResults=2`)).body as Page<{ id: number }>;
    expect([...all.values, ...rest.values].map((b) => b.id)).toEqual([1, 2, 3, 4]);
    expect(rest.isLast).toBe(true);
    expect(((await getJson(`${base}/board?type=kanban`)).body as Page<{ id: number }>).values.map((b) => b.id)).toEqual([3]);
    // Team-managed boards are `simple`, as Jira Software reports them.
    const simple = (await getJson(`${base}/board?type=simple`)).body as Page<{ id: number; type: string; location: { projectKey: string } }>;
    expect(simple.values.map((b) => [b.id, b.type, b.location.projectKey])).toEqual([[4, 'simple', 'MKT']]);
    expect((await getJson(`${base}/board/4/sprint`)).status).toBe(400);
    expect(((await getJson(`${base}/board?projectKeyOrId=10001`)).body as Page<{ id: number }>).values.map((b) => b.id)).toEqual([2]);
    expect(((await getJson(`${base}/board?name=dev`)).body as Page<{ id: number }>).values.map((b) => b.id)).toEqual([1]);
    expect((await getJson(`${base}/board?type=weird`)).status).toBe(400);
  });

  it('serves a board and 404s an unknown one', async () => {
    const board = (await getJson(`${base}/board/1`)).body as { name: string; location: { projectKey: string } };
    expect(board.name).toBe('DEV board');
    expect(board.location.projectKey).toBe('DEV');
    expect(await getJson(`${base}/board/99`)).toEqual({ status: 404, body: { errorMessages: ['Board does not exist or you do not have permission to see it.'], errors: {} } });
    expect((await getJson(`${base}/board/abc`)).status).toBe(400);
  });

  it('filters sprints by state (comma list) and refuses sprints on kanban boards', async () => {
    const all = (await getJson(`${base}/board/1/sprint`)).body as Page<Sprint>;
    expect(all.values.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const open = (await getJson(`${base}/board/1/sprint?state=active,future`)).body as Page<Sprint>;
    expect(open.values.map((s) => [s.id, s.state])).toEqual([[5, 'active'], [6, 'future']]);
    const paged = (await getJson(`${base}/board/2/sprint?startAt=1&maxResults=2`)).body as Page<Sprint>;
    expect(paged).toMatchObject({ startAt: 1, total: 5, isLast: false });
    expect(paged.values.map((s) => s.id)).toEqual([8, 9]);
    const kanban = await getJson(`${base}/board/3/sprint`);
    expect(kanban.status).toBe(400);
    expect(kanban.body).toEqual({ errorMessages: ['The board does not support sprints'], errors: {} });
    expect((await getJson(`${base}/board/1/sprint?state=done`)).status).toBe(400);
  });

  it('serves sprints and their issues with ids matching the Jira REST sandbox', async () => {
    const sprint = (await getJson(`${base}/sprint/5`)).body as Sprint;
    expect(sprint).toMatchObject({ id: 5, state: 'active', originBoardId: 1 });
    expect((await getJson(`${base}/sprint/404`)).status).toBe(404);

    const sprintIssues = await walkIssues('/sprint/5/issue', { fields: `summary,${dataset.sprintField}` });
    expect(sprintIssues.length).toBeGreaterThan(0);
    expect(new Set(sprintIssues.map((i) => i.key)).size).toBe(sprintIssues.length);
    // The same membership as JQL `sprint = 5` on the platform API.
    const search = (await getJson(`${jira.url}/rest/api/3/search/jql?${query({ jql: 'sprint = 5', fields: 'key', maxResults: 500 })}`)).body as { issues: Array<{ key: string }> };
    expect(new Set(sprintIssues.map((i) => i.key))).toEqual(new Set(search.issues.map((i) => i.key)));
    for (const issue of sprintIssues) {
      expect((issue.fields[dataset.sprintField] as Array<{ id: number }>).map((s) => s.id)).toContain(5);
      expect((issue.fields.sprint as { id: number }).id).toBe(5);
    }
    const sprintsServed = new Set(((await getJson(`${base}/board/1/sprint`)).body as Page<Sprint>).values.map((s) => s.id));
    for (const issue of dataset.issues.filter((i) => i.projectKey === 'DEV')) {
      for (const s of (issue.fields[dataset.sprintField] as Array<{ id: number }> | null) ?? []) expect(sprintsServed.has(s.id)).toBe(true);
    }
  });

  it('walks board issues exactly once, with an optional JQL filter', async () => {
    const issues = await walkIssues('/board/3/issue', { fields: 'summary' });
    expect(issues.map((i) => i.key)).toEqual(Array.from({ length: 40 }, (_, i) => `OPS-${i + 1}`));
    const done = await walkIssues('/board/1/issue', { jql: 'status = Done', fields: 'status' });
    expect(done.every((i) => (i.fields.status as { name: string }).name === 'Done')).toBe(true);
    expect(done.length).toBe(dataset.issues.filter((i) => i.projectKey === 'DEV' && (i.fields.status as { name: string }).name === 'Done').length);
    expect((await getJson(`${base}/board/1/issue?${query({ jql: 'project = DEV OR key = DEV-1' })}`)).status).toBe(400);
  });

  it('lists board versions and filters released', async () => {
    const all = (await getJson(`${base}/board/1/version`)).body as Page<{ id: number; released: boolean }>;
    expect(all.total).toBe(7);
    expect(all.values.every((v) => typeof v.id === 'number')).toBe(true);
    const unreleased = (await getJson(`${base}/board/1/version?released=false`)).body as Page<{ released: boolean }>;
    expect(unreleased.values.length).toBeGreaterThan(0);
    expect(unreleased.values.every((v) => !v.released)).toBe(true);
  });

  it('validates board listings and board issues against the agile OpenAPI schemas', async () => {
    const boards = (await getJson(`${base}/board`)).body;
    expect(validateAgainst(spec, responseSchema(spec, 'get', '/rest/agile/1.0/board'), boards)).toEqual([]);
    const board = (await getJson(`${base}/board/2`)).body;
    expect(validateAgainst(spec, responseSchema(spec, 'get', '/rest/agile/1.0/board/{boardId}'), board)).toEqual([]);
    const issues = (await getJson(`${base}/board/1/issue?maxResults=30&expand=changelog`)).body;
    expect(validateAgainst(spec, responseSchema(spec, 'get', '/rest/agile/1.0/board/{boardId}/issue'), issues)).toEqual([]);
    // Sprint operations carry no response schema in the spec; check against SprintBean.
    const sprint = (await getJson(`${base}/sprint/1`)).body;
    expect(validateAgainst(spec, { $ref: '#/components/schemas/SprintBean' }, sprint)).toEqual([]);
  });

  it('counts requests per route', async () => {
    agile.resetStats();
    await getJson(`${base}/board/1`);
    await getJson(`${base}/board/1/sprint`);
    await getJson(`${base}/board/1/sprint?state=closed`);
    expect(requestCounts(agile)).toEqual({ requests: 3, byRoute: { 'GET /rest/agile/1.0/board/{boardId}': 1, 'GET /rest/agile/1.0/board/{boardId}/sprint': 2 } });
  });
});
