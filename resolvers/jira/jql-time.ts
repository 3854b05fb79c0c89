/**
 * Instants as JQL date literals. JQL has no zone syntax: Jira reads `"2026-01-04 10:00"` as wall-clock
 * time in the time zone of the account running the search (the user profile's zone), with minute
 * precision. A lower bound written in UTC would, for an account east of UTC, start hours too late
 * and lose every change in between, so literals are written in the account's zone and rounded down.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The westernmost zone offset in use (UTC-12): a literal this far behind is early enough anywhere. */
const MAX_WEST_OFFSET = 12 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      });
    } catch {
      return null;
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock time of `instant` in `timeZone`, as epoch ms of that wall time read as UTC (minute precision). */
function wallMillis(formatter: Intl.DateTimeFormat, instant: number): number {
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
}

function literal(wall: number): string {
  return new Date(wall).toISOString().slice(0, 16).replace('T', ' ');
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  return formatterFor(timeZone) !== null;
}

/**
 * A `yyyy-MM-dd HH:mm` literal that Jira, reading it in `timeZone`, takes as an instant at or before
 * `instant`: rounded down to the minute, and an hour earlier when a daylight-saving change makes the
 * wall time ambiguous. Unknown zone (null, or one the runtime does not know): the UTC wall time 12
 * hours earlier, at or before `instant` in every zone (more overlap, never a gap).
 */
export function jqlDateLiteral(instant: number, timeZone: string | null): string {
  const formatter = timeZone === null ? null : formatterFor(timeZone);
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
