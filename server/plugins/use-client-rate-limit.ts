/**
 * Per-client rate limits, so one noisy caller cannot spend the upstream budget everyone shares:
 * a limit on operations per caller, and per-field limits (`Query.jiraIssues`) on top, each a
 * sliding window per caller.
 *
 * What counts:
 * - every executed operation, one by one, so each operation of a batched request counts;
 * - every execution of a limited field: aliases, fragment spreads and each item of a list parent
 *   run the resolver again, and the resolver is where the count is taken. Only the resolvers of
 *   fields matching a rule are wrapped; other fields run untouched.
 *
 * Counting is one atomic check-and-record in the store (rate-limit-stores.ts), so concurrent
 * operations of one caller can never all pass on the same count. Rejected calls are not recorded.
 *
 * Who counts: verified callers (API key, gateway JWT, and forwarded Atlassian credentials that
 * `isVerifiedForwardedCaller` vouches for) each get their own buckets; everything else shares the
 * bucket `anonymous`, so made-up credentials cannot mint fresh buckets.
 *
 * Why not @envelop/rate-limiter (used before): its Store is a separate read and write, so
 * concurrent calls overshoot; it counts the fields of the document once per operation walk, not
 * per execution; it keys counters by bare field name; and on one rejection it fails the whole
 * operation while keeping the counts of the fields it did not run.
 */
