/**
 * Builds the mesh for the given settings and serves it. Shared by `npm start`, the tests and the
 * benchmark, so all three run the same gateway.
 */
import type { GatewaySettings } from '../../sources/config/types.ts';
import { loadMesh } from './mesh.ts';
import { createGatewayServer, type GatewayPlugin } from './server.ts';
import { useCanonicalRouteExtensions } from '../../resolvers/agg/route-extensions.ts';

export interface StartGatewayOptions {
  root: string;
  settings: GatewaySettings;
  env: Record<string, string | undefined>;
  /** Port and host; default from PORT/HOST, else 4000 on 127.0.0.1. Port 0 picks a free one. */
  port?: number;
  host?: string;
  plugins?: GatewayPlugin[];
  onClose?: () => Promise<void> | void;
}

export interface RunningGateway {
  url: string;
  graphiql: boolean;
  close(): Promise<void>;
}

export function readListenAddress(env: Record<string, string | undefined>): { port: number; host: string } {
  const rawPort = env.PORT ?? '4000';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got ${JSON.stringify(rawPort)}`);
  }
  return { port, host: env.HOST ?? '127.0.0.1' };
}

export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const mesh = await loadMesh(options.root, options.settings);
  const production = options.env.NODE_ENV === 'production';
  const graphiql = options.settings.mode === 'sandbox' || !production || options.env.GATEWAY_GRAPHIQL === 'true';
  const gateway = createGatewayServer({
    mesh,
    graphiql,
    plugins: [useCanonicalRouteExtensions(), ...(options.plugins ?? [])],
    defaultQuery: DEFAULT_QUERY,
  });
  const address = readListenAddress(options.env);
  const url = await gateway.listen(options.port ?? address.port, options.host ?? address.host);
  return {
    url,
    graphiql,
    async close() {
      await gateway.close();
      await options.onClose?.();
    },
  };
}

const DEFAULT_QUERY = `# Canonical developer-health types over Jira, Jira Software, Compass, Teams and todo.sr.ht.
# Upstream APIs are here too, namespaced: agg_*, jira_*, jiraSoftware_*, srht_*.
query RecentIssues {
  jiraIssues(jql: "project = DEV ORDER BY updated DESC", first: 5) {
    totalCount
    nodes {
      key
      status
      updatedAt
      assignee { displayName }
      changelog { createdAt items { field from to } }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;
