/**
 * The HTTP side of the gateway: graphql-yoga over the Mesh instance, on node:http, behind one
 * front door (front-door.ts) that routes by exact path and checks Host, CSRF and the caller before
 * yoga sees a request.
 *
 * We serve Mesh ourselves instead of `mesh start`: one process (no per-CPU forks multiplying the
 * in-memory budget), a clean exit on SIGTERM, our own plugins, and no jiti load of generated code.
 *
 * Routes: /graphql (yoga; GraphiQL's page for browsers), /healthz (process up), /readyz (ready to
 * serve), /metrics (Prometheus, when metrics are given; bearer token when configured), / (redirect).
 * Every request gets an X-Request-Id (request-id.ts) and one access-log line (probes excepted).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type GraphiQLOptions, type Plugin as YogaPlugin, type YogaServerInstance } from 'graphql-yoga';
import { handleErrorFromRequestHandler, sendNodeResponse } from '@whatwg-node/server';
import type { Plugin as EnvelopPlugin } from '@envelop/core';
import type { MeshInstance } from '@graphql-mesh/runtime';
import { useIntrospectionCache } from './plugins/use-introspection-cache.ts';
import type { AuthOutcome, PresentedCredentials } from './auth/caller-auth.ts';
import { createFrontDoor, type HostPolicy } from './front-door.ts';
import type { AccessLog } from './observability/access-log.ts';
import { type CorsPolicy, originAllowed } from './gateway-options.ts';
import type { GatewayMetrics } from './observability/metrics.ts';
import { useRequestBodyLimit } from './plugins/use-request-body-limit.ts';
import { useUniqueValidationRules } from './plugins/use-unique-validation-rules.ts';
import { createSchemaDocument } from './schema-document.ts';

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
  /** Caller authentication for GraphQL requests; absent: no caller auth (every caller anonymous). */
  authenticate?: (presented: PresentedCredentials) => Promise<AuthOutcome>;
  /** Host names answered (default loopback names only). */
  hosts?: HostPolicy;
  /** One line per request (and request metrics); absent: no access log. */
  accessLog?: AccessLog;
  /** Largest request body accepted (default DEFAULT_MAX_REQUEST_BODY_BYTES). */
  maxRequestBytes?: number;
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

/**
 * yoga always installs its own health check, answering any request whose URL merely ends with the
 * endpoint (`/graphql?x=/healthz`). The front door answers /healthz itself, so yoga's is given a
 * name no serialized URL can end with (a space is always percent-encoded).
 */
const YOGA_HEALTH_CHECK_UNREACHABLE = ' unreachable';

/**
 * The offline GraphiQL bundle is a ~10 MB string (and its module source another ~18 MB) that a
 * gateway with GraphiQL off never needs: imported only when GraphiQL is on, starting at once so
 * the first page load does not wait for it.
 */
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
      // Mesh installs graphql's engine again: without this every validation rule ran (and reported) twice.
      useUniqueValidationRules(),
      // With GraphiQL on, its first load should not wait ~1 s for the full-schema introspection.
      ...(introspection ? [useIntrospectionCache({ warmUp: options.graphiql })] : [useNoIntrospection()]),
      ...((options.plugins ?? []) as YogaPlugin[]),
      // After every request parser, like yoga's own limit it replaces (see the plugin for why).
      useRequestBodyLimit({ maxBytes: options.maxRequestBytes }),
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
    // No uploads are served; one parser fewer facing the network.
    multipart: false,
    healthCheckEndpoint: YOGA_HEALTH_CHECK_UNREACHABLE,
  });

  let draining = false;
  const readiness = (): { ready: boolean; checks: Record<string, true | string> } => {
    const checks: Record<string, true | string> = { schema: true, ...(options.readiness?.() ?? {}) };
    if (draining) checks.shuttingDown = 'the gateway is shutting down';
    return { ready: Object.values(checks).every((value) => value === true), checks };
  };

  // The SDL goes wherever introspection does: it is the same information.
  const schemaDocument = introspection ? createSchemaDocument(mesh.schema) : undefined;
  const handle = createFrontDoor({
    // One server context object, as yoga's own listener would build it: yoga(req, res, ctx) merges
    // a second one into it property by property (completeAssign, ~11 us of every request).
    yoga: (req, res, serverContext) =>
      Promise.resolve(yoga.handleNodeRequestAndResponse(req, res, { req, res, ...serverContext }))
        .catch((error: unknown) => handleErrorFromRequestHandler(error, yoga.fetchAPI.Response))
        .then((response) => sendNodeResponse(response, res, req, true)),
    graphiql: options.graphiql,
    readiness,
    draining: () => draining,
    ...(options.authenticate !== undefined ? { authenticate: options.authenticate } : {}),
    ...(options.hosts !== undefined ? { hosts: options.hosts } : {}),
    ...(options.accessLog !== undefined ? { accessLog: options.accessLog } : {}),
    ...(options.metrics !== undefined ? { metrics: options.metrics } : {}),
    ...(options.metricsToken !== undefined ? { metricsToken: options.metricsToken } : {}),
    ...(schemaDocument !== undefined ? { schemaDocument } : {}),
  });
  const server = createServer(handle);
  // Idle keep-alive sockets outlive a load balancer's own idle timeout; shutdown closes them
  // (close() below), so a long timeout never holds the process open.
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 75_000;
  // Node's advice: headers timeout above the keep-alive timeout, or a slow first request byte on a
  // reused connection can be cut by the wrong timer.
  server.headersTimeout = server.keepAliveTimeout + 1_000;
  const connections = trackConnections(server);
  // Printing the SDL holds the CPU ~1.5 s: done once the gateway has been idle a while, so the
  // first /schema.graphql request need not stall everyone else.
  const schemaWarmUp =
    schemaDocument === undefined
      ? undefined
      : setInterval(() => {
          if (schemaDocument.ready()) clearInterval(schemaWarmUp);
          else if (connections.idleForMs() >= SCHEMA_WARM_UP_IDLE_MS) {
            schemaDocument.get();
            clearInterval(schemaWarmUp);
          }
        }, 500);
  schemaWarmUp?.unref();

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
    async close(graceMs = 5_000) {
      draining = true;
      clearInterval(schemaWarmUp);
      const deadline = performance.now() + graceMs;
      if (server.listening) {
        await connections.settleBeforeClosing(deadline);
        await new Promise<void>((resolvePromise) => {
          const force = setTimeout(() => server.closeAllConnections(), Math.max(0, deadline - performance.now()));
          force.unref();
          const sweep = setInterval(() => connections.closeLongIdle(), 50);
          sweep.unref();
          server.close(() => {
            clearTimeout(force);
            clearInterval(sweep);
            resolvePromise();
          });
        });
      }
      mesh.destroy();
    },
  };
}

