import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A date-time whose date part is read as written: `2024-01-15T00:00:00.000Z`, `2024-01-15 00:00`. */
const DATE_TIME_PREFIX = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}/;

function isRealDate(text: string): boolean {
  const match = CALENDAR_DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * An upstream calendar date -> `YYYY-MM-DD`, or null when it is not one. Jira sends release dates
 * as `2024-01-15`; some answers (agile board versions) send that day's midnight as a date-time, whose
 * date part is taken as written: converting it to another zone would move the day.
 */
export function normalizeCalendarDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const date = CALENDAR_DATE.test(text) ? text : (DATE_TIME_PREFIX.exec(text)?.[1] ?? null);
  return date !== null && isRealDate(date) ? date : null;
}

function toDate(value: unknown, where: 'input' | 'output'): string {
  const date = typeof value === 'string' && isRealDate(value.trim()) ? value.trim() : where === 'output' ? normalizeCalendarDate(value) : null;
  if (date === null) {
    throw new GraphQLError(`Date ${where} expects a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`, {
      extensions: { code: where === 'output' ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT' },
    });
  }
  return date;
}

/** The canonical Date scalar: a calendar day as `YYYY-MM-DD`, the same day in every time zone. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: (value) => toDate(value, 'output'),
  parseValue: (value) => toDate(value, 'input'),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Date input must be a string such as "2024-01-15"', { nodes: [ast], extensions: { code: 'BAD_USER_INPUT' } });
    }
    return toDate(ast.value, 'input');
  },
});
