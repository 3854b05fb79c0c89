/**
 * `npm run schema:check`: diffs the freshly built unified schema against the committed snapshot
 * with graphql-inspector and fails on breaking changes, listing them.
 * `npm run schema:update` (`--update`) rewrites the snapshot.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema } from 'graphql';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildUnifiedSchema, printSortedSchema, SNAPSHOT_PATH } from './unified.ts';
import { writeFileAtomic } from './write-atomic.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CheckOutcome {
  breaking: Change[];
  dangerous: Change[];
  safe: Change[];
}

export async function compareSchemas(snapshotSdl: string, currentSdl: string): Promise<CheckOutcome> {
  const changes = await diff(buildSchema(snapshotSdl, { assumeValidSDL: true }), buildSchema(currentSdl, { assumeValidSDL: true }));
  return {
    breaking: changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking),
    dangerous: changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous),
    safe: changes.filter((c) => c.criticality.level === CriticalityLevel.NonBreaking),
  };
}

async function main(update: boolean): Promise<number> {
  const started = performance.now();
  const { schema, destroy } = await buildUnifiedSchema(root);
  const current = printSortedSchema(schema);
  destroy();
  const snapshotFile = join(root, SNAPSHOT_PATH);
  if (update) {
    writeFileAtomic(snapshotFile, current);
    console.log(`schema:update wrote ${SNAPSHOT_PATH} (${(current.length / 1e6).toFixed(1)} MB)`);
    return 0;
  }
  if (!existsSync(snapshotFile)) {
    console.error(`schema:check: ${SNAPSHOT_PATH} is missing; run npm run schema:update and commit it`);
    return 1;
  }
  const snapshot = readFileSync(snapshotFile, 'utf8');
  if (snapshot === current) {
    console.log(`schema:check: schema matches ${SNAPSHOT_PATH} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  }
  const outcome = await compareSchemas(snapshot, current);
  const show = (label: string, changes: Change[]) => {
    if (changes.length === 0) return;
    console.log(`${label} (${changes.length}):`);
    for (const change of changes.slice(0, 200)) console.log(`  - ${change.path ?? ''}: ${change.message}`);
    if (changes.length > 200) console.log(`  ... and ${changes.length - 200} more`);
  };
  show('BREAKING changes', outcome.breaking);
  show('Dangerous changes', outcome.dangerous);
  show('Non-breaking changes', outcome.safe);
  if (outcome.breaking.length > 0) {
    console.error(`schema:check failed: ${outcome.breaking.length} breaking change(s) against ${SNAPSHOT_PATH}. If intended, run npm run schema:update and commit the snapshot.`);
    return 1;
  }
  console.log(`schema:check passed with no breaking changes; the snapshot is out of date: run npm run schema:update to record the changes above.`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--update');
  if (unknown.length) {
    console.error(`schema:check: unknown flag ${unknown[0]}; the only flag is --update`);
    process.exit(2);
  }
  try {
    process.exit(await main(args.includes('--update')));
  } catch (error) {
    console.error(`schema:check failed to build the schema: ${(error as Error).message}`);
    process.exit(1);
  }
}
