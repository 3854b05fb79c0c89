/**
 * The one way the gateway talks to an upstream. Every call: refuse URLs outside the configured
 * upstreams, attach the right credential, add X-ExperimentalApi for AGG, take the local budget,
 * apply the per-upstream timeout, refresh OAuth once on 401, and retry 429s by the seed's rules
 * (only 429, never 5xx; wait until the reset time unless it exceeds the cap).
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { AuthSettings, GatewaySettings, UpstreamName, UpstreamSettings } from '../config/types.ts';
import { createSettingsLogger } from '../logging/index.ts';
import type { Logger } from '../logging/logger.ts';
import { type Clock, systemClock } from './clock.ts';
import { callerCredential, type RequestCredential, serverCredential } from './credentials.ts';
import { RateLimitError, type RateLimitReason, type RefusedUrlSource, UnauthenticatedError, UnsafeUpstreamPathError, UpstreamNotAllowedError, UpstreamRedirectError, UpstreamTimeoutError, UpstreamUnavailableError } from './errors.ts';
import { mergeExperimentalApis } from './experimental-apis.ts';
import { withRepeatedHeaderLines } from './repeated-header-fetch.ts';
import { type AccessTokenProvider, OAuthRefreshTokenProvider, type OAuthRefreshAuth, networkCause } from './oauth-token-provider.ts';
import { type BodyOrigin, guardBody, readGuardedBody } from './guard-body.ts';
import { toReplayableBody } from './replayable-body.ts';
import { type CallerRequest, copyHeaders, readCallerRequest } from './request-context.ts';
import { type RetryAtResult, parseRetryAt } from './retry-after.ts';
import { TIMEOUT_VARIABLES, UPSTREAM_LABELS, describeEndpoint, isAtlassianUpstream, matchUpstream, rawPathProblem } from './upstreams.ts';
import type { BudgetStore } from './budget/budget-store.ts';
import { createCostEstimator } from './budget/cost.ts';
import { MemoryBudgetStore } from './budget/memory-budget-store.ts';
import { RedisBudgetStore } from './budget/redis-budget-store.ts';
import { takeBudget } from './budget/take-budget.ts';
import { GraphQLError, Kind, valueFromASTUntyped, type ArgumentNode } from 'graphql';
import { notify, type TransportObserver, type UpstreamCallEvent } from './observer.ts';
import { createInFlightDeduper } from './in-flight.ts';
import { type Deadline, startDeadline } from './deadline.ts';

/** Mesh's customFetch signature; resolvers receive the same function as `deps.fetch`. */
export type UpstreamFetch = (
  url: string,
  init?: RequestInit,
  context?: unknown,
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
  /** Tracing of upstream calls (scripts/gateway/observability/tracing.ts); absent: no tracing work at all. */
  tracer?: UpstreamTracer;
}

// ---- Tracing hooks: implemented in scripts/gateway/observability/tracing.ts ----

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

/** Budget store failures are logged at most this often; the call then goes ahead unthrottled. */
const STORE_WARNING_INTERVAL_MS = 60_000;

