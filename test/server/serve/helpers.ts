/**
 * The gateway as a child process (`scripts/serve.ts` or `scripts/start.ts`), one fake upstream on
 * 127.0.0.1 standing in for every source, and small HTTP helpers. Child process because yoga,
 * Mesh and the test runner must not share graphql module instances (see common notes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { projectRoot } from '../../support/gateway-process.ts';

const INHERITED_SETTINGS = /^(ATLASSIAN_|SRHT_|GATEWAY_|REDIS_URL$|PORT$|HOST$|LOG_LEVEL$|JIRA_|AGG_|NODE_ENV$)/;

export interface ChildGateway {
  url: string;
  origin: string;
  child: ChildProcess;
  output(): string;
  /** stderr lines that parse as JSON (the structured logs). */
  logRecords(): Array<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

export type GatewayScript = 'scripts/serve.ts' | 'scripts/start.ts';

function cleanEnvironment(): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !INHERITED_SETTINGS.test(name)) clean[name] = value;
  }
  return clean;
}

/**
 * How users run each script: `npm run serve` runs the bundle `npm run build` made (the test setup
 * builds it), `npm start` runs the sources under tsx.
 */
function commandFor(script: GatewayScript): string[] {
  return script === 'scripts/serve.ts' ? ['scripts/serve-built.mjs'] : ['--import', 'tsx', script];
}

function spawnGateway(script: GatewayScript, env: Record<string, string>): { child: ChildProcess; output: () => string; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, commandFor(script), {
    cwd: projectRoot,
    env: { ...cleanEnvironment(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return { child, output: () => output, stderr: () => stderr, exited };
}

/** Runs the script and waits for its "ready at" line. */
export async function startChildGateway(script: GatewayScript, env: Record<string, string>, timeoutMs = 90_000): Promise<ChildGateway> {
  const { child, output, stderr, exited } = spawnGateway(script, env);
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway not ready after ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const poll = setInterval(() => {
      const match = /ready at (http:\/\/\S+\/graphql)/.exec(output());
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before it was ready:\n${output()}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    child,
    output,
    exited,
    logRecords: () =>
      stderr()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs the script expecting it to refuse to start; returns its exit code and output. */
export async function runUntilExit(script: GatewayScript, env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; output: string; stderr: string; ms: number }> {
  const started = performance.now();
  const { child, output, stderr, exited } = spawnGateway(script, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return { code, output: output(), stderr: stderr(), ms: performance.now() - started };
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeUpstream {
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

/** One server for every upstream; `handle` answers each call (after its body is read). */
export async function startFakeUpstream(handle: (call: RecordedCall, response: ServerResponse) => void | Promise<void>): Promise<FakeUpstream> {
  const calls: RecordedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString() };
      calls.push(call);
      Promise.resolve(handle(call, res)).catch((error: unknown) => {
        res.writeHead(599);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Live-mode variables pointing every upstream at `base`. */
export function liveUpstreamEnv(base: string): Record<string, string> {
  return {
    ATLASSIAN_MESH_MODE: 'live',
    ATLASSIAN_CLOUD_ID: '11111111-2222-4333-8444-555555555555',
    ATLASSIAN_GQL_BASE_URL: `${base}/graphql`,
    ATLASSIAN_JIRA_BASE_URL: base,
    ATLASSIAN_JIRA_SOFTWARE_BASE_URL: base,
    SRHT_TODO_URL: `${base}/query`,
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface GraphQLAnswer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

export async function graphql(url: string, query: string, headers: Record<string, string> = {}, operationName?: string): Promise<GraphQLAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, ...(operationName ? { operationName } : {}) }),
  });
  const text = await response.text();
  let body: GraphQLAnswer['body'];
  try {
    body = JSON.parse(text) as GraphQLAnswer['body'];
  } catch {
    throw new Error(`HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, body };
}
