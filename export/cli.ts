/**
 * `npm run export`: canonical records into DuckDB (or parquet / ndjson files), in-process over the
 * gateway's transport. Without credentials it starts the sandbox upstreams itself, like `npm start`.
 * Exit codes: 0 done, 1 the export failed (one line on stderr), 2 bad arguments.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadDotEnv } from '../sources/config/dotenv.ts';
import { loadSettings, resolveMode } from '../sources/config/load-settings.ts';
import type { RunningSandbox } from '../scripts/sandbox/index.ts';
import { parseArguments, USAGE, UsageError, type CliArguments } from './args.ts';
import { DuckDbStore } from './duckdb-sink.ts';
import { Progress, type ProgressOutput } from './progress.ts';
import { runExport, type Tracker } from './run.ts';

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: ProgressOutput;
  stderr: ProgressOutput;
  /** Load `<cwd>/.env` (never overriding set variables). Default true. */
  dotEnv?: boolean;
  signal?: AbortSignal;
  /** Tests: the transport's fetch. */
  fetchImpl?: typeof fetch;
  now?: () => number;
}

/** What an export of the whole sandbox covers when neither --jql nor --sourcehut is given. */
export const SANDBOX_DEFAULTS = { jql: 'project in (DEV, API, OPS, MKT)', sourcehut: [{ owner: '~sandbox', tracker: 'gateway' }, { owner: '~sandbox', tracker: 'docs' }] as Tracker[] };

export async function main(io: CliIo): Promise<number> {
  let args: CliArguments;
  try {
    args = parseArguments(io.argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`export: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const env: NodeJS.ProcessEnv = { ...io.env };
  const secrets = secretValues(env);
  let sandbox: RunningSandbox | undefined;
  let store: DuckDbStore | undefined;
  const progress = new Progress(io.stderr);
  const started = performance.now();
  try {
    if (io.dotEnv !== false) loadDotEnv(resolve(io.cwd, '.env'), env);
    secrets.push(...secretValues(env));
    const mode = resolveMode(env);
    let { jql, sourcehut } = args;
    if (jql === undefined && sourcehut.length === 0) {
      if (mode !== 'sandbox') {
        io.stderr.write('export: nothing to export: pass --jql and/or --sourcehut ~owner/tracker\n');
        return 2;
      }
      ({ jql, sourcehut } = SANDBOX_DEFAULTS);
      progress.note(`sandbox: exporting jql "${jql}" and ${sourcehut.map((t) => `${t.owner}/${t.tracker}`).join(', ')}`);
    }
    if (mode === 'sandbox') {
      const { startSandbox } = await import('../scripts/sandbox/index.ts');
      sandbox = await startSandbox({
        // The export never calls AGG, and the AGG sandbox loads a ~19k-type schema: a placeholder URL instead.
        starters: { agg: async () => ({ url: 'http://127.0.0.1:9/graphql', close: async () => {} }) },
      });
      env.ATLASSIAN_GQL_BASE_URL = sandbox.urls.agg;
      env.ATLASSIAN_JIRA_BASE_URL = sandbox.urls.jira;
      env.ATLASSIAN_JIRA_SOFTWARE_BASE_URL = sandbox.urls.jiraSoftware;
      env.SRHT_TODO_URL = sandbox.urls.srht;
      env.ATLASSIAN_MESH_MODE = 'sandbox';
      progress.note('sandbox mode (no credentials): local sandbox upstreams started on 127.0.0.1');
    }
    if (args.cloudId !== undefined) env.ATLASSIAN_CLOUD_ID = args.cloudId;
    const settings = loadSettings(env);
    const dbPath = resolve(io.cwd, args.db ?? (args.format === 'duckdb' ? 'developer-health.duckdb' : `${args.out}/.export-state.duckdb`));
    mkdirSync(dirname(dbPath), { recursive: true });
    store = await DuckDbStore.open(dbPath);
    const summary = await runExport({
      settings,
      store,
      ...(jql !== undefined ? { jql } : {}),
      sourcehut,
      ...(args.since !== undefined ? { since: args.since } : {}),
      ...(args.cloudId !== undefined ? { cloudId: args.cloudId } : {}),
      ...(io.fetchImpl ? { fetchImpl: io.fetchImpl } : {}),
      ...(io.now ? { now: io.now } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      observer: progress.observer,
      onProgress: progress.onProgress,
      onNote: (line) => progress.note(line),
    });
    let target = dbPath;
    if (args.format !== 'duckdb') {
      const files = await store.copyTables(summary.tables, resolve(io.cwd, args.out!), args.format);
      target = `${files.length} ${args.format} files in ${resolve(io.cwd, args.out!)}`;
    }
    progress.finish();
    for (const warning of summary.warnings) io.stderr.write(`warning: ${scrub(warning, secrets)}\n`);
    const counts = Object.entries(summary.records).map(([table, n]) => `${table} ${n}`).join(', ');
    io.stdout.write(
      `exported ${counts || 'nothing new'}${summary.deletedWorklogs > 0 ? `, ${summary.deletedWorklogs} deleted worklogs applied` : ''} ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s with ${summary.requests} upstream requests -> ${target}\n`,
    );
    return 0;
  } catch (error) {
    progress.clear();
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`export failed: ${scrub(message.split('\n')[0], secrets)}\n`);
    if (args.verbose && error instanceof Error && error.stack) io.stderr.write(`${scrub(error.stack, secrets)}\n`);
    return 1;
  } finally {
    store?.close();
    await sandbox?.close();
  }
}

/** Values of credential-like variables, so no message can ever echo one. */
function secretValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => /TOKEN|SECRET|PASSWORD|COOKIE|API_KEY/i.test(name) && value !== undefined && value.length >= 6)
    .map(([, value]) => value!);
}

function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const controller = new AbortController();
  // First Ctrl-C: stop after the batch in flight (committed); a second one: now.
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
  const code = await main({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
  process.exit(code);
}
