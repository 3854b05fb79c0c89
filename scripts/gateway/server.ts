/**
 * The HTTP side of the gateway: graphql-yoga over the Mesh instance, on node:http.
 *
 * We serve Mesh ourselves instead of `mesh start`: one process (no per-CPU forks multiplying the
 * in-memory budget), a clean exit on SIGTERM, our own plugins, and no jiti load of generated code.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, type Plugin as YogaPlugin, type YogaServerInstance } from 'graphql-yoga';
import type { Plugin as EnvelopPlugin } from '@envelop/core';

/** Yoga plugins, and plain envelop plugins (yoga accepts both). */
export type GatewayPlugin = YogaPlugin | EnvelopPlugin;
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { MeshInstance } from '@graphql-mesh/runtime';
import { useIntrospectionCache } from './use-introspection-cache.ts';

export interface GatewayServerOptions {
  mesh: MeshInstance;
  /** GraphiQL at /graphql (offline assets). */
  graphiql: boolean;
  /** Extra yoga/envelop plugins, in order, after Mesh's own. */
  plugins?: GatewayPlugin[];
  /** Readiness beyond "schema built" (e.g. upstream configuration checks). */
  isReady?: () => boolean;
  /** Title shown by GraphiQL. */
  title?: string;
  /** Default query shown by GraphiQL. */
  defaultQuery?: string;
  cors?: Parameters<typeof createYoga>[0]['cors'];
  batching?: { limit: number } | false;
}

export interface GatewayServer {
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;
  server: Server;
  listen(port: number, host: string): Promise<string>;
  /** Stop accepting, let in-flight requests finish (up to `graceMs`), then close. */
  close(graceMs?: number): Promise<void>;
}

export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  const { mesh } = options;
  const yoga = createYoga<Record<string, unknown>>({
    plugins: [...(mesh.plugins as YogaPlugin[]), useIntrospectionCache(), ...((options.plugins ?? []) as YogaPlugin[])],
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: options.graphiql ? { title: options.title ?? 'atlassian-mesh', defaultQuery: options.defaultQuery } : false,
    renderGraphiQL,
    maskedErrors: false,
    logging: false,
    cors: options.cors,
    batching: options.batching ?? false,
    healthCheckEndpoint: '/healthz',
  });

  const server = createServer((req, res) => {
    if (req.url === '/readyz') {
      const ready = options.isReady ? options.isReady() : true;
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ready }));
      return;
    }
    if (req.url === '/' && req.method === 'GET') {
      res.writeHead(302, { location: '/graphql' });
      res.end();
      return;
    }
    void yoga(req, res);
  });
  // Let idle keep-alive sockets go at shutdown instead of holding the process open.
  server.keepAliveTimeout = 5_000;

  return {
    yoga: yoga as unknown as GatewayServer['yoga'],
    server,
    listen(port, host) {
      return new Promise((resolvePromise, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolvePromise(`http://${shownHost}:${address.port}/graphql`);
        });
      });
    },
    close(graceMs = 5_000) {
      return new Promise((resolvePromise) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          mesh.destroy();
          resolvePromise();
        });
        server.closeIdleConnections();
      });
    },
  };
}
