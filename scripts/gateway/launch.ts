/**
 * Everything `npm start` does, as a function, so tests, the benchmark and the soak run the very
 * same gateway: `.env`, schemas, sandbox upstreams when no credentials are set, settings, mesh, server.
 *
 * Settings are process-wide (the custom fetch module Mesh loads reads them), so one process hosts
 * one launched gateway.
 */
import { resolve } from 'node:path';
import { loadDotEnv } from '../../sources/config/dotenv.ts';
import { resolveMode } from '../../sources/config/load-settings.ts';
import { getSettings } from '../../sources/config/get-settings.ts';
import type { GatewayMode, GatewaySettings } from '../../sources/config/types.ts';
import { fetchSchemas } from '../schema/fetch.ts';
import type { startSandbox as StartSandbox } from '../sandbox/index.ts';
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
  await fetchSchemas({
    force: false,
    live: false,
    root: options.root,
    sharedDataDir: resolve(options.root, '..', 'shared', 'data'),
    log,
  });
  const mode = resolveMode(env);
  let sandbox: RunningSandbox | undefined;
  if (mode === 'sandbox') {
    const { startSandbox } = await import('../sandbox/index.ts');
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
      onClose: () => running?.close(),
    });
    return { ...gateway, mode, settings, sandbox, startupMs: performance.now() - started };
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}
