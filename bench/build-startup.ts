/**
 * `npm run bench:build`: where build and start-up time and memory go, for the full four-source schema.
 *
 * 1. AGG SDL rebuild from @atlassian/forge-graphql-types (child process: wall time, peak RSS).
 * 2. Unified schema build, as the gateway does it at start (child process: wall time, peak RSS).
 * 3. Gateway start-up until its first answered query, and RSS after start (sandbox upstreams run
 *    in this process, so the gateway's RSS is its own): `npm start`, then `npm run serve` (the
 *    bundle) right after a build, warm (median of 3), and with no caches at all (a fresh clone
 *    whose first start builds the handler schemas).
 * 4. The introspection GraphiQL loads: size plain and gzip, time of the first answer (a few seconds
 *    after start, as a user opening GraphiQL) and of a repeat answer.
 *
 * Results print as a table and go to bench/results/build-<time>.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';
import { stripIgnoredCharacters } from 'graphql';
import { GRAPHIQL_INTROSPECTION_QUERY } from '../server/plugins/use-introspection-cache.ts';
import { startSandbox } from '../scripts/sandbox/index.ts';
import { startGatewayProcess } from '../test/support/gateway-process.ts';
import { bundleGateway } from '../scripts/bundle.ts';
import { benchGatewayEnv } from './gateway-env.ts';

/** A user opens GraphiQL a little after start-up; the gateway warms its introspection when idle. */
const IDLE_BEFORE_GRAPHIQL_MS = 3000;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface ChildMeasure {
  wallMs: number;
  peakRssMb: number;
  output: string;
}

/** Runs a TypeScript snippet in a fresh Node process and reads its peak RSS from the process itself. */
function measureChild(code: string): Promise<ChildMeasure> {
  const started = performance.now();
  const script = `${code}\nconsole.log('__PEAK_RSS_KB__' + process.resourceUsage().maxRSS); process.exit(0);`;
  const file = join(tmpdir(), `bench-build-${process.pid}-${Date.now()}.mts`);
  writeFileSync(file, script);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const match = /__PEAK_RSS_KB__(\d+)/.exec(output);
      if (code !== 0 || !match) return reject(new Error(`bench child failed (${code}):\n${output.slice(-2000)}`));
      resolvePromise({ wallMs: performance.now() - started, peakRssMb: Number(match[1]) / 1024, output });
    });
  });
}

