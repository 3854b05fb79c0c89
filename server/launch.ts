/**
 * Everything `npm start` does, as a function, so tests, the benchmark and the soak run the very
 * same gateway: `.env`, schemas, sandbox upstreams when no credentials are set, settings, mesh, server.
 *
 * Settings are process-wide (the custom fetch module Mesh loads reads them), so one process hosts
 * one launched gateway.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDotEnv } from '../sources/config/dotenv.ts';
import { resolveMode } from '../sources/config/load-settings.ts';
import { getSettings } from '../sources/config/get-settings.ts';
import type { GatewayMode, GatewaySettings } from '../sources/config/types.ts';
import { fetchSchemas } from '../scripts/schema/fetch.ts';
import { VENDOR_FILES } from '../scripts/schema/vendor-files.ts';
import { AGG_FILES } from '../scripts/schema/agg.ts';
import type { startSandbox as StartSandbox } from '../scripts/sandbox/index.ts';
import { startGateway, type RunningGateway } from './start-gateway.ts';
import type { GatewayPlugin } from './server.ts';

export type RunningSandbox = Awaited<ReturnType<typeof StartSandbox>>;

export interface LaunchOptions {
  root: string;
  /** Read and written (sandbox URLs are exported into it); default process.env. */
  env?: NodeJS.ProcessEnv;
  port?: number;
  host?: string;
  /** Load `<root>/.env` first (never overriding set variables). Default true. */
  dotEnv?: boolean;
  plugins?: GatewayPlugin[];
  log?: (line: string) => void;
  /** Production semantics (`npm run serve`); default NODE_ENV === 'production'. */
  production?: boolean;
  /**
   * Refuse to start when a schema is missing instead of fetching it (`npm run serve`: a production
   * process serves what `npm run build` fetched and validated, and never writes to the tree).
   */
  requireBuiltSchemas?: boolean;
}

export interface LaunchedGateway extends RunningGateway {
  mode: GatewayMode;
  settings: GatewaySettings;
  /** The local upstreams in sandbox mode (with request stats), else undefined. */
  sandbox?: RunningSandbox;
  startupMs: number;
}

export async function launchGateway(options: LaunchOptions): Promise<LaunchedGateway> {
  const started = performance.now();
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  if (options.dotEnv !== false) loadDotEnv(resolve(options.root, '.env'), env);
  if (options.requireBuiltSchemas === true) {
    assertSchemasBuilt(options.root);
  } else {
    await fetchSchemas({
      force: false,
      live: false,
      root: options.root,
      sharedDataDir: resolve(options.root, '..', 'shared', 'data'),
      log,
    });
  }
  const mode = resolveMode(env);
  let sandbox: RunningSandbox | undefined;
  if (mode === 'sandbox') {
    const { startSandbox } = await import('../scripts/sandbox/index.ts');
    sandbox = await startSandbox();
    // The settings loader reads sandbox endpoints from the same variables as live ones.
    env.ATLASSIAN_GQL_BASE_URL = sandbox.urls.agg;
    env.ATLASSIAN_JIRA_BASE_URL = sandbox.urls.jira;
    env.ATLASSIAN_JIRA_SOFTWARE_BASE_URL = sandbox.urls.jiraSoftware;
    env.SRHT_TODO_URL = sandbox.urls.srht;
    env.ATLASSIAN_MESH_MODE = 'sandbox';
  }
  try {
    const settings = getSettings();
    const running = sandbox;
    const gateway = await startGateway({
      root: options.root,
      settings,
      env,
      port: options.port,
      host: options.host,
      plugins: options.plugins,
      ...(options.production !== undefined ? { production: options.production } : {}),
      onClose: () => running?.close(),
    });
    return { ...gateway, mode, settings, sandbox, startupMs: performance.now() - started };
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}

/** The schema files the mesh builds from, or a one-line error saying to run the build. */
export function assertSchemasBuilt(root: string): void {
  const required = [...VENDOR_FILES.map((file) => file.target), AGG_FILES.sdl];
  const missing = required.filter((path) => {
    const full = resolve(root, path);
    return !existsSync(full) || statSync(full).size === 0;
  });
  if (missing.length > 0) {
    throw new Error(`schemas missing (${missing.join(', ')}); run npm run build first`);
  }
}
