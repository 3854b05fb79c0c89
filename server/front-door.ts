/**
 * The gateway's one front door. Every HTTP request is matched here, on its raw request target, to
 * exactly one route, and checked (Host, CSRF, caller authentication) before yoga sees it; anything
 * not matched is refused. yoga itself routes on the whole URL (`request.url.endsWith('/graphql')`),
 * so `/healthz?/graphql` used to reach GraphQL while an exemption by pathname let it through
 * unauthenticated. Here the path is compared byte for byte before any decoding: query strings,
 * trailing or doubled slashes, percent-encodings and case cannot change which door a request takes.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from '../sources/config/env-values.ts';
import { type Caller, sha256Hex } from './auth/caller.ts';
import { type AuthOutcome, authErrorAnswer, findApiKeyHash, type PresentedCredentials } from './auth/caller-auth.ts';
import type { AccessLog, RequestRecord } from './observability/access-log.ts';
import { assignRequestId, REQUEST_ID_HEADER } from './observability/request-id.ts';
import type { SchemaDocumentSource } from './schema-document.ts';

export type RouteName = 'graphql' | 'graphiql' | 'schema' | 'healthz' | 'readyz' | 'metrics' | 'root';

export type RouteMatch =
  | { route: RouteName }
  /** 400: not an origin-form target; 404: no such path; 405: path known, method not (Allow lists the methods). */
  | { refused: 400 | 404 | 405; allow?: string };

interface RouteSpec {
  methods: readonly string[];
  route: RouteName;
}

export interface RouteOptions {
  graphiql: boolean;
  metrics: boolean;
  /** `/schema.graphql` (the SDL) is served: only where introspection is allowed. */
  schema?: boolean;
}

const GRAPHQL_PATH = '/graphql';

function routeTable(options: RouteOptions): ReadonlyMap<string, RouteSpec> {
  const table = new Map<string, RouteSpec>([
    // OPTIONS: CORS preflights, answered by yoga's CORS handling (never executed, carry no credentials).
    [GRAPHQL_PATH, { methods: ['GET', 'POST', 'OPTIONS'], route: 'graphql' }],
    ['/healthz', { methods: ['GET', 'HEAD'], route: 'healthz' }],
    ['/readyz', { methods: ['GET', 'HEAD'], route: 'readyz' }],
    ['/', { methods: ['GET', 'HEAD'], route: 'root' }],
  ]);
  if (options.metrics) table.set('/metrics', { methods: ['GET'], route: 'metrics' });
  if (options.schema === true) table.set('/schema.graphql', { methods: ['GET', 'HEAD'], route: 'schema' });
  return table;
}

/**
 * GraphiQL's page is what yoga renders for a GET whose Accept mentions text/html (its own test,
 * use-graphiql.js): such a request never executes anything, so it needs no credentials.
 */
export function wantsGraphiQLPage(method: string, accept: string | undefined): boolean {
  return method === 'GET' && accept !== undefined && accept.includes('text/html');
}

/** The route for a raw request target (`/graphql?query=...`), by exact path. */
export function createRouteMatcher(options: RouteOptions): (method: string, target: string, accept: string | undefined) => RouteMatch {
  const table = routeTable(options);
  return (method, target, accept) => {
    // Only origin-form targets: absolute-form (`http://host/graphql`) and `*` are proxy forms.
    if (!target.startsWith('/')) return { refused: 400 };
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    const spec = table.get(path);
    if (spec === undefined) return { refused: 404 };
    // Only GraphQL takes parameters; `/healthz?/graphql` is not a health check with a note attached.
    if (queryAt !== -1 && spec.route !== 'graphql') return { refused: 404 };
    if (!spec.methods.includes(method)) return { refused: 405, allow: spec.methods.join(', ') };
    if (spec.route === 'graphql' && options.graphiql && wantsGraphiQLPage(method, accept)) return { route: 'graphiql' };
    return { route: spec.route };
  };
}

/** Host names the gateway answers to; anything else is a misdirected (or DNS-rebinding) request. */
export interface HostPolicy {
  /** `*`: any Host (behind a proxy that checks it). */
  any: boolean;
  /** Lower-case `name` (any port) or `name:port`; IPv6 names in brackets. */
  allowed: ReadonlySet<string>;
}

export const LOOPBACK_HOST_POLICY: HostPolicy = { any: false, allowed: new Set(['localhost', '127.0.0.1', '[::1]']) };

const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/;

/** `host[:port]` split and lower-cased, or undefined when the value is not a plain Host header. */
export function parseHostHeader(value: string | undefined): { name: string; port?: string } | undefined {
  if (value === undefined) return undefined;
  const match = HOST_HEADER.exec(value.toLowerCase());
  if (match === null) return undefined;
  return match[2] === undefined ? { name: match[1]! } : { name: match[1]!, port: match[2] };
}

