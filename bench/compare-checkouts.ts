/**
 * `npx tsx bench/compare-checkouts.ts <other checkout>`: this checkout's gateway against another's
 * (a worktree of an earlier commit, with its own node_modules and fetched schemas), side by side
 * over the same sandbox upstreams, in interleaved rounds. On a shared machine one run of
 * `npm run bench` per checkout moves by ±25% between runs; here both gateways take turns within
 * seconds of each other, the order flips every round, and the median of the rounds is reported.
 *
 * Per workload and gateway: CPU ms per request (from /proc, so everything the process spends,
 * garbage collection included), under the same load for both: a fixed rate (COMPARE_RATE) or, with
 * COMPARE_CONNECTIONS, as fast as that many connections go (less idle overhead per request).
 *
 * COMPARE_ROUNDS (default 6), COMPARE_SECONDS (4), COMPARE_RATE (150 req/s), COMPARE_CONNECTIONS (unset).
 */
import { resolve } from 'node:path';
import { startSandbox } from '../scripts/sandbox/index.ts';
import { startGatewayProcess, type GatewayProcess } from '../test/support/gateway-process.ts';
import { closeAgent, runAutocannon, runFixedRate, send, type HttpCall } from './load.ts';
import { cpuMilliseconds } from './process-stats.ts';
import { BENCH_CLOUD_ID, benchGatewayEnv } from './gateway-env.ts';

const ROUNDS = Number(process.env.COMPARE_ROUNDS ?? 6);
const SECONDS = Number(process.env.COMPARE_SECONDS ?? 4);
const RATE = Number(process.env.COMPARE_RATE ?? 150);
const CONNECTIONS = process.env.COMPARE_CONNECTIONS === undefined ? undefined : Number(process.env.COMPARE_CONNECTIONS);
const load = (call: HttpCall) => (CONNECTIONS === undefined ? runFixedRate(call, { rate: RATE, seconds: SECONDS }) : runAutocannon(call, { connections: CONNECTIONS, seconds: SECONDS }));
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

const other = process.argv[2];
if (other === undefined) {
  console.error('usage: npx tsx bench/compare-checkouts.ts <path of the checkout to compare with>');
  process.exit(2);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const sandbox = await startSandbox();
const env = benchGatewayEnv(sandbox.urls);
const gateways: Record<'this' | 'other', GatewayProcess> = {
  this: await startGatewayProcess(env),
  other: await startGatewayProcess(env, 180_000, { root: resolve(other) }),
};
const workloads: Record<string, (url: string) => HttpCall> = {
  agg: (url) => ({ url, method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query: `{ agg_jira { issueByKey(cloudId: "${BENCH_CLOUD_ID}", key: "DEV-1") { key } } }` }) }),
  jiraRest: (url) => ({ url, method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query: '{ jira_getIssue(issueIdOrKey: "DEV-1") { key id } }' }) }),
  canonical: (url) => ({ url, method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ query: '{ jiraIssue(key: "DEV-1") { key status updatedAt } }' }) }),
};

try {
  for (const [name, call] of Object.entries(workloads)) {
    for (const gateway of Object.values(gateways)) {
      const { status, text } = await send(call(gateway.url));
      if (status !== 200 || text.includes('"errors"')) throw new Error(`${name}: unexpected answer ${status} ${text.slice(0, 200)}`);
      await runFixedRate(call(gateway.url), { rate: RATE, seconds: 2 }); // warm-up
    }
  }
  const cpu: Record<string, Record<'this' | 'other', number[]>> = {};
  for (let round = 0; round < ROUNDS; round++) {
    const order: Array<'this' | 'other'> = round % 2 === 0 ? ['this', 'other'] : ['other', 'this'];
    for (const [name, call] of Object.entries(workloads)) {
      cpu[name] ??= { this: [], other: [] };
      for (const which of order) {
        const gateway = gateways[which];
        const before = cpuMilliseconds(gateway.child.pid!);
        const result = await load(call(gateway.url));
        if (result.failures > 0) throw new Error(`${name} on ${which}: ${result.failures} failures`);
        cpu[name]![which].push((cpuMilliseconds(gateway.child.pid!) - before) / Math.max(1, result.operations));
      }
    }
    console.log(`round ${round + 1}/${ROUNDS}: ${Object.entries(cpu).map(([name, values]) => `${name} this ${values.this.at(-1)!.toFixed(3)} other ${values.other.at(-1)!.toFixed(3)}`).join(', ')}`);
  }
  const loadText = CONNECTIONS === undefined ? `${RATE} req/s` : `${CONNECTIONS} connections`;
  console.log(`\ngateway CPU ms per request, median of ${ROUNDS} interleaved rounds at ${loadText} (this: ${process.cwd()}, other: ${resolve(other)})`);
  console.table(
    Object.fromEntries(
      Object.entries(cpu).map(([name, values]) => [
        name,
        { this: Number(median(values.this).toFixed(3)), other: Number(median(values.other).toFixed(3)), 'this/other': Number((median(values.this) / median(values.other)).toFixed(3)) },
      ]),
    ),
  );
} finally {
  closeAgent();
  await Promise.all(Object.values(gateways).map((gateway) => gateway.stop()));
  await sandbox.close();
}
