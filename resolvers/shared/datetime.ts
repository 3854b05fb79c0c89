import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

// Offsets without a colon (+0000, Jira) or hour-only (+10) are not accepted by Date.parse everywhere.
const OFFSET_WITHOUT_COLON = /([+-])(\d{2})(\d{2})$/;
const HOUR_ONLY_OFFSET = /([+-])(\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

/** `YYYY-MM-DDTHH:MM:SS.sss` then `Z`, `+0000` or `+00:00`: already UTC with milliseconds. */
const UTC_MILLIS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}(?:Z|\+00:?00)$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The canonical form of a timestamp that is already UTC with milliseconds and a real calendar
 * instant, without Date.parse; undefined for anything else (the general path decides those, e.g.
 * Date.parse rolls 2026-02-30 over to March, and 24:00 to the next day).
 */
function canonicalUtcMillis(text: string): string | undefined {
  const match = UTC_MILLIS.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (daysInMonth === undefined || day < 1 || day > daysInMonth) return undefined;
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6]) > 59) return undefined;
  return text.length === 24 ? text : `${text.slice(0, 23)}Z`;
}

/**
 * Any upstream timestamp -> ISO 8601 UTC with milliseconds, or null when it is not one.
 * Accepts Jira's `2026-01-05T09:00:00.000+0000`, RFC 3339 with any offset, sr.ht's
 * nanosecond `2026-01-05T09:00:00.123456789Z`, date-only `2026-01-05` (Jira release dates,
 * read as UTC midnight), epoch milliseconds, and Date objects. A string without an offset
 * is read as UTC so the result never depends on the server's time zone.
 */
export function normalizeDateTime(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  if (typeof value !== 'string') return null;
  // Most timestamps (ours, AGG's, Jira's +0000) are already UTC with milliseconds: the mappers and
  // then the scalar's serialize see each one, so this path runs twice per timestamp.
  const canonical = canonicalUtcMillis(value);
  if (canonical !== undefined) return canonical;
  let text = value.trim();
  if (DATE_ONLY.test(text)) text += 'T00:00:00Z';
  if (!DATE_TIME.test(text)) return null;
  text = text.replace(' ', 'T');
  // Date.parse keeps milliseconds only; longer fractions are truncated first.
  text = text.replace(/(\.\d{3})\d+/, '$1');
  if (OFFSET_WITHOUT_COLON.test(text)) text = text.replace(OFFSET_WITHOUT_COLON, '$1$2:$3');
  else if (HOUR_ONLY_OFFSET.test(text) && /T\d{2}:\d{2}.*[+-]\d{2}$/.test(text)) text = text.replace(HOUR_ONLY_OFFSET, '$1$2:00');
  if (!/(Z|[+-]\d{2}:\d{2})$/i.test(text)) text += 'Z';
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

function toDateTime(value: unknown, where: string): string {
  const iso = normalizeDateTime(value);
  if (iso === null) {
    throw new GraphQLError(`DateTime ${where} expects an ISO 8601 date-time, got ${JSON.stringify(value)}`, {
      extensions: { code: where === 'output' ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT' },
    });
  }
  return iso;
}

/** The one canonical DateTime scalar: serialises and parses to ISO 8601 UTC strings. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: (value) => toDateTime(value, 'output'),
  parseValue: (value) => toDateTime(value, 'input'),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('DateTime input must be a string such as "2026-01-05T09:00:00Z"', {
        nodes: [ast],
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return toDateTime(ast.value, 'input');
  },
});
