/** Relay-style connection values as the canonical SDL defines them. */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A node or the Error that replaces it (graphql-js reports the Error at that node's path). */
export type NodeOrError<T> = T | Error;

export interface Edge<T> {
  cursor: string;
  node: NodeOrError<T>;
}

/**
 * A connection's totalCount: a number, or a function graphql-js's default resolver calls only
 * when the field is selected (a count that costs an upstream request).
 */
export type TotalCount = number | null | (() => Promise<number | null>);

export interface Connection<T, Count extends TotalCount = number | null> {
  edges: Edge<T>[];
  nodes: NodeOrError<T>[];
  pageInfo: PageInfo;
  totalCount?: Count;
}

export function buildConnection<T, Count extends TotalCount = number | null>(
  edges: Edge<T>[],
  hasNextPage: boolean,
  options: { hasPreviousPage?: boolean; totalCount?: Count } = {},
): Connection<T, Count | null> {
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage: options.hasPreviousPage ?? false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: options.totalCount ?? null,
  };
}
