/** sourcehut-style opaque cursors: `{ results, cursor }`, cursor null on the last page. */
import { GraphQLError } from 'graphql';

/** sourcehut answers 25 items per page. */
export const SRHT_PAGE_SIZE = 25;

export interface CursorPage<T> {
  results: T[];
  cursor: string | null;
}

function encode(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString('base64url');
}

function decode(scope: string, cursor: string | null | undefined): number {
  if (cursor === null || cursor === undefined) return 0;
  let parsed: { s?: unknown; o?: unknown } | undefined;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; o?: unknown };
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.s !== scope || typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0) {
    throw new GraphQLError(`Invalid cursor for ${scope}`);
  }
  return parsed.o;
}

/** One page of `items` after `cursor`; `scope` ties a cursor to the list it came from. */
export function cursorPage<T>(items: readonly T[], cursor: string | null | undefined, scope: string): CursorPage<T> {
  const offset = decode(scope, cursor);
  const results = items.slice(offset, offset + SRHT_PAGE_SIZE);
  const next = offset + results.length;
  return { results, cursor: next < items.length ? encode(scope, next) : null };
}
