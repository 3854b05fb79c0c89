/**
 * Prometheus metrics for /metrics: GraphQL requests by operation, upstream calls by source
 * (count, latency, status), upstream 429s and retries, the local budget level, response-cache
 * and in-flight-dedupe hits. One registry per gateway, so tests and several servers never mix.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TransportObserver } from '../../sources/transport/observer.ts';

export interface GatewayMetrics {
  registry: Registry;
  /** Pass to the transport (`createTransport({ observer })`, server/start-gateway.ts) to count upstream traffic. */
  transportObserver: TransportObserver;
  observeRequest(event: { operation: string | undefined; status: number; durationSeconds: number }): void;
  observeCache(result: 'hit' | 'miss'): void;
  /** The text exposition and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface GatewayMetricsOptions {
  /** Node process metrics (CPU, memory, event loop lag); default true. */
  processMetrics?: boolean;
  /** Distinct operation names kept as labels before the rest count as "other"; default 200. */
  maxOperationLabels?: number;
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

export function createGatewayMetrics(options: GatewayMetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'gateway_' });
  const operationLabel = createOperationLabeler(options.maxOperationLabels ?? 200);

  const requests = new Counter({
    name: 'gateway_graphql_requests_total',
    help: 'GraphQL requests by operation name and HTTP status.',
    labelNames: ['operation', 'status'] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'gateway_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name.',
    labelNames: ['operation'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const upstreamCalls = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'Upstream HTTP exchanges by source and status ("timeout"/"unavailable" when no response arrived); each retry attempt counts.',
    labelNames: ['source', 'status'] as const,
    registers: [registry],
  });
  const upstreamSeconds = new Histogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Upstream HTTP exchange latency by source.',
    labelNames: ['source'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'gateway_upstream_rate_limited_total',
    help: 'Upstream HTTP 429 answers by source.',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'gateway_upstream_retries_total',
    help: 'Upstream calls sent again, by source and reason (rate-limited: after a 429; unauthorized: after an OAuth refresh).',
    labelNames: ['source', 'reason'] as const,
    registers: [registry],
  });
  const budget = new Gauge({
    name: 'gateway_local_budget_remaining',
    help: 'Tokens left in the local budget bucket last used for this source (only when ATLASSIAN_BUDGET_ENABLED).',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const deduplicated = new Counter({
    name: 'gateway_upstream_deduplicated_total',
    help: 'Upstream calls answered by an identical request already in flight, by source.',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const cache = new Counter({
    name: 'gateway_response_cache_total',
    help: 'Response cache lookups by result (hit or miss).',
    labelNames: ['result'] as const,
    registers: [registry],
  });

  return {
    registry,
    transportObserver: {
      onUpstreamCall({ upstream, status, outcome, durationMs }) {
        upstreamCalls.inc({ source: upstream, status: status === null ? outcome : String(status) });
        upstreamSeconds.observe({ source: upstream }, durationMs / 1000);
      },
      onRateLimited: ({ upstream }) => rateLimited.inc({ source: upstream }),
      onRetry: ({ upstream, reason }) => retries.inc({ source: upstream, reason }),
      onBudget: ({ upstream, remaining }) => budget.set({ source: upstream }, remaining),
      onDeduplicated: ({ upstream }) => deduplicated.inc({ source: upstream }),
    },
    observeRequest({ operation, status, durationSeconds }) {
      const label = operationLabel(operation);
      requests.inc({ operation: label, status: String(status) });
      requestSeconds.observe({ operation: label }, durationSeconds);
    },
    observeCache: (result) => cache.inc({ result }),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/**
 * Operation names come from clients, so they are labels only when well-formed and only up to a
 * cap: a client inventing names cannot blow up the metric series.
 */
export function createOperationLabeler(max: number): (operation: string | undefined) => string {
  const seen = new Set<string>();
  return (operation) => {
    if (operation === undefined || operation === '') return 'anonymous';
    if (!OPERATION_NAME.test(operation)) return 'invalid';
    if (seen.has(operation)) return operation;
    if (seen.size >= max) return 'other';
    seen.add(operation);
    return operation;
  };
}
