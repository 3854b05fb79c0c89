import { GraphQLError } from 'graphql';
import { PageWalkGuard } from './pagination.ts';
import { isObject, optionalNumber } from './raw.ts';

/** One page of a startAt/maxResults endpoint (Jira PageBean, agile board and sprint lists). */
export interface OffsetPage {
  values: unknown[];
  isLast: boolean | null;
  total: number | null;
}

export function parseOffsetPage(raw: unknown, upstream: string, what: string): OffsetPage {
  if (!isObject(raw) || !Array.isArray(raw.values)) {
    throw new GraphQLError(`${upstream} answered ${what} without a values list`, { extensions: { code: 'UPSTREAM_ERROR', upstream } });
  }
  return { values: raw.values, isLast: typeof raw.isLast === 'boolean' ? raw.isLast : null, total: optionalNumber(raw.total) };
}

export interface OffsetItem {
  raw: unknown;
  /** Offset of this item in the whole list; the cursor after it is offset + 1. */
  offset: number;
}

export interface OffsetWalkResult {
  items: OffsetItem[];
  hasNextPage: boolean;
  total: number | null;
}

/**
 * Collects `want` items from offset `start`, walking startAt pages of at most `pageMax`.
 * A page that does not advance (empty but not last) repeats its startAt and hits the guard.
 */
export async function collectFromOffset(options: {
  start: number;
  want: number;
  pageMax: number;
  upstream: string;
  what: string;
  fetchPage: (startAt: number, maxResults: number) => Promise<OffsetPage>;
}): Promise<OffsetWalkResult> {
  const guard = new PageWalkGuard(options.upstream, options.what);
  const items: OffsetItem[] = [];
  let startAt = options.start;
  let total: number | null = null;
  for (;;) {
    guard.visit(startAt);
    const maxResults = Math.min(options.pageMax, options.want - items.length);
    const page = await options.fetchPage(startAt, maxResults);
    total = page.total ?? total;
    const taken = page.values.slice(0, options.want - items.length);
    taken.forEach((raw, index) => items.push({ raw, offset: startAt + index }));
    const next = startAt + page.values.length;
    const upstreamHasMore =
      page.isLast !== null ? !page.isLast : page.total !== null ? next < page.total : page.values.length >= maxResults;
    if (items.length >= options.want) {
      return { items, hasNextPage: taken.length < page.values.length || upstreamHasMore, total };
    }
    if (!upstreamHasMore) return { items, hasNextPage: false, total };
    startAt = next;
  }
}