export function hostAllowed(policy: HostPolicy, hostHeader: string | undefined): boolean {
  const host = parseHostHeader(hostHeader);
  if (host === undefined) return false;
  if (policy.any) return true;
  return policy.allowed.has(host.name) || (host.port !== undefined && policy.allowed.has(`${host.name}:${host.port}`));
}

/** Whether a policy would answer requests addressed to a listen host (start-up sanity check). */
export function policyCoversListenHost(policy: HostPolicy, listenHost: string): boolean {
  return policy.any || isLoopbackHost(listenHost) || policy.allowed.has(listenHost.toLowerCase());
}

/**
 * Headers a browser sends cross-site only after a CORS preflight the gateway's CORS policy decides.
 * Their presence proves the request is not a plain HTML form or a no-cors fetch.
 */
export const PREFLIGHT_HEADERS = ['x-graphql-csrf', 'graphql-require-preflight', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-graphql-yoga-csrf', 'x-api-key'];

/** The Content-Type essences a cross-site form or no-cors fetch may send without a preflight. */
const SIMPLE_CONTENT_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * A POST could have come from another site's form (or no-cors fetch) unless its Content-Type is
 * one a browser would preflight, or it carries a preflight-forcing header. Judged on the type's
 * essence, as browsers do: `text/plain; application/json` is text/plain (yoga would parse it as JSON).
 */
export function isCrossSiteSafe(method: string, headers: IncomingHttpHeaders): boolean {
  if (method !== 'POST') return true;
  if (PREFLIGHT_HEADERS.some((name) => headers[name] !== undefined)) return true;
  const contentType = headers['content-type'];
  if (contentType === undefined) return false;
  const essence = contentType.split(';')[0]!.trim().toLowerCase();
  return essence !== '' && !SIMPLE_CONTENT_TYPES.has(essence);
}

/** yoga's node listener: `yoga(req, res, serverContext)`; the context reaches every plugin and resolver. */
export type YogaListener = (req: IncomingMessage, res: ServerResponse, serverContext: Record<string, unknown>) => Promise<unknown> | unknown;

export interface FrontDoorOptions {
  yoga: YogaListener;
  /** GraphiQL's page is served (to browsers asking for HTML at /graphql). */
  graphiql: boolean;
  /** Caller authentication for GraphQL requests; absent: none configured (every caller anonymous). */
  authenticate?: (presented: PresentedCredentials) => Promise<AuthOutcome>;
  /** Host names answered (default loopback names only). */
  hosts?: HostPolicy;
  /** One line per request (probes excepted). */
  accessLog?: AccessLog;
  readiness?: () => { ready: boolean; checks: Record<string, true | string> };
  /** Served at /metrics when given. */
  metrics?: { render(): Promise<{ contentType: string; body: string }> };
  /** When set, /metrics requires `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** True once shutdown began: every answer then closes its connection. */
  draining?: () => boolean;
  /** The SDL served at `/schema.graphql` (same authentication as GraphQL); absent: not served. */
  schemaDocument?: SchemaDocumentSource;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
}

/** A refusal in the GraphQL error shape, so every client can show it. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  // An unread body would be drained by node before the connection could be reused: close instead.
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, hasBody(req) ? { ...headers, connection: 'close' } : headers);
}

const NOT_FOUND_MESSAGE = 'Not found: this gateway serves GraphQL at /graphql (and /healthz, /readyz).';
const CSRF_MESSAGE =
  'POST requests need Content-Type: application/json (or an X-GraphQL-CSRF header): an HTML form on another site can send neither, so it cannot run operations here.';
const HOST_MESSAGE = 'This gateway does not answer to that Host name (GATEWAY_ALLOWED_HOSTS).';

/** `Authorization: Bearer <token>`, compared as the caller API keys are (constant time, over digests). */
function bearerTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = [sha256Hex(token)];
  return (authorization) => {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    return presented !== undefined && findApiKeyHash(presented, expected) !== undefined;
  };
}

function failed(req: IncomingMessage, res: ServerResponse): () => void {
  return () => {
    if (!res.headersSent) refuse(req, res, 500, 'INTERNAL_SERVER_ERROR', 'The gateway failed to handle this request.');
    else res.destroy();
  };
}

