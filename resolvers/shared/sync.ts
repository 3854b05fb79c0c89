/**
 * Incremental sync: a query that takes `updatedSince` (or the `syncCursor` a previous walk
 * returned) and hands back, with its last page, a new sync cursor for next time.
 *
 * Guarantees (each query's SDL description repeats them for its source):
 * - No gap: every change at or after the previous walk's newest change minus SYNC_OVERLAP_MS is
 *   returned by the next walk. The overlap covers upstream search indexes that show a change a
 *   little late and changes made while the walk was running.
 * - Possible overlap: items changed in that window come again; a loader upserts by id.
 * - A walk that finds nothing keeps the old lower bound.
 */
import { badUserInput } from './errors.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';
import type { RawObject } from './raw.ts';

/** Re-read window before the newest change a walk saw. */
export const SYNC_OVERLAP_MS = 5 * 60_000;

const syncKind = (kind: string) => `${kind}.sync`;

/** A sync cursor: opaque, bound to the arguments that select what is synced (not to page size or cursors). */
export function encodeSyncCursor(kind: string, args: unknown, position: RawObject): string {
  return encodeCursor(syncKind(kind), args, position);
}

/** The position inside a sync cursor issued by `kind` for the same arguments. */
export function decodeSyncCursor(kind: string, cursor: string, args: unknown): RawObject {
  return decodeCursor(syncKind(kind), cursor, args);
}

/** A non-negative epoch-millisecond value out of a decoded cursor, or an invalid-cursor error. */
export function cursorMillis(kind: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalidCursor(kind);
  return value;
}

/**
 * The lower bound (epoch ms) a walk starts from: `updatedSince`, or the one a sync cursor carries
 * under `field`; null when neither is given. Both at once is refused: which one wins would be a guess.
 */
export function resolveSince(
  kind: string,
  args: { updatedSince?: string | null; syncCursor?: string | null },
  cursorArgs: unknown,
  sinceArgument = 'updatedSince',
): number | null {
  if (args.updatedSince != null && args.syncCursor != null) {
    throw badUserInput(`Pass ${sinceArgument} or syncCursor to ${kind}, not both: the sync cursor already carries the time to continue from`);
  }
  if (args.syncCursor != null) return cursorMillis(kind, decodeSyncCursor(kind, args.syncCursor, cursorArgs).s);
  if (args.updatedSince != null) {
    // The DateTime scalar already parsed it to ISO UTC; this only guards direct calls.
    const millis = Date.parse(args.updatedSince);
    if (Number.isNaN(millis)) throw badUserInput(`${sinceArgument} must be an ISO 8601 date-time, got ${JSON.stringify(args.updatedSince)}`);
    return Math.max(0, millis);
  }
  return null;
}

/** The next walk's lower bound: the newest change seen minus the overlap, never earlier than this walk's. */
export function nextSince(previous: number | null, newestSeen: number | null): number {
  const floor = previous ?? 0;
  return newestSeen === null ? floor : Math.max(floor, newestSeen - SYNC_OVERLAP_MS);
}

/** Newest of two optional epoch-ms values (unreadable times, +Infinity, do not count). */
export function newest(a: number | null, b: number | null | undefined): number | null {
  const valid = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);
  if (!valid(b)) return a;
  return valid(a) ? Math.max(a, b) : b;
}
