/**
 * The gateway's one typed configuration, read from the environment once at start and checked
 * before the slow mesh build, so a bad value fails in a second: the upstream settings
 * (sources/config) and the server's own (HTTP face, plugins, stores, tracing). Every reader uses the
 * same helpers and messages (sources/config/env-values.ts); nothing after this reads the
 * environment, and plugins get typed options from here.
 */
import { resolve } from 'node:path';
import { type Env, readBoolean, readHttpsUrl, readInteger, readList, readString } from '../sources/config/env-values.ts';
import { loadSettings } from '../sources/config/load-settings.ts';
import { ConfigError, type GatewaySettings } from '../sources/config/types.ts';
import { assertSafeProductionConfig, isCallerAuthConfigured } from './auth/caller-auth.ts';
import { type ResponseCacheSettings, readResponseCacheSettings } from './cache/response-cache-options.ts';
import { policyCoversListenHost } from './front-door.ts';
import { type GatewayHttpOptions, readGatewayHttpOptions } from './gateway-options.ts';
import { type TracingOptions, readTracingOptions } from './observability/tracing.ts';
import { type CallerAuthOptions, type JwtAuthOptions, checkApiKeyHash, MIN_HS256_SECRET_LENGTH } from './auth/caller-auth.ts';
import { type ClientRateLimitOptions, type RateLimitRule, checkFieldRules, DEFAULT_OPERATIONS_LIMIT, parseWindow } from './plugins/use-client-rate-limit.ts';
import { DEFAULT_QUERY_LIMITS, type QueryLimitsOptions } from './plugins/use-query-limits.ts';
import { loadTrustedDocuments, TRUSTED_DOCUMENTS_INTROSPECTION_VARIABLE, TRUSTED_DOCUMENTS_VARIABLE, type TrustedDocumentsOptions } from './plugins/use-trusted-documents.ts';

export interface GatewayConfig {
  /** The project root: .meshrc.yaml, the schema documents, relative trusted-document paths. */
  root: string;
  production: boolean;
  /** Upstreams, credentials, budgets, log level, Redis (sources/config). */
  settings: GatewaySettings;
  http: GatewayHttpOptions;
  listen: { port: number; host: string };
  auth: CallerAuthOptions;
  limits: QueryLimitsOptions;
  rateLimit: ClientRateLimitOptions;
  /** Undefined: every document runs (no allow-list). */
  trustedDocuments?: TrustedDocumentsOptions;
  /** Undefined: no response cache. */
  responseCache?: ResponseCacheSettings;
  /** Identical upstream reads in flight at once share one answer (GATEWAY_DEDUPE_INFLIGHT). */
  dedupeInFlight: boolean;
  /** Undefined: no tracing work at all. */
  tracing?: TracingOptions;
  /** Generated handler schemas kept on disk between starts (MESH_SCHEMA_CACHE=off: memory only). */
  schemaCache: boolean;
}

export interface LoadGatewayConfigOptions {
  root: string;
  env: Env;
  /** Production semantics (`npm run serve`); default NODE_ENV === 'production'. */
  production?: boolean;
}

/** Reads and checks everything the gateway needs; throws one ConfigError naming the bad variable. */
export function loadGatewayConfig(options: LoadGatewayConfigOptions): GatewayConfig {
  const { env, root } = options;
  const production = options.production ?? env.NODE_ENV === 'production';
  const composition = readString(env, 'GATEWAY_COMPOSITION');
  if (composition !== undefined && composition !== 'disjoint') {
    // A deploy that pinned the old path must hear it is gone, not silently get the new one.
    throw new ConfigError(`GATEWAY_COMPOSITION=${composition}: stitching was removed; the sources are composed one way (server/composition/); unset GATEWAY_COMPOSITION`);
  }
  const settings = loadSettings(env);
  const http = readGatewayHttpOptions(env, production);
  const auth = readCallerAuthOptions(env);
  assertSafeProductionConfig({
    production,
    hasServerCredentials: Object.values(settings.upstreams).some((upstream) => upstream.auth.kind !== 'none'),
    callerAuthConfigured: isCallerAuthConfigured(auth),
    allowUnauthenticated: auth.allowUnauthenticated === true,
  });
  const listen = readListenAddress(env);
  if (!policyCoversListenHost(http.hosts, listen.host)) {
    throw new ConfigError(
      `HOST=${listen.host} accepts connections from other machines, but only loopback Host names are answered: set GATEWAY_ALLOWED_HOSTS to the name clients use (e.g. gateway.example.com), or * behind a proxy that checks Host.`,
    );
  }
  const trustedDocuments = readTrustedDocumentsOptions(env, root);
  const responseCache = readResponseCacheSettings(env);
  const tracing = readTracingOptions(env);
  return {
    root,
    production,
    settings,
    http,
    listen,
    auth,
    limits: readQueryLimitsOptions(env),
    rateLimit: readClientRateLimitOptions(env),
    ...(trustedDocuments !== undefined ? { trustedDocuments } : {}),
    ...(responseCache !== undefined ? { responseCache } : {}),
    dedupeInFlight: readBoolean(env, 'GATEWAY_DEDUPE_INFLIGHT', true),
    ...(tracing !== undefined ? { tracing } : {}),
    schemaCache: readString(env, 'MESH_SCHEMA_CACHE') !== 'off',
  };
}