/** The node request handler: route, check, then answer or hand to yoga. */
export function createFrontDoor(options: FrontDoorOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { yoga, authenticate, accessLog, metrics } = options;
  const matchRoute = createRouteMatcher({ graphiql: options.graphiql, metrics: metrics !== undefined, schema: options.schemaDocument !== undefined });
  const hosts = options.hosts ?? LOOPBACK_HOST_POLICY;
  const metricsGuard = options.metricsToken === undefined ? undefined : bearerTokenCheck(options.metricsToken);
  const readiness = options.readiness ?? (() => ({ ready: true, checks: {} }));
  const draining = options.draining ?? (() => false);

  const serveMetrics = (req: IncomingMessage, res: ServerResponse, source: NonNullable<FrontDoorOptions['metrics']>): void => {
    if (metricsGuard && !metricsGuard(req.headers.authorization)) {
      refuse(req, res, 401, 'UNAUTHENTICATED', 'metrics need Authorization: Bearer <GATEWAY_METRICS_TOKEN>', { 'www-authenticate': 'Bearer realm="metrics"' });
      return;
    }
    source.render().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(body);
      },
      () => sendJson(res, 500, { error: 'metrics unavailable' }),
    );
  };

  /**
   * The caller of a request that needs one (GraphQL, the SDL), or false once a 401/403 was sent.
   * Undefined: no caller authentication configured, or an anonymous caller where those are allowed.
   */
  const callerOf = async (req: IncomingMessage, res: ServerResponse, record: RequestRecord | undefined): Promise<Caller | undefined | false> => {
    if (authenticate === undefined) return undefined;
    const apiKey = req.headers['x-api-key'];
    const outcome = await authenticate({ authorization: req.headers.authorization, apiKey: Array.isArray(apiKey) ? apiKey[0] : apiKey });
    if (outcome.status === 'rejected') {
      const answer = authErrorAnswer(outcome.httpStatus);
      res.writeHead(answer.status, hasBody(req) ? { ...answer.headers, connection: 'close' } : answer.headers);
      res.end(answer.body);
      return false;
    }
    if (outcome.status === 'anonymous') return undefined;
    if (record !== undefined) record.callerId = outcome.caller.id;
    return outcome.caller;
  };

  /** GraphQL requests: CSRF, then the caller, then yoga (with the caller in its server context). */
  const serveGraphQL = async (req: IncomingMessage, res: ServerResponse, method: string, record: RequestRecord | undefined): Promise<void> => {
    // CORS preflights carry no credentials by design, and yoga answers them without executing anything.
    if (method === 'OPTIONS') {
      await yoga(req, res, { requestRecord: record });
      return;
    }
    if (!isCrossSiteSafe(method, req.headers)) {
      refuse(req, res, 403, 'CSRF_CHECK_FAILED', CSRF_MESSAGE);
      return;
    }
    const caller = await callerOf(req, res, record);
    if (caller === false) return;
    await yoga(req, res, { caller, requestRecord: record });
  };

  /** The SDL, as cached bytes: revalidated by ETag, gzip when the client takes it. */
  const serveSchema = async (req: IncomingMessage, res: ServerResponse, method: string, record: RequestRecord | undefined, source: SchemaDocumentSource): Promise<void> => {
    if ((await callerOf(req, res, record)) === false) return;
    const document = source.get();
    const headers: Record<string, string> = { 'content-type': 'application/graphql; charset=utf-8', 'cache-control': 'no-cache', etag: document.etag, vary: 'accept-encoding' };
    const presented = req.headers['if-none-match'];
    if (presented !== undefined && presented.split(',').some((tag) => tag.trim().replace(/^W\//, '') === document.etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? document.gzip : document.plain;
    res.writeHead(200, { ...headers, ...(gzip ? { 'content-encoding': 'gzip' } : {}), 'content-length': String(body.length) });
    res.end(method === 'HEAD' ? undefined : body);
  };

  return (req, res) => {
    res.setHeader(REQUEST_ID_HEADER, assignRequestId(req));
    // While draining, every answer ends its connection, so no client reuses a socket about to close.
    if (draining()) res.setHeader('connection', 'close');
    const method = req.method ?? 'GET';
    const match = matchRoute(method, req.url ?? '', req.headers.accept);
    const route: RouteName | 'refused' = 'route' in match ? match.route : 'refused';
    // Probes would drown the log; everything else, refusals included, gets its line.
    const record = route === 'healthz' || route === 'readyz' ? undefined : accessLog?.start(req, res, route);
    if ('refused' in match) {
      if (match.refused === 405) refuse(req, res, 405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed here (allowed: ${match.allow}).`, { allow: match.allow ?? '' });
      else refuse(req, res, match.refused, match.refused === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', NOT_FOUND_MESSAGE);
      return;
    }
    if (match.route === 'healthz') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (match.route === 'readyz') {
      const state = readiness();
      sendJson(res, state.ready ? 200 : 503, state);
      return;
    }
    // Health probes (above) come from orchestrators addressing the pod by IP; everything else must
    // be addressed to a configured name, or a DNS-rebinding page could reach a loopback gateway.
    if (!hostAllowed(hosts, req.headers.host)) {
      refuse(req, res, 421, 'HOST_NOT_ALLOWED', HOST_MESSAGE);
      return;
    }
    switch (match.route) {
      case 'metrics':
        if (metrics !== undefined) serveMetrics(req, res, metrics);
        return;
      case 'root':
        res.writeHead(302, { location: '/graphql' });
        res.end();
        return;
      case 'graphiql':
        void yoga(req, res, { requestRecord: record });
        return;
      case 'graphql':
        serveGraphQL(req, res, method, record).catch(failed(req, res));
        return;
      case 'schema':
        if (options.schemaDocument !== undefined) serveSchema(req, res, method, record, options.schemaDocument).catch(failed(req, res));
        return;
    }
  };
}
