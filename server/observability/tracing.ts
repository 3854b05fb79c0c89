/**
 * OpenTelemetry tracing, off unless an OTLP endpoint is configured. When off, nothing here is
 * created: no provider, no context manager, no per-request work (the gateway checks
 * `readTracingOptions(env) === undefined` once at start).
 *
 * When on: spans go to an OTLP/HTTP collector as JSON (BatchSpanProcessor), contexts live in this
 * instance's own AsyncLocalStorage (nothing is registered with the global OTel API, so several
 * gateways in one process never share state), and W3C trace context is read from callers and
 * written to upstreams. `useTracing` (use-tracing.ts) makes the HTTP request and canonical resolver
 * spans; `upstreamTracer` is the transport's hook (sources/transport/create-transport.ts).
 *
 * Nothing recorded carries a credential, a header value, query text, variables or a URL query string.
 */
import { type Context, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type TextMapGetter, type TextMapSetter, type Tracer, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { ConfigError } from '../../sources/config/types.ts';
import { type Env, readBoolean, readString } from '../../sources/config/env-values.ts';
import type { UpstreamCallTrace, UpstreamTracer } from '../../sources/transport/create-transport.ts';

export const DEFAULT_SERVICE_NAME = 'atlassian-mesh';

/** Our own attributes (no semantic convention covers them). */
export const ATTR_UPSTREAM_NAME = 'upstream.name';
/** Exchanges made for the call (1 unless 429/401 retries happened). */
export const ATTR_UPSTREAM_ATTEMPT = 'upstream.attempt';
/** 429 answers the call got. */
export const ATTR_UPSTREAM_RATE_LIMITED = 'upstream.rate_limited_count';
/** Seconds the upstream's 429 answers asked the call to wait, summed. */
export const ATTR_UPSTREAM_RATE_LIMIT_WAIT = 'upstream.rate_limit_wait_seconds';
/** Seconds the local budget held the call back, summed. */
export const ATTR_UPSTREAM_BUDGET_WAIT = 'upstream.budget_wait_seconds';

export interface TracingOptions {
  /** Where spans are POSTed (OTLP/HTTP JSON), e.g. http://otel-collector:4318/v1/traces. */
  tracesUrl: string;
  /** `service.name` of the resource (OTEL_SERVICE_NAME). */
  serviceName: string;
  /** Further resource attributes (OTEL_RESOURCE_ATTRIBUTES). */
  resourceAttributes: Record<string, string>;
  /** Replaces the OTLP exporter (tests). */
  exporter?: SpanExporter;
}

/**
 * The tracing settings, or undefined when tracing is off (no OTLP endpoint, OTEL_SDK_DISABLED=true
 * or OTEL_TRACES_EXPORTER=none). Headers, timeout, compression and TLS files for the collector
 * (OTEL_EXPORTER_OTLP_HEADERS, ..._TIMEOUT, ..._COMPRESSION, ...) and the sampler
 * (OTEL_TRACES_SAMPLER, default parentbased_always_on) and batch settings (OTEL_BSP_*) are read by
 * the OpenTelemetry SDK itself from the process environment.
 */
export function readTracingOptions(env: Env): TracingOptions | undefined {
  if (readBoolean(env, 'OTEL_SDK_DISABLED', false)) return undefined;
  const exporter = readString(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase();
  if (exporter === 'none') return undefined;
  if (exporter !== undefined && exporter !== 'otlp') throw new ConfigError('OTEL_TRACES_EXPORTER must be otlp or none (spans are exported over OTLP/HTTP only).');
  const specific = readString(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const general = readString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (specific === undefined && general === undefined) return undefined;
  // As the OTLP specification says: the signal endpoint is used as is, the general one gets /v1/traces.
  const tracesUrl =
    specific !== undefined
      ? checkCollectorUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific)
      : `${checkCollectorUrl('OTEL_EXPORTER_OTLP_ENDPOINT', general!).replace(/\/+$/, '')}/v1/traces`;
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const protocol = readString(env, name);
    // OTLP/HTTP collectors take JSON and protobuf on the same endpoint; gRPC is another port and protocol.
    if (protocol !== undefined && protocol !== 'http/json' && protocol !== 'http/protobuf') {
      throw new ConfigError(`${name} must be http/json or http/protobuf (the gateway exports OTLP/HTTP with JSON bodies; gRPC is not supported).`);
    }
  }
  return {
    tracesUrl,
    serviceName: readString(env, 'OTEL_SERVICE_NAME') ?? DEFAULT_SERVICE_NAME,
    resourceAttributes: readResourceAttributes(env, 'OTEL_RESOURCE_ATTRIBUTES'),
  };
}

function checkCollectorUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL (expected e.g. http://otel-collector:4318).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name} must be an http:// or https:// URL (OTLP/HTTP).`);
  if (url.username !== '' || url.password !== '') throw new ConfigError(`${name} must not contain a user name or password (use OTEL_EXPORTER_OTLP_HEADERS).`);
  return url.href;
}

/** `key=value,key2=value2`, values percent-decoded (the OTel format). */
function readResourceAttributes(env: Env, name: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const value = readString(env, name);
  if (value === undefined) return attributes;
  for (const [index, pair] of value.split(',').entries()) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    let decoded: string | undefined;
    try {
      decoded = at > 0 ? decodeURIComponent(pair.slice(at + 1).trim()) : undefined;
    } catch {
      decoded = undefined;
    }
    if (key === '' || decoded === undefined) throw new ConfigError(`${name}: entry ${index + 1} is not key=value (values percent-encoded).`);
    attributes[key] = decoded;
  }
  return attributes;
}

