/**
 * A small `.env` reader: `KEY=value` lines, optional `export ` prefix, `#` comments, single quotes
 * (literal), double quotes (\n, \t, \\ and \" escapes, may span lines) and ` #` comments after
 * unquoted values. Variables already present in the environment win, as the seed client does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from './types.ts';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseDotEnv(text: string, source = '.env'): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index].trim();
    if (line === '' || line.startsWith('#')) continue;
    const assignment = line.startsWith('export ') ? line.slice('export '.length).trimStart() : line;
    const equals = assignment.indexOf('=');
    const key = equals === -1 ? '' : assignment.slice(0, equals).trim();
    if (!KEY.test(key)) {
      // The line is not repeated: it could be a secret pasted without a name.
      throw new ConfigError(`${source} line ${lineNumber}: expected NAME=value.`);
    }
    let rest = assignment.slice(equals + 1).trimStart();
    let value: string;
    if (rest.startsWith("'") || rest.startsWith('"')) {
      const quote = rest[0];
      // A double-quoted value may continue on the next lines until its closing quote.
      let closing = findClosingQuote(rest, quote);
      while (closing === -1 && quote === '"' && index + 1 < lines.length) {
        index++;
        rest += `\n${lines[index]}`;
        closing = findClosingQuote(rest, quote);
      }
      if (closing === -1) throw new ConfigError(`${source} line ${lineNumber}: ${key} has an unterminated ${quote} quote.`);
      const trailing = rest.slice(closing + 1).trim();
      if (trailing !== '' && !trailing.startsWith('#')) {
        throw new ConfigError(`${source} line ${lineNumber}: unexpected text after the closing quote of ${key}.`);
      }
      const inner = rest.slice(1, closing);
      value = quote === '"' ? unescapeDoubleQuoted(inner) : inner;
    } else {
      const comment = rest.search(/\s#/);
      value = (comment === -1 ? rest : rest.slice(0, comment)).trim();
    }
    result[key] = value;
  }
  return result;
}

function findClosingQuote(text: string, quote: string): number {
  for (let position = 1; position < text.length; position++) {
    if (quote === '"' && text[position] === '\\') {
      position++;
      continue;
    }
    if (text[position] === quote) return position;
  }
  return -1;
}

function unescapeDoubleQuoted(value: string): string {
  return value.replace(/\\([nrt"\\])/g, (_, escaped: string) =>
    escaped === 'n' ? '\n' : escaped === 'r' ? '\r' : escaped === 't' ? '\t' : escaped,
  );
}

/**
 * Reads `path` (when it exists) into `env` without overriding variables that are already set.
 * Returns the names it set.
 */
export function loadDotEnv(path: string, env: Record<string, string | undefined>): string[] {
  if (!existsSync(path)) return [];
  const parsed = parseDotEnv(readFileSync(path, 'utf8'), path);
  const applied: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] !== undefined) continue;
    env[key] = value;
    applied.push(key);
  }
  return applied;
}
