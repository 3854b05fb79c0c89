/** Small yoga servers and request helpers shared by the plugin tests. */
import { createSchema, createYoga, type Plugin, type YogaServerOptions } from 'graphql-yoga';
import { getCaller } from '../../../server/auth/caller.ts';
import type { GatewayContext } from '../../../sources/context.ts';

export const testTypeDefs = /* GraphQL */ `
  type Query {
    whoami: String
    hello: String
    issues(first: Int, after: String): IssueConnection!
    search(maxResults: Int = 50): SearchResult!
    projects: [Project!]!
    node(id: ID!): Issue
  }
  type Mutation {
    touch: Boolean
  }
  type SearchResult {
    total: Int
    issues: [Issue!]!
  }
  type IssueConnection {
    nodes: [Issue]!
    edges: [IssueEdge]!
    totalCount: Int
  }
  type IssueEdge {
    cursor: String!
    node: Issue
  }
  type Issue {
    key: String!
    summary: String
    labels: [String!]!
    changelog(limit: Int): [Change!]!
    comments(first: Int): CommentConnection!
    project: Project
  }
  type CommentConnection {
    nodes: [Comment]!
  }
  type Comment {
    body: String
    author: String
  }
  type Change {
    field: String
    from: String
    to: String
  }
  type Project {
    key: String!
    components: [Component!]!
    lead: String
  }
  type Component {
    name: String
  }
`;

const emptyIssue = { key: 'DEV-1', summary: 's', labels: [], changelog: [], comments: { nodes: [] }, project: null };

export const testResolvers = {
  Query: {
    whoami: (_root: unknown, _args: unknown, context: GatewayContext) => getCaller(context)?.id ?? 'anonymous',
    hello: () => 'world',
    issues: () => ({ nodes: [emptyIssue], edges: [], totalCount: 1 }),
    search: () => ({ total: 1, issues: [emptyIssue] }),
    projects: () => [],
    node: () => emptyIssue,
  },
  Mutation: { touch: () => true },
};

type TestYogaOptions = Omit<YogaServerOptions<{}, {}>, 'schema' | 'plugins'>;

export function createTestYoga(plugins: Array<Plugin<object>>, extra: TestYogaOptions = {}) {
  return createYoga<{}, {}>({
    schema: createSchema({ typeDefs: testTypeDefs, resolvers: testResolvers }),
    plugins,
    logging: false,
    ...extra,
  });
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export type TestYoga = ReturnType<typeof createTestYoga>;

/** Anything that answers fetch-style requests: a test yoga, or the front door over one. */
export type FetchTarget = Pick<TestYoga, 'fetch'> | { fetch(url: string, init?: RequestInit): Promise<Response> };

export async function postQuery(
  yoga: FetchTarget,
  query: string,
  options: { headers?: Record<string, string>; variables?: Record<string, unknown>; path?: string } = {},
): Promise<{ status: number; headers: Headers; body: GraphQLBody }> {
  const response = await yoga.fetch(`http://gateway.test${options.path ?? '/graphql'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as GraphQLBody) };
}
