/**
 * `npm run schema:fetch`: puts every schema the build needs into its git-ignored place.
 *
 * - Jira specs, the todo.sr.ht SDL and the canonical contracts: copied from ../shared/data/ when that
 *   folder is beside the project, otherwise downloaded from the vendor.
 * - AGG: rebuilt from @atlassian/forge-graphql-types by scripts/agg-sdl (Atlassian publishes no SDL),
 *   unless a live introspection (`--live`) has been written, which then wins.
 *
 * Flags: `--force` refetches everything; `--if-missing` (used by start/test) only fills gaps;
 * `--live` introspects the configured AGG with the configured credentials.
 * Every file is validated before it replaces the old one, and written atomically.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VENDOR_FILES, type VendorFile } from './vendor-files.ts';
import { validateVendorDocument } from './validate-document.ts';
import { writeFileAtomic } from './write-atomic.ts';
import { AGG_FILES, rebuildAggSdl } from './agg.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface FetchOptions {
  force: boolean;
  live: boolean;
  root: string;
  sharedDataDir: string;
  log: (line: string) => void;
}

async function obtain(file: VendorFile, options: FetchOptions): Promise<{ text: string; from: string }> {
  const sharedPath = join(options.sharedDataDir, file.shared);
  if (existsSync(sharedPath)) return { text: readFileSync(sharedPath, 'utf8'), from: sharedPath };
  if (!file.url) {
    throw new Error(
      `${file.target}: ${sharedPath} does not exist and this document has no public download; ` +
        `put ../shared/data/ beside the project`,
    );
  }
  let response: Response;
  try {
    response = await fetch(file.url, { signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new Error(`${file.target}: download from ${file.url} failed (${(error as Error).message}); put ../shared/data/ beside the project or retry online`);
  }
  if (!response.ok) throw new Error(`${file.target}: download from ${file.url} answered HTTP ${response.status}`);
  return { text: await response.text(), from: file.url };
}

export async function fetchSchemas(options: FetchOptions): Promise<void> {
  for (const file of VENDOR_FILES) {
    const target = join(options.root, file.target);
    if (!options.force && existsSync(target) && statSync(target).size > 0) continue;
    const { text, from } = await obtain(file, options);
    validateVendorDocument(file, text);
    writeFileAtomic(target, text);
    options.log(`schema:fetch ${file.target} <- ${from}`);
  }
  if (options.live) {
    const { introspectLiveAgg } = await import('./agg-live.ts');
    await introspectLiveAgg({ root: options.root, log: options.log });
    return;
  }
  const aggTarget = join(options.root, AGG_FILES.sdl);
  const liveSdl = join(options.root, AGG_FILES.liveSdl);
  if (existsSync(liveSdl)) {
    // A live introspection is the real schema; it replaces the rebuilt one.
    if (options.force || !existsSync(aggTarget) || statSync(liveSdl).mtimeMs > statSync(aggTarget).mtimeMs) {
      writeFileAtomic(aggTarget, readFileSync(liveSdl, 'utf8'));
      options.log(`schema:fetch ${AGG_FILES.sdl} <- ${AGG_FILES.liveSdl} (live introspection)`);
    }
    return;
  }
  if (options.force || !existsSync(aggTarget)) {
    const summary = await rebuildAggSdl(options.root);
    options.log(`schema:fetch ${AGG_FILES.sdl} <- @atlassian/forge-graphql-types (${summary})`);
  }
}

function parseFlags(argv: string[]): Pick<FetchOptions, 'force' | 'live'> {
  const known = new Set(['--force', '--live', '--if-missing']);
  for (const arg of argv) {
    if (!known.has(arg)) throw new Error(`unknown flag ${arg}; use --force, --live or --if-missing`);
  }
  return { force: argv.includes('--force'), live: argv.includes('--live') };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const flags = parseFlags(process.argv.slice(2));
    await fetchSchemas({
      ...flags,
      root: projectRoot,
      sharedDataDir: resolve(projectRoot, '..', 'shared', 'data'),
      log: (line) => console.log(line),
    });
  } catch (error) {
    console.error(`schema:fetch failed: ${(error as Error).message}`);
    process.exit(1);
  }
}
