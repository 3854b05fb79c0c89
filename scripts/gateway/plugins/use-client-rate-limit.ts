/**
 * Per-client rate limits, so one noisy caller cannot spend the upstream budget everyone shares:
 * a default limit on operations per caller, and per-field limits (`Query.jiraIssues`) on top,
 * both counted by @envelop/rate-limiter in a sliding window per caller.
 *
 * Caller key: context.caller.id (useCallerAuth), else a hash of the presented credential, else
 * the client IP. Buckets are per caller and per field *name* (the library's key), so globs like
 * `Query.jira*` give each matching field its own bucket.
 */
import { createHash } from 'node:crypto';
import { type Identity, type Store, useRateLimiter } from '@envelop/rate-limiter';
import type { GraphQLError } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { ConfigError } from '../../../sources/config/types.ts';
import { getCaller } from './caller.ts';
import { type Env, envBoolean, envInteger, envString } from './plugin-env.ts';
import { BoundedMemoryStore, RetryAwareStore } from './rate-limit-stores.ts';

export interface RateLimitRule {
  max: number;
  /** Window as a number and unit: `500ms`, `30s`, `1m`, `2h`, `1d`. */
  window: string;
}

export interface ClientRateLimitOptions {
  /** Operations per caller; false turns the default limit off. */
  operations: RateLimitRule | false;
  /** Field coordinate (`Type.field`, picomatch globs allowed) -> its limit per caller. */
  fields: Record<string, RateLimitRule>;
  /** Timestamp store; default a bounded in-memory store (see createClientRateLimitStore for Redis). */
  store?: Store;
  /** Take the client IP from X-Forwarded-For (only behind a proxy that sets it). */
  trustForwardedFor?: boolean;
  /** Called when the store fails; the request is then served without counting (fail open). */
  onStoreError?: (error: unknown) => void;
}

