/** Before any test file: make sure the git-ignored schemas exist (copied or rebuilt, never downloaded in CI). */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
}
