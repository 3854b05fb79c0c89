/** Relay paging over in-memory lists for the AGG sandbox: cursors are base64 positions. */
import { GraphQLError } from 'graphql';

export function sandboxCursor(index: number): string {
  return Buffer.from(`sandbox:${index}`, 'utf8').toString('base64');
}

function startIndex(after: unknown): number {
  if (after == null) return 0;
  const text = Buffer.from(String(after), 'base64').toString('utf8');
  const match = /^sandbox:(\d+)$/.exec(text);
  if (!match) throw new GraphQLError(`Invalid cursor ${JSON.stringify(after)}`, { extensions: { classification: 'ValidationError' } });
  return Number(match[1]) + 1;
}

export function pageOf<T>(items: T[], args: { first?: unknown; after?: unknown }, defaultFirst = 50): {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
} {
  const start = startIndex(args.after);
  const first = typeof args.first === 'number' ? args.first : defaultFirst;
  if (first < 0) throw new GraphQLError('first must not be negative', { extensions: { classification: 'ValidationError' } });
  const slice = items.slice(start, start + first);
  const edges = slice.map((node, i) => ({ cursor: sandboxCursor(start + i), node }));
  return {
    edges,
    nodes: slice,
    pageInfo: {
      hasNextPage: start + slice.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: items.length,
  };
}