export function createTransport(options: TransportOptions): Transport {
  const { settings } = options;
  const clock = options.clock ?? systemClock;
  // Several X-ExperimentalApi opt-ins go out as separate header lines, as the seed's client sends them.
  const fetchImpl = options.fetchImpl ?? withRepeatedHeaderLines(globalThis.fetch);
  const logger = options.logger ?? createSettingsLogger(settings).logger;
  const estimateCost = createCostEstimator(settings.budget);
  const { observer } = options;
  const deduper = options.dedupeInFlight === true ? createInFlightDeduper() : undefined;
  const providers = new Map<string, AccessTokenProvider>();
  let budgetStore = options.budgetStore;
  let ownsBudgetStore = false;
  let lastStoreWarningMs = Number.NEGATIVE_INFINITY;

  const providerFor = (upstream: UpstreamSettings) => (auth: OAuthRefreshAuth): AccessTokenProvider => {
    if (options.tokenProvider !== undefined) return options.tokenProvider;
    const key = `${auth.tokenUrl}\n${auth.clientId}\n${auth.refreshToken}`;
    let provider = providers.get(key);
    if (provider === undefined) {
      provider = new OAuthRefreshTokenProvider({ auth, fetchImpl, clock, logger, timeoutMs: upstream.timeoutMs });
      providers.set(key, provider);
    }
    return provider;
  };

  // The server's credential for an upstream never changes: made (encoded, hashed) once, not per call.
  const serverCredentials = new Map<UpstreamSettings, RequestCredential>();
  const credentialOf = (upstream: UpstreamSettings, caller: CallerRequest): RequestCredential => {
    if (settings.forwardCallerCredentials && isAtlassianUpstream(upstream.name)) return callerCredential(upstream, caller.headers);
    // The server's credential is lent only to callers the gateway itself authenticated (or to all,
    // where the operator runs it without caller authentication); a forwarded Atlassian credential
    // proves nothing to the gateway, and is not valid for this upstream anyway.
    if (caller.callerKind === 'forwarded') {
      throw new UnauthenticatedError({
        upstream: upstream.name,
        label: UPSTREAM_LABELS[upstream.name],
        reason: `the gateway calls it with its own credential, which it lends only to callers authenticated with a gateway API key or JWT; a forwarded Atlassian credential is not valid for ${UPSTREAM_LABELS[upstream.name]}.`,
      });
    }
    let credential = serverCredentials.get(upstream);
    if (credential === undefined) {
      credential = serverCredential(upstream, providerFor(upstream));
      serverCredentials.set(upstream, credential);
    }
    return credential;
  };
  const debugEnabled = logger.isLevelEnabled('debug');

  const getBudgetStore = (): BudgetStore => {
    if (budgetStore === undefined) {
      budgetStore = settings.redisUrl !== undefined ? new RedisBudgetStore({ url: settings.redisUrl }) : new MemoryBudgetStore();
      ownsBudgetStore = true;
    }
    return budgetStore;
  };

  async function takeLocalBudget(upstream: UpstreamSettings, bucketKey: string, cost: number, logFields: Record<string, unknown>, signal: AbortSignal | undefined, call: UpstreamCallTrace | undefined): Promise<void> {
    try {
      const remaining = await takeBudget({
        store: getBudgetStore(),
        key: bucketKey,
        cost,
        limits: { capacity: settings.budget.capacity, refillPerSecond: settings.budget.refillPerSecond },
        clock,
        maxWaitSeconds: settings.maxWaitSeconds,
        upstream: { upstream: upstream.name, label: UPSTREAM_LABELS[upstream.name] },
        ...(signal !== undefined ? { signal } : {}),
        onWait: (waitMs) => {
          logger.info('local budget exhausted; waiting for refill', { ...logFields, cost, waitSeconds: waitMs / 1000 });
          call?.budgetWait(waitMs);
        },
      });
      if (remaining !== undefined) notify(observer, 'onBudget', { upstream: upstream.name, remaining });
    } catch (error) {
      if (error instanceof GraphQLError || signal?.aborted) throw error;
      // The local budget is best-effort; an unreachable store must not take the gateway down.
      if (clock.now() - lastStoreWarningMs >= STORE_WARNING_INTERVAL_MS) {
        lastStoreWarningMs = clock.now();
        logger.warn('local budget store failed; sending without local throttling', { ...logFields, error });
      }
    }
  }

  /**
   * One exchange with the upstream under the per-upstream timeout. The timeout is a timer cleared
   * as soon as the exchange is over (AbortSignal.timeout, plus AbortSignal.any for the caller's
   * signal, kept a timer and two signals alive per call for the whole timeout). A body shared by
   * in-flight deduplication is read whole inside the exchange, so the timer ends with the exchange.
   */
  async function send(upstream: UpstreamSettings, target: URL, init: RequestInit & { headers: Headers }, callerSignal: AbortSignal | undefined, attempt: number, secrets: readonly Buffer[], call: UpstreamCallTrace | undefined): Promise<{ response: Response; deadline: Deadline }> {
    const deadline = startDeadline(upstream.timeoutMs, callerSignal);
    const { signal } = deadline;
    const method = init.method ?? 'GET';
    const started = performance.now();
    const observe = (status: number | null, outcome: 'response' | 'timeout' | 'unavailable') => {
      const event: UpstreamCallEvent = { upstream: upstream.name, method, status, outcome, durationMs: performance.now() - started, attempt };
      notify(observer, 'onUpstreamCall', event);
      call?.attempt(event);
    };
    try {
      // Redirects are never followed (see UpstreamRedirectError). Every body is bounded and scrubbed:
      // read whole when shared between identical reads, else as it streams (the timeout ends with it).
      const origin: BodyOrigin = { upstream: upstream.name, origin: target.origin, timeoutMs: upstream.timeoutMs, maxBytes: upstream.maxBodyBytes, secrets };
      const exchange = () => {
        // Trace context is added here, after the in-flight key was taken: it differs per call and
        // must not keep identical reads apart.
        call?.inject(init.headers);
        return fetchImpl(target.href, { ...init, signal, redirect: 'manual' });
      };
      if (deduper === undefined) {
        const response = await exchange();
        observe(response.status, 'response');
        return { response: guardBody(response, origin, deadline.clear), deadline };
      }
      const { response, shared, buffered } = await deduper.run({ url: target, method, headers: init.headers, body: init.body }, exchange, (answer) => readGuardedBody(answer, origin));
      if (shared) notify(observer, 'onDeduplicated', { upstream: upstream.name });
      else observe(response.status, 'response');
      if (buffered) {
        deadline.clear();
        return { response, deadline };
      }
      return { response: guardBody(response, origin, deadline.clear), deadline };
    } catch (error) {
      deadline.clear();
      if (callerSignal?.aborted) throw error;
      const label = UPSTREAM_LABELS[upstream.name];
      if (deadline.timedOut()) {
        observe(null, 'timeout');
        throw new UpstreamTimeoutError({ upstream: upstream.name, label, timeoutMs: upstream.timeoutMs, timeoutVariable: TIMEOUT_VARIABLES[upstream.name] });
      }
      if (error instanceof GraphQLError) throw error;
      observe(null, 'unavailable');
      throw new UpstreamUnavailableError({ upstream: upstream.name, label, origin: target.origin, cause: networkCause(error) });
    }
  }

  function buildHeaders(initHeaders: unknown, authHeaders: Record<string, string>, upstream: UpstreamSettings, caller: CallerRequest): Headers {
    const headers = copyHeaders(initHeaders) ?? new Headers();
    // The transport owns credentials: nothing configured elsewhere may replace or leak them.
    headers.delete('authorization');
    headers.delete('cookie');
    for (const [name, value] of Object.entries(authHeaders)) headers.set(name, value);
    // The caller's request id (the gateway sets one on every request) lets upstream logs be joined to ours.
    if (caller.requestId !== undefined) headers.set('x-request-id', caller.requestId);
    if (upstream.name === 'agg') {
      const apis = mergeExperimentalApis(settings.experimentalApis, headers.get('x-experimentalapi'), caller.headers.get('x-experimentalapi'));
      headers.delete('x-experimentalapi');
      for (const api of apis) headers.append('x-experimentalapi', api);
    }
    return headers;
  }

  const transportFetch = async (url: string, init: RequestInit = {}, context?: unknown, info?: GraphQLResolveInfo, call?: UpstreamCallTrace): Promise<Response> => {
    const raw = String(url);
    let target: URL;
    try {
      target = new URL(raw);
    } catch {
      throw new UpstreamNotAllowedError('an invalid URL');
    }
    // Checked on the string as written: `new URL` has already resolved `..` and `%2e%2e`.
    const problem = rawPathProblem(raw, target);
    if (problem !== undefined) {
      const rawPath = raw.replace(/^[^:]*:\/\/[^/?#]*/, '').replace(/[?#].*$/s, '');
      logger.warn('refused an upstream URL whose path is not what it seems', { origin: target.origin, reason: problem });
      throw new UnsafeUpstreamPathError(rawPath, problem, refusedUrlSource(info, rawPath));
    }
    const match = matchUpstream(target, settings.upstreams);
    if (match === undefined) {
      logger.warn('refused a URL outside the configured upstreams', { endpoint: describeEndpoint(target) });
      throw new UpstreamNotAllowedError(describeEndpoint(target), refusedUrlSource(info, target.pathname));
    }
    const { upstream, relativePath } = match;
    call?.target(upstream.name, target);
    const caller = readCallerRequest(context, info);
    const method = (init.method ?? 'GET').toUpperCase();
    const body = await toReplayableBody(init.body);
    const upstreamOperation = graphqlOperationName(body);
    const endpoint = describeEndpoint(target);
    const logFields = {
      upstream: upstream.name,
      endpoint,
      method,
      ...(caller.operationName !== undefined ? { operationName: caller.operationName } : {}),
      ...(upstreamOperation !== undefined ? { upstreamOperationName: upstreamOperation } : {}),
      ...(caller.requestId !== undefined ? { requestId: caller.requestId } : {}),
    };
    const credential = credentialOf(upstream, caller);
    const cost = estimateCost({
      operationNames: [caller.operationName, upstreamOperation].filter((name): name is string => name !== undefined),
      method,
      relativePath,
    });
    const callerSignal = init.signal ?? undefined;

    let rateLimited = 0;
    let refreshedAfter401 = false;
    let refreshedToken: string | undefined;
    for (let attempt = 1; ; attempt++) {
      if (settings.budget.enabled) await takeLocalBudget(upstream, credential.bucketKey, cost, logFields, callerSignal, call);
      const { headers: authHeaders, bearerToken } = await credential.headers(refreshedToken);
      const started = performance.now();
      const { response, deadline } = await send(upstream, target, { ...init, method, headers: buildHeaders(init.headers, authHeaders, upstream, caller), ...(body !== undefined ? { body } : {}) }, callerSignal, attempt, secretForms(authHeaders), call);
      if (debugEnabled) logger.debug('upstream response', { ...logFields, status: response.status, attempt, durationMs: Math.round(performance.now() - started) });

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
      const now = clock.now();
      const retryAt = parseRetryAt(response.headers, now);
      const requestIds = await readRequestIds(response);
      deadline.clear();
      logRetryAtParsing(logger, retryAt, logFields);
      const waitMs = retryAt.ok ? retryAt.retryAtMs - now : null;
      const retryAtIso = retryAt.ok ? new Date(retryAt.retryAtMs).toISOString() : null;
      const waitSeconds = waitMs === null ? null : Math.round(waitMs) / 1000;
      notify(observer, 'onRateLimited', { upstream: upstream.name, waitSeconds });
      call?.rateLimited(waitSeconds);
      logger.warn('upstream rate limited the request (HTTP 429)', {
        ...logFields,
        attempt: rateLimited,
        resetAt: retryAtIso,
        waitSeconds,
        ...requestIds,
      });
      const fail = (reason: RateLimitReason): never => {
        throw new RateLimitError({
          upstream: upstream.name,
          label: UPSTREAM_LABELS[upstream.name],
          reason,
          retryAt: retryAtIso,
          waitSeconds,
          maxWaitSeconds: settings.maxWaitSeconds,
          attempts: rateLimited,
          header: retryAt.header,
          rawHeader: retryAt.raw,
        });
      };
      if (!retryAt.ok) fail(retryAt.raw === null ? 'missing-header' : 'unparseable');
      if (rateLimited > settings.maxRetries429) fail('retries-exhausted');
      if (waitMs !== null && waitMs > settings.maxWaitSeconds * 1000) fail('wait-exceeds-cap');
      if (waitMs !== null && waitMs > 0) await clock.sleep(waitMs, callerSignal);
      notify(observer, 'onRetry', { upstream: upstream.name, reason: 'rate-limited' });
    }
  };

  // Tracing: a span around each call, only when a tracer is given (else the plain function).
  const { tracer } = options;
  const tracedFetch: UpstreamFetch | undefined =
    tracer === undefined ? undefined : (url, init, context, info) => tracer.traceCall((init?.method ?? 'GET').toUpperCase(), (call) => transportFetch(url, init, context, info, call));

  return {
    fetch: tracedFetch ?? transportFetch,
    close: async () => {
      if (ownsBudgetStore && budgetStore !== undefined) await budgetStore.close();
      budgetStore = ownsBudgetStore ? undefined : budgetStore;
    },
  };
}

/**
 * The field and arguments whose values appear in a refused path, so the error names what the
 * caller sent rather than only the URL Mesh or a resolver built from it.
 */
function refusedUrlSource(info: GraphQLResolveInfo | undefined, path: string): RefusedUrlSource | undefined {
  const fieldNode = info?.fieldNodes?.[0];
  if (fieldNode === undefined) return undefined;
  const valueOf = (argument: ArgumentNode): unknown =>
    argument.value.kind === Kind.VARIABLE ? info?.variableValues?.[argument.value.name.value] : valueFromASTUntyped(argument.value);
  const names = (fieldNode.arguments ?? [])
    .filter((argument) => {
      const value = valueOf(argument);
      if (typeof value !== 'string' && typeof value !== 'number') return false;
      const text = String(value);
      return text !== '' && (path.includes(text) || path.includes(encodeURIComponent(text)));
    })
    .map((argument) => argument.name.value);
  return { field: info?.fieldName, arguments: names };
}

function logRetryAtParsing(logger: Logger, retryAt: RetryAtResult, logFields: Record<string, unknown>): void {
  if (retryAt.ok) {
    logger.debug('rate-limit reset header parsed', { ...logFields, header: retryAt.header, parser: retryAt.parser, format: retryAt.format });
  } else {
    logger.debug('rate-limit reset header not parsed', { ...logFields, header: retryAt.header, present: retryAt.raw !== null });
  }
}

/** The operationName of a GraphQL request body (AGG, todo.sr.ht), for costs and logs. */
function graphqlOperationName(body: RequestInit['body'] | undefined): string | undefined {
  if (typeof body !== 'string' || !body.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    const name = typeof parsed === 'object' && parsed !== null ? (parsed as { operationName?: unknown }).operationName : undefined;
    return typeof name === 'string' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

const SAFE_ID = /^[\w.:-]{1,128}$/;

/** AGG puts `request_id` in the response `extensions`; Jira REST has trace headers instead. */
async function readRequestIds(response: Response): Promise<{ requestId?: string; traceId?: string }> {
  const result: { requestId?: string; traceId?: string } = {};
  const trace = response.headers.get('atl-traceid') ?? response.headers.get('x-arequestid');
  if (trace !== null && SAFE_ID.test(trace)) result.traceId = trace;
  let text: string;
  try {
    text = await response.text();
  } catch {
    return result;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return result;
  }
  const candidates: unknown[] = [];
  if (typeof parsed === 'object' && parsed !== null) {
    const body = parsed as { extensions?: unknown; errors?: unknown };
    candidates.push(body.extensions);
    if (Array.isArray(body.errors)) for (const error of body.errors) candidates.push((error as { extensions?: unknown } | null)?.extensions);
  }
  for (const extensions of candidates) {
    if (typeof extensions !== 'object' || extensions === null) continue;
    const id = (extensions as Record<string, unknown>).request_id ?? (extensions as Record<string, unknown>).requestId;
    if (typeof id === 'string' && SAFE_ID.test(id)) {
      result.requestId = id;
      break;
    }
  }
  return result;
}

/** 3xx with a Location (304 Not Modified is an answer, not a redirect). */
function isRedirect(response: Response): boolean {
  return response.status >= 300 && response.status < 400 && response.status !== 304 && response.headers.has('location');
}

/**
 * The forms in which the credential a call was sent with could come back in its answer: the
 * header values and what they carry (a Bearer token, a Basic pair and its token, cookie values).
 * Remembered per header set, since the same few credentials are sent over and over.
 */
const secretFormsCache = new Map<string, Buffer[]>();
const MAX_SECRET_FORM_SETS = 256;
/** Short values would scrub ordinary words; real credentials are far longer. */
const MIN_SECRET_LENGTH = 8;

export function secretForms(authHeaders: Record<string, string>): Buffer[] {
  const values = Object.values(authHeaders);
  if (values.length === 0) return [];
  const key = values.join('\n');
  let forms = secretFormsCache.get(key);
  if (forms !== undefined) return forms;
  const strings = new Set<string>();
  for (const [name, value] of Object.entries(authHeaders)) {
    if (name === 'cookie') {
      for (const pair of value.split(';')) strings.add(pair.slice(pair.indexOf('=') + 1).trim());
      continue;
    }
    const scheme = /^(Bearer|Basic)\s+(\S+)$/i.exec(value);
    const credential = scheme?.[2] ?? value;
    strings.add(credential);
    if (scheme?.[1]?.toLowerCase() === 'basic') {
      const pair = Buffer.from(credential, 'base64').toString('utf8');
      strings.add(pair);
      strings.add(pair.slice(pair.indexOf(':') + 1));
    }
  }
  forms = [...strings]
    .filter((form) => form.length >= MIN_SECRET_LENGTH)
    .flatMap((form) => [form, encodeURIComponent(form)])
    .filter((form, index, all) => all.indexOf(form) === index)
    .map((form) => Buffer.from(form));
  if (secretFormsCache.size >= MAX_SECRET_FORM_SETS) secretFormsCache.delete(secretFormsCache.keys().next().value as string);
  secretFormsCache.set(key, forms);
  return forms;
}

async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already consumed or closed.
  }
}

export type { AuthSettings };
