/**
 * Load generators: autocannon for single-request workloads (fixed concurrency or fixed rate), and
 * a closed-loop runner for workloads that take several sequential HTTP calls per operation
 * (the canonical join done by hand, the naive one-call-per-issue script).
 */
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

export interface HttpCall {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  /** Completed operations per second. */
  rps: number;
  p50: number;
  p99: number;
  operations: number;
  /** Non-2xx answers, socket errors and timeouts. */
  failures: number;
}

/** Closed-loop throughput at fixed concurrency. */
export async function runAutocannon(call: HttpCall, options: { connections: number; seconds: number }): Promise<LoadResult> {
  const result = await autocannon({
    url: call.url,
    method: call.method ?? 'GET',
    headers: call.headers,
    body: call.body,
    connections: options.connections,
    duration: options.seconds,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    operations: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** A stuck answer fails its call instead of hanging the benchmark (autocannon's default too). */
const SEND_TIMEOUT_MS = 10_000;

/** One HTTP call over the shared keep-alive agent; resolves with the body text. */
export function send(call: HttpCall): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(call.url);
    const req = request(target, { method: call.method ?? 'GET', headers: call.headers, agent, timeout: SEND_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${target.origin} in ${SEND_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(call.body);
  });
}

function percentiles(latencies: number[]): { p50: number; p99: number } {
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length === 0 ? Number.NaN : latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * Open-loop load at a steady rate: request i is due at start + i/rate whatever earlier answers
 * did, and its latency counts from when it was due (a late sender cannot hide queueing).
 * autocannon's rate mode is not this: each connection sends its per-second quota back to back and
 * then waits for the next second, so "200 req/s" arrives as one burst of 200 a second.
 */
export async function runFixedRate(call: HttpCall, options: { rate: number; seconds: number }): Promise<LoadResult> {
  const intervalMs = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const answers: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + index * intervalMs;
    const wait = due - performance.now();
    if (wait >= 1) await new Promise((resolveWait) => setTimeout(resolveWait, wait));
    // Late sends count from when they were due (the wait is the system's); timers are ~1 ms
    // coarse, so one sent a little early counts from when it was actually sent.
    const from = Math.min(due, performance.now());
    answers.push(
      send(call).then(
        ({ status }) => {
          if (status >= 200 && status < 300) latencies.push(performance.now() - from);
          else failures += 1;
        },
        () => {
          failures += 1;
        },
      ),
    );
  }
  await Promise.all(answers);
  const elapsed = (performance.now() - started) / 1000;
  return { rps: latencies.length / elapsed, ...percentiles(latencies), operations: latencies.length, failures };
}

/** Runs `operation` in `concurrency` loops for `seconds`; latency per whole operation. */
export async function runClosedLoop(operation: () => Promise<void>, options: { concurrency: number; seconds: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const begun = performance.now();
      try {
        await operation();
        latencies.push(performance.now() - begun);
      } catch {
        failures += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const elapsed = (performance.now() - started) / 1000;
  return { rps: latencies.length / elapsed, ...percentiles(latencies), operations: latencies.length, failures };
}

export function closeAgent(): void {
  agent.destroy();
}
