/**
 * The HTTP side of the gateway: graphql-yoga over the Mesh instance, on node:http.
 *
 * We serve Mesh ourselves instead of `mesh start`: one process (no per-CPU forks multiplying the
 * in-memory budget), a clean exit on SIGTERM, our own plugins, and no jiti load of generated code.
 *
 * Routes: /graphql (yoga), /healthz (process up), /readyz (ready to serve), /metrics (Prometheus,
 * when metrics are given; bearer token when configured). Every request gets an X-Request-Id (request-id.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type GraphiQLOptions, type Plugin as YogaPlugin, type YogaServerInstance } from 'graphql-yoga';
import type { Plugin as EnvelopPlugin } from '@envelop/core';
import type { MeshInstance } from '@graphql-mesh/runtime';
import { useIntrospectionCache } from './use-introspection-cache.ts';
import { sha256Hex } from './plugins/caller.ts';
import { findApiKeyHash } from './plugins/use-caller-auth.ts';
import { type CorsPolicy, originAllowed } from './gateway-options.ts';
import type { GatewayMetrics } from './observability/metrics.ts';
import { assignRequestId, REQUEST_ID_HEADER } from './observability/request-id.ts';
import { useRequestBodyLimit } from './plugins/use-request-body-limit.ts';

/** Yoga plugins, and plain envelop plugins (yoga accepts both). */
export type GatewayPlugin = YogaPlugin | EnvelopPlugin;

/** Named readiness checks: true when fine, else a short reason (never a secret). */
export type ReadinessChecks = () => Record<string, true | string>;

export interface GatewayServerOptions {
  mesh: MeshInstance;
  /** GraphiQL at /graphql (offline assets). */
  graphiql: boolean;
  /** Schema introspection allowed (else refused by validation). Default true. */
  introspection?: boolean;
  /** Extra yoga/envelop plugins, in order, after Mesh's own. */
  plugins?: GatewayPlugin[];
  /** Readiness beyond "schema built" (e.g. upstream configuration checks). */
  readiness?: ReadinessChecks;
  /** Title shown by GraphiQL. */
  title?: string;
  /** Default query shown by GraphiQL. */
  defaultQuery?: string;
  /** false: no CORS headers; default: yoga's permissive CORS. */
  cors?: CorsPolicy | false;
  batching?: { limit: number } | false;
  /** Served at /metrics when given. */
  metrics?: GatewayMetrics;
  /** When set, /metrics requires `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** Idle keep-alive connection lifetime (default 75 s; see GatewayHttpOptions). */
  keepAliveTimeoutMs?: number;
}

export interface GatewayServer {
  yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;
  server: Server;
  listen(port: number, host: string): Promise<string>;
  /** Stop accepting, let in-flight requests finish (up to `graceMs`), then close. */
  close(graceMs?: number): Promise<void>;
}

const CORS_ALLOWED_HEADERS = ['content-type', 'accept', 'authorization', 'x-api-key', 'x-request-id', 'x-experimentalapi'];
const CORS_EXPOSED_HEADERS = ['x-request-id', 'x-cache', 'retry-after'];

function yogaCors(policy: CorsPolicy | false | undefined): Parameters<typeof createYoga>[0]['cors'] {
  if (policy === undefined) return undefined;
  if (policy === false) return false;
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !originAllowed(policy, origin)) return false;
    return {
      origin,
      // "*" means any site, so no cookies/credentials ride along; named origins are trusted with them.
      credentials: policy.origins !== '*',
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: 600,
    };
  };
}

/** Refuses `__schema`/`__type` (not `__typename`) when introspection is off. */
function useNoIntrospection(): YogaPlugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * The offline GraphiQL bundle is a ~10 MB string (and its module source another ~18 MB) that a
 * gateway with GraphiQL off never needs: imported only when GraphiQL is on, starting at once so
 * the first page load does not wait for it.
 */
/** `Authorization: Bearer <token>`, compared as the caller API keys are (constant time, over digests). */
function bearerTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = [sha256Hex(token)];
  return (authorization) => {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    return presented !== undefined && findApiKeyHash(presented, expected) !== undefined;
  };
}

function loadGraphiQLRenderer(): (options: GraphiQLOptions) => Promise<string> {
  const renderer = import('@graphql-yoga/render-graphiql').then((module) => module.renderGraphiQL);
  // A broken install must not crash the gateway at start: the page request reports it instead.
  renderer.catch(() => undefined);
  return async (graphiqlOptions) => (await renderer)(graphiqlOptions);
}

export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  const { mesh } = options;
  const introspection = options.introspection !== false;
  const yoga = createYoga<Record<string, unknown>>({
    plugins: [
      ...(mesh.plugins as YogaPlugin[]),
      // With GraphiQL on, its first load should not wait ~1 s for the full-schema introspection.
      ...(introspection ? [useIntrospectionCache({ warmUp: options.graphiql })] : [useNoIntrospection()]),
      ...((options.plugins ?? []) as YogaPlugin[]),
      // After every request parser, like yoga's own limit it replaces (see the plugin for why).
      useRequestBodyLimit(),
    ],
    maxRequestBodySize: false,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: options.graphiql ? { title: options.title ?? 'atlassian-mesh', defaultQuery: options.defaultQuery } : false,
    ...(options.graphiql ? { renderGraphiQL: loadGraphiQLRenderer() } : {}),
    maskedErrors: false,
    logging: false,
    cors: yogaCors(options.cors),
    batching: options.batching ?? false,
    healthCheckEndpoint: '/healthz',
  });

  let draining = false;
  const readiness = (): { ready: boolean; checks: Record<string, true | string> } => {
    const checks: Record<string, true | string> = { schema: true, ...(options.readiness?.() ?? {}) };
    if (draining) checks.shuttingDown = 'the gateway is shutting down';
    return { ready: Object.values(checks).every((value) => value === true), checks };
  };

  const metricsGuard = options.metricsToken === undefined ? undefined : bearerTokenCheck(options.metricsToken);
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    res.setHeader(REQUEST_ID_HEADER, assignRequestId(req));
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/readyz') {
      const state = readiness();
      sendJson(res, state.ready ? 200 : 503, state);
      return;
    }
    if (path === '/metrics' && options.metrics !== undefined && req.method === 'GET') {
      if (metricsGuard && !metricsGuard(req.headers.authorization)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        sendJson(res, 401, { error: 'metrics need Authorization: Bearer <GATEWAY_METRICS_TOKEN>' });
        return;
      }
      options.metrics.render().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
          res.end(body);
        },
        () => sendJson(res, 500, { error: 'metrics unavailable' }),
      );
      return;
    }
    if (path === '/' && req.method === 'GET') {
      res.writeHead(302, { location: '/graphql' });
      res.end();
      return;
    }
    void yoga(req, res);
  };
  const server = createServer(handle);
  // Idle keep-alive sockets outlive a load balancer's own idle timeout; shutdown closes them at once
  // (close() below), so a long timeout never holds the process open.
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 75_000;
  // Node's advice: headers timeout above the keep-alive timeout, or a slow first request byte on a
  // reused connection can be cut by the wrong timer.
  server.headersTimeout = server.keepAliveTimeout + 1_000;

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
      draining = true;
      return new Promise((resolvePromise) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        // Keep-alive sockets become idle as their last response ends; close each as soon as it does.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        sweep.unref();
        server.close(() => {
          clearTimeout(force);
          clearInterval(sweep);
          mesh.destroy();
          resolvePromise();
        });
        server.closeIdleConnections();
      });
    },
  };
}