function rssOfPid(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ ms: number; bytes: number; encoding?: string }> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolvePromise({ ms: performance.now() - started, bytes, encoding: res.headers['content-encoding'] }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

type RecordFigure = (label: string, key: string, value: number, unit: string) => void;

/** `npm run serve` from spawn to its first answered query, and its RSS then. */
async function serveOnce(urls: Parameters<typeof benchGatewayEnv>[0]): Promise<{ ms: number; rssMb: number }> {
  const started = performance.now();
  const gateway = await startGatewayProcess(benchGatewayEnv(urls), 180_000, { serve: true });
  try {
    await post(gateway.url, JSON.stringify({ query: '{ __typename }' }));
    return { ms: performance.now() - started, rssMb: rssOfPid(gateway.child.pid!) };
  } finally {
    await gateway.stop();
  }
}

async function measureServeStartup(urls: Parameters<typeof benchGatewayEnv>[0], record: RecordFigure): Promise<void> {
  await bundleGateway(root);
  const afterBuild = await serveOnce(urls);
  record('npm run serve: start until first answered query, right after a build', 'serveAfterBuildMs', afterBuild.ms, 'ms');
  const warm = [await serveOnce(urls), await serveOnce(urls), await serveOnce(urls)].sort((a, b) => a.ms - b.ms)[1]!;
  record('npm run serve: start until first answered query, warm (median of 3)', 'serveWarmMs', warm.ms, 'ms');
  record('npm run serve: RSS after start', 'serveRssAfterStartMb', warm.rssMb, 'MB');
  // A fresh clone's first start: no handler schemas and no compiled code cached yet.
  rmSync(join(root, '.cache', 'mesh-schemas'), { recursive: true, force: true });
  rmSync(join(root, 'dist', 'compile-cache'), { recursive: true, force: true });
  const cold = await serveOnce(urls);
  record('npm run serve: start until first answered query, no caches', 'serveColdMs', cold.ms, 'ms');
}

async function main(): Promise<void> {
  const rows: [string, string][] = [];
  const results: Record<string, number> = {};
  const record: RecordFigure = (label, key, value, unit) => {
    results[key] = Math.round(value * 10) / 10;
    rows.push([label, `${value.toFixed(unit === 'MB' || unit === 's' ? 1 : 0)} ${unit}`]);
  };

  const aggOut = join(tmpdir(), `agg-bench-${process.pid}.graphql`);
  const agg = await measureChild(
    `import { readFileSync, writeFileSync } from 'node:fs';
     import { convertForgeTypesToSdl } from '${root}/scripts/agg-sdl/convert.ts';
     const source = readFileSync('${root}/node_modules/@atlassian/forge-graphql-types/src/graphql-types.ts', 'utf8');
     writeFileSync('${aggOut}', convertForgeTypesToSdl(source).sdl);`,
  );
  record('AGG SDL rebuild (child, incl. Node start)', 'aggRebuildMs', agg.wallMs, 'ms');
  record('AGG SDL rebuild peak RSS', 'aggRebuildPeakRssMb', agg.peakRssMb, 'MB');

  const schema = await measureChild(
    `import { buildUnifiedSchema } from '${root}/scripts/schema/unified.ts';
     const t = performance.now();
     const { schema, destroy } = await buildUnifiedSchema('${root}');
     console.log('__BUILD_MS__' + Math.round(performance.now() - t) + ' __TYPES__' + Object.keys(schema.getTypeMap()).length);
     destroy();`,
  );
  const buildMs = Number(/__BUILD_MS__(\d+)/.exec(schema.output)?.[1]);
  const types = Number(/__TYPES__(\d+)/.exec(schema.output)?.[1]);
  record('unified schema build (in-process part)', 'schemaBuildMs', buildMs, 'ms');
  record('unified schema build (child, incl. imports)', 'schemaBuildWallMs', schema.wallMs, 'ms');
  record('unified schema build peak RSS', 'schemaBuildPeakRssMb', schema.peakRssMb, 'MB');
  record('unified schema types', 'types', types, 'types');

  const sandbox = await startSandbox();
  try {
    const started = performance.now();
    const gateway = await startGatewayProcess({
      ATLASSIAN_MESH_MODE: 'live',
      ATLASSIAN_EMAIL: 'bench@example.com',
      ATLASSIAN_API_TOKEN: 'bench-token-not-secret',
      ATLASSIAN_CLOUD_ID: '11111111-2222-4333-8444-555555555555',
      ATLASSIAN_GQL_BASE_URL: sandbox.urls.agg,
      ATLASSIAN_JIRA_BASE_URL: sandbox.urls.jira,
      ATLASSIAN_JIRA_SOFTWARE_BASE_URL: sandbox.urls.jiraSoftware,
      SRHT_TODO_URL: sandbox.urls.srht,
      GATEWAY_ALLOW_UNAUTHENTICATED: 'true',
    });
    try {
      const first = await post(gateway.url, JSON.stringify({ query: '{ __typename }' }));
      record('gateway start until first answered query', 'startupToFirstQueryMs', performance.now() - started, 'ms');
      record('first query after ready', 'firstQueryMs', first.ms, 'ms');
      record('gateway RSS after start', 'rssAfterStartMb', rssOfPid(gateway.child.pid!), 'MB');
      // The document GraphiQL sends. With GraphiQL on, the gateway computes it in the background
      // once idle for a second; a user opening GraphiQL a few seconds after start gets the bytes.
      const body = JSON.stringify({ query: stripIgnoredCharacters(GRAPHIQL_INTROSPECTION_QUERY), operationName: 'IntrospectionQuery' });
      await new Promise((resolveWait) => setTimeout(resolveWait, IDLE_BEFORE_GRAPHIQL_MS));
      record(`gateway RSS ${IDLE_BEFORE_GRAPHIQL_MS / 1000} s after start (warm-up done)`, 'rssAfterWarmUpMb', rssOfPid(gateway.child.pid!), 'MB');
      const cold = await post(gateway.url, body);
      const warm = await post(gateway.url, body);
      const warmGzip = await post(gateway.url, body, { 'accept-encoding': 'gzip' });
      record('introspection size (plain)', 'introspectionMb', cold.bytes / 1e6, 'MB');
      record('introspection size (gzip)', 'introspectionGzipMb', warmGzip.bytes / 1e6, 'MB');
      record(`introspection, first answer (${IDLE_BEFORE_GRAPHIQL_MS / 1000} s after start)`, 'introspectionFirstMs', cold.ms, 'ms');
      record('introspection, repeat (cached bytes)', 'introspectionWarmMs', warm.ms, 'ms');
      record('introspection, repeat gzip', 'introspectionWarmGzipMs', warmGzip.ms, 'ms');
      record('gateway RSS after introspection', 'rssAfterIntrospectionMb', rssOfPid(gateway.child.pid!), 'MB');
    } finally {
      await gateway.stop();
    }
    await measureServeStartup(sandbox.urls, record);
  } finally {
    await sandbox.close();
  }

  const width = Math.max(...rows.map(([label]) => label.length));
  console.log('\nbench:build (full four-source schema)');
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const file = join(root, 'bench', 'results', `build-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ when: new Date().toISOString(), results }, null, 2) + '\n');
  console.log(`  written to ${file}`);
}

await main();