import {
  defaultFieldResolver,
  type GraphQLError,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isObjectType,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { ConfigError } from '../../sources/config/types.ts';
import { getCaller } from '../auth/caller.ts';
import { ALLOWED, BoundedMemoryStore, type RateLimitDecision, type RateLimitStore } from '../limits/rate-limit-stores.ts';
import type { GatewayContext } from '../../sources/context.ts';

export interface RateLimitRule {
  max: number;
  /** Window as a number and unit: `500ms`, `30s`, `1m`, `2h`, `1d`. */
  window: string;
}

export interface ClientRateLimitOptions {
  /** Operations per caller; false turns the operation limit off. */
  operations: RateLimitRule | false;
  /**
   * Field coordinate (`Type.field` of an object type; `*`, `?` and `{a,b}` globs allowed) -> its
   * limit per caller. Each matching field has its own counter. An exact coordinate wins over
   * globs; of several matching globs, the first listed applies.
   */
  fields: Record<string, RateLimitRule>;
  /** Call log store; default a bounded in-memory store (see createClientRateLimitStore for Redis). */
  store?: RateLimitStore;
  /**
   * True when the upstream has accepted this forwarded caller's credential before. Such callers
   * get their own buckets; other forwarded callers share the anonymous one. Called on every
   * count, so it must be cheap.
   */
  isVerifiedForwardedCaller?: (callerId: string) => boolean;
  /** Called when the store fails; the call is then served without counting (fail open). Default: a warning a minute. */
  onStoreError?: (error: unknown) => void;
}

export const DEFAULT_OPERATIONS_LIMIT: RateLimitRule = { max: 120, window: '1m' };
export const CLIENT_RATE_LIMITED = 'CLIENT_RATE_LIMITED';
/** The one bucket of every caller the gateway cannot verify. */
export const ANONYMOUS_CALLER = 'anonymous';
const OPERATIONS_SCOPE = 'operations';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s` -> 30000; throws ConfigError for anything else. */
export function parseWindow(window: string, label: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(window.trim());
  const amount = match ? Number(match[1]) * UNIT_MS[match[2]!]! : 0;
  if (!match || amount <= 0 || !Number.isSafeInteger(amount)) {
    throw new ConfigError(`${label} window "${window}" is not a duration like 500ms, 30s, 1m, 2h or 1d.`);
  }
  return amount;
}

interface CheckedRule {
  max: number;
  window: string;
  windowMs: number;
}

function checkRule(rule: RateLimitRule, label: string): CheckedRule {
  if (!Number.isSafeInteger(rule.max) || rule.max < 1) throw new ConfigError(`${label} max must be a whole number >= 1.`);
  return { max: rule.max, window: rule.window.trim(), windowMs: parseWindow(rule.window, label) };
}

interface FieldRule extends CheckedRule {
  exact: boolean;
  matchesType(type: string): boolean;
  matchesField(field: string): boolean;
}

/**
 * The bucket a request counts against: the caller's id when the gateway (or, for forwarded
 * credentials, the upstream) has verified it, else the shared anonymous bucket. Never derived from
 * presented headers or the client address, which a caller can vary at will.
 */
export function rateLimitCallerKey(
  context: GatewayContext | undefined,
  isVerifiedForwardedCaller?: (callerId: string) => boolean,
): string {
  const caller = getCaller(context);
  if (caller === undefined) return ANONYMOUS_CALLER;
  if (caller.kind === 'apikey' || caller.kind === 'jwt') return caller.id;
  if (caller.kind === 'forwarded' && isVerifiedForwardedCaller?.(caller.id) === true) return caller.id;
  return ANONYMOUS_CALLER;
}

/** What a wrapped resolver finds on the context: the limiter of the yoga instance serving the request. */
interface FieldLimiter {
  resolve(
    coordinate: string,
    resolver: GraphQLFieldResolver<unknown, unknown>,
    source: unknown,
    args: Record<string, unknown>,
    context: GatewayContext,
    info: GraphQLResolveInfo,
  ): unknown;
}

// Symbol.for: a wrapper installed by one copy of this module still finds a limiter set by another.
const FIELD_LIMITER = Symbol.for('atlassian-mesh.client-rate-limit.field-limiter');
/** Fields whose resolver is already wrapped (a schema object may be shared by several yoga instances). */
const wrappedFields = new WeakSet<GraphQLField<unknown, unknown>>();

export function useClientRateLimit(options: ClientRateLimitOptions): Plugin {
  const store = options.store ?? new BoundedMemoryStore();
  const onStoreError = options.onStoreError ?? throttledStoreWarning();
  const operations = options.operations === false ? undefined : checkRule(options.operations, 'Operation rate limit');
  const fieldRules = checkFieldRules(options.fields);
  const { isVerifiedForwardedCaller } = options;

  /** Store call with fail open: a broken store must not take the gateway down. */
  const take = (scope: string, caller: string, rule: CheckedRule): RateLimitDecision | Promise<RateLimitDecision> => {
    let decision: RateLimitDecision | Promise<RateLimitDecision>;
    try {
      decision = store.take(`${scope}:${caller}`, rule.max, rule.windowMs, Date.now());
    } catch (error) {
      onStoreError(error);
      return ALLOWED;
    }
    if (!isPromise(decision)) return decision;
    return decision.catch((error: unknown) => {
      onStoreError(error);
      return ALLOWED;
    });
  };

  const rateLimitError = (scope: string, caller: string, rule: CheckedRule, retryAfterMs: number): GraphQLError => {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    const shared = caller === ANONYMOUS_CALLER ? ' Unverified callers share one limit; authenticate to get your own.' : '';
    return createGraphQLError(
      `Rate limit exceeded for ${scope}: at most ${rule.max} per ${rule.window} per client. Retry in ${retryAfterSeconds} s.${shared}`,
      {
        extensions: {
          code: CLIENT_RATE_LIMITED,
          scope,
          limit: { max: rule.max, window: rule.window },
          retryAfterSeconds,
          http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
        },
      },
    );
  };

  // Rules resolve by type and field name alone, so the answer is cached across schemas.
  const ruleByCoordinate = new Map<string, FieldRule | undefined>();
  const ruleFor = (type: string, field: string): FieldRule | undefined => {
    const coordinate = `${type}.${field}`;
    if (ruleByCoordinate.has(coordinate)) return ruleByCoordinate.get(coordinate);
    const matching = fieldRules.filter((rule) => rule.matchesType(type) && rule.matchesField(field));
    const rule = matching.find((candidate) => candidate.exact) ?? matching[0];
    ruleByCoordinate.set(coordinate, rule);
    return rule;
  };

  const fieldLimiter: FieldLimiter = {
    resolve(coordinate, resolver, source, args, context, info) {
      const rule = ruleByCoordinate.get(coordinate);
      if (rule === undefined) return resolver(source, args, context, info);
      const caller = rateLimitCallerKey(context, isVerifiedForwardedCaller);
      const decision = take(coordinate, caller, rule);
      // Synchronous stores keep synchronous resolvers synchronous (graphql-js is faster that way).
      if (!isPromise(decision)) {
        if (!decision.allowed) throw rateLimitError(coordinate, caller, rule, decision.retryAfterMs);
        return resolver(source, args, context, info);
      }
      return decision.then((settled) => {
        if (!settled.allowed) throw rateLimitError(coordinate, caller, rule, settled.retryAfterMs);
        return resolver(source, args, context, info);
      });
    },
  };

  const wrappedSchemas = new WeakSet<GraphQLSchema>();
  /** Wraps the resolvers of the fields our rules match, once per schema; idempotent. */
  const wrapLimitedFields = (schema: GraphQLSchema): void => {
    if (fieldRules.length === 0 || wrappedSchemas.has(schema)) return;
    wrappedSchemas.add(schema);
    // A subscription field's resolve runs once per event, not per call: not a place to count.
    const subscriptionType = schema.getSubscriptionType();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type === subscriptionType || type.name.startsWith('__')) continue;
      if (!fieldRules.some((rule) => rule.matchesType(type.name))) continue;
      for (const field of Object.values(type.getFields()) as Array<GraphQLField<unknown, unknown>>) {
        if (ruleFor(type.name, field.name) === undefined || wrappedFields.has(field)) continue;
        field.resolve = limitedResolver(`${type.name}.${field.name}`, field.resolve ?? defaultFieldResolver);
        wrappedFields.add(field);
      }
    }
  };

  const limitOperation = (
    context: GatewayContext,
    stop: (result: { errors: GraphQLError[] }) => void,
  ): void | Promise<void> => {
    if (operations === undefined) return;
    const caller = rateLimitCallerKey(context, isVerifiedForwardedCaller);
    const decision = take(OPERATIONS_SCOPE, caller, operations);
    const apply = (settled: RateLimitDecision): void => {
      if (!settled.allowed) stop({ errors: [rateLimitError(OPERATIONS_SCOPE, caller, operations, settled.retryAfterMs)] });
    };
    if (!isPromise(decision)) return apply(decision);
    return decision.then(apply);
  };

  return {
    onSchemaChange({ schema }) {
      wrapLimitedFields(schema);
    },
    onContextBuilding({ extendContext }) {
      if (fieldRules.length > 0) extendContext({ [FIELD_LIMITER]: fieldLimiter } as Record<symbol, FieldLimiter>);
    },
    // Each operation of a batch is executed (and so counted) on its own.
    onExecute({ args, setResultAndStopExecution }) {
      // The executed schema may not be the one onSchemaChange saw (plugins can swap it per request).
      wrapLimitedFields(args.schema);
      return limitOperation(args.contextValue, setResultAndStopExecution);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      return limitOperation(args.contextValue, setResultAndStopExecution);
    },
  };
}

/** The wrapper installed on a limited field: counts through the limiter on the request's context. */
function limitedResolver(
  coordinate: string,
  resolver: GraphQLFieldResolver<unknown, unknown>,
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const limiter =
      context !== null && typeof context === 'object' ? (context as Record<symbol, FieldLimiter | undefined>)[FIELD_LIMITER] : undefined;
    // A yoga instance without this plugin (or without field rules) shares the schema: run as is.
    if (limiter === undefined) return resolver(source, args, context, info);
    // The limiter is only ever on a gateway context (set by this plugin's own onContextBuilding).
    return limiter.resolve(coordinate, resolver, source, args, context as GatewayContext, info);
  };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | null)?.then === 'function';
}

const NAME_GLOB = /^[_A-Za-z0-9*?{},]+$/;

export function checkFieldRules(fields: Record<string, RateLimitRule>): FieldRule[] {
  return Object.entries(fields).map(([coordinate, rule]) => {
    const match = /^([^.\s]+)\.([^.\s]+)$/.exec(coordinate);
    if (!match) throw new ConfigError(`Rate limit field "${coordinate}" must be a coordinate like Query.jiraIssues.`);
    const [, type, field] = match as unknown as [string, string, string];
    if (!NAME_GLOB.test(type) || !NAME_GLOB.test(field)) {
      throw new ConfigError(`Rate limit field "${coordinate}" may use only names and the globs *, ? and {a,b}.`);
    }
    const typePattern = globToRegExp(type, coordinate);
    const fieldPattern = globToRegExp(field, coordinate);
    return {
      ...checkRule(rule, `Rate limit for ${coordinate}`),
      exact: !/[*?{]/.test(coordinate),
      matchesType: (name) => typePattern.test(name),
      matchesField: (name) => fieldPattern.test(name),
    };
  });
}

/** `*` any run of characters, `?` one character, `{a,b}` either (not nested). */
function globToRegExp(glob: string, coordinate: string): RegExp {
  let source = '';
  let inGroup = false;
  for (const char of glob) {
    if (char === '*') {
      source += '.*';
    } else if (char === '?') {
      source += '.';
    } else if (char === '{' && !inGroup) {
      source += '(?:';
      inGroup = true;
    } else if (char === '}' && inGroup) {
      source += ')';
      inGroup = false;
    } else if (char === ',' && inGroup) {
      source += '|';
    } else if (char === '{' || char === '}' || char === ',') {
      throw new ConfigError(`Rate limit field "${coordinate}" has an unbalanced {a,b} group.`);
    } else {
      source += char;
    }
  }
  if (inGroup) throw new ConfigError(`Rate limit field "${coordinate}" has an unbalanced {a,b} group.`);
  return new RegExp(`^${source}$`);
}

/** At most one line a minute: an outage would otherwise log once per request. */
function throttledStoreWarning(): (error: unknown) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (error) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    const message = error instanceof Error ? error.message : String(error);
    console.warn(`client rate limit store failed, serving without counting: ${message}`);
  };
}

