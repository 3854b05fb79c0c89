/**
 * Caller values that become part of an upstream URL path (`/rest/api/3/issue/{issueIdOrKey}`) are
 * exactly one path segment. Encoding alone is not enough: `..` survives encodeURIComponent and a
 * URL parser resolves it (`/issue/..` is `/rest/api/3/`), and an upstream that decodes `%2F`
 * before routing turns `..%2F..%2Fwiki` back into a walk out of the API. So a value that is empty,
 * a dot segment, or holds a path separator is refused, naming the argument; anything else is
 * percent-encoded.
 */
import { GraphQLError } from 'graphql';

export class PathParameterError extends GraphQLError {
  constructor(argument: string, field: string | undefined, reason: string) {
    const where = field === undefined ? argument : `${field}(${argument}:)`;
    super(`${where} must be a single path segment: ${reason}.`, {
      extensions: { code: 'BAD_USER_INPUT', argument, ...(field !== undefined ? { field } : {}) },
    });
  }
}

/** The percent-encoded segment for `value`, or PathParameterError (BAD_USER_INPUT) naming `argument`. */
export function encodePathSegment(value: unknown, argument: string, field?: string): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') {
    throw new PathParameterError(argument, field, value === null || value === undefined ? 'it is missing' : 'it is not a scalar value');
  }
  const text = String(value);
  if (text === '') throw new PathParameterError(argument, field, 'it is empty');
  if (text === '.' || text === '..') throw new PathParameterError(argument, field, `"${text}" would move along the path`);
  if (/[/\\]/.test(text)) throw new PathParameterError(argument, field, 'it contains a path separator ("/" or "\\")');
  return encodeURIComponent(text);
}
