/**
 * The production gateway as one bundle (`dist/`, git-ignored), built by `npm run build` and run by
 * `npm run serve` (scripts/serve-built.mjs). Why: under tsx, loading and transpiling ~1,900 modules
 * was half of the start-up (4 of 8.4 s of CPU); one bundle with the packages inside loads in ~0.5 s.
 * esbuild (already a dependency of tsx) does it in ~3 s.
 *
 * dist/build-info.json lists every project file that went into the bundle with its hash, and the
 * lockfile's, so the launcher can refuse a bundle older than the sources.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** The names scripts/serve-built.mjs reads: dist/build-info.json and dist/serve.mjs (the entry below). */
const DIST_DIR = 'dist';
const BUILD_INFO = 'build-info.json';

interface BuildInfo {
  builtAt: string;
  /** Project files (not node_modules) and package-lock.json, path relative to the root → sha256. */
  inputs: Record<string, string>;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export async function bundleGateway(root: string): Promise<{ ms: number; bytes: number; inputs: number }> {
  const started = performance.now();
  const finalDir = join(root, DIST_DIR);
  // Built beside dist/ and swapped in whole: a gateway started from the old bundle while this runs
  // (a test run rebuilding it) never meets a half-written one, and chunk names, which carry content
  // hashes, never pile up from one build to the next.
  const outdir = join(root, `${DIST_DIR}.next-${process.pid}`);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  let result: Awaited<ReturnType<typeof build<{ metafile: true }>>>;
  try {
    result = await build({
      absWorkingDir: root,
      entryPoints: { serve: 'scripts/serve.ts' },
      outdir,
      bundle: true,
      // Code only some starts need (GraphiQL's page, the sandbox, TypeScript behind a loader Mesh
      // never calls for .graphql files) stays in chunks loaded on first use.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node24',
      outExtension: { '.js': '.mjs' },
      // A native addon (the export CLI's database), never on the serve path.
      external: ['@duckdb/node-api'],
      // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
      banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
      metafile: true,
      logLevel: 'error',
      legalComments: 'none',
    });
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
  const inputs: Record<string, string> = {};
  for (const path of [...Object.keys(result.metafile.inputs), 'package-lock.json']) {
    if (path.includes('node_modules/') || path.startsWith('/')) continue;
    inputs[path] = sha256(join(root, path));
  }
  const info: BuildInfo = { builtAt: new Date().toISOString(), inputs };
  writeFileSync(join(outdir, BUILD_INFO), `${JSON.stringify(info, null, 1)}\n`);
  const previous = join(root, `${DIST_DIR}.old-${process.pid}`);
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(finalDir)) renameSync(finalDir, previous);
  renameSync(outdir, finalDir);
  rmSync(previous, { recursive: true, force: true });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { ms: performance.now() - started, bytes, inputs: Object.keys(inputs).length };
}
