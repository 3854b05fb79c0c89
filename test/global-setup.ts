/**
 * Before any test file: make sure the git-ignored schemas exist (copied or rebuilt, never
 * downloaded in CI), and bundle the gateway as `npm run build` does, so the suites that run
 * `npm run serve` run the bundle users deploy, built from the sources under test.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleGateway } from '../scripts/bundle.ts';
import { fetchSchemas } from '../scripts/schema/fetch.ts';

export default async function setup(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  await fetchSchemas({
    force: false,
    live: false,
    root,
    sharedDataDir: resolve(root, '..', 'shared', 'data'),
    log: (line) => console.log(line),
  });
  await bundleGateway(root);
}
