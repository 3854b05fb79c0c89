/**
 * Everything `npm start` and `npm run serve` do, as a function, so tests, the benchmark and the soak
 * run the very same gateway: `.env`, schemas, sandbox upstreams when no credentials are set, one
 * configuration, mesh, server.
 *
 * The environment is only read: `.env` and the sandbox's endpoints go into a copy, so the caller's
 * `env` decides the gateway and two launches in one process do not see each other.
 * The developer steps (fetching schemas, starting the sandbox) are passed in by the entry points in
 * scripts/, so the server does not carry developer tools.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Env } from '../sources/config/env-values.ts';
import { loadDotEnv } from '../sources/config/dotenv.ts';
import { resolveMode } from '../sources/config/load-settings.ts';
import type { GatewayMode, GatewaySettings, UpstreamName } from '../sources/config/types.ts';
import { readMeshConfig } from './mesh.ts';
import { sourceDocuments } from './schema-cache.ts';
import { type GatewayConfig, loadGatewayConfig } from './server-config.ts';
import { startGateway, type RunningGateway } from './start-gateway.ts';
import type { GatewayPlugin } from './server.ts';

/** Local upstreams on 127.0.0.1 (scripts/sandbox), as the launcher needs them. */
export interface SandboxUpstreams {
  urls: Record<UpstreamName, string>;
  close(): Promise<void>;
}

/** The development steps a launch may take; `npm run serve` passes only the sandbox. */
export interface DevelopmentSteps<S extends SandboxUpstreams> {
  /** Fetches or builds missing schema documents into `root`. */
  prepareSchemas?: (root: string, log: (line: string) => void) => Promise<void>;
  /** Starts the sandbox upstreams (sandbox mode: no credentials). */
  startSandbox?: (root: string) => Promise<S>;
}

export interface LaunchOptions<S extends SandboxUpstreams = SandboxUpstreams> extends DevelopmentSteps<S> {
  root: string;
  /** Read, never written; default process.env. */
  env?: Env;
  /** Override PORT and HOST. Port 0 picks a free one. */
  port?: number;
  host?: string;
  /** Load `<root>/.env` first (never overriding set variables). Default true. */
  dotEnv?: boolean;
  plugins?: GatewayPlugin[];
  log?: (line: string) => void;
  /** Where the gateway's JSON log lines go; default stderr. */
  writeLog?: (line: string) => void;
  /** Production semantics (`npm run serve`); default NODE_ENV === 'production'. */
  production?: boolean;
  /**
   * Refuse to start when a schema is missing instead of fetching it (`npm run serve`: a production
   * process serves what `npm run build` fetched and validated, and never writes to the tree).
   */
  requireBuiltSchemas?: boolean;
}

export interface LaunchedGateway<S extends SandboxUpstreams = SandboxUpstreams> extends RunningGateway {
  mode: GatewayMode;
  config: GatewayConfig;
  settings: GatewaySettings;
  /** The local upstreams in sandbox mode, else undefined. */
  sandbox?: S;
  startupMs: number;
}

export async function launchGateway<S extends SandboxUpstreams = SandboxUpstreams>(options: LaunchOptions<S>): Promise<LaunchedGateway<S>> {
  const started = performance.now();
  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  const log = options.log ?? (() => {});
  if (options.dotEnv !== false) loadDotEnv(resolve(options.root, '.env'), env);
  if (options.port !== undefined) env.PORT = String(options.port);
  if (options.host !== undefined) env.HOST = options.host;
  if (options.requireBuiltSchemas === true) assertSchemasBuilt(options.root);
  else await options.prepareSchemas?.(options.root, log);
  const mode = resolveMode(env);
  let sandbox: S | undefined;
  if (mode === 'sandbox') {
    if (options.startSandbox === undefined) throw new Error('sandbox mode (no credentials) needs the sandbox upstreams, which this launch does not start');
    sandbox = await options.startSandbox(options.root);
    // The settings loader reads sandbox endpoints from the same variables as live ones.
    Object.assign(env, {
      ATLASSIAN_GQL_BASE_URL: sandbox.urls.agg,
      ATLASSIAN_JIRA_BASE_URL: sandbox.urls.jira,
      ATLASSIAN_JIRA_SOFTWARE_BASE_URL: sandbox.urls.jiraSoftware,
      SRHT_TODO_URL: sandbox.urls.srht,
      ATLASSIAN_MESH_MODE: 'sandbox',
    });
  }
  try {
    const config = loadGatewayConfig({ root: options.root, env, ...(options.production !== undefined ? { production: options.production } : {}) });
    const running = sandbox;
    const gateway = await startGateway(config, {
      ...(options.plugins !== undefined ? { plugins: options.plugins } : {}),
      ...(options.writeLog !== undefined ? { writeLog: options.writeLog } : {}),
      onClose: () => running?.close(),
    });
    return { ...gateway, mode, config, settings: config.settings, ...(sandbox !== undefined ? { sandbox } : {}), startupMs: performance.now() - started };
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}

/** The documents .meshrc.yaml builds the mesh from, or a one-line error saying to run the build. */
function assertSchemasBuilt(root: string): void {
  const missing = sourceDocuments(readMeshConfig(root)).filter((path) => {
    const full = resolve(root, path);
    return !existsSync(full) || statSync(full).size === 0;
  });
  if (missing.length > 0) {
    throw new Error(`schemas missing (${missing.map((path) => path.replace(/^\.\//, '')).join(', ')}); run npm run build first`);
  }
}
