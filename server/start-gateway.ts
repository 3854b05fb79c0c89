/**
 * Builds the mesh for the given configuration (server-config.ts) and serves it with every gateway concern wired in:
 * caller authentication, query limits, client rate limits, optional response cache, request logs
 * and metrics. Shared by `npm start`, `npm run serve`, the tests and the benchmark, so all run the
 * same gateway.
 *
 * The front door (front-door.ts, in server.ts) routes by exact path and checks Host, CSRF and the
 * caller before yoga sees a request. Plugin order then matters: observability first (it sees 429s
 * too), the canonical route notes, query limits (rejected queries are not counted), the client
 * rate limit, and the response cache last (a hit still counts against the caller's rate limit, and
 * sees results after the route notes added their errors).
 */
import { createSettingsLogger, type Logger } from '../sources/logging/index.ts';
import { createTransport, type UpstreamFetch } from '../sources/transport/create-transport.ts';
import { useCanonicalRouteExtensions } from './plugins/use-canonical-route-extensions.ts';
import { useSafeErrors } from './plugins/use-safe-errors.ts';
import { loadMesh } from './mesh.ts';
import { createGatewayServer, type GatewayPlugin } from './server.ts';
import type { GatewayHttpOptions } from './gateway-options.ts';
import { createCallerAuthenticator, isCallerAuthConfigured } from './auth/caller-auth.ts';
import { createAccessLog } from './observability/access-log.ts';
import { useQueryLimits, yogaBatchingOption } from './plugins/use-query-limits.ts';
import { useClientRateLimit } from './plugins/use-client-rate-limit.ts';
import { useTrustedDocuments } from './plugins/use-trusted-documents.ts';
import { createAcceptedForwardedCallers } from './auth/caller.ts';
import { createClientRateLimitStore } from './limits/rate-limit-stores.ts';
import { createGatewayMetrics } from './observability/metrics.ts';
import { useRequestObservability } from './plugins/use-request-observability.ts';
import { createTracing } from './observability/tracing.ts';
import { useTracing } from './plugins/use-tracing.ts';
import { MemoryResponseCacheStore, RedisResponseCacheStore, type ResponseCacheStore } from './cache/response-cache-store.ts';
import { useResponseCache } from './plugins/use-response-cache.ts';
import { checkUpstreamConfiguration } from './readiness.ts';
import type { GatewayConfig } from './server-config.ts';

export interface StartGatewayOptions {
  /** Extra plugins after the gateway's own (tests, the benchmark). */
  plugins?: GatewayPlugin[];
  /** Where log lines go (one JSON line each, no newline); default stderr. */
  writeLog?: (line: string) => void;
  onClose?: () => Promise<void> | void;
}

export interface RunningGateway {
  url: string;
  graphiql: boolean;
  /** What the configuration asked for (production, GraphiQL, introspection, CORS, metrics). */
  http: GatewayHttpOptions;
  /** Short facts for the start-up banner (never a secret). */
  features: string[];
  /** The gateway's redacting logger. */
  logger: Logger;
  /** The gateway's transport: the credentials, budgets and 429 rules of this gateway's upstreams. */
  fetch: UpstreamFetch;
  close(): Promise<void>;
}

/** Redis failures of the response cache: one warning a minute, never a failed request. */
function throttledWarning(logger: Logger, message: string): (error: unknown) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (error) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    logger.warn(message, { error: (error as Error)?.message ?? String(error) });
  };
}

/**
 * Everything per gateway is made here, once, and passed in: logger and redactor, transport,
 * stores, mesh, server. Nothing is process-wide, so two gateways can run in one process.
 */
