/**
 * `npm run build`: everything `npm run serve` needs, checked once ahead of time.
 *  1. schemas: fetched into their git-ignored places when missing (`npm run schema:fetch`);
 *  2. the unified schema: built exactly as the gateway builds it (catches a broken source,
 *     transform or canonical SDL before a deploy, not at start-up);
 *  3. the example operations (graphql/operations/) validated against it;
 *  4. a note when it differs from the committed snapshot (then `npm run schema:check` says how,
 *     and the typed SDK may be stale);
 *  5. the gateway bundled into dist/ (scripts/bundle.ts), which `npm run serve` runs.
 * Exits non-zero with a one-line reason when any step fails.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleGateway } from './bundle.ts';
import { fetchSchemas } from './schema/fetch.ts';
import { buildUnifiedSchema, printSortedSchema, SNAPSHOT_PATH } from './schema/unified.ts';
import { loadOperationFiles, validateOperationFiles } from './sdk/operations.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function build(): Promise<void> {
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  await fetchSchemas({ force: false, live: false, root, sharedDataDir: resolve(root, '..', 'shared', 'data'), log: (line) => console.log(line) });
  console.log(`build: schemas present (${seconds()} s)`);

  const { schema, destroy } = await buildUnifiedSchema(root);
  try {
    console.log(`build: unified schema built, ${Object.keys(schema.getTypeMap()).length} types (${seconds()} s)`);
    const files = loadOperationFiles(root);
    const problems = validateOperationFiles(schema, files);
    if (problems.length > 0) throw new Error(`example operations do not validate: ${problems.join(' | ')}`);
    console.log(`build: ${files.length} operation files in graphql/operations validate`);
    const snapshot = join(root, SNAPSHOT_PATH);
    if (!existsSync(snapshot) || readFileSync(snapshot, 'utf8') !== printSortedSchema(schema)) {
      console.log(`build: note: the schema differs from ${SNAPSHOT_PATH}; run npm run schema:check (and npm run sdk after schema:update)`);
    }
  } finally {
    destroy();
  }
  const bundle = await bundleGateway(root);
  console.log(`build: gateway bundled into dist/ (${(bundle.bytes / 1e6).toFixed(1)} MB from ${bundle.inputs} project files, ${(bundle.ms / 1000).toFixed(1)} s)`);
  console.log(`build: done in ${seconds()} s; start with npm run serve`);
}

try {
  await build();
  process.exit(0);
} catch (error) {
  console.error(`build failed: ${(error as Error).message.split('\n')[0]}`);
  process.exit(1);
}
