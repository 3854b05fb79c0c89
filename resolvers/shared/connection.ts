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

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: NodeOrError<T>[];
  pageInfo: PageInfo;
  totalCount?: number | null | (() => Promise<number | null>);
}

export function buildConnection<T>(
  edges: Edge<T>[],
  hasNextPage: boolean,
  options: { hasPreviousPage?: boolean; totalCount?: Connection<T>['totalCount'] } = {},
): Connection<T> {
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