export interface Tracing {
  readonly tracer: Tracer;
  /** The active context (this instance's AsyncLocalStorage, not the global OTel API). */
  active(): Context;
  /** Runs `fn` with `context` active, for everything it starts (synchronously or not). */
  with<T>(context: Context, fn: () => T): T;
  /** The caller's trace context from W3C traceparent/tracestate, or the root context. */
  extract(headers: Headers): Context;
  /** Writes traceparent/tracestate for the span of `context` into `headers`. */
  inject(context: Context, headers: Headers): void;
  /** The transport's hook: `createTransport({ tracer: tracing.upstreamTracer })` (server/start-gateway.ts). */
  readonly upstreamTracer: UpstreamTracer;
  /** Exports every finished span now. */
  flush(): Promise<void>;
  /** Exports what is left and stops (gateway close). */
  shutdown(): Promise<void>;
}

const HEADERS_GETTER: TextMapGetter<Headers> = {
  get: (carrier, key) => carrier.get(key) ?? undefined,
  keys: (carrier) => [...carrier.keys()],
};
const HEADERS_SETTER: TextMapSetter<Headers> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

export function createTracing(options: TracingOptions): Tracing {
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: options.tracesUrl });
  const provider = new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ ...options.resourceAttributes, [ATTR_SERVICE_NAME]: options.serviceName })),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('atlassian-mesh-gateway');
  const contexts = new AsyncLocalStorageContextManager().enable();
  const propagator = new W3CTraceContextPropagator();
  let closed: Promise<void> | undefined;
  return {
    tracer,
    active: () => contexts.active(),
    with: (context, fn) => contexts.with(context, fn),
    extract: (headers) => propagator.extract(ROOT_CONTEXT, headers, HEADERS_GETTER),
    inject: (context, headers) => propagator.inject(context, headers, HEADERS_SETTER),
    upstreamTracer: createUpstreamTracer(tracer, contexts, propagator),
    flush: () => provider.forceFlush(),
    shutdown() {
      closed ??= provider.shutdown().finally(() => contexts.disable());
      return closed;
    },
  };
}

/**
 * A short, safe name for what went wrong: a GraphQL error's `extensions.code` (the transport's
 * errors all have one), else an Error class name such as AbortError, else `_OTHER`. Never a message.
 */
