/**
 * Walks AGG Relay connections (pageInfo {hasNextPage endCursor}) until a canonical page is full,
 * refusing an upstream that repeats a cursor. Gateway cursors wrap the AGG cursor of the last
 * item handed out, so `after` resumes exactly there.
 */
import { PageWalkGuard } from '../shared/pagination.ts';
import { arrayOf, isObject, optionalToken, type RawObject } from '../shared/raw.ts';
import { canonicalError } from '../shared/errors.ts';

export interface AggPageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface AggPage<Item> {
  items: Array<{ item: Item; cursor: string | null }>;
  pageInfo: AggPageInfo;
  totalCount?: number | null;
}

export interface WalkResult<Item> {
  items: Array<{ item: Item; cursor: string }>;
  hasNextPage: boolean;
  totalCount: number | null;
}

export function readPageInfo(value: unknown, what: string): AggPageInfo {
  if (!isObject(value) || typeof value.hasNextPage !== 'boolean') {
    throw canonicalError('UPSTREAM_ERROR', `AGG returned ${what} without pageInfo.hasNextPage`, { upstream: 'agg' });
  }
  return { hasNextPage: value.hasNextPage, endCursor: optionalToken(value.endCursor) };
}

/** Edges of an AGG connection with their cursors (nodes[] when the connection has no edges). */
export function readEdges(connection: RawObject): Array<{ node: unknown; cursor: string | null }> {
  if (Array.isArray(connection.edges)) {
    return connection.edges.map((edge) => (isObject(edge) ? { node: edge.node, cursor: optionalToken(edge.cursor) } : { node: null, cursor: null }));
  }
  return arrayOf(connection.nodes).map((node) => ({ node, cursor: null }));
}

/**
 * Fetches pages from `after` until `want` items arrived or the upstream has no more. Each page asks
 * only for what is still missing, so no item is skipped between canonical pages.
 */
export async function walkAggConnection<Item>(options: {
  what: string;
  want: number;
  after: string | null;
  pageMax: number;
  fetchPage: (first: number, after: string | null) => Promise<AggPage<Item>>;
}): Promise<WalkResult<Item>> {
  const guard = new PageWalkGuard('AGG', options.what);
  const items: WalkResult<Item>['items'] = [];
  let after = options.after;
  let totalCount: number | null = null;
  for (;;) {
    guard.visit(after);
    const remaining = options.want - items.length;
    const page = await options.fetchPage(Math.min(remaining, options.pageMax), after);
    totalCount ??= page.totalCount ?? null;
    const taken = page.items.slice(0, remaining);
    for (let i = 0; i < taken.length; i++) {
      const isLastOfPage = i === page.items.length - 1;
      // An edge without its own cursor can only be resumed from when it ends the page.
      const cursor = taken[i].cursor ?? (isLastOfPage ? page.pageInfo.endCursor : null);
      if (cursor === null) {
        throw canonicalError('UPSTREAM_ERROR', `AGG returned ${options.what} edges without cursors; cannot page through them`, { upstream: 'agg' });
      }
      items.push({ item: taken[i].item, cursor });
    }
    const trimmed = taken.length < page.items.length;
    if (items.length >= options.want) return { items, hasNextPage: trimmed || page.pageInfo.hasNextPage, totalCount };
    if (!page.pageInfo.hasNextPage) return { items, hasNextPage: false, totalCount };
    if (page.pageInfo.endCursor === null) {
      throw canonicalError('UPSTREAM_ERROR', `AGG said ${options.what} has a next page but gave no endCursor`, { upstream: 'agg' });
    }
    if (page.items.length === 0 && page.pageInfo.endCursor === after) {
      throw canonicalError('UPSTREAM_PAGINATION_LOOP', `AGG returned an empty page of ${options.what} pointing at the same cursor`, { upstream: 'agg' });
    }
    after = page.pageInfo.endCursor;
  }
}

/** Collects every item of a nested AGG connection (e.g. one project's teams) from its first page on. */
export async function collectRemaining<Item>(options: {
  what: string;
  first: Array<Item>;
  pageInfo: AggPageInfo;
  fetchPage: (after: string) => Promise<{ items: Item[]; pageInfo: AggPageInfo }>;
}): Promise<Item[]> {
  const guard = new PageWalkGuard('AGG', options.what);
  const all = [...options.first];
  let pageInfo = options.pageInfo;
  guard.visit(null);
  while (pageInfo.hasNextPage) {
    if (pageInfo.endCursor === null) {
      throw canonicalError('UPSTREAM_ERROR', `AGG said ${options.what} has a next page but gave no endCursor`, { upstream: 'agg' });
    }
    guard.visit(pageInfo.endCursor);
    const page = await options.fetchPage(pageInfo.endCursor);
    all.push(...page.items);
    pageInfo = page.pageInfo;
  }
  return all;
}