/** Quiet time before the SDL is printed in the background (after GraphiQL's introspection warm-up). */
const SCHEMA_WARM_UP_IDLE_MS = 3_000;

/** A connection with nothing in flight this long while draining is one no request is coming on. */
const DRAIN_IDLE_MS = 500;
/** Keep accepting until no new connection arrived for this long (the kernel's accept queue is empty). */
const DRAIN_QUIET_MS = 200;

interface TrackedConnection {
  inFlight: number;
  idleSince: number;
}

/**
 * What a graceful close needs to know about each connection. `server.close()` stops listening,
 * which resets every connection still waiting in the kernel's accept queue, and (node >= 19)
 * destroys every connection with no request in progress, including one whose request bytes have
 * arrived but not yet been parsed. On a freshly started, busy gateway that dropped most of 50
 * requests sent just before SIGTERM. So the listener stays open until new connections stop
 * arriving, and is closed only when no connection is newly idle.
 */
function trackConnections(server: Server) {
  const connections = new Map<Socket, TrackedConnection>();
  let lastConnectionAt = performance.now();
  let requestsInFlight = 0;
  let lastActivityAt = performance.now();
  server.on('connection', (socket: Socket) => {
    lastConnectionAt = performance.now();
    connections.set(socket, { inFlight: 0, idleSince: lastConnectionAt });
    socket.once('close', () => connections.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    requestsInFlight++;
    lastActivityAt = performance.now();
    const state = connections.get(req.socket);
    if (state !== undefined) state.inFlight++;
    res.once('close', () => {
      requestsInFlight--;
      lastActivityAt = performance.now();
      if (state === undefined) return;
      state.inFlight--;
      state.idleSince = lastActivityAt;
    });
  });
  const newlyIdle = (now: number) => [...connections.values()].some((state) => state.inFlight === 0 && now - state.idleSince < DRAIN_IDLE_MS);
  return {
    /** How long no request has been in flight (0 while one is). */
    idleForMs: (): number => (requestsInFlight > 0 ? 0 : performance.now() - lastActivityAt),
    /** Resolves once accepting has gone quiet and no connection is between accept and request (or at the deadline). */
    async settleBeforeClosing(deadline: number): Promise<void> {
      for (;;) {
        // Timers run before I/O in each turn of the event loop: let the connections the kernel has
        // queued (while the loop was busy, say) be accepted before judging the quiet.
        await new Promise((resolvePromise) => setImmediate(resolvePromise));
        const now = performance.now();
        if (now >= deadline) return;
        if (now - lastConnectionAt >= DRAIN_QUIET_MS && !newlyIdle(now)) return;
        await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
      }
    },
    /** Idle keep-alive connections: closed once they have been idle long enough that no request is on its way. */
    closeLongIdle(): void {
      const now = performance.now();
      for (const [socket, state] of connections) if (state.inFlight === 0 && now - state.idleSince >= DRAIN_IDLE_MS) socket.destroy();
    },
  };
}
