/**
 * How the HTTP side of the gateway behaves, from the environment: production or development
 * semantics, GraphiQL, introspection, CORS, metrics and the shutdown grace period. Every bad value
 * is a one-line ConfigError naming the variable.
 */
import { ConfigError } from '../sources/config/types.ts';
import { type Env, readBoolean, readInteger, readList, isLoopbackHost } from '../sources/config/env-values.ts';
import { type HostPolicy, LOOPBACK_HOST_POLICY, parseHostHeader } from './front-door.ts';
import { DEFAULT_MAX_REQUEST_BODY_BYTES } from './plugins/use-request-body-limit.ts';

export interface CorsPolicy {
  /** `'*'` (any origin, no credentials), a list of exact origins, or loopback origins only. */
  origins: '*' | 'loopback' | string[];
}

export interface GatewayHttpOptions {
  production: boolean;
  graphiql: boolean;
  introspection: boolean;
  /** false: no CORS headers at all (browsers on other origins are refused). */
  cors: CorsPolicy | false;
  metrics: boolean;
  /** When set, /metrics answers only `Authorization: Bearer <token>` (Prometheus `authorization`). */
  metricsToken?: string;
  /** How long in-flight requests may run after SIGTERM before their connections are cut. */
  shutdownGraceMs: number;
  /**
   * How long an idle keep-alive connection stays open. Longer than the 60 s idle timeout of common
   * load balancers (AWS ALB, nginx): when the server closes first, the balancer may reuse a
   * connection the gateway is closing and answer its client with a 502.
   */
  keepAliveTimeoutMs: number;
  /** Host header names answered: loopback names always, plus GATEWAY_ALLOWED_HOSTS. */
  hosts: HostPolicy;
  /** Largest request body accepted (413 beyond). */
  maxRequestBytes: number;
}

/**
 * `production`: `npm run serve` always, `npm start` when NODE_ENV=production.
 * Production: GraphiQL, introspection and CORS off unless enabled. Development: GraphiQL and
 * introspection on, CORS open to loopback origins (a page on another site must not be able to
 * use a developer's local gateway and the credentials it holds).
 */
export function readGatewayHttpOptions(env: Env, production: boolean): GatewayHttpOptions {
  const graphiql = readBoolean(env, 'GATEWAY_GRAPHIQL', !production);
  // GraphiQL cannot work without introspection, so enabling it enables introspection unless told otherwise.
  const introspection = readBoolean(env, 'GATEWAY_INTROSPECTION', !production || graphiql);
  return {
    production,
    graphiql,
    introspection,
    cors: readCors(env, production),
    metrics: readBoolean(env, 'GATEWAY_METRICS', true),
    ...readMetricsToken(env),
    shutdownGraceMs: readInteger(env, 'GATEWAY_SHUTDOWN_GRACE_MS', 5_000, 0, 120_000),
    keepAliveTimeoutMs: readInteger(env, 'GATEWAY_KEEPALIVE_TIMEOUT_MS', 75_000, 1_000, 600_000),
    hosts: readAllowedHosts(env),
    maxRequestBytes: readInteger(env, 'GATEWAY_MAX_REQUEST_BYTES', DEFAULT_MAX_REQUEST_BODY_BYTES, 1024, 100 * 1024 * 1024),
  };
}

/**
 * GATEWAY_ALLOWED_HOSTS: the names clients address the gateway by (`gateway.example.com`, or
 * `name:port`), comma-separated, or `*` behind a proxy that checks Host itself. Loopback names are
 * always answered. A page on another site can point its own DNS name at 127.0.0.1 (DNS rebinding);
 * its requests then carry that name as Host, and are refused.
 */
export function readAllowedHosts(env: Env): HostPolicy {
  const entries = readList(env, 'GATEWAY_ALLOWED_HOSTS');
  if (entries.length === 0) return LOOPBACK_HOST_POLICY;
  if (entries.includes('*')) {
    if (entries.length > 1) throw new ConfigError('GATEWAY_ALLOWED_HOSTS is either * or a list of host names, not both.');
    return { any: true, allowed: LOOPBACK_HOST_POLICY.allowed };
  }
  const allowed = new Set(LOOPBACK_HOST_POLICY.allowed);
  for (const entry of entries) {
    const host = parseHostHeader(entry);
    if (host === undefined) {
      throw new ConfigError('GATEWAY_ALLOWED_HOSTS entries must be host names as clients send them (gateway.example.com or gateway.example.com:8443), comma-separated, or *.');
    }
    allowed.add(host.port === undefined ? host.name : `${host.name}:${host.port}`);
  }
  return { any: false, allowed };
}

/** A guessable token would protect nothing: at least 16 characters, no whitespace. */
const MIN_METRICS_TOKEN_LENGTH = 16;

function readMetricsToken(env: Env): { metricsToken?: string } {
  const raw = env.GATEWAY_METRICS_TOKEN;
  // Empty means unset (.env templates); blanks mean someone meant to set it and did not.
  if (raw === undefined || raw === '') return {};
  const token = raw.trim();
  if (token.length < MIN_METRICS_TOKEN_LENGTH || /\s/.test(token)) {
    throw new ConfigError(`GATEWAY_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters without spaces (e.g. openssl rand -hex 24).`);
  }
  return { metricsToken: token };
}

function readCors(env: Env, production: boolean): CorsPolicy | false {
  const raw = env.GATEWAY_CORS_ORIGINS?.trim();
  if (raw === undefined || raw === '') return production ? false : { origins: 'loopback' };
  if (raw === 'none') return false;
  if (raw === '*') return { origins: '*' };
  const origins = readList(env, 'GATEWAY_CORS_ORIGINS').map((origin) => checkOrigin(origin));
  return { origins };
}

function checkOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('GATEWAY_CORS_ORIGINS must be "*", "none" or comma-separated origins such as https://app.example.com.');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== value.replace(/\/$/, '')) {
    throw new ConfigError('GATEWAY_CORS_ORIGINS entries must be bare origins (scheme://host[:port], no path), e.g. https://app.example.com.');
  }
  return url.origin;
}

/** Whether a browser origin may call the gateway under `policy`. */
export function originAllowed(policy: CorsPolicy, origin: string): boolean {
  if (policy.origins === '*') return true;
  if (policy.origins === 'loopback') {
    try {
      const url = new URL(origin);
      return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
    } catch {
      return false;
    }
  }
  return policy.origins.includes(origin);
}
