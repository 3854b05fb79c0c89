/**
 * The one way the gateway talks to an upstream. Every call: refuse URLs outside the configured
 * upstreams (upstream-target.ts), attach the right credential (credential-resolver.ts) and headers
 * (outgoing-headers.ts), take the local budget (local-budget.ts), exchange under the per-upstream
 * timeout (exchange.ts), refresh OAuth once on 401, and retry 429s by the seed's rules
 * (rate-limited.ts: only 429, never 5xx; wait until the reset time unless it exceeds the cap).
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { AuthSettings, GatewaySettings, UpstreamName } from '../config/types.ts';
import type { GatewayContext } from '../context.ts';
import { createSettingsLogger } from '../logging/index.ts';
import type { Logger } from '../logging/logger.ts';
import type { BudgetStore } from './budget/budget-store.ts';
import { createCostEstimator } from './budget/cost.ts';
import { type Clock, systemClock } from './clock.ts';
import { createCredentialResolver } from './credential-resolver.ts';
import { UpstreamRedirectError } from './errors.ts';
import { createExchange } from './exchange.ts';
import { createInFlightDeduper } from './in-flight.ts';
import { createLocalBudget } from './local-budget.ts';
import type { AccessTokenProvider } from './oauth-token-provider.ts';
import { notify, type TransportObserver, type UpstreamCallEvent } from './observer.ts';
import { buildOutgoingHeaders } from './outgoing-headers.ts';
import { waitBeforeRetry } from './rate-limited.ts';
import { withRepeatedHeaderLines } from './repeated-header-fetch.ts';
import { toReplayableBody } from './replayable-body.ts';
import { readCallerRequest } from './request-context.ts';
import { secretForms } from './secret-forms.ts';
import { discardBody, graphqlOperationName, isRedirect } from './upstream-answer.ts';
import { resolveUpstreamTarget } from './upstream-target.ts';
import { UPSTREAM_LABELS, describeEndpoint } from './upstreams.ts';

/** Mesh's customFetch signature; resolvers receive the same function as `deps.fetch`. */
export type UpstreamFetch = (
  url: string,
  init?: RequestInit,
  context?: GatewayContext,
  info?: GraphQLResolveInfo,
) => Promise<Response>;

export interface TransportOptions {
  settings: GatewaySettings;
  clock?: Clock;
  fetchImpl?: typeof fetch;
  logger?: Logger;
  /** Local budget buckets; default: Redis when settings.redisUrl is set, else in memory. */
  budgetStore?: BudgetStore;
  /** Replaces the built-in OAuth refresh for every oauthRefresh upstream. */
  tokenProvider?: AccessTokenProvider;
  /** Told about every upstream exchange, 429, retry and budget take (metrics). */
  observer?: TransportObserver;
  /** Share one upstream answer between identical reads in flight at once (see in-flight.ts). */
  dedupeInFlight?: boolean;
  /**
   * Told when an Atlassian upstream accepted (2xx) a caller's forwarded Authorization header: from
   * then on that caller is known to hold a real credential (the client rate limit keys it apart).
   */
  onForwardedCredentialAccepted?: (authorization: string) => void;
  /** Tracing of upstream calls (server/observability/tracing.ts); absent: no tracing work at all. */
  tracer?: UpstreamTracer;
}

// ---- Tracing hooks: implemented in server/observability/tracing.ts ----

/** Starts one span per upstream call; given only when tracing is on. */
export interface UpstreamTracer {
  /** Runs the call inside its span; `call` is told what only the transport knows. Must not throw. */
  traceCall(method: string, run: (call: UpstreamCallTrace) => Promise<Response>): Promise<Response>;
}

/** What the transport tells the span of one call. No method may throw. */
export interface UpstreamCallTrace {
  /** The URL was accepted as this upstream's. */
  target(upstream: UpstreamName, url: URL): void;
  /** Adds trace-context headers (traceparent, tracestate) to one attempt's outgoing headers. */
  inject(headers: Headers): void;
  /** One exchange ended (each 429/401 retry is an exchange of its own). */
  attempt(event: UpstreamCallEvent): void;
  /** The upstream answered 429 and asked for this wait (null: no usable reset header). */
  rateLimited(waitSeconds: number | null): void;
  /** The local budget made the call wait this long before sending. */
  budgetWait(waitMs: number): void;
}

// ---- end of tracing hooks ----

export interface Transport {
  fetch: UpstreamFetch;
  /** Releases what the transport opened (its Redis connection). */
  close(): Promise<void>;
}

