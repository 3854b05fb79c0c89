import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeFileAtomic } from './write-atomic.ts';

export const AGG_FILES = {
  /** The SDL the mesh builds from (rebuilt, or copied from a live introspection). */
  sdl: 'graphql/agg.graphql',
  report: 'graphql/agg.report.json',
  liveIntrospection: 'graphql/agg.introspection.json',
  liveSdl: 'graphql/agg.live.graphql',
} as const;

const require = createRequire(import.meta.url);

/** Rebuilds graphql/agg.graphql from the pinned @atlassian/forge-graphql-types; returns a one-line summary. */
export async function rebuildAggSdl(root: string): Promise<string> {
  // Loaded only when a rebuild is due: the converter pulls in the TypeScript compiler.
  const { convertForgeTypesToSdl } = await import('../agg-sdl/convert.ts');
  let sourcePath: string;
  try {
    sourcePath = join(require.resolve('@atlassian/forge-graphql-types/package.json'), '..', 'src', 'graphql-types.ts');
  } catch {
    throw new Error('@atlassian/forge-graphql-types is not installed; run npm ci (it is a pinned devDependency)');
  }
  const { sdl, report } = convertForgeTypesToSdl(readFileSync(sourcePath, 'utf8'));
  writeFileAtomic(join(root, AGG_FILES.sdl), sdl);
  writeFileAtomic(join(root, AGG_FILES.report), JSON.stringify(report, null, 2) + '\n');
  return summarize(report);
}

function summarize(report: unknown): string {
  const r = report as { counts?: { types?: number; fields?: number; queryFields?: number }; uncertainNames?: unknown[]; dropped?: unknown[] };
  const counts = r.counts ?? {};
  return (
    `${counts.types ?? '?'} types, ${counts.fields ?? '?'} fields, Query ${counts.queryFields ?? '?'} fields; ` +
    `${r.uncertainNames?.length ?? 0} uncertain names, ${r.dropped?.length ?? 0} dropped; details in ${AGG_FILES.report}`
  );
}
