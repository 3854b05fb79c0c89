/**
 * AGG sandbox: graphql-yoga over the full rebuilt AGG SDL (graphql/agg.graphql) with resolvers for
 * the paths the canonical layer uses (scripts/sandbox/agg/resolvers.ts) and deterministic data.
 * Test behaviours: `x-sandbox-scenario: insufficient-scopes` makes jira.allJiraProjects answer
 * InsufficientOAuthScopes; `x-sandbox-scenario: partial-errors` fails one nested item per path.
 * Like live AGG it refuses what the AGG schema's field descriptions forbid (plugins.ts,
 * useDocumentedRules): a beta field without its X-ExperimentalApi header, an experimental field
 * without its @optIn, a field past its announced removal date, an OAuth-unavailable field for a
 * Bearer-authenticated request.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createYoga } from 'graphql-yoga';
import { useDocumentedRules, useRequestStats, type AggSandboxStats } from './plugins.ts';
import { attachSandboxResolvers, type AggSandboxContext } from './resolvers.ts';
import { loadAggSchema } from './schema.ts';

export const DEFAULT_AGG_SDL_PATH = fileURLToPath(new URL('../../../graphql/agg.graphql', import.meta.url));

export interface AggSandboxOptions {
  host?: string;
  port?: number;
  sdlPath?: string;
  /** The day removal dates are judged against (tests); today by default. */
  today?: () => Date;
}

export interface AggSandboxHandle {
  url: string;
  close(): Promise<void>;
  /** Requests so far and counts by operationName (byRoute: the same counts, for the launcher's shared stats shape). */
  stats(): AggSandboxStats & { byRoute: Record<string, number> };
  resetStats(): void;
  /** Milliseconds spent building the AGG schema (0 when this process had built it already). */
  schemaBuildMs: number;
}

export async function startAggSandbox(opts: AggSandboxOptions = {}): Promise<AggSandboxHandle> {
  const { schema, buildMs } = loadAggSchema(opts.sdlPath ?? DEFAULT_AGG_SDL_PATH);
  attachSandboxResolvers(schema);
  const stats: AggSandboxStats = { requests: 0, byOperation: {} };
  const yoga = createYoga<Record<string, never>, AggSandboxContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: false,
    logging: false,
    // Intended upstream-style errors are GraphQLErrors; anything else is a sandbox bug worth seeing.
    maskedErrors: false,
    plugins: [useRequestStats(stats), useDocumentedRules({ today: opts.today })],
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/graphql`,
    schemaBuildMs: buildMs,
    stats: () => ({ requests: stats.requests, byOperation: { ...stats.byOperation }, byRoute: { ...stats.byOperation } }),
    resetStats: () => {
      stats.requests = 0;
      stats.byOperation = {};
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