export function createTransport(options: TransportOptions): Transport {
  const { settings, observer } = options;
  const clock = options.clock ?? systemClock;
  // Several X-ExperimentalApi opt-ins go out as separate header lines, as the seed's client sends them.
  const fetchImpl = options.fetchImpl ?? withRepeatedHeaderLines(globalThis.fetch);
  const logger = options.logger ?? createSettingsLogger(settings).logger;
  const estimateCost = createCostEstimator(settings.budget);
  const credentialOf = createCredentialResolver({ settings, fetchImpl, clock, logger, ...(options.tokenProvider !== undefined ? { tokenProvider: options.tokenProvider } : {}) });
  const budget = createLocalBudget({ settings, clock, logger, ...(observer !== undefined ? { observer } : {}), ...(options.budgetStore !== undefined ? { store: options.budgetStore } : {}) });
  const exchange = createExchange({ fetchImpl, ...(observer !== undefined ? { observer } : {}), ...(options.dedupeInFlight === true ? { deduper: createInFlightDeduper() } : {}) });
  const rateLimitRules = { settings, clock, logger, ...(observer !== undefined ? { observer } : {}) };
  const debugEnabled = logger.isLevelEnabled('debug');

  const transportFetch = async (url: string, init: RequestInit = {}, context?: GatewayContext, info?: GraphQLResolveInfo, call?: UpstreamCallTrace): Promise<Response> => {
    const { target, upstream, relativePath } = resolveUpstreamTarget(String(url), settings, logger, info);
    call?.target(upstream.name, target);
    const caller = readCallerRequest(context, info);
    const method = (init.method ?? 'GET').toUpperCase();
    const body = await toReplayableBody(init.body);
    const upstreamOperation = graphqlOperationName(body);
    const logFields = {
      upstream: upstream.name,
      endpoint: describeEndpoint(target),
      method,
      ...(caller.operationName !== undefined ? { operationName: caller.operationName } : {}),
      ...(upstreamOperation !== undefined ? { upstreamOperationName: upstreamOperation } : {}),
      ...(caller.requestId !== undefined ? { requestId: caller.requestId } : {}),
    };
    const credential = credentialOf(upstream, caller);
    const cost = estimateCost({ operationNames: [caller.operationName, upstreamOperation].filter((name): name is string => name !== undefined), method, relativePath });
    const callerSignal = init.signal ?? undefined;
    const onBudgetWait = call === undefined ? undefined : (waitMs: number) => call.budgetWait(waitMs);

    let rateLimited = 0;
    let refreshedAfter401 = false;
    let refreshedToken: string | undefined;
    for (let attempt = 1; ; attempt++) {
      if (settings.budget.enabled) await budget.take({ upstream, bucketKey: credential.bucketKey, cost, logFields, signal: callerSignal, ...(onBudgetWait ? { onWait: onBudgetWait } : {}) });
      const { headers: authHeaders, bearerToken } = await credential.headers(refreshedToken);
      const started = performance.now();
      const headers = buildOutgoingHeaders(init.headers, authHeaders, upstream, caller, settings.experimentalApis);
      const { response, deadline } = await exchange({ upstream, target, init: { ...init, method, headers, ...(body !== undefined ? { body } : {}) }, callerSignal, attempt, secrets: secretForms(authHeaders), trace: call });
      if (debugEnabled) logger.debug('upstream response', { ...logFields, status: response.status, attempt, durationMs: Math.round(performance.now() - started) });

      // An expired OAuth access token: refresh once and send again.
      if (response.status === 401 && credential.provider !== undefined && bearerToken !== undefined && !refreshedAfter401) {
        refreshedAfter401 = true;
        await discardBody(response);
        deadline.clear();
        logger.info('upstream answered 401; refreshing the OAuth access token and retrying once', logFields);
        refreshedToken = await credential.provider.refreshAfterUnauthorized(bearerToken);
        notify(observer, 'onRetry', { upstream: upstream.name, reason: 'unauthorized' });
        continue;
      }
      if (isRedirect(response)) {
        await discardBody(response);
        logger.warn('upstream answered with a redirect; not followed', { ...logFields, status: response.status });
        throw new UpstreamRedirectError({ upstream: upstream.name, label: UPSTREAM_LABELS[upstream.name], status: response.status, location: response.headers.get('location'), base: target.href });
      }
      if (response.ok && credential.forwarded === true) {
        const authorization = caller.headers.get('authorization');
        if (authorization !== null && options.onForwardedCredentialAccepted !== undefined) options.onForwardedCredentialAccepted(authorization);
      }
      // The timeout keeps running while the body streams (guardBody ends it with the body).
      if (response.status !== 429) return response;

      rateLimited++;
      const waitMs = await waitBeforeRetry(response, deadline, { upstream, attempts: rateLimited, logFields, ...(call ? { onRateLimited: (seconds: number | null) => call.rateLimited(seconds) } : {}) }, rateLimitRules);
      if (waitMs > 0) await clock.sleep(waitMs, callerSignal);
      notify(observer, 'onRetry', { upstream: upstream.name, reason: 'rate-limited' });
    }
  };

  // Tracing: a span around each call, only when a tracer is given (else the plain function).
  const { tracer } = options;
  const tracedFetch: UpstreamFetch | undefined =
    tracer === undefined ? undefined : (url, init, context, info) => tracer.traceCall((init?.method ?? 'GET').toUpperCase(), (call) => transportFetch(url, init, context, info, call));

  return { fetch: tracedFetch ?? transportFetch, close: () => budget.close() };
}

export type { AuthSettings };
