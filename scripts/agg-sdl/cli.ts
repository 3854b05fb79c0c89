/**
 * npx tsx scripts/agg-sdl/cli.ts [--source <graphql-types.ts>] [--out graphql/agg.graphql] [--report graphql/agg.report.json]
 *
 * Rebuilds AGG's SDL from @atlassian/forge-graphql-types and writes it and its report atomically.
 * Operation documents in a `graphQL/` folder beside the source, when present, supply real type names.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { convertForgeTypesToSdl } from './convert.ts';
import { typeNamesInDocuments } from './document-names.ts';

const DEFAULTS = {
  source: 'node_modules/@atlassian/forge-graphql-types/src/graphql-types.ts',
  out: 'graphql/agg.graphql',
  report: 'graphql/agg.report.json',
};

type Options = typeof DEFAULTS;

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const key = flag.replace(/^--/, '') as keyof Options;
    if (!flag.startsWith('--') || !(key in DEFAULTS)) {
      throw new UsageError(`unknown argument ${flag}; usage: cli.ts [--source <graphql-types.ts>] [--out <file.graphql>] [--report <file.json>]`);
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a path after it`);
    options[key] = value;
    i += 1;
  }
  return options;
}

/** Write to a temp file beside the target, then rename: readers never see half a file. */
function writeAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, content);
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}

function readOperationDocuments(sourcePath: string): string[] {
  const folder = join(dirname(sourcePath), 'graphQL');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(join(folder, name), 'utf8'));
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const sourcePath = resolve(options.source);
  if (!existsSync(sourcePath)) {
    throw new UsageError(`source file ${sourcePath} not found; install @atlassian/forge-graphql-types (npm ci) or pass --source <path to graphql-types.ts>`);
  }
  const sourceText = readFileSync(sourcePath, 'utf8');
  let documentNames: string[] = [];
  try {
    documentNames = typeNamesInDocuments(readOperationDocuments(sourcePath));
  } catch (error) {
    throw new UsageError(`operation documents beside ${sourcePath} do not parse (${(error as Error).message}); remove the graphQL/ folder or fix the file`);
  }
  const { sdl, report } = convertForgeTypesToSdl(sourceText, { documentNames });
  writeAtomically(resolve(options.out), sdl);
  writeAtomically(resolve(options.report), `${JSON.stringify(report, null, 2)}\n`);

  const { counts } = report;
  const kinds = Object.entries(counts.byKind)
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  console.log(`agg-sdl: wrote ${options.out} (${counts.types} types: ${kinds})`);
  console.log(
    `  fields ${counts.fields}, arguments ${counts.arguments}, input fields ${counts.inputFields}, enum values ${counts.enumValues}; ` +
      `Query ${counts.queryFields}, Mutation ${counts.mutationFields}, Subscription ${counts.subscriptionFields} fields`,
  );
  console.log(
    `  renamed ${report.renamed.length}, uncertain names ${report.uncertainNames.length}, adjusted ${report.adjusted.length}, dropped ${report.dropped.length}; ${report.durationMs} ms; report ${options.report}`,
  );
  for (const item of report.dropped) console.log(`  dropped ${item.path}: ${item.reason}`);
}

try {
  main();
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const hint =
    error instanceof UsageError
      ? ''
      : '; check that --source is graphql-codegen "typescript" output (e.g. @atlassian/forge-graphql-types src/graphql-types.ts)';
  console.error(`agg-sdl: ${error instanceof Error ? error.constructor.name : 'error'}: ${message.split('\n')[0]}${hint}`);
  process.exit(1);
}
