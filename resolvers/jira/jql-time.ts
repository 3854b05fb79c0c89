/**
 * Instants as JQL date literals. JQL has no zone syntax: Jira reads `"2026-01-04 10:00"` as wall-clock
 * time in the time zone of the account running the search (the user profile's zone), with minute
 * precision. A lower bound written in UTC would, for an account east of UTC, start hours too late
 * and lose every change in between, so literals are written in the account's zone and rounded down.
 */
import { wallTime, zoneFormatter } from '../shared/time-zone.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The westernmost zone offset in use (UTC-12): a literal this far behind is early enough anywhere. */
const MAX_WEST_OFFSET = 12 * HOUR;

/** Wall-clock time of `instant` in the formatter's zone, to the minute (JQL has no seconds). */
function wallMillis(formatter: Intl.DateTimeFormat, instant: number): number {
  return Math.floor(wallTime(formatter, instant) / MINUTE) * MINUTE;
}

function literal(wall: number): string {
  return new Date(wall).toISOString().slice(0, 16).replace('T', ' ');
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  return zoneFormatter(timeZone) !== null;
}

/**
 * A `yyyy-MM-dd HH:mm` literal that Jira, reading it in `timeZone`, takes as an instant at or before
 * `instant`: rounded down to the minute, and an hour earlier when a daylight-saving change makes the
 * wall time ambiguous. Unknown zone (null, or one the runtime does not know): the UTC wall time 12
 * hours earlier, at or before `instant` in every zone (more overlap, never a gap).
 */
export function jqlDateLiteral(instant: number, timeZone: string | null): string {
  const formatter = timeZone === null ? null : zoneFormatter(timeZone);
  const start = Math.floor(instant / MINUTE) * MINUTE;
  if (formatter === null) return literal(start - MAX_WEST_OFFSET);
  for (let candidate = start; candidate > start - 4 * HOUR; candidate -= HOUR) {
    const wall = wallMillis(formatter, candidate);
    // Readings of this wall time: with the zone's offset just before, at, or just after it.
    const offsets = [candidate - 3 * HOUR, candidate, candidate + 3 * HOUR].map((at) => wallMillis(formatter, at) - Math.floor(at / MINUTE) * MINUTE);
    if (offsets.every((offset) => wall - offset <= instant)) return literal(wall);
  }
  return literal(start - MAX_WEST_OFFSET);
}