export function errorCode(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | null | undefined)?.extensions?.code;
  if (typeof code === 'string' && SAFE_CODE.test(code)) return code;
  const name = error instanceof Error ? error.name : undefined;
  if (name !== undefined && /^[A-Za-z]{1,64}Error$/.test(name)) return name;
  return '_OTHER';
}

const SAFE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Marks a span failed with a code only (messages may quote caller input). */
export function recordFailure(span: Span, code: string): void {
  span.setAttribute(ATTR_ERROR_TYPE, code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}

/** One CLIENT span per transport call (retries are events on it), parented by the active span. */
function createUpstreamTracer(tracer: Tracer, contexts: AsyncLocalStorageContextManager, propagator: W3CTraceContextPropagator): UpstreamTracer {
  return {
    traceCall(method, run) {
      const parent = contexts.active();
      // Named by the method alone, as the HTTP semantic conventions say without a URL template.
      const span = tracer.startSpan(method, { kind: SpanKind.CLIENT, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method } }, parent);
      const spanContext = trace.setSpan(parent, span);
      let attempts = 0;
      let rateLimited = 0;
      let rateLimitWaitSeconds = 0;
      let budgetWaitSeconds = 0;
      const call: UpstreamCallTrace = {
        target(upstream, url) {
          span.setAttributes({
            [ATTR_UPSTREAM_NAME]: upstream,
            // Origin and path only: never the query string (JQL, cursors) or a user name.
            [ATTR_URL_FULL]: `${url.origin}${url.pathname}`,
            [ATTR_SERVER_ADDRESS]: url.hostname,
            [ATTR_SERVER_PORT]: url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
          });
        },
        inject(headers) {
          propagator.inject(spanContext, headers, HEADERS_SETTER);
        },
        attempt(event) {
          attempts = Math.max(attempts, event.attempt);
          span.addEvent('upstream.attempt', {
            [ATTR_UPSTREAM_ATTEMPT]: event.attempt,
            ...(event.status !== null ? { [ATTR_HTTP_RESPONSE_STATUS_CODE]: event.status } : { [ATTR_ERROR_TYPE]: event.outcome }),
          });
        },
        rateLimited(waitSeconds) {
          rateLimited++;
          if (waitSeconds !== null && waitSeconds > 0) rateLimitWaitSeconds += waitSeconds;
          span.addEvent('upstream.rate_limited', waitSeconds !== null ? { [ATTR_UPSTREAM_RATE_LIMIT_WAIT]: waitSeconds } : {});
        },
        budgetWait(waitMs) {
          budgetWaitSeconds += waitMs / 1000;
          span.addEvent('upstream.budget_wait', { [ATTR_UPSTREAM_BUDGET_WAIT]: waitMs / 1000 });
        },
      };
      const finish = (status: number | undefined, error: unknown): void => {
        if (attempts > 0) span.setAttribute(ATTR_UPSTREAM_ATTEMPT, attempts);
        if (attempts > 1) span.setAttribute(ATTR_HTTP_REQUEST_RESEND_COUNT, attempts - 1);
        if (rateLimited > 0) span.setAttributes({ [ATTR_UPSTREAM_RATE_LIMITED]: rateLimited, [ATTR_UPSTREAM_RATE_LIMIT_WAIT]: rateLimitWaitSeconds });
        if (budgetWaitSeconds > 0) span.setAttribute(ATTR_UPSTREAM_BUDGET_WAIT, budgetWaitSeconds);
        if (status !== undefined) {
          span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
          if (status >= 400) recordFailure(span, String(status));
        } else {
          recordFailure(span, errorCode(error));
        }
        span.end();
      };
      let pending: Promise<Response>;
      try {
        pending = contexts.with(spanContext, run, undefined, call);
      } catch (error) {
        finish(undefined, error);
        throw error;
      }
      return pending.then(
        (response) => {
          finish(response.status, undefined);
          return response;
        },
        (error: unknown) => {
          finish(undefined, error);
          throw error;
        },
      );
    },
  };
}