export const DEFAULT_OPERATIONS_LIMIT: RateLimitRule = { max: 120, window: '1m' };
export const CLIENT_RATE_LIMITED = 'CLIENT_RATE_LIMITED';
const OPERATION_BUCKET = '__operation';
/** The library's default directive name (`rateLimitDirectiveName` is not set). */
const RATE_LIMIT_DIRECTIVE = 'rateLimit';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s` -> 30000; throws ConfigError for anything else (the library would silently disable the limit). */
export function parseWindow(window: string, label: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(window.trim());
  const amount = match ? Number(match[1]) * UNIT_MS[match[2]!]! : 0;
  if (!match || amount <= 0) {
    throw new ConfigError(`${label} window "${window}" is not a duration like 500ms, 30s, 1m, 2h or 1d.`);
  }
  return amount;
}

function checkRule(rule: RateLimitRule, label: string): { max: number; window: string; windowMs: number } {
  if (!Number.isSafeInteger(rule.max) || rule.max < 1) throw new ConfigError(`${label} max must be a whole number >= 1.`);
  return { max: rule.max, window: rule.window.trim(), windowMs: parseWindow(rule.window, label) };
}

type RateLimiterFn = (
  fieldName: string,
  params: { args: Record<string, unknown>; context: unknown },
  config: { max: number; window: string; uncountRejected: boolean },
) => string | undefined | Promise<string | undefined>;

interface LimitHit {
  scope: string;
  max: number;
  window: string;
  windowMs: number;
  identity: Identity;
}

export function useClientRateLimit(options: ClientRateLimitOptions): Plugin {
  const store = new RetryAwareStore(options.store ?? new BoundedMemoryStore(), options.onStoreError ?? warnStoreError);
  const identify = (context: unknown) => callerKey(context, options.trustForwardedFor === true);
  const operations = options.operations === false ? undefined : checkRule(options.operations, 'Operation rate limit');
  const fieldRules = checkFieldRules(options.fields);

  const rateLimitError = (hit: LimitHit): GraphQLError => {
    const retryAfterSeconds = Math.max(1, Math.ceil(store.retryAfterMs(hit.identity, hit.max, hit.windowMs, Date.now()) / 1000));
    return createGraphQLError(
      `Rate limit exceeded for ${hit.scope}: at most ${hit.max} per ${hit.window} per client. Retry in ${retryAfterSeconds} s.`,
      {
        extensions: {
          code: CLIENT_RATE_LIMITED,
          scope: hit.scope,
          limit: { max: hit.max, window: hit.window },
          retryAfterSeconds,
          http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
        },
      },
    );
  };

  // The library throws whatever transformError returns right after calling onRateLimitError,
  // in the same synchronous step; the error built there is handed over through this slot.
  let pendingFieldError: GraphQLError | undefined;
  const fieldLimiter = useRateLimiter({
    identifyFn: identify,
    store,
    configByField: fieldRules.map(({ type, field, max, window }) => ({ type, field, max, window, uncountRejected: true })),
    onRateLimitError: ({ context, type, field }) => {
      const rule = fieldRules.find((candidate) => candidate.matches(type.name, field.name));
      const max = rule?.max ?? 1;
      const windowMs = rule?.windowMs ?? 60_000;
      pendingFieldError = rateLimitError({
        scope: `${type.name}.${field.name}`,
        max,
        window: rule?.window ?? '1m',
        windowMs,
        identity: { contextIdentity: identify(context), fieldIdentity: field.name },
      });
    },
    transformError: (message) => {
      const error = pendingFieldError ?? createGraphQLError(message, { extensions: { code: CLIENT_RATE_LIMITED } });
      pendingFieldError = undefined;
      return error;
    },
  });

  const operationLimiter: Plugin = {
    async onExecute({ args, setResultAndStopExecution }) {
      if (operations === undefined) return;
      const context = args.contextValue as { rateLimiterFn?: RateLimiterFn };
      if (typeof context.rateLimiterFn !== 'function') throw new Error('useClientRateLimit: rateLimiterFn missing from context');
      const rejected = await context.rateLimiterFn(
        OPERATION_BUCKET,
        { args: {}, context },
        { max: operations.max, window: operations.window, uncountRejected: true },
      );
      if (rejected !== undefined) {
        setResultAndStopExecution({
          errors: [
            rateLimitError({
              scope: 'operations',
              ...operations,
              identity: { contextIdentity: identify(context), fieldIdentity: OPERATION_BUCKET },
            }),
          ],
        });
      }
    },
  };

  return {
    onPluginInit({ addPlugin }) {
      // Operation limit first: a request it rejects must not be counted against field limits.
      addPlugin(operationLimiter);
      addPlugin(fieldRules.length > 0 ? (fieldLimiter as Plugin) : onlyForRateLimitDirective(fieldLimiter as Plugin));
    },
  };
}

/**
 * The library walks every operation with TypeInfo to find limited fields (~3% of the gateway's CPU
 * under load). With no field rules configured, only a schema that declares @rateLimit can have
 * any; otherwise the walk is skipped. Its context (rateLimiterFn, used by the operation limit) is
 * always built.
 */
function onlyForRateLimitDirective(fieldLimiter: Plugin): Plugin {
  const { onExecute } = fieldLimiter;
  return {
    ...fieldLimiter,
    onExecute(payload) {
      if (onExecute === undefined || payload.args.schema.getDirective(RATE_LIMIT_DIRECTIVE) == null) return undefined;
      return onExecute(payload);
    },
  };
}

interface FieldRule {
  type: string;
  field: string;
  max: number;
  window: string;
  windowMs: number;
  matches(type: string, field: string): boolean;
}

function checkFieldRules(fields: Record<string, RateLimitRule>): FieldRule[] {
  const rules: FieldRule[] = [];
  const typeByExactField = new Map<string, string>();
  for (const [coordinate, rule] of Object.entries(fields)) {
    const match = /^([^.\s]+)\.([^.\s]+)$/.exec(coordinate);
    if (!match) throw new ConfigError(`Rate limit field "${coordinate}" must be a coordinate like Query.jiraIssues.`);
    const [, type, field] = match as unknown as [string, string, string];
    const checked = checkRule(rule, `Rate limit for ${coordinate}`);
    const isGlob = /[*?[\]{}!()+@]/.test(coordinate);
    if (!isGlob) {
      const other = typeByExactField.get(field);
      // The library keys counters by field name, so Query.x and Other.x would share one bucket.
      if (other !== undefined && other !== type) {
        throw new ConfigError(`Rate limits for ${other}.${field} and ${type}.${field} would share one counter; keep one.`);
      }
      typeByExactField.set(field, type);
    }
    rules.push({
      type,
      field,
      ...checked,
      matches: (typeName, fieldName) => globMatch(type, typeName) && globMatch(field, fieldName),
    });
  }
  return rules;
}

/** `*` and `?` only: enough to find the rule for an error message (the library matches with picomatch). */
function globMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(value);
}

/** Stable key for a caller: authenticated id, else credential hash, else client IP. */
export function callerKey(context: unknown, trustForwardedFor: boolean): string {
  const caller = getCaller(context);
  if (caller !== undefined) return caller.id;
  const { request, req } = (context ?? {}) as { request?: Request; req?: { socket?: { remoteAddress?: string } } };
  const credential = request?.headers.get('authorization') ?? request?.headers.get('x-api-key');
  if (credential) return `credential:${createHash('sha256').update(credential).digest('hex').slice(0, 16)}`;
  if (trustForwardedFor) {
    const forwarded = request?.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return `ip:${forwarded}`;
  }
  const address = req?.socket?.remoteAddress;
  return address ? `ip:${address}` : 'anonymous';
}

let lastStoreWarning = 0;
function warnStoreError(error: unknown): void {
  // At most one line a minute: an outage would otherwise log once per request.
  if (Date.now() - lastStoreWarning < 60_000) return;
  lastStoreWarning = Date.now();
  const message = error instanceof Error ? error.message : String(error);
  console.warn(`client rate limit store failed, serving without counting: ${message}`);
}

/** Reads GATEWAY_RATE_LIMIT_* and GATEWAY_TRUST_PROXY (REDIS_URL is passed to createClientRateLimitStore). */
export function readClientRateLimitOptions(env: Env): ClientRateLimitOptions {
  const max = envInteger(env, 'GATEWAY_RATE_LIMIT_MAX', DEFAULT_OPERATIONS_LIMIT.max, 0, 1_000_000);
  const window = envString(env, 'GATEWAY_RATE_LIMIT_WINDOW') ?? DEFAULT_OPERATIONS_LIMIT.window;
  parseWindow(window, 'GATEWAY_RATE_LIMIT_WINDOW');
  return {
    operations: max === 0 ? false : { max, window },
    fields: readFieldLimits(env),
    trustForwardedFor: envBoolean(env, 'GATEWAY_TRUST_PROXY', false),
  };
}

function readFieldLimits(env: Env): Record<string, RateLimitRule> {
  const name = 'GATEWAY_RATE_LIMIT_FIELDS';
  const raw = envString(env, name);
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

