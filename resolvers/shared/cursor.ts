import type { GraphQLError } from 'graphql';
import { badUserInput } from './errors.ts';
import { isObject, type RawObject } from './raw.ts';

/**
 * Opaque gateway cursors: base64url JSON tagged with the query they belong to and a fingerprint
 * of the arguments they were issued for, so a cursor passed to another query, or to the same
 * query with other arguments, is refused instead of silently mis-paging.
 */
export function encodeCursor(kind: string, args: unknown, position: RawObject): string {
  return Buffer.from(JSON.stringify({ k: kind, a: fingerprint(args), p: position }), 'utf8').toString('base64url');
}

/** The position inside a cursor issued by `kind` for these same `args` (as given to encodeCursor). */
export function decodeCursor(kind: string, cursor: string, args: unknown): RawObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(kind);
  }
  if (!isObject(parsed) || parsed.k !== kind || !isObject(parsed.p)) throw invalidCursor(kind);
  if (parsed.a !== fingerprint(args)) {
    throw badUserInput(`This ${kind} cursor was issued for other arguments; pass the same arguments as the query that returned it`);
  }
  return parsed.p;
}

/** A cursor whose position does not make sense (damaged or hand-made). */
export function invalidCursor(kind: string): GraphQLError {
  return badUserInput(`Invalid cursor for ${kind}: pass an endCursor or edge cursor returned by ${kind}`);
}

/** Cheap stable fingerprint of query arguments (FNV-1a), kept in cursors to detect reuse with other arguments. */
function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/** A gateway cursor wrapping an upstream connection's own cursor. */
export function encodeUpstreamCursor(kind: string, args: unknown, upstreamCursor: string): string {
  return encodeCursor(kind, args, { c: upstreamCursor });
}

/** The upstream cursor to continue after, or null on the first page. */
export function upstreamCursorAfter(kind: string, after: string | null | undefined, args: unknown): string | null {
  if (!after) return null;
  const position = decodeCursor(kind, after, args);
  if (typeof position.c !== 'string') throw invalidCursor(kind);
  return position.c;
}
