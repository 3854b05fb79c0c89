/**
 * `npm start`: the gateway at http://127.0.0.1:4000/graphql (PORT/HOST to change).
 *
 * No credentials: sandbox mode — local sandbox upstreams on 127.0.0.1, seeded with deterministic
 * data, and the mesh pointed at them. With credentials (environment or `.env`): the real upstreams.
 * Schemas are fetched first when missing.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../sources/config/types.ts';
import { launchGateway, type LaunchedGateway } from './gateway/launch.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function announce(gateway: LaunchedGateway): void {
  const { settings } = gateway;
  if (gateway.sandbox) {
    console.log('atlassian-mesh: SANDBOX mode (no credentials found): local upstreams on 127.0.0.1 with deterministic data');
    for (const [name, url] of Object.entries(gateway.sandbox.urls)) console.log(`  sandbox ${name}: ${url}`);
  } else {
    console.log(
      `atlassian-mesh: LIVE mode: AGG ${settings.upstreams.agg.baseUrl}, Jira ${settings.upstreams.jira.baseUrl}, ` +
        `Jira Software ${settings.upstreams.jiraSoftware.baseUrl}, todo.sr.ht ${settings.upstreams.srht.baseUrl}`,
    );
  }
  const seconds = (gateway.startupMs / 1000).toFixed(1);
  console.log(`atlassian-mesh: ready at ${gateway.url} in ${seconds} s${gateway.graphiql ? ' (GraphiQL: open that URL in a browser)' : ''}`);
}

try {
  const gateway = await launchGateway({ root, log: (line) => console.log(line) });
  announce(gateway);
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
  const message = error instanceof ConfigError ? error.message : (error as Error).message;
  console.error(`atlassian-mesh: cannot start: ${message}`);
  process.exit(1);
}
