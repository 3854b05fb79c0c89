/**
 * `npm start`: the gateway at http://127.0.0.1:4000/graphql.
 *
 * No credentials: sandbox mode — local sandbox upstreams on 127.0.0.1, seeded with deterministic
 * data, and the mesh pointed at them. With credentials (environment or `.env`): the real upstreams.
 * Schemas are fetched first when missing.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDotEnv } from '../sources/config/dotenv.ts';
import { resolveMode } from '../sources/config/load-settings.ts';
import { getSettings } from '../sources/config/get-settings.ts';
import { ConfigError } from '../sources/config/types.ts';
import { fetchSchemas } from './schema/fetch.ts';
import { startGateway, type RunningGateway } from './gateway/start-gateway.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<RunningGateway> {
  const started = performance.now();
  loadDotEnv(resolve(root, '.env'));
  await fetchSchemas({
    force: false,
    live: false,
    root,
    sharedDataDir: resolve(root, '..', 'shared', 'data'),
    log: (line) => console.log(line),
  });
  const mode = resolveMode(process.env);
  let sandbox: { urls: Record<string, string>; close(): Promise<void> } | undefined;
  if (mode === 'sandbox') {
    const { startSandbox } = await import('./sandbox/index.ts');
    const started = await startSandbox();
    sandbox = started;
    // The settings loader reads sandbox endpoints from the same variables as live ones.
    process.env.ATLASSIAN_GQL_BASE_URL = started.urls.agg;
    process.env.ATLASSIAN_JIRA_BASE_URL = started.urls.jira;
    process.env.ATLASSIAN_JIRA_SOFTWARE_BASE_URL = started.urls.jiraSoftware;
    process.env.SRHT_TODO_URL = started.urls.srht;
    process.env.ATLASSIAN_MESH_MODE = 'sandbox';
  }
  const settings = getSettings();
  const gateway = await startGateway({ root, settings, env: process.env, onClose: () => sandbox?.close() });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (sandbox) {
    console.log(`atlassian-mesh: SANDBOX mode (no credentials found): local upstreams on 127.0.0.1 with deterministic data`);
    for (const [name, url] of Object.entries(sandbox.urls)) console.log(`  sandbox ${name}: ${url}`);
  } else {
    console.log(`atlassian-mesh: LIVE mode: AGG ${settings.upstreams.agg.baseUrl}, Jira ${settings.upstreams.jira.baseUrl}, todo.sr.ht ${settings.upstreams.srht.baseUrl}`);
  }
  console.log(`atlassian-mesh: ready at ${gateway.url} in ${seconds} s${gateway.graphiql ? ' (GraphiQL: open it in a browser)' : ''}`);
  return gateway;
}

try {
  const gateway = await main();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`atlassian-mesh: ${signal}, finishing in-flight requests`);
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`atlassian-mesh: shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  const message = error instanceof ConfigError ? error.message : `${(error as Error).message}`;
  console.error(`atlassian-mesh: cannot start: ${message}`);
  process.exit(1);
}
