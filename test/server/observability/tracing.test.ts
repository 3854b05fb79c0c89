/**
 * OpenTelemetry tracing (server/observability/tracing.ts, use-tracing.ts and the
 * transport's hook), checked through what a collector receives: a local OTLP/HTTP receiver
 * decoding the JSON the exporter sends. Nothing here measures time: spans are polled for until
 * they arrive (or a generous deadline passes).
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { createTransport } from '../../../sources/transport/create-transport.ts';
import { ConfigError } from '../../../sources/config/types.ts';
import { createTracing, readTracingOptions, type Tracing } from '../../../server/observability/tracing.ts';
import { useTracing } from '../../../server/plugins/use-tracing.ts';
import { startSandbox, type RunningSandbox } from '../../../scripts/sandbox/index.ts';
import { postGraphQL, startGatewayProcess, type GatewayProcess } from '../../support/gateway-process.ts';
import { FakeClock, captureLogger, json, makeSettings, serversClosedAfterEach } from '../../sources/transport/helpers.ts';

// ---------------------------------------------------------------------------------------------
// A local OTLP/HTTP (JSON) receiver

type AttributeValue = string | number | boolean | AttributeValue[] | null;

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, AttributeValue>;
  events: Array<{ name: string; attributes: Record<string, AttributeValue> }>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  resource: Record<string, AttributeValue>;
}

const KIND = { internal: 1, server: 2, client: 3 } as const;
const STATUS_ERROR = 2;

interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}
interface OtlpAnyValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpAnyValue[] };
}
interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpKeyValue[];
        events?: Array<{ name: string; attributes?: OtlpKeyValue[] }>;
        status?: { code?: number; message?: string };
      }>;
    }>;
  }>;
}

function anyValue(value: OtlpAnyValue): AttributeValue {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(anyValue);
  return null;
}

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, anyValue(value)]));
}

interface OtlpReceiver {
  /** Base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it (spans arrive at /v1/traces). */
  url: string;
  spans: ReceivedSpan[];
  /** Raw bodies received, for searches that must find nothing. */
  bodies: string[];
  /** Paths the exporter posted to. */
  paths: string[];
  close(): Promise<void>;
}

