/** AGG connection walking: page filling, trimming, and the repeated-cursor guard. */
import { describe, expect, it } from 'vitest';
import { walkAggConnection, type AggPage } from '../../resolvers/agg/pagination.ts';

function pages(items: string[], pageCursorLoop = false) {
  const calls: Array<{ first: number; after: string | null }> = [];
  const fetchPage = async (first: number, after: string | null): Promise<AggPage<string>> => {
    calls.push({ first, after });
    const start = after === null ? 0 : Number(after) + 1;
    const slice = items.slice(start, start + first);
    const end = start + slice.length - 1;
    return {
      items: slice.map((item, i) => ({ item, cursor: String(start + i) })),
      pageInfo: { hasNextPage: pageCursorLoop || end < items.length - 1, endCursor: pageCursorLoop ? '0' : String(end) },
    };
  };
  return { calls, fetchPage };
}

describe('walkAggConnection', () => {
  const items = Array.from({ length: 12 }, (_, i) => `item-${i}`);

  it('fills a canonical page from several AGG pages, asking only for what is missing', async () => {
    const { calls, fetchPage } = pages(items);
    const result = await walkAggConnection({ what: 'things', want: 10, after: null, pageMax: 4, fetchPage });
    expect(result.items.map((i) => i.item)).toEqual(items.slice(0, 10));
    expect(result.hasNextPage).toBe(true);
    expect(calls).toEqual([{ first: 4, after: null }, { first: 4, after: '3' }, { first: 2, after: '7' }]);
    const rest = await walkAggConnection({ what: 'things', want: 10, after: result.items[9].cursor, pageMax: 4, fetchPage });
    expect(rest.items.map((i) => i.item)).toEqual(items.slice(10));
    expect(rest.hasNextPage).toBe(false);
  });

  it('stops with UPSTREAM_PAGINATION_LOOP when AGG repeats a cursor', async () => {
    const { fetchPage } = pages(items, true);
    await expect(walkAggConnection({ what: 'things', want: 100, after: null, pageMax: 1, fetchPage })).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_PAGINATION_LOOP' },
    });
  });

  it('trims an AGG page larger than asked and reports more', async () => {
    const fetchPage = async (): Promise<AggPage<string>> => ({ items: items.map((item, i) => ({ item, cursor: `c${i}` })), pageInfo: { hasNextPage: false, endCursor: 'c11' } });
    const result = await walkAggConnection({ what: 'things', want: 3, after: null, pageMax: 50, fetchPage });
    expect(result.items.map((i) => i.cursor)).toEqual(['c0', 'c1', 'c2']);
    expect(result.hasNextPage).toBe(true);
  });
});
