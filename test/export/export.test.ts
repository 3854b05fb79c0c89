/**
 * npm run export against the sandbox upstreams started here on 127.0.0.1: tables and row counts
 * against the sandbox dataset, upserts on re-runs (only the sync tail fetched), deleted worklogs,
 * resume after an interruption, parquet / ndjson output, and the CLI's errors.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildJiraDataset, getJiraDataset } from '../../scripts/sandbox/data/jira-dataset.ts';
import { getSrhtDataset } from '../../scripts/sandbox/data/srht-dataset.ts';
import { startAgileSandbox } from '../../scripts/sandbox/agile/server.ts';
import type { SandboxServerHandle } from '../../scripts/sandbox/http/server.ts';
import { startJiraSandbox } from '../../scripts/sandbox/jira/server.ts';
import { startSrhtSandbox } from '../../scripts/sandbox/srht/server.ts';
import { loadSettings } from '../../sources/config/load-settings.ts';
import type { GatewaySettings } from '../../sources/config/types.ts';
import { main } from '../../export/cli.ts';
import { DuckDbStore } from '../../export/duckdb-sink.ts';
import { createCanonicalExecutor } from '../../export/executor.ts';
import { runExport, type ExportOptions } from '../../export/run.ts';
import { CORE_TABLES } from '../../export/tables.ts';

const dataset = getJiraDataset();
const srht = getSrhtDataset();
const NOW = Date.parse(dataset.baseDate);
const JQL = 'project in (DEV, API, OPS, MKT)';
const TRACKERS = [{ owner: '~sandbox', tracker: 'gateway' }, { owner: '~sandbox', tracker: 'docs' }];
const CLOUD = dataset.cloudId;

let jira: SandboxServerHandle;
let agile: SandboxServerHandle;
let tickets: SandboxServerHandle;
let dir: string;

const servers = () => [jira, agile, tickets];
const requests = () => servers().reduce((sum, server) => sum + server.stats().requests, 0);
const resetStats = () => servers().forEach((server) => server.resetStats());

function settingsFor(jiraUrl: string): GatewaySettings {
  return loadSettings({
    ATLASSIAN_MESH_MODE: 'sandbox',
    ATLASSIAN_GQL_BASE_URL: 'http://127.0.0.1:9/graphql',
    ATLASSIAN_JIRA_BASE_URL: jiraUrl,
    ATLASSIAN_JIRA_SOFTWARE_BASE_URL: agile.url,
    SRHT_TODO_URL: tickets.url,
    LOG_LEVEL: 'error',
  });
}

async function exportTo(path: string, extra: Partial<ExportOptions> = {}, jiraUrl = jira.url) {
  const store = await DuckDbStore.open(path);
  try {
    return await runExport({ settings: settingsFor(jiraUrl), store, jql: JQL, sourcehut: TRACKERS, now: () => NOW, ...extra });
  } finally {
    store.close();
  }
}

async function withDb<T>(path: string, fn: (store: DuckDbStore) => Promise<T>): Promise<T> {
  const store = await DuckDbStore.open(path);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

const countOf = async (store: DuckDbStore, table: string) => Number((await store.query(`SELECT count(*) AS n FROM "${table}"`))[0].n);

/** Every canonical table, sorted by its key: what two runs must agree on. */
async function dump(path: string): Promise<Record<string, unknown[]>> {
  return withDb(path, async (store) => {
    const out: Record<string, unknown[]> = {};
    for (const table of await store.existingTables()) {
      if (table.startsWith('_')) continue;
      out[table] = await store.query(`SELECT * FROM "${table}" ORDER BY ALL`);
    }
    return out;
  });
}

