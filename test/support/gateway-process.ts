/**
 * Runs the real gateway (`npm start`, or `npm run serve` with `serve: true`) in a child process
 * and waits for its "ready at" line. Tests talk to it over HTTP on 127.0.0.1 only.
 *
 * A child process, not an in-process server: yoga, Mesh and the test runner must not share (or
 * split) graphql module instances, and the gateway's settings are process-wide.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Variables a developer's shell may carry that would change the gateway under test. */
const INHERITED_SETTINGS = /^(ATLASSIAN_|SRHT_|GATEWAY_|REDIS_URL$|PORT$|HOST$|LOG_LEVEL$|JIRA_|AGG_|NODE_ENV$)/;

/**
 * The command line `npm start` or `npm run serve` runs (node, its flags such as the heap cap, the
 * script), read from package.json so tests and benchmarks measure the process users run.
 */
export function npmScriptNodeArgs(script: 'start' | 'serve'): { flags: string[]; entry: string[] } {
  const scripts = (JSON.parse(readFileSync(resolve(projectRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const words = (scripts[script] ?? '').split(/\s+/);
  const importAt = words.indexOf('--import');
  const entryAt = importAt >= 0 ? importAt : words.length - 1;
  if (words[0] !== 'node' || entryAt < 1) throw new Error(`package.json "${script}" is not "node <flags> [--import tsx] <script>": ${scripts[script]}`);
  return { flags: words.slice(1, entryAt), entry: words.slice(entryAt) };
}

export interface GatewayProcessOptions {
  /** Extra node flags before the script (e.g. --cpu-prof for the benchmark's profile). */
  nodeArgs?: string[];
  /** Another checkout to run (the before/after comparison); default this project. */
  root?: string;
  /**
   * Run `npm run serve` (the bundle `npm run build` made, production semantics) instead of
   * `npm start`; the caller builds first (scripts/bundle.ts).
   */
  serve?: boolean;
}

export async function startGatewayProcess(env: Record<string, string> = {}, timeoutMs = 120_000, options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
  const cleanEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !INHERITED_SETTINGS.test(name)) cleanEnv[name] = value;
  }
  const { flags, entry } = npmScriptNodeArgs(options.serve === true ? 'serve' : 'start');
  const child = spawn(process.execPath, [...flags, ...(options.nodeArgs ?? []), ...entry], {
    cwd: options.root ?? projectRoot,
    env: { ...cleanEnv, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (http:\/\/\S+\/graphql)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before it was ready:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>; extensions?: Record<string, unknown> };
  headers: Headers;
}

export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'], headers: response.headers };
}
