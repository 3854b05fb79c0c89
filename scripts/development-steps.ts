/**
 * The developer steps `npm start` adds to a launch (server/launch.ts): fetch missing schema
 * documents, and start the sandbox upstreams when there are no credentials. Loaded on demand, so a
 * production start never imports the schema fetcher or the sandbox unless it needs the sandbox.
 */
import { resolve } from 'node:path';
import type { DevelopmentSteps } from '../server/launch.ts';
import type { RunningSandbox } from './sandbox/index.ts';

export type { RunningSandbox } from './sandbox/index.ts';

export async function startSandboxUpstreams(root: string): Promise<RunningSandbox> {
  const { startSandbox } = await import('./sandbox/index.ts');
  return startSandbox({ root });
}

export async function prepareSchemas(root: string, log: (line: string) => void): Promise<void> {
  const { fetchSchemas } = await import('./schema/fetch.ts');
  await fetchSchemas({ force: false, live: false, root, sharedDataDir: resolve(root, '..', 'shared', 'data'), log });
}

export const developmentSteps: Required<DevelopmentSteps<RunningSandbox>> = { prepareSchemas, startSandbox: startSandboxUpstreams };