/** PORT and HOST; default 4000 on 127.0.0.1. Port 0 picks a free one. */
function readListenAddress(env: Env): { port: number; host: string } {
  const port = readInteger(env, 'PORT', 4000, 0, 65535);
  return { port, host: readString(env, 'HOST') ?? '127.0.0.1' };
}

export function readQueryLimitsOptions(env: Env): QueryLimitsOptions {
  const d = DEFAULT_QUERY_LIMITS;
  return {
    maxDepth: readInteger(env, 'GATEWAY_MAX_DEPTH', d.maxDepth, 1, 1000),
    maxAliases: readInteger(env, 'GATEWAY_MAX_ALIASES', d.maxAliases, 0, 10_000),
    maxTokens: readInteger(env, 'GATEWAY_MAX_TOKENS', d.maxTokens, 100, 1_000_000),
    maxDirectives: readInteger(env, 'GATEWAY_MAX_DIRECTIVES', d.maxDirectives, 0, 10_000),
    maxBatch: readInteger(env, 'GATEWAY_MAX_BATCH', d.maxBatch, 0, 1000),
    maxCost: readInteger(env, 'GATEWAY_MAX_COST', d.maxCost, 1, Number.MAX_SAFE_INTEGER),
    maxSchemaIntrospections: readInteger(env, 'GATEWAY_MAX_SCHEMA_INTROSPECTIONS', d.maxSchemaIntrospections, 0, 100),
    maxQueryLength: readInteger(env, 'GATEWAY_MAX_QUERY_LENGTH', d.maxQueryLength, 1000, 100_000_000),
    maxMergeComparisons: readInteger(env, 'GATEWAY_MAX_MERGE_COMPARISONS', d.maxMergeComparisons, 100, 10_000_000),
    maxSelections: readInteger(env, 'GATEWAY_MAX_SELECTIONS', d.maxSelections, 10, 10_000_000),
    cost: {
      assumedPageSize: readInteger(env, 'GATEWAY_COST_ASSUMED_PAGE_SIZE', 50, 1, 100_000),
      assumedListSize: readInteger(env, 'GATEWAY_COST_ASSUMED_LIST_SIZE', 10, 1, 100_000),
    },
  };
}

/** Reads GATEWAY_RATE_LIMIT_MAX, _WINDOW and _FIELDS (REDIS_URL is passed to createClientRateLimitStore). */
export function readClientRateLimitOptions(env: Env): ClientRateLimitOptions {
  const max = readInteger(env, 'GATEWAY_RATE_LIMIT_MAX', DEFAULT_OPERATIONS_LIMIT.max, 0, 1_000_000);
  const window = readString(env, 'GATEWAY_RATE_LIMIT_WINDOW') ?? DEFAULT_OPERATIONS_LIMIT.window;
  parseWindow(window, 'GATEWAY_RATE_LIMIT_WINDOW');
  return {
    operations: max === 0 ? false : { max, window },
    fields: readFieldLimits(env),
  };
}

