/**
 * The process around a launched gateway, shared by `npm start` and `npm run serve`: start-up
 * banner, one-line errors with a non-zero exit, and graceful shutdown on SIGTERM/SIGINT (in-flight
 * requests finish, then exit 0; a second signal, or a shutdown that hangs, exits 1 at once).
 */
import { describeJiraFieldIds } from '../resolvers/jira/index.ts';
import { ConfigError } from '../sources/config/types.ts';
import { launchGateway, type LaunchedGateway, type LaunchOptions, type SandboxUpstreams } from './launch.ts';

export interface RunOptions extends Pick<LaunchOptions, 'root' | 'production' | 'requireBuiltSchemas' | 'prepareSchemas' | 'startSandbox'> {
  /** Label on every line this wrapper prints. */
  name: string;
}

const FIELD_DISCOVERY_WAIT_MS = 5000;

function announce(name: string, gateway: LaunchedGateway<SandboxUpstreams>, fieldIds: string): void {
  const { settings } = gateway;
  if (gateway.sandbox) {
    console.log(`${name}: SANDBOX mode (no credentials found): local upstreams on 127.0.0.1 with deterministic data`);
    for (const [upstream, url] of Object.entries(gateway.sandbox.urls)) console.log(`  sandbox ${upstream}: ${url}`);
  } else {
    console.log(
      `${name}: LIVE mode: AGG ${settings.upstreams.agg.baseUrl}, Jira ${settings.upstreams.jira.baseUrl}, ` +
        `Jira Software ${settings.upstreams.jiraSoftware.baseUrl}, todo.sr.ht ${settings.upstreams.srht.baseUrl}`,
    );
  }
  console.log(`${name}: ${gateway.features.join(', ')}`);
  console.log(`${name}: ${fieldIds}`);
  const seconds = (gateway.startupMs / 1000).toFixed(1);
  console.log(`${name}: ready at ${gateway.url} in ${seconds} s${gateway.graphiql ? ' (GraphiQL: open that URL in a browser)' : ''}`);
}

export async function runGateway(options: RunOptions): Promise<void> {
  const { name } = options;
  let gateway: LaunchedGateway;
  try {
    gateway = await launchGateway({
      root: options.root,
      log: (line) => console.log(line),
      ...(options.production !== undefined ? { production: options.production } : {}),
      ...(options.requireBuiltSchemas !== undefined ? { requireBuiltSchemas: options.requireBuiltSchemas } : {}),
      ...(options.prepareSchemas !== undefined ? { prepareSchemas: options.prepareSchemas } : {}),
      ...(options.startSandbox !== undefined ? { startSandbox: options.startSandbox } : {}),
    });
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : (error as Error).message;
    console.error(`${name}: cannot start: ${message.split('\n')[0]}`);
    process.exit(1);
  }
  // Before "ready": whoever waits for that line (tests, supervisors) then sees no start-up call
  // reach Jira later. Capped, so a Jira that does not answer never holds the start.
  const fieldIds = await Promise.race([
    describeJiraFieldIds({ fetch: gateway.fetch, settings: gateway.settings }),
    new Promise<string>((resolve) => setTimeout(resolve, FIELD_DISCOVERY_WAIT_MS, `Jira fields: discovery did not answer within ${FIELD_DISCOVERY_WAIT_MS / 1000} s; retried at first use`).unref()),
  ]);
  announce(name, gateway, fieldIds);
  // No request may take the process (and every other caller's requests) down with it: a library
  // that loses a promise or throws from a callback is logged, and the gateway keeps serving.
  const survive = (kind: string) => (error: unknown) => {
    gateway.logger.error(`${kind}; the gateway keeps serving`, { error });
  };
  process.on('unhandledRejection', survive('unhandled promise rejection'));
  process.on('uncaughtException', survive('uncaught exception'));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.error(`${name}: ${signal} again, exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${name}: ${signal}, finishing in-flight requests`);
    const started = performance.now();
    // A shutdown that hangs (a stuck store connection) must not keep the process alive forever.
    const deadline = setTimeout(() => {
      console.error(`${name}: shutdown did not finish in time, exiting`);
      process.exit(1);
    }, gateway.http.shutdownGraceMs + 5_000);
    deadline.unref();
    gateway.close().then(
      () => {
        console.log(`${name}: stopped in ${Math.round(performance.now() - started)} ms`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`${name}: shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
