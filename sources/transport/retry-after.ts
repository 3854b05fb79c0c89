/**
 * When may a rate-limited request be retried? AGG sends `Retry-After` as an RFC 3339 timestamp
 * (even minute precision, `2021-05-10T11:00Z`); Jira REST sends delta seconds (`Retry-After: 5`)
 * plus an `X-RateLimit-Reset` timestamp; RFC 9110 also allows an HTTP-date. A bare integer in
 * Retry-After is always seconds, never a year.
 */

export type TimestampFormat = 'iso8601' | 'http-date';
/** Which parser produced the reset time (logged at debug level). */
export type RetryAtParser = TimestampFormat | 'seconds' | 'x-ratelimit-reset';

export type RetryAtResult =
  | {
      ok: true;
      retryAtMs: number;
      parser: RetryAtParser;
      /** The underlying format when the parser is x-ratelimit-reset. */
      format: TimestampFormat | 'seconds' | 'epoch-seconds' | 'epoch-milliseconds';
      header: 'Retry-After' | 'X-RateLimit-Reset';
      raw: string;
    }
  | { ok: false; header: 'Retry-After' | 'X-RateLimit-Reset' | null; raw: string | null };

interface HeaderSource {
  get(name: string): string | null;
}

/** The last instant a Date can hold (ECMAScript: 8.64e15 ms after the epoch). */
const MAX_DATE_MS = 8.64e15;

/**
 * A reset time beyond what a Date can hold (`Retry-After: 99999999999999999999`) is "never", not
 * an error: clamped to the last representable instant, it is simply a wait over every cap.
 */
export function parseRetryAt(headers: HeaderSource, nowMs: number): RetryAtResult {
  const result = readRetryAt(headers, nowMs);
  return result.ok && !(Math.abs(result.retryAtMs) <= MAX_DATE_MS) ? { ...result, retryAtMs: result.retryAtMs < 0 ? -MAX_DATE_MS : MAX_DATE_MS } : result;
}

function readRetryAt(headers: HeaderSource, nowMs: number): RetryAtResult {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const raw = retryAfter.trim();
    if (/^\d+$/.test(raw)) {
      return { ok: true, retryAtMs: nowMs + Number(raw) * 1000, parser: 'seconds', format: 'seconds', header: 'Retry-After', raw };
    }
    const timestamp = parseTimestamp(raw);
    if (timestamp === undefined) return { ok: false, header: 'Retry-After', raw };
    return { ok: true, retryAtMs: timestamp.ms, parser: timestamp.format, format: timestamp.format, header: 'Retry-After', raw };
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null) {
    const raw = reset.trim();
    if (/^\d+$/.test(raw)) {
      // Some services send a Unix time; tiny values can only be a delay in seconds.
      const value = Number(raw);
      if (value >= 1e12) return { ok: true, retryAtMs: value, parser: 'x-ratelimit-reset', format: 'epoch-milliseconds', header: 'X-RateLimit-Reset', raw };
      if (value >= 1e9) return { ok: true, retryAtMs: value * 1000, parser: 'x-ratelimit-reset', format: 'epoch-seconds', header: 'X-RateLimit-Reset', raw };
      return { ok: true, retryAtMs: nowMs + value * 1000, parser: 'x-ratelimit-reset', format: 'seconds', header: 'X-RateLimit-Reset', raw };
    }
    const timestamp = parseTimestamp(raw);
    if (timestamp === undefined) return { ok: false, header: 'X-RateLimit-Reset', raw };
    return { ok: true, retryAtMs: timestamp.ms, parser: 'x-ratelimit-reset', format: timestamp.format, header: 'X-RateLimit-Reset', raw };
  }
  return { ok: false, header: null, raw: null };
}

/** RFC 3339 / ISO 8601 date-time or HTTP-date (IMF-fixdate, RFC 850, asctime). */
export function parseTimestamp(value: string): { ms: number; format: TimestampFormat } | undefined {
  const iso = parseIso8601(value);
  if (iso !== undefined) return { ms: iso, format: 'iso8601' };
  const httpDate = parseHttpDate(value);
  if (httpDate !== undefined) return { ms: httpDate, format: 'http-date' };
  return undefined;
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** Without a zone the time is taken as UTC, the only zone HTTP uses. */
export function parseIso8601(value: string): number | undefined {
  const match = ISO_8601.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = match;
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = utc(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), milliseconds);
  if (local === undefined) return undefined;
  if (zone === 'Z' || zone === 'z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  return local - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
const LONG_DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{1,2}) ${MONTH} (\\d{4}) ${TIME} (?:GMT|UTC)$`, 'i');
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
// Sun Nov  6 08:49:37 1994
const ASCTIME = new RegExp(`^${DAY} ${MONTH} +(\\d{1,2}) ${TIME} (\\d{4})$`, 'i');

export function parseHttpDate(value: string): number | undefined {
  let match = IMF_FIXDATE.exec(value);
  if (match !== null) {
    const [, day, month, year, hour, minute, second] = match;
    return utc(Number(year), monthNumber(month), Number(day), Number(hour), Number(minute), Number(second), 0);
  }
  match = RFC_850.exec(value);
  if (match !== null) {
    const [, day, month, shortYear, hour, minute, second] = match;
    // RFC 9110: a two-digit year more than 50 years ahead means the previous century.
    let year = 2000 + Number(shortYear);
    if (year > new Date().getUTCFullYear() + 50) year -= 100;
    return utc(year, monthNumber(month), Number(day), Number(hour), Number(minute), Number(second), 0);
  }
  match = ASCTIME.exec(value);
  if (match !== null) {
    const [, month, day, hour, minute, second, year] = match;
    return utc(Number(year), monthNumber(month), Number(day), Number(hour), Number(minute), Number(second), 0);
  }
  return undefined;
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.toLowerCase()) + 1;
}

/** Date.UTC that rejects out-of-range fields instead of rolling them over (Feb 30 -> Mar 2). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  // A leap second (:60) is read as the first instant of the next minute.
  const time = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms) + (second === 60 ? 1000 : 0);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return time;
}