function readFieldLimits(env: Env): Record<string, RateLimitRule> {
  const name = 'GATEWAY_RATE_LIMIT_FIELDS';
  const raw = readString(env, name);
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`${name} is not valid JSON; expected e.g. {"Query.jiraIssues":{"max":60,"window":"1m"}}.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${name} must be a JSON object, e.g. {"Query.jiraIssues":{"max":60,"window":"1m"}}.`);
  }
  const result: Record<string, RateLimitRule> = {};
  for (const [coordinate, value] of Object.entries(parsed as Record<string, unknown>)) {
    const rule = value as Partial<RateLimitRule> | null;
    if (rule === null || typeof rule !== 'object' || typeof rule.max !== 'number' || typeof rule.window !== 'string') {
      throw new ConfigError(`${name}: "${coordinate}" must be {"max": <number>, "window": "<duration>"}.`);
    }
    result[coordinate] = { max: rule.max, window: rule.window };
  }
  checkFieldRules(result);
  return result;
}

/**
 * GATEWAY_TRUSTED_DOCUMENTS (a manifest file or a directory; relative paths from `baseDir`, the
 * project root for the gateway) and GATEWAY_TRUSTED_DOCUMENTS_ALLOW_INTROSPECTION. Undefined when
 * the mode is off. Reads and validates the documents now, so a bad manifest stops the start.
 */
export function readTrustedDocumentsOptions(env: Env, baseDir: string = process.cwd()): TrustedDocumentsOptions | undefined {
  const path = readString(env, TRUSTED_DOCUMENTS_VARIABLE);
  const allowIntrospection = readBoolean(env, TRUSTED_DOCUMENTS_INTROSPECTION_VARIABLE, false);
  if (path === undefined) {
    if (allowIntrospection) throw new ConfigError(`${TRUSTED_DOCUMENTS_INTROSPECTION_VARIABLE} needs ${TRUSTED_DOCUMENTS_VARIABLE}.`);
    return undefined;
  }
  return { documents: loadTrustedDocuments(resolve(baseDir, path), path), allowIntrospection };
}

/** Reads the caller-auth variables (see server/plugins/README.md). */
export function readCallerAuthOptions(env: Env): CallerAuthOptions {
  const apiKeyHashes = readList(env, 'GATEWAY_API_KEY_HASHES').map((hash, index) => checkApiKeyHash(hash, index));
  const hs256Secret = readString(env, 'GATEWAY_JWT_HS256_SECRET');
  if (hs256Secret !== undefined && hs256Secret.length < MIN_HS256_SECRET_LENGTH) {
    throw new ConfigError(`GATEWAY_JWT_HS256_SECRET must be at least ${MIN_HS256_SECRET_LENGTH} characters long.`);
  }
  const jwksUrl = readHttpsUrl(env, 'GATEWAY_JWT_JWKS_URL');
  const issuer = readList(env, 'GATEWAY_JWT_ISSUER');
  const audience = readList(env, 'GATEWAY_JWT_AUDIENCE');
  const requiredScopes = readList(env, 'GATEWAY_JWT_REQUIRED_SCOPES', /[\s,]+/);
  const jwtClaimsSet = issuer.length > 0 || audience.length > 0 || requiredScopes.length > 0;
  if (jwtClaimsSet && hs256Secret === undefined && jwksUrl === undefined) {
    throw new ConfigError(
      'GATEWAY_JWT_ISSUER/GATEWAY_JWT_AUDIENCE/GATEWAY_JWT_REQUIRED_SCOPES need GATEWAY_JWT_HS256_SECRET or GATEWAY_JWT_JWKS_URL.',
    );
  }
  const jwt: JwtAuthOptions | undefined =
    hs256Secret === undefined && jwksUrl === undefined
      ? undefined
      : {
          ...(hs256Secret !== undefined ? { hs256Secret } : {}),
          ...(jwksUrl !== undefined ? { jwksUrl } : {}),
          issuer,
          audience,
          requiredScopes,
          clockToleranceSeconds: readInteger(env, 'GATEWAY_JWT_CLOCK_TOLERANCE_SECONDS', 5, 0, 600),
        };
  return {
    apiKeyHashes,
    ...(jwt !== undefined ? { jwt } : {}),
    allowForwardedAtlassianCredentials: readBoolean(env, 'ATLASSIAN_FORWARD_CALLER_CREDENTIALS', false),
    allowUnauthenticated: readBoolean(env, 'GATEWAY_ALLOW_UNAUTHENTICATED', false),
  };
}
