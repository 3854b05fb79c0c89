import { badUserInput } from './errors.ts';
import { isObject, type RawObject } from './raw.ts';

/**
 * Opaque gateway cursors: base64url JSON tagged with the query they belong to, so a cursor
 * from one query passed to another is refused instead of silently mis-paging.
 */
export function encodeCursor(kind: string, position: RawObject): string {
  return Buffer.from(JSON.stringify({ k: kind, p: position }), 'utf8').toString('base64url');
}

export function decodeCursor(kind: string, cursor: string): RawObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput(`Invalid cursor for ${kind}: pass an endCursor or edge cursor returned by ${kind}`);
  }
  if (!isObject(parsed) || parsed.k !== kind || !isObject(parsed.p)) {
    throw badUserInput(`Invalid cursor for ${kind}: pass an endCursor or edge cursor returned by ${kind}`);
  }
  return parsed.p;
}

/** Cheap stable fingerprint of query arguments (FNV-1a), kept in cursors to detect reuse with other arguments. */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
