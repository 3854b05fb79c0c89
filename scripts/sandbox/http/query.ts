import { jiraError } from './errors.ts';

/** Reads an optional integer query parameter, rejecting non-integers with a Jira-style 400. */
export function intParam(query: URLSearchParams, name: string, fallback: number, min = 0): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw jiraError(400, `The '${name}' parameter must be an integer; got '${raw}'.`);
  const value = Number(raw);
  if (value < min) throw jiraError(400, `The '${name}' parameter must be at least ${min}; got ${value}.`);
  return value;
}

/**
 * All values of a list parameter, whether sent repeated (`fields=a&fields=b`) or
 * comma-separated (`fields=a,b`); Jira accepts both and clients use both.
 */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw jiraError(400, `The '${name}' parameter must be 'true' or 'false'; got '${raw}'.`);
}

/** One page of a startAt/maxResults (offset) listing, in Jira's PageBean shape. */
export interface OffsetPage<T> {
  startAt: number;
  maxResults: number;
  total: number;
  isLast: boolean;
  values: T[];
}

export function offsetPage<T>(items: readonly T[], startAt: number, maxResults: number): OffsetPage<T> {
  const values = items.slice(startAt, startAt + maxResults);
  return { startAt, maxResults, total: items.length, isLast: startAt + values.length >= items.length, values };
}
