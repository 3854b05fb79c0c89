/**
 * `npx tsx scripts/sandbox/cli.ts`: starts the four sandbox upstreams and prints their URLs.
 * Optional env: SANDBOX_HOST (default 127.0.0.1), SANDBOX_AGG_PORT, SANDBOX_JIRA_PORT,
 * SANDBOX_JIRA_SOFTWARE_PORT, SANDBOX_SRHT_PORT (default: free ports).
 */
import type { UpstreamName } from '../../sources/config/types.ts';
import { startSandbox } from './index.ts';

const PORT_VARIABLES: Record<UpstreamName, string> = {
  agg: 'SANDBOX_AGG_PORT',
  jira: 'SANDBOX_JIRA_PORT',
  jiraSoftware: 'SANDBOX_JIRA_SOFTWARE_PORT',
  srht: 'SANDBOX_SRHT_PORT',
};

function readPorts(env: NodeJS.ProcessEnv): Partial<Record<UpstreamName, number>> {
  const ports: Partial<Record<UpstreamName, number>> = {};
  for (const [name, variable] of Object.entries(PORT_VARIABLES) as Array<[UpstreamName, string]>) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`${variable}=${raw} is not a port number (0-65535); unset it to pick a free port.`);
    }
    ports[name] = port;
  }
  return ports;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ host: process.env.SANDBOX_HOST || '127.0.0.1', ports: readPorts(process.env) });
  const width = Math.max(...Object.keys(sandbox.urls).map((k) => k.length));
  console.log('Sandbox upstreams (deterministic data, no credentials needed):');
  for (const [name, url] of Object.entries(sandbox.urls)) console.log(`  ${name.padEnd(width)}  ${url}`);
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: closing sandbox servers…`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Sandbox close failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