async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const bodies: string[] = [];
  const paths: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      paths.push(req.url ?? '');
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      const text = raw.toString('utf8');
      bodies.push(text);
      const payload = JSON.parse(text) as OtlpExport;
      for (const resourceSpans of payload.resourceSpans ?? []) {
        const resource = attributesOf(resourceSpans.resource?.attributes);
        for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
          for (const span of scopeSpans.spans ?? []) {
            spans.push({
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId === undefined || span.parentSpanId === '' ? undefined : span.parentSpanId,
              name: span.name,
              kind: span.kind,
              attributes: attributesOf(span.attributes),
              events: (span.events ?? []).map((event) => ({ name: event.name, attributes: attributesOf(event.attributes) })),
              status: { code: span.status?.code ?? 0, ...(span.status?.message !== undefined ? { message: span.status.message } : {}) },
              resource,
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    bodies,
    paths,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/** Polls until `ready(spans)` holds; fails with what arrived when the deadline passes. */
async function waitForSpans(receiver: OtlpReceiver, ready: (spans: ReceivedSpan[]) => boolean, timeoutMs = 60_000): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + timeoutMs;
  while (!ready(receiver.spans)) {
    if (Date.now() > deadline) throw new Error(`expected spans did not arrive; received: ${JSON.stringify(receiver.spans.map((span) => [span.name, span.attributes]))}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
  return receiver.spans;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

function parseTraceparent(value: string | string[] | undefined): { traceId: string; parentId: string } | undefined {
  const match = typeof value === 'string' ? TRACEPARENT.exec(value) : null;
  return match === null ? undefined : { traceId: match[1]!, parentId: match[2]! };
}

/** An incoming W3C trace context, as a caller in another service would send it. */
function callerTraceContext(): { traceparent: string; traceId: string; parentId: string } {
  const hex = (bytes: number) => [...crypto.getRandomValues(new Uint8Array(bytes))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  const traceId = hex(16);
  const parentId = hex(8);
  return { traceparent: `00-${traceId}-${parentId}-01`, traceId, parentId };
}

// ---------------------------------------------------------------------------------------------

describe('readTracingOptions', () => {
  it('is off (undefined) without an OTLP endpoint', () => {
    expect(readTracingOptions({})).toBeUndefined();
    expect(readTracingOptions({ OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBeUndefined();
  });

  it('appends /v1/traces to the general endpoint and takes the traces endpoint as is', () => {
    expect(readTracingOptions({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      serviceName: 'atlassian-mesh',
      resourceAttributes: {},
    });
    expect(
      readTracingOptions({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example.com/otlp/traces',
        OTEL_SERVICE_NAME: 'gateway-eu',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,team=dev%20health',
      }),
    ).toEqual({ tracesUrl: 'https://collector.example.com/otlp/traces', serviceName: 'gateway-eu', resourceAttributes: { 'deployment.environment.name': 'prod', team: 'dev health' } });
  });

  it('is off when the SDK is disabled or the exporter is none', () => {
    expect(readTracingOptions({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(readTracingOptions({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });

  it('refuses what it cannot honour with a one-line ConfigError naming the variable, never the value', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url secret-token' }, /^OTEL_EXPORTER_OTLP_ENDPOINT is not a valid URL/],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /^OTEL_EXPORTER_OTLP_ENDPOINT must be an http/],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:secret-token@collector:4318' }, /^OTEL_EXPORTER_OTLP_ENDPOINT must not contain a user name or password/],
      [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://collector/secret-token' }, /^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http/],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /^OTEL_EXPORTER_OTLP_PROTOCOL must be http\/json or http\/protobuf/],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'zipkin' }, /^OTEL_TRACES_EXPORTER must be otlp or none/],
      [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_RESOURCE_ATTRIBUTES: 'a=1,secret-token' }, /^OTEL_RESOURCE_ATTRIBUTES: entry 2 is not key=value/],
    ];
    for (const [env, message] of cases) {
      let thrown: unknown;
      try {
        readTracingOptions(env);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toContain('secret-token');
      expect((thrown as Error).message).not.toContain('\n');
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('upstream spans (transport with a fake upstream)', () => {
  const startUpstream = serversClosedAfterEach();
  let receiver: OtlpReceiver;
  let tracing: Tracing;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = createTracing({ tracesUrl: `${receiver.url}/v1/traces`, serviceName: 'tracing-test', resourceAttributes: { 'deployment.environment.name': 'test' } });
  });
  afterAll(async () => {
    await tracing.shutdown();
    await receiver.close();
  });
  afterEach(() => {
    receiver.spans.length = 0;
  });

  const API_TOKEN = 'TRACING-TEST-API-TOKEN-0123456789';
  const credentials = { auth: { kind: 'basic' as const, email: 'tracer@example.com', apiToken: API_TOKEN } };

  it('makes one CLIENT span per call, child of the caller context, and sends traceparent/tracestate continuing it', async () => {
    const upstream = await startUpstream((_, response) => json(response, 200, { issues: [] }));
    const transport = createTransport({ settings: makeSettings(upstream.url, credentials), clock: new FakeClock(), logger: captureLogger().logger, tracer: tracing.upstreamTracer });
    const caller = callerTraceContext();
    const incoming = tracing.extract(new Headers({ traceparent: caller.traceparent, tracestate: 'vendor=abc' }));
    const response = await tracing.with(incoming, () => transport.fetch(`${upstream.url}/rest/api/3/search/jql?jql=project%3DSECRETPROJECT&maxResults=2`));
    expect(response.status).toBe(200);
    await response.text();

    const sent = parseTraceparent(upstream.requests[0]!.headers.traceparent);
    expect(sent?.traceId).toBe(caller.traceId);
    expect(upstream.requests[0]!.headers.tracestate).toBe('vendor=abc');

    await tracing.flush();
    const spans = await waitForSpans(receiver, (all) => all.some((span) => span.traceId === caller.traceId));
    const clientSpans = spans.filter((span) => span.traceId === caller.traceId);
    expect(clientSpans).toHaveLength(1);
    const span = clientSpans[0]!;
    expect(span).toMatchObject({ name: 'GET', kind: KIND.client, parentSpanId: caller.parentId, spanId: sent?.parentId });
    expect(span.attributes).toMatchObject({
      'upstream.name': 'jira',
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'url.full': `${upstream.url}/rest/api/3/search/jql`,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(upstream.url).port),
      'upstream.attempt': 1,
    });
    expect(span.attributes['http.request.resend_count']).toBeUndefined();
    expect(span.status.code).not.toBe(STATUS_ERROR);
    expect(span.resource).toMatchObject({ 'service.name': 'tracing-test', 'deployment.environment.name': 'test' });
    // Never the query string or a credential; header values are no attributes (the trace state
    // travels in the span context, as OTLP defines it, not as an attribute).
    const exported = receiver.bodies.join('\n');
    for (const secret of ['SECRETPROJECT', API_TOKEN, Buffer.from(`tracer@example.com:${API_TOKEN}`).toString('base64')]) expect(exported).not.toContain(secret);
    expect(JSON.stringify([span.attributes, span.events])).not.toContain('vendor=abc');
  });

  it('records a 429 retry on the one span: attempts, resend count, the wait asked and each attempt as an event', async () => {
    const upstream = await startUpstream((_, response, index) => {
      if (index === 0) json(response, 429, { errorMessages: ['slow down'] }, { 'retry-after': '5' });
      else json(response, 200, { ok: true });
    });
    const clock = new FakeClock();
    const transport = createTransport({ settings: makeSettings(upstream.url), clock, logger: captureLogger().logger, tracer: tracing.upstreamTracer });
    const parent = tracing.tracer.startSpan('test parent', {}, ROOT_CONTEXT);
    const response = await tracing.with(trace.setSpan(ROOT_CONTEXT, parent), () => transport.fetch(`${upstream.url}/rest/api/3/myself`));
    parent.end();
    expect(response.status).toBe(200);
    expect(clock.sleeps).toEqual([5000]);

    // Both exchanges carry the call span's context.
    const sent = upstream.requests.map((request) => parseTraceparent(request.headers.traceparent));
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual(sent[1]);
    expect(sent[0]?.traceId).toBe(parent.spanContext().traceId);

    await tracing.flush();
    const spans = await waitForSpans(receiver, (all) => all.some((span) => span.kind === KIND.client && span.traceId === parent.spanContext().traceId));
    const span = spans.find((candidate) => candidate.kind === KIND.client && candidate.traceId === parent.spanContext().traceId)!;
    expect(span.parentSpanId).toBe(parent.spanContext().spanId);
    expect(span.spanId).toBe(sent[0]?.parentId);
    expect(span.attributes).toMatchObject({
      'upstream.name': 'jira',
      'http.response.status_code': 200,
      'upstream.attempt': 2,
      'http.request.resend_count': 1,
      'upstream.rate_limited_count': 1,
      'upstream.rate_limit_wait_seconds': 5,
    });
    expect(span.events).toEqual([
      { name: 'upstream.attempt', attributes: { 'upstream.attempt': 1, 'http.response.status_code': 429 } },
      { name: 'upstream.rate_limited', attributes: { 'upstream.rate_limit_wait_seconds': 5 } },
      { name: 'upstream.attempt', attributes: { 'upstream.attempt': 2, 'http.response.status_code': 200 } },
    ]);
  });

  it('records local budget waits', async () => {
    const upstream = await startUpstream((_, response) => json(response, 200, { ok: true }));
    const clock = new FakeClock();
    const budget = { enabled: true, capacity: 2, refillPerSecond: 1, defaultCost: 2, costs: {} };
    const transport = createTransport({ settings: makeSettings(upstream.url, { budget }), clock, logger: captureLogger().logger, tracer: tracing.upstreamTracer });
    await (await transport.fetch(`${upstream.url}/rest/api/3/myself`)).text();
    await (await transport.fetch(`${upstream.url}/rest/api/3/myself`)).text();
    expect(clock.sleeps).toEqual([2000]);
    await tracing.flush();
    const spans = await waitForSpans(receiver, (all) => all.filter((span) => span.kind === KIND.client).length >= 2);
    const waited = spans.filter((span) => span.attributes['upstream.budget_wait_seconds'] !== undefined);
    expect(waited).toHaveLength(1);
    expect(waited[0]!.attributes['upstream.budget_wait_seconds']).toBe(2);
    expect(waited[0]!.events).toContainEqual({ name: 'upstream.budget_wait', attributes: { 'upstream.budget_wait_seconds': 2 } });
  });

  it('marks a failed call with its error code only', async () => {
    const upstream = await startUpstream((_, response) => json(response, 429, { errorMessages: ['no reset header, secret detail'] }));
    const transport = createTransport({ settings: makeSettings(upstream.url), clock: new FakeClock(), logger: captureLogger().logger, tracer: tracing.upstreamTracer });
    await expect(transport.fetch(`${upstream.url}/rest/api/3/myself`)).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    await tracing.flush();
    const [span] = await waitForSpans(receiver, (all) => all.some((candidate) => candidate.kind === KIND.client));
    expect(span!.status).toEqual({ code: STATUS_ERROR, message: 'RATE_LIMITED' });
    expect(span!.attributes).toMatchObject({ 'error.type': 'RATE_LIMITED', 'upstream.attempt': 1, 'upstream.rate_limited_count': 1 });
    expect(receiver.bodies.join('\n')).not.toContain('secret detail');
  });

  it('sends no trace context without a tracer, even inside an active span', async () => {
    const upstream = await startUpstream((_, response) => json(response, 200, { ok: true }));
    const transport = createTransport({ settings: makeSettings(upstream.url), clock: new FakeClock(), logger: captureLogger().logger });
    const parent = tracing.tracer.startSpan('test parent', {}, ROOT_CONTEXT);
    await tracing.with(trace.setSpan(ROOT_CONTEXT, parent), async () => (await transport.fetch(`${upstream.url}/rest/api/3/myself`)).text());
    parent.end();
    expect(upstream.requests[0]!.headers.traceparent).toBeUndefined();
    expect(upstream.requests[0]!.headers.tracestate).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------

describe('useTracing in a yoga server', () => {
  const startUpstream = serversClosedAfterEach();
  let receiver: OtlpReceiver;
  let tracing: Tracing;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = createTracing({ tracesUrl: `${receiver.url}/v1/traces`, serviceName: 'tracing-test', resourceAttributes: {} });
  });
  afterAll(async () => {
    await tracing.shutdown();
    await receiver.close();
  });
  afterEach(() => {
    receiver.spans.length = 0;
  });

  async function tracedYoga() {
    const upstream = await startUpstream((_, response) => json(response, 200, { issues: [] }));
    const transport = createTransport({ settings: makeSettings(upstream.url), clock: new FakeClock(), logger: captureLogger().logger, tracer: tracing.upstreamTracer });
    const schema = createSchema({
      typeDefs: /* GraphQL */ `
        type Query {
          jiraIssues(jql: String!): [String!]!
          agg_issue: String
          broken: String
        }
      `,
      resolvers: {
        Query: {
          jiraIssues: async (_: unknown, args: { jql: string }) => {
            const response = await transport.fetch(`${upstream.url}/rest/api/3/search/jql?jql=${encodeURIComponent(args.jql)}`);
            await response.text();
            return ['DEV-1'];
          },
          agg_issue: () => 'upstream field',
          broken: () => {
            throw new GraphQLError('broken with a secret detail', { extensions: { code: 'TEST_BROKEN' } });
          },
        },
      },
    });
    const yoga = createYoga({ schema, plugins: [useTracing({ tracing })], logging: false, maskedErrors: false });
    return { yoga, upstream };
  }

  it('continues the caller trace: request span, canonical resolver span, upstream span, error codes', async () => {
    const { yoga, upstream } = await tracedYoga();
    const caller = callerTraceContext();
    const query = 'query DevIssues($jql: String!) { jiraIssues(jql: $jql) agg_issue broken }';
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', traceparent: caller.traceparent },
      body: JSON.stringify({ query, variables: { jql: 'project = SECRETPROJECT' } }),
    });
    const body = (await response.json()) as { data: Record<string, unknown>; errors: unknown[] };
    expect(body.data).toMatchObject({ jiraIssues: ['DEV-1'], agg_issue: 'upstream field', broken: null });

    await tracing.flush();
    const spans = await waitForSpans(receiver, (all) => all.some((span) => span.kind === KIND.server && span.traceId === caller.traceId));
    const inTrace = spans.filter((span) => span.traceId === caller.traceId);
    const requestSpan = inTrace.find((span) => span.kind === KIND.server)!;
    expect(requestSpan).toMatchObject({ name: 'POST /graphql', parentSpanId: caller.parentId });
    expect(requestSpan.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'url.path': '/graphql',
      'http.response.status_code': 200,
      'graphql.operation.name': 'DevIssues',
      'graphql.operation.type': 'query',
      'graphql.error.codes': ['TEST_BROKEN'],
      'error.type': 'TEST_BROKEN',
    });
    expect(requestSpan.status.code).toBe(STATUS_ERROR);

    // Plain-named root fields get a resolver span; namespaced upstream fields do not.
    const resolverSpans = inTrace.filter((span) => span.kind === KIND.internal);
    expect(resolverSpans.map((span) => span.name).sort()).toEqual(['resolve Query.broken', 'resolve Query.jiraIssues']);
    for (const span of resolverSpans) expect(span.parentSpanId).toBe(requestSpan.spanId);
    const jiraIssues = resolverSpans.find((span) => span.name === 'resolve Query.jiraIssues')!;
    expect(jiraIssues.attributes).toMatchObject({ 'graphql.field.name': 'jiraIssues', 'graphql.field.path': 'jiraIssues', 'graphql.field.type': '[String!]!' });
    expect(resolverSpans.find((span) => span.name === 'resolve Query.broken')!.status).toEqual({ code: STATUS_ERROR, message: 'TEST_BROKEN' });

    const upstreamSpan = inTrace.find((span) => span.kind === KIND.client)!;
    expect(upstreamSpan.parentSpanId).toBe(jiraIssues.spanId);
    expect(parseTraceparent(upstream.requests[0]!.headers.traceparent)).toEqual({ traceId: caller.traceId, parentId: upstreamSpan.spanId });

    const exported = receiver.bodies.join('\n');
    for (const secret of ['SECRETPROJECT', 'secret detail', 'agg_issue broken']) expect(exported).not.toContain(secret);
  });

  it('starts a new trace without traceparent, and never records a GET query string', async () => {
    const { yoga } = await tracedYoga();
    const response = await yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent('query Probe { agg_issue }')}`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    await tracing.flush();
    const [span] = await waitForSpans(receiver, (all) => all.some((candidate) => candidate.kind === KIND.server));
    expect(span!.parentSpanId).toBeUndefined();
    expect(span!.attributes).toMatchObject({ 'http.request.method': 'GET', 'url.path': '/graphql', 'graphql.operation.name': 'Probe', 'http.response.status_code': 200 });
    expect(receiver.spans.filter((candidate) => candidate.kind !== KIND.server)).toEqual([]);
    expect(receiver.bodies.join('\n')).not.toContain('agg_issue');
  });
});

// ---------------------------------------------------------------------------------------------
// End to end: the real gateway (live mode) against the sandbox upstreams, behind recording proxies

interface RecordingProxy {
  url: string;
  close(): Promise<void>;
}

/** Forwards every request to `target` (an origin), appending the headers the gateway sent to `headers`. */
async function startRecordingProxy(target: string, headers: IncomingHttpHeaders[]): Promise<RecordingProxy> {
  const targetUrl = new URL(target);
  const server = createServer((req, res) => {
    headers.push(req.headers);
    const forward = httpRequest(
      { host: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: targetUrl.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

const E2E_QUERY = 'query DevIssues { jiraIssues(jql: "project = DEV", first: 2) { nodes { key } } }';
const E2E_API_TOKEN = 'TRACING-E2E-API-TOKEN-0123456789abcdef';

describe('the gateway process', () => {
  let sandbox: RunningSandbox;
  const proxies: Record<'agg' | 'jira' | 'jiraSoftware' | 'srht', RecordingProxy> = {} as never;
  /** Headers of every upstream request, all upstreams, in arrival order. */
  const upstreamHeaders: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    for (const name of ['agg', 'jira', 'jiraSoftware', 'srht'] as const) proxies[name] = await startRecordingProxy(new URL(sandbox.urls[name]).origin, upstreamHeaders);
  });
  afterAll(async () => {
    await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
    await sandbox?.close();
  });

  const liveEnv = (extra: Record<string, string>) => ({
    ATLASSIAN_MESH_MODE: 'live',
    ATLASSIAN_EMAIL: 'tracing-e2e@example.com',
    ATLASSIAN_API_TOKEN: E2E_API_TOKEN,
    SRHT_TOKEN: 'TRACING-E2E-SRHT-TOKEN-0123456789',
    ATLASSIAN_CLOUD_ID: '11111111-2222-4333-8444-555555555555',
    ATLASSIAN_GQL_BASE_URL: `${proxies.agg.url}${new URL(sandbox.urls.agg).pathname}`,
    ATLASSIAN_JIRA_BASE_URL: proxies.jira.url,
    ATLASSIAN_JIRA_SOFTWARE_BASE_URL: proxies.jiraSoftware.url,
    SRHT_TODO_URL: `${proxies.srht.url}${new URL(sandbox.urls.srht).pathname}`,
    GATEWAY_RATE_LIMIT_MAX: '0',
    // A developer's shell must not turn tracing on (or off) behind the test's back.
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
    OTEL_SDK_DISABLED: '',
    OTEL_TRACES_EXPORTER: '',
    OTEL_TRACES_SAMPLER: '',
    ...extra,
  });

  describe('with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
    let receiver: OtlpReceiver;
    let gateway: GatewayProcess | undefined;

    beforeAll(async () => {
      receiver = await startOtlpReceiver();
      // A short batch delay only makes spans arrive sooner; the test polls either way.
      gateway = await startGatewayProcess(liveEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'mesh-e2e', OTEL_BSP_SCHEDULE_DELAY: '100' }));
    }, 180_000);
    afterAll(async () => {
      await gateway?.stop();
      await receiver?.close();
    });

    it('puts the request, the canonical resolver and its upstream calls in the caller trace', async () => {
      const caller = callerTraceContext();
      const before = upstreamHeaders.length;
      const answer = await postGraphQL<{ jiraIssues: { nodes: Array<{ key: string }> } }>(gateway!.url, E2E_QUERY, undefined, { traceparent: caller.traceparent });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data!.jiraIssues.nodes).toHaveLength(2);

      const done = (all: ReceivedSpan[]) => {
        const inTrace = all.filter((span) => span.traceId === caller.traceId);
        return inTrace.some((span) => span.kind === KIND.server) && inTrace.some((span) => span.name === 'resolve Query.jiraIssues') && inTrace.some((span) => span.kind === KIND.client);
      };
      const inTrace = (await waitForSpans(receiver, done, 90_000)).filter((span) => span.traceId === caller.traceId);
      const byId = new Map(inTrace.map((span) => [span.spanId, span]));

      const requestSpan = inTrace.find((span) => span.kind === KIND.server)!;
      expect(requestSpan).toMatchObject({ name: 'POST /graphql', parentSpanId: caller.parentId });
      expect(requestSpan.attributes).toMatchObject({ 'http.response.status_code': 200, 'graphql.operation.name': 'DevIssues', 'graphql.operation.type': 'query' });
      expect(requestSpan.resource['service.name']).toBe('mesh-e2e');

      const resolverSpan = inTrace.find((span) => span.name === 'resolve Query.jiraIssues')!;
      expect(resolverSpan.parentSpanId).toBe(requestSpan.spanId);

      const upstreamSpans = inTrace.filter((span) => span.kind === KIND.client);
      const descendsFromResolver = (span: ReceivedSpan): boolean => {
        for (let at: ReceivedSpan | undefined = span; at !== undefined; at = at.parentSpanId === undefined ? undefined : byId.get(at.parentSpanId)) {
          if (at.spanId === resolverSpan.spanId) return true;
        }
        return false;
      };
      expect(upstreamSpans.some(descendsFromResolver)).toBe(true);
      for (const span of upstreamSpans) {
        expect(['agg', 'jira', 'jiraSoftware', 'srht']).toContain(span.attributes['upstream.name']);
        expect(span.attributes['http.response.status_code']).toBe(200);
        expect(span.attributes['upstream.attempt']).toBe(1);
        expect(String(span.attributes['url.full'])).not.toContain('?');
      }

      // Every upstream request of this query carried the trace, each from its own upstream span.
      const sent = upstreamHeaders
        .slice(before)
        .map((headers) => parseTraceparent(headers.traceparent));
      expect(sent.length).toBeGreaterThan(0);
      const upstreamSpanIds = new Set(upstreamSpans.map((span) => span.spanId));
      for (const context of sent) {
        expect(context?.traceId).toBe(caller.traceId);
        expect(upstreamSpanIds.has(context!.parentId)).toBe(true);
      }

      const exported = receiver.bodies.join('\n');
      for (const secret of [E2E_API_TOKEN, 'project = DEV', 'project%20%3D%20DEV', 'nodes { key }']) expect(exported).not.toContain(secret);
    }, 120_000);

    it("puts the upstream calls of Mesh's own handlers (pass-through fields) under the request span", async () => {
      const caller = callerTraceContext();
      const answer = await postGraphQL(gateway!.url, 'query PassThrough { jira_getIssue(issueIdOrKey: "DEV-1") { key } srht_me { canonicalName } }', undefined, {
        traceparent: caller.traceparent,
      });
      expect(answer.body.errors).toBeUndefined();
      const done = (all: ReceivedSpan[]) => {
        const inTrace = all.filter((span) => span.traceId === caller.traceId);
        return inTrace.some((span) => span.kind === KIND.server) && inTrace.filter((span) => span.kind === KIND.client).length >= 2;
      };
      const inTrace = (await waitForSpans(receiver, done, 90_000)).filter((span) => span.traceId === caller.traceId);
      const requestSpan = inTrace.find((span) => span.kind === KIND.server)!;
      const upstreamSpans = inTrace.filter((span) => span.kind === KIND.client);
      expect(upstreamSpans.map((span) => span.attributes['upstream.name']).sort()).toEqual(['jira', 'srht']);
      for (const span of upstreamSpans) expect(span.parentSpanId).toBe(requestSpan.spanId);
      // Namespaced upstream fields get no resolver span of their own.
      expect(inTrace.filter((span) => span.kind === KIND.internal)).toEqual([]);
    }, 120_000);

    it('exports what is left when it shuts down, and exits cleanly', async () => {
      const caller = callerTraceContext();
      const answer = await postGraphQL(gateway!.url, E2E_QUERY, undefined, { traceparent: caller.traceparent });
      expect(answer.body.errors).toBeUndefined();
      const running = gateway!;
      gateway = undefined;
      expect(await running.stop('SIGTERM')).toBe(0);
      // The process has exited: whatever it exported is here, nothing more will come.
      const inTrace = receiver.spans.filter((span) => span.traceId === caller.traceId);
      expect(inTrace.map((span) => span.kind).sort()).toEqual(expect.arrayContaining([KIND.internal, KIND.server, KIND.client]));
    }, 120_000);
  });

  describe('without an OTLP endpoint', () => {
    let gateway: GatewayProcess | undefined;

    beforeAll(async () => {
      gateway = await startGatewayProcess(liveEnv({}));
    }, 180_000);
    afterAll(async () => {
      await gateway?.stop();
    });

    it('sends no trace context upstream, even when the caller sent one', async () => {
      const before = upstreamHeaders.length;
      const answer = await postGraphQL(gateway!.url, E2E_QUERY, undefined, { traceparent: callerTraceContext().traceparent, tracestate: 'vendor=abc' });
      expect(answer.body.errors).toBeUndefined();
      const sent = upstreamHeaders.slice(before);
      expect(sent.length).toBeGreaterThan(0);
      for (const headers of sent) {
        expect(headers.traceparent).toBeUndefined();
        expect(headers.tracestate).toBeUndefined();
      }
    });
  });
});