beforeAll(async () => {
  [jira, agile, tickets] = await Promise.all([startJiraSandbox({ host: '127.0.0.1', port: 0 }), startAgileSandbox({ host: '127.0.0.1', port: 0 }), startSrhtSandbox({ host: '127.0.0.1', port: 0 })]);
  dir = mkdtempSync(join(tmpdir(), 'export-test-'));
});
afterAll(async () => {
  await Promise.all(servers().map((server) => server?.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a full export, then a re-run', () => {
  const path = () => join(dir, 'full.duckdb');
  let fullRequests = 0;

  it('writes one table per canonical type with the sandbox dataset\'s rows', async () => {
    resetStats();
    const summary = await exportTo(path());
    fullRequests = requests();
    expect(summary.requests).toBe(fullRequests);
    const issues = dataset.issues;
    const boards = new Set(dataset.boards.filter((board) => board.type !== 'kanban').map((board) => board.id));
    await withDb(path(), async (store) => {
      expect(await store.existingTables()).toEqual(expect.arrayContaining([...CORE_TABLES, '_export_state', '_export_runs']));
      expect(await countOf(store, 'jira_issues')).toBe(issues.length);
      expect(await countOf(store, 'jira_changelog_events')).toBe(issues.reduce((sum, issue) => sum + issue.changelog.length, 0));
      expect(await countOf(store, 'jira_changelog_items')).toBe(issues.reduce((sum, issue) => sum + issue.changelog.reduce((n, event) => n + event.items.length, 0), 0));
      expect(await countOf(store, 'jira_worklogs')).toBe(issues.reduce((sum, issue) => sum + issue.worklogs.length, 0));
      expect(await countOf(store, 'jira_sprints')).toBe(dataset.sprints.filter((sprint) => boards.has(sprint.originBoardId)).length);
      expect(await countOf(store, 'sourcehut_tickets')).toBe(srht.tickets.length);
      // Primary keys are enforced.
      await expect(store.query(`INSERT INTO jira_issues (cloud_id, key) VALUES ('${CLOUD}', 'DEV-1')`)).rejects.toThrow(/constraint/i);
      await expect(store.query(`INSERT INTO jira_worklogs (cloud_id, worklog_id) SELECT cloud_id, worklog_id FROM jira_worklogs LIMIT 1`)).rejects.toThrow(/constraint/i);
    });
  });

  it('a row holds what the canonical query answers', async () => {
    const executor = await createCanonicalExecutor(settingsFor(jira.url), (url, init) => globalThis.fetch(url, init));
    const answer = await executor.execute(`{ jiraIssue(key: "DEV-7") { key status statusCategory storyPoints sprintIds createdAt updatedAt resolvedAt labels assignee { accountId } } }`);
    expect(answer.errors).toBeUndefined();
    const issue = (answer.data as { jiraIssue: Record<string, unknown> & { assignee: { accountId: string } | null } }).jiraIssue;
    const [row] = await withDb(path(), (store) =>
      store.query(
        `SELECT key, status, status_category, story_points, sprint_ids, strftime(created_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS created_at, strftime(updated_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS updated_at,
          strftime(resolved_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS resolved_at, labels, assignee_account_id FROM jira_issues WHERE key = 'DEV-7'`,
      ),
    );
    expect(row).toEqual({
      key: issue.key, status: issue.status, status_category: issue.statusCategory, story_points: issue.storyPoints, sprint_ids: issue.sprintIds,
      created_at: issue.createdAt, updated_at: issue.updatedAt, resolved_at: issue.resolvedAt, labels: issue.labels, assignee_account_id: issue.assignee?.accountId ?? null,
    });
    const events = await withDb(path(), (store) => store.query(`SELECT e.event_id, count(i.position) AS n FROM jira_changelog_events e LEFT JOIN jira_changelog_items i USING (cloud_id, event_id) WHERE e.issue_key = 'DEV-7' GROUP BY ALL ORDER BY e.event_id`));
    const dev7 = dataset.issues.find((candidate) => candidate.key === 'DEV-7')!;
    expect(events.map((event) => [String(event.event_id), Number(event.n)])).toEqual(dev7.changelog.map((event) => [String(event.id), event.items.length]).sort());
  });

  it('a re-run without changes fetches only the sync tail and keeps the same rows', async () => {
    const before = await dump(path());
    resetStats();
    const summary = await exportTo(path());
    const rerun = requests();
    // Only the 5-minute boundary comes again (upserted), not the 270 issues and 72 tickets.
    expect(summary.records.jira_issues).toBeLessThan(5);
    expect(summary.records.sourcehut_tickets).toBeLessThan(5);
    expect(rerun).toBeLessThan(fullRequests / 2);
    expect(await dump(path())).toEqual(before);
    const runs = await withDb(path(), (store) => store.query(`SELECT status, upstream_requests FROM _export_runs ORDER BY started_at`));
    expect(runs.map((run) => [run.status, Number(run.upstream_requests)])).toEqual([['ok', fullRequests], ['ok', rerun]]);
  });

  it('a worklog Jira reports deleted is removed on the next run', async () => {
    // A copy of the dataset where one exported worklog was deleted a few minutes before the base date.
    const changed = buildJiraDataset();
    const issue = changed.issues.find((candidate) => candidate.projectKey === 'DEV' && candidate.worklogs.length > 0)!;
    const gone = issue.worklogs.shift()!;
    changed.deletedWorklogs.push({ worklogId: Number(gone.id), updatedTime: NOW - 120_000, properties: [] });
    const jiraAfter = await startJiraSandbox({ host: '127.0.0.1', port: 0, dataset: changed });
    try {
      const has = () => withDb(path(), async (store) => (await store.query(`SELECT 1 FROM jira_worklogs WHERE worklog_id = ?`, [gone.id])).length);
      expect(await has()).toBe(1);
      const summary = await exportTo(path(), {}, jiraAfter.url);
      expect(summary.deletedWorklogs).toBeGreaterThan(0);
      expect(await has()).toBe(0);
      await withDb(path(), async (store) => expect(await countOf(store, 'jira_worklogs')).toBe(dataset.issues.reduce((sum, i) => sum + i.worklogs.length, 0) - 1));
    } finally {
      await jiraAfter.close();
    }
  });
});

describe('interruption', () => {
  it('a run that fails after N upstream requests, then a re-run, ends in the same tables as one uninterrupted run', async () => {
    const reference = join(dir, 'reference.duckdb');
    await exportTo(reference);
    const expected = await dump(reference);
    // Points in the issue walk, the changelog walk, the worklog feeds, the sprint reports and the tracker pages.
    for (const failAfter of [6, 20, 29, 45, 88]) {
      const path = join(dir, `interrupted-${failAfter}.duckdb`);
      let sent = 0;
      const failing: typeof fetch = (input, init) => (++sent > failAfter ? Promise.reject(new TypeError('fetch failed')) : globalThis.fetch(input, init));
      await expect(exportTo(path, { fetchImpl: failing })).rejects.toThrow();
      const runs = await withDb(path, (store) => store.query(`SELECT status FROM _export_runs`));
      expect(runs).toEqual([{ status: 'failed' }]);
      await exportTo(path);
      const actual = await dump(path);
      // Table by table, so a failure names the table instead of printing every row.
      expect(Object.keys(actual).sort(), `failed after ${failAfter}`).toEqual(Object.keys(expected).sort());
      for (const table of Object.keys(expected)) {
        const index = expected[table].findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(actual[table][i]));
        expect(index === -1 ? null : [actual[table].length, expected[table].length, actual[table][index], expected[table][index]], `${table} after failing at ${failAfter}`).toBeNull();
      }
    }
  });

  it('an abort stops after the batch in flight, recorded as interrupted; a refused stored page cursor restarts that walk', async () => {
    const path = join(dir, 'aborted.duckdb');
    const controller = new AbortController();
    // Ctrl-C during the issue walk: its first page is committed, the next one never asked for.
    await expect(exportTo(path, { signal: controller.signal, onProgress: (event) => event.phase === 'jiraIssues' && controller.abort() })).rejects.toThrow(/interrupted/);
    expect(await withDb(path, (store) => store.query(`SELECT status FROM _export_runs`))).toEqual([{ status: 'interrupted' }]);
    // Corrupt the stored page cursor of the walk in progress: the resolver refuses it, the export starts that walk over.
    const stream = `jiraIssues|${CLOUD}|${JQL}`;
    await withDb(path, async (store) => {
      const state = await store.getState(stream);
      expect(state?.walkAfter).toEqual(expect.any(String));
      await store.putState({ ...state!, walkAfter: 'garbage' });
    });
    const summary = await exportTo(path);
    expect(summary.notes.some((line) => /stored page cursor was refused/.test(line))).toBe(true);
    const expected = await dump(join(dir, 'reference.duckdb'));
    const actual = await dump(path);
    for (const table of Object.keys(expected)) expect(JSON.stringify(actual[table]) === JSON.stringify(expected[table]), table).toBe(true);
  });
});

describe('metric tables (present once the metrics schema is)', () => {
  it('work_item_metrics has a row per issue and ticket; sprint_reports one per started sprint', async () => {
    const path = join(dir, 'reference.duckdb');
    const tables = await withDb(path, (store) => store.existingTables());
    if (tables.includes('work_item_metrics')) {
      await withDb(path, async (store) => {
        expect(await countOf(store, 'work_item_metrics')).toBe(dataset.issues.length + srht.tickets.length);
        const [row] = await store.query(`SELECT json_array_length(time_in_status) AS n FROM work_item_metrics WHERE ref = 'DEV-1'`);
        expect(Number(row.n)).toBeGreaterThan(0);
      });
    }
    if (tables.includes('sprint_reports')) {
      const started = dataset.sprints.filter((sprint) => sprint.state !== 'future' && [1, 2].includes(sprint.originBoardId)).length;
      await withDb(path, async (store) => expect(await countOf(store, 'sprint_reports')).toBe(started));
    }
  });
});

describe('progress', () => {
  it('on a terminal one line rewritten in place with records, requests and a rate-limit wait; plain lines otherwise', async () => {
    const { Progress } = await import('../../export/progress.ts');
    const tty: string[] = [];
    const progress = new Progress({ write: (text) => void tty.push(text), isTTY: true });
    progress.onProgress({ phase: 'jiraIssues', records: 100 });
    progress.observer.onUpstreamCall?.({ upstream: 'jira', method: 'GET', status: 200, outcome: 'response', durationMs: 1, attempt: 1 });
    progress.observer.onRateLimited?.({ upstream: 'jira', waitSeconds: 30 });
    expect(tty.at(-1)).toMatch(/^\r\x1b\[2KjiraIssues: 100 records, 1 upstream requests, [\d.]+ s, waiting (29|30) s for a rate limit$/);
    expect(tty.join('')).not.toContain('\n');
    const plain: string[] = [];
    const lines = new Progress({ write: (text) => void plain.push(text), isTTY: false });
    lines.onProgress({ phase: 'jiraIssues', records: 100 });
    lines.onProgress({ phase: 'jiraWorklogs', records: 150 });
    lines.finish();
    expect(plain.join('')).toMatch(/^jiraIssues: done \(100 records, 0 upstream requests, [\d.]+ s\)\njiraWorklogs: done \(150 records/);
  });
});

describe('npm run export (CLI)', () => {
  const io = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      io: { argv, env, cwd: dir, dotEnv: false, now: () => NOW, stdout: { write: (text: string) => void out.push(text), isTTY: false }, stderr: { write: (text: string) => void err.push(text), isTTY: false } },
      out,
      err,
    };
  };

  it('parquet and ndjson files, one per table, readable back (sandbox started by the command)', async () => {
    for (const format of ['parquet', 'ndjson'] as const) {
      const run = io(['--jql', 'project = DEV', '--sourcehut', '~sandbox/docs', '--format', format, '--out', `out-${format}`]);
      expect(await main(run.io), run.err.join('')).toBe(0);
      expect(run.out.join('')).toMatch(/^exported jira_issues 150, .* upstream requests -> \d+ \w+ files in /);
      const files = readdirSync(join(dir, `out-${format}`)).filter((file) => file.endsWith(`.${format}`));
      expect(files).toEqual(expect.arrayContaining([`jira_issues.${format}`, `jira_worklogs.${format}`, `sourcehut_tickets.${format}`]));
      const instance = await DuckDBInstance.create(':memory:');
      const connection = await instance.connect();
      const reader = format === 'parquet' ? 'read_parquet' : 'read_json';
      const rows = (await connection.runAndReadAll(`SELECT count(*)::INT AS n, count(DISTINCT key)::INT AS k FROM ${reader}('${join(dir, `out-${format}`, `jira_issues.${format}`)}')`)).getRowObjectsJson();
      expect(rows).toEqual([{ n: 150, k: 150 }]);
      connection.closeSync();
      instance.closeSync();
      if (format === 'ndjson') {
        const first = JSON.parse(readFileSync(join(dir, 'out-ndjson', 'sourcehut_tickets.ndjson'), 'utf8').split('\n')[0]) as Record<string, unknown>;
        expect(first.ref).toMatch(/^~sandbox\/docs#\d+$/);
      }
    }
  });

  it('argument errors are one line and exit 2; failures one line and exit 1 with no token', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--jql', 'project = DEV', '--bogus'], /^export: unknown option --bogus/],
      [['--since', 'yesterday'], /^export: --since must be an ISO 8601 date-time/],
      [['--format', 'parquet'], /^export: --format parquet writes files: pass --out DIR/],
      [['--sourcehut', 'nope'], /^export: --sourcehut takes ~owner\/tracker/],
      [['--jql'], /^export: --jql needs a value/],
    ];
    for (const [argv, message] of cases) {
      const run = io(argv);
      expect(await main(run.io), argv.join(' ')).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(message);
    }
    const secret = 'sekrit-api-token-value-123';
    const live = io(['--jql', 'project = DEV', '--db', 'live.duckdb'], {
      ATLASSIAN_EMAIL: 'me@example.com', ATLASSIAN_API_TOKEN: secret, ATLASSIAN_CLOUD_ID: CLOUD,
      ATLASSIAN_GQL_BASE_URL: 'http://127.0.0.1:9/gateway/api', ATLASSIAN_JIRA_BASE_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'error',
    });
    expect(await main(live.io)).toBe(1);
    const text = live.err.join('');
    expect(text).toMatch(/^export failed: .+\n$/);
    expect(text).not.toContain(secret);
    expect(text.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
