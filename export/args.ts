/** `npm run export` arguments: parsed strictly, every mistake one line (exit 2). */
import type { Tracker } from './run.ts';

export type OutputFormat = 'duckdb' | 'parquet' | 'ndjson';

export interface CliArguments {
  jql?: string;
  sourcehut: Tracker[];
  since?: string;
  db?: string;
  format: OutputFormat;
  out?: string;
  cloudId?: string;
  verbose: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: npm run export -- [--jql "project = DEV"] [--sourcehut ~owner/tracker]... [--since 2026-01-01T00:00:00Z]
                         [--db developer-health.duckdb] [--format duckdb|parquet|ndjson] [--out DIR] [--cloud-id ID] [--verbose]
Writes canonical records (Jira issues, changelog events, worklogs, sprints, todo.sr.ht tickets) into DuckDB,
or with --format parquet|ndjson --out DIR into one file per table. Re-runs continue from stored sync cursors;
--since overrides them. In sandbox mode (no credentials) with neither --jql nor --sourcehut, the whole sandbox.`;

const VALUE_FLAGS = new Set(['--jql', '--sourcehut', '--since', '--db', '--format', '--out', '--cloud-id']);
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function parseArguments(argv: string[]): CliArguments {
  const parsed: CliArguments = { sourcehut: [], format: 'duckdb', verbose: false, help: false };
  let formatGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    if (flag === '--verbose' || flag === '--help' || flag === '-h') {
      if (eq > 0) throw new UsageError(`${flag} takes no value`);
      if (flag === '--verbose') parsed.verbose = true;
      else parsed.help = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw new UsageError(raw.startsWith('-') ? `unknown option ${flag} (see --help)` : `unexpected argument "${raw}" (options take the form --name value; see --help)`);
    let value: string | undefined;
    if (eq > 0) value = raw.slice(eq + 1);
    else {
      value = argv[i + 1];
      i += 1;
    }
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
    switch (flag) {
      case '--jql':
        parsed.jql = value;
        break;
      case '--sourcehut':
        parsed.sourcehut.push(parseTracker(value));
        break;
      case '--since':
        parsed.since = parseSince(value);
        break;
      case '--db':
        parsed.db = value;
        break;
      case '--format':
        if (value !== 'duckdb' && value !== 'parquet' && value !== 'ndjson') throw new UsageError(`--format must be duckdb, parquet or ndjson, not "${value}"`);
        parsed.format = value;
        formatGiven = true;
        break;
      case '--out':
        parsed.out = value;
        break;
      case '--cloud-id':
        parsed.cloudId = value;
        break;
    }
  }
  if (parsed.format !== 'duckdb' && parsed.out === undefined) throw new UsageError(`--format ${parsed.format} writes files: pass --out DIR`);
  if (parsed.out !== undefined && parsed.format === 'duckdb') {
    throw new UsageError(formatGiven ? '--out is for --format parquet or ndjson; --format duckdb writes --db' : '--out needs --format parquet or ndjson');
  }
  return parsed;
}

function parseTracker(value: string): Tracker {
  const match = /^~?([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(value);
  if (match === null) throw new UsageError(`--sourcehut takes ~owner/tracker, not "${value}"`);
  return { owner: `~${match[1]}`, tracker: match[2] };
}

function parseSince(value: string): string {
  const ms = ISO_DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--since must be an ISO 8601 date-time with a zone, e.g. 2026-01-01T00:00:00Z, not "${value}"`);
  return new Date(ms).toISOString();
}