export async function startGateway(config: GatewayConfig, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const { settings, http, auth, production } = config;
  const callerAuthConfigured = isCallerAuthConfigured(auth);
  const authenticate = callerAuthConfigured ? createCallerAuthenticator(auth) : undefined;

  const { logger, redactor } = createSettingsLogger(settings, options.writeLog !== undefined ? { write: options.writeLog } : {});
  // Not an upstream credential, but a secret all the same: scrubbed from every log line and error.
  if (http.metricsToken !== undefined) redactor.addSecret(http.metricsToken);
  const metrics = http.metrics ? createGatewayMetrics() : undefined;
  // Forwarded credentials Atlassian has accepted: those callers get rate-limit buckets of their own.
  const acceptedForwardedCallers = settings.forwardCallerCredentials ? createAcceptedForwardedCallers() : undefined;
  const tracing = config.tracing !== undefined ? createTracing(config.tracing) : undefined;
  const transport = createTransport({
    settings,
    logger,
    ...(tracing !== undefined ? { tracer: tracing.upstreamTracer } : {}),
    ...(metrics ? { observer: metrics.transportObserver } : {}),
    dedupeInFlight: config.dedupeInFlight,
    ...(acceptedForwardedCallers !== undefined ? { onForwardedCredentialAccepted: (authorization: string) => acceptedForwardedCallers.accept(authorization) } : {}),
  });
  const rateLimitStore = createClientRateLimitStore(settings.redisUrl);
  const cacheSettings = config.responseCache;
  let cacheStore: ResponseCacheStore | undefined;
  if (cacheSettings !== undefined) {
    cacheStore =
      settings.redisUrl !== undefined
        ? new RedisResponseCacheStore(settings.redisUrl, throttledWarning(logger, 'response cache store failed; serving without the cache'))
        : new MemoryResponseCacheStore(cacheSettings.memory);
  }
  const releaseStores = async () => {
    await Promise.allSettled([rateLimitStore.close(), cacheStore?.close(), transport.close(), tracing?.shutdown()]);
  };

  let mesh;
  try {
    mesh = await loadMesh(config.root, { settings, fetch: transport.fetch, logger, schemaCache: config.schemaCache });
  } catch (error) {
    await releaseStores();
    throw error;
  }
  const trustedDocuments = config.trustedDocuments;
  const plugins: GatewayPlugin[] = [
    useSafeErrors({ redactor, dropStacks: production }),
    useRequestObservability(),
    ...(tracing !== undefined ? [useTracing({ tracing })] : []),
    ...(trustedDocuments !== undefined ? [useTrustedDocuments(trustedDocuments)] : []),
    useCanonicalRouteExtensions(),
    useQueryLimits(config.limits),
    useClientRateLimit({
      ...config.rateLimit,
      store: rateLimitStore.store,
      onStoreError: throttledWarning(logger, 'client rate limit store failed; serving without counting'),
      ...(acceptedForwardedCallers !== undefined ? { isVerifiedForwardedCaller: (callerId: string) => acceptedForwardedCallers.has(callerId) } : {}),
    }),
    ...(cacheSettings !== undefined && cacheStore !== undefined
      ? [
          useResponseCache({
            ...cacheSettings,
            store: cacheStore,
            forwardCallerCredentials: settings.forwardCallerCredentials,
            ...(metrics ? { onLookup: (result: 'hit' | 'miss') => metrics.observeCache(result) } : {}),
          }),
        ]
      : []),
    ...(options.plugins ?? []),
  ];
  const gateway = createGatewayServer({
    mesh,
    graphiql: http.graphiql,
    introspection: http.introspection,
    plugins,
    cors: http.cors,
    batching: yogaBatchingOption(config.limits),
    readiness: () => ({ upstreamConfiguration: checkUpstreamConfiguration(settings) }),
    ...(metrics ? { metrics } : {}),
    ...(http.metricsToken !== undefined ? { metricsToken: http.metricsToken } : {}),
    keepAliveTimeoutMs: http.keepAliveTimeoutMs,
    hosts: http.hosts,
    maxRequestBytes: http.maxRequestBytes,
    ...(authenticate !== undefined ? { authenticate } : {}),
    accessLog: createAccessLog({ logger: logger.child({ component: 'http' }), ...(metrics ? { metrics } : {}) }),
    defaultQuery: DEFAULT_QUERY,
  });
  let url: string;
  try {
    url = await gateway.listen(config.listen.port, config.listen.host);
  } catch (error) {
    await gateway.close(0);
    await releaseStores();
    throw error;
  }

  const features = [
    production ? 'production' : 'development',
    callerAuthConfigured ? 'caller auth on' : auth.allowUnauthenticated ? 'anonymous callers allowed' : 'no caller auth',
    `GraphiQL ${http.graphiql ? (trustedDocuments !== undefined ? 'on (unusable: trusted documents only)' : 'on') : 'off'}`,
    `introspection ${http.introspection ? 'on' : 'off'}`,
    `CORS ${http.cors === false ? 'closed' : Array.isArray(http.cors.origins) ? http.cors.origins.join(' ') : http.cors.origins}`,
    cacheSettings ? `response cache ${cacheSettings.defaultTtlMs} ms (${settings.redisUrl ? 'redis' : 'memory'})` : 'response cache off',
    http.metrics ? `metrics at /metrics${http.metricsToken !== undefined ? ' (bearer token)' : ''}` : 'metrics off',
    ...(trustedDocuments !== undefined
      ? [`trusted documents only (${trustedDocuments.documents.byHash.size} from ${trustedDocuments.documents.source}${trustedDocuments.allowIntrospection ? ', introspection allowed' : ''})`]
      : []),
  ];
  return {
    url,
    graphiql: http.graphiql,
    http,
    features,
    logger,
    fetch: transport.fetch,
    async close() {
      await gateway.close(http.shutdownGraceMs);
      await releaseStores();
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
