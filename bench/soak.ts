/**
 * `npm run soak`: the gateway process over the sandbox upstreams behind fault-injecting fakes, at
 * a fixed rate for SOAK_SECONDS (default 60), with a mix of pass-through and canonical queries and
 * a fault injected every second (5xx, resets, 429s, hangs, slow and broken bodies). Reports errors
 * by kind, p99 per 10 s window, the gateway's RSS at start/middle/end and its slope (MB/min, least
 * squares over one sample a second). Writes bench/results/soak-<timestamp>.json.
 *
 * SOAK_SECONDS (60), SOAK_RATE (requests/s, 40), SOAK_FAULTS (on; off to tell load from faults),
 * SOAK_GATEWAY_NODE_OPTIONS (e.g. --max-old-space-size=900: does RSS plateau or does the process die?).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { UpstreamName } from '../sources/config/types.ts';
import type { Fault } from '../test/support/fake-upstreams.ts';
import { startFaultyStack } from '../test/support/fake-upstreams-stack.ts';
import { projectRoot } from '../test/support/gateway-process.ts';
import { QUERIES } from '../test/faults/queries.ts';
import { closeAgent, send } from './load.ts';
import { rssMegabytes, slope } from './process-stats.ts';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const RATE = Number(process.env.SOAK_RATE ?? 40);
const WINDOW_SECONDS = 10;
const TIMEOUT_MS = 2000;
const FAULTS_ON = !/^(0|off|false|no)$/i.test(process.env.SOAK_FAULTS ?? 'on');

/** Deterministic choices, so two runs inject the same faults. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS: Fault[] = [
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503, headers: { 'content-type': 'text/html' }, body: '<html>down</html>' },
  { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
  { kind: 'reset' },
  { kind: 'reset-mid-body' },
  { kind: 'hang' },
  { kind: 'slow-body', chunks: 5, delayMs: 50 },
  { kind: 'non-json' },
  { kind: 'truncated-json' },
];
const UPSTREAMS: UpstreamName[] = ['agg', 'jira', 'srht'];
const JOIN = '{ jiraIssues(jql: "project = DEV ORDER BY key ASC", first: 50) { nodes { key changelog { createdAt items { field from to } } } } }';
const MIX = [QUERIES.passJira.query, QUERIES.passAgg.query, QUERIES.passSrht.query, QUERIES.canonJira.query, QUERIES.canonAgg.query, JOIN];

function classify(status: number, text: string): string {
  if (status !== 200) return `HTTP ${status}`;
  try {
    const body = JSON.parse(text) as { errors?: Array<{ message?: string; extensions?: { code?: unknown } }> };
    if (body.errors === undefined || body.errors.length === 0) return 'OK';
    const first = body.errors[0];
    return typeof first.extensions?.code === 'string' ? first.extensions.code : `message: ${String(first.message).slice(0, 50)}`;
  } catch {
    return 'non-JSON answer';
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const stack = await startFaultyStack({ ATLASSIAN_MESH_TIMEOUT_MS: String(TIMEOUT_MS), ATLASSIAN_MAX_WAIT_SECONDS: '2', LOG_LEVEL: 'warn', ...(process.env.SOAK_GATEWAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.SOAK_GATEWAY_NODE_OPTIONS } : {}) });
  const pid = stack.gateway.child.pid!;
  const random = prng(42);
  const byKind: Record<string, number> = {};
  const windows: number[][] = [];
  const rss: Array<[number, number]> = [];
  const started = performance.now();
  const elapsedSeconds = () => (performance.now() - started) / 1000;
  rss.push([0, rssMegabytes(pid)]);
  const sampler = setInterval(() => {
    if (stack.gateway.child.exitCode === null) rss.push([elapsedSeconds(), rssMegabytes(pid)]);
  }, 1000);
  const injector = setInterval(() => {
    if (!FAULTS_ON) return;
    const fault = FAULTS[Math.floor(random() * FAULTS.length)];
    const upstream = UPSTREAMS[Math.floor(random() * UPSTREAMS.length)];
    stack.fakes[upstream].inject(fault, { times: 1 + Math.floor(random() * 3) });
  }, 1000);

  const pending: Promise<void>[] = [];
  const total = Math.round(SECONDS * RATE);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolveWait) => setTimeout(resolveWait, wait));
    const query = MIX[i % MIX.length];
    const begun = performance.now();
    const window = Math.floor((begun - started) / 1000 / WINDOW_SECONDS);
    pending.push(
      send({ url: stack.gateway.url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then(
        ({ status, text }) => {
          const kind = classify(status, text);
          byKind[kind] = (byKind[kind] ?? 0) + 1;
          (windows[window] ??= []).push(performance.now() - begun);
        },
        (error: unknown) => {
          const kind = `network: ${(error as Error).message.slice(0, 40)}`;
          byKind[kind] = (byKind[kind] ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(pending);
  clearInterval(injector);
  clearInterval(sampler);
  const alive = stack.gateway.child.exitCode === null;
  rss.push([elapsedSeconds(), rssMegabytes(pid)]);
  await stack.close();
  closeAgent();

  const p99 = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))] * 10) / 10;
  };
  const p99ByWindow = windows.map((values, index) => ({ window: `${index * WINDOW_SECONDS}-${(index + 1) * WINDOW_SECONDS} s`, requests: values.length, p99Ms: p99(values) }));
  const middle = rss[Math.floor(rss.length / 2)];
  const rssSlopeMbPerMin = Math.round(slope(rss) * 60 * 100) / 100;
  // The first 10 s include warm-up (JIT, caches); the slope after it says more about leaks.
  const steady = rss.filter(([t]) => t >= WINDOW_SECONDS);
  const steadySlopeMbPerMin = Math.round(slope(steady) * 60 * 100) / 100;
  const report = {
    startedAt: startedAt.toISOString(),
    seconds: SECONDS,
    rate: RATE,
    faults: FAULTS_ON,
    requests: total,
    gatewayAlive: alive,
    byKind,
    p99ByWindow,
    rssMb: { start: Math.round(rss[0][1]), middle: Math.round(middle[1]), end: Math.round(rss[rss.length - 1][1]) },
    rssSlopeMbPerMin,
    rssSlopeAfterFirstWindowMbPerMin: steadySlopeMbPerMin,
  };
  console.log(`soak: ${total} requests at ${RATE}/s for ${SECONDS} s, gateway ${alive ? 'alive' : 'DEAD'} at the end`);
  console.table(byKind);
  console.table(p99ByWindow);
  console.log(`RSS MB start ${report.rssMb.start}, middle ${report.rssMb.middle}, end ${report.rssMb.end}; slope ${rssSlopeMbPerMin} MB/min (after the first ${WINDOW_SECONDS} s: ${steadySlopeMbPerMin} MB/min)`);
  const dir = resolve(projectRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `soak-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ ...report, rssSamples: rss.map(([t, mb]) => [Math.round(t * 10) / 10, Math.round(mb * 10) / 10]) }, null, 2)}\n`);
  console.log(`written ${file}`);
  if (!alive) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
