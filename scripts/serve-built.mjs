/**
 * `npm run serve`: runs the bundle `npm run build` made (dist/, see scripts/bundle.ts), after
 * checking it was built from the sources and lockfile now on disk. Plain JavaScript so that
 * nothing is transpiled at start; a missing or stale bundle exits 1 with what to run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const infoPath = join(root, 'dist', 'build-info.json');

/** The first input whose content differs from what was bundled, or undefined. */
function firstChangedInput() {
  if (!existsSync(infoPath)) return 'dist/ (no build yet)';
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(infoPath, 'utf8')).inputs;
  } catch {
    return 'dist/build-info.json (unreadable)';
  }
  if (typeof inputs !== 'object' || inputs === null || Object.keys(inputs).length === 0) return 'dist/build-info.json (no inputs)';
  for (const [path, hash] of Object.entries(inputs)) {
    const file = join(root, path);
    if (!existsSync(file) || createHash('sha256').update(readFileSync(file)).digest('hex') !== hash) return path;
  }
  return undefined;
}

const changed = firstChangedInput();
if (changed !== undefined) {
  console.error(`atlassian-mesh: cannot start: the built gateway is missing or older than the sources (${changed}); run npm run build`);
  process.exit(1);
}
// V8's compiled code for the bundle, kept beside it (a new build starts it afresh): later starts
// skip compiling ~29 MB of JavaScript. A read-only disk only means no cache.
enableCompileCache(join(root, 'dist', 'compile-cache'));
await import(pathToFileURL(join(root, 'dist', 'serve.mjs')).href);
