/**
 * Query limits: depth, aliases, tokens and directives via graphql-armor, plus a list-size-aware
 * cost limit (query-cost.ts) checked at execution time, when variable values are known. The cost
 * check cannot be a validation rule: yoga caches validation per document, not per variables, so
 * `first: $n` would be judged once for every later value of $n.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { GraphQLError } from 'graphql';
// yoga's own error factory, so yoga recognises the error (instanceof) and does not mask it.
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { describeCostFactors, type QueryCostOptions } from './query-cost.ts';
import { createQueryCostCache } from './query-cost-cache.ts';
import { type Env, envInteger } from './plugin-env.ts';

export interface QueryLimitsOptions {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Operations per batched HTTP request; 0 turns batching off. Applied through yoga's `batching` option. */
  maxBatch: number;
  maxCost: number;
  cost: QueryCostOptions;
}

/**
 * Generous enough for analytics queries on the AGG schema (connections nest deeply) and for
 * GraphiQL's introspection query (armor skips `__schema` for depth; cost skips introspection).
 */
export const DEFAULT_QUERY_LIMITS: QueryLimitsOptions = {
  maxDepth: 15,
  maxAliases: 30,
  maxTokens: 5000,
  maxDirectives: 50,
  maxBatch: 10,
  maxCost: 50_000,
  cost: {},
};

export const QUERY_LIMIT_ERROR_CODE = 'QUERY_LIMIT_EXCEEDED';

type LimitName = 'maxDepth' | 'maxAliases' | 'maxTokens' | 'maxDirectives' | 'maxCost';

function limitError(limit: LimitName, max: number, message: string): GraphQLError {
  return createGraphQLError(message, {
    // Like yoga's own validation errors: 400 for application/graphql-response+json, 200 for legacy JSON.
    extensions: { code: QUERY_LIMIT_ERROR_CODE, limit, max, http: { status: 400, spec: true } },
  });
}

/** Armor reports "Syntax Error: Query depth limit of 15 exceeded, found 17."; keep the facts, drop the misleading prefix. */
function rejectAs(limit: LimitName, max: number): GraphQLArmorRejectCallback {
  return (validationContext, error) => {
    const replacement = limitError(limit, max, `${error.message.replace(/^Syntax Error:\s*/, '')} (${limit})`);
    // The token limit runs inside the parser, where there is no validation context to report to.
    if (validationContext === null) throw replacement;
    validationContext.reportError(replacement);
  };
}

export function useQueryLimits(overrides: Partial<QueryLimitsOptions> = {}): Plugin {
  const limits: QueryLimitsOptions = { ...DEFAULT_QUERY_LIMITS, ...overrides };
  const queryCost = createQueryCostCache(limits.cost);
  const protection = (limit: LimitName, n: number) => ({
    enabled: true,
    n,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [rejectAs(limit, n)],
  });
  const armor = EnvelopArmorPlugin({
    maxDepth: { ...protection('maxDepth', limits.maxDepth), flattenFragments: true, ignoreIntrospection: true },
    maxAliases: protection('maxAliases', limits.maxAliases),
    maxTokens: protection('maxTokens', limits.maxTokens),
    maxDirectives: protection('maxDirectives', limits.maxDirectives),
    // Our own execution-time estimate replaces armor's literal-only cost rule.
    costLimit: { enabled: false },
    // Introspection is on for GraphiQL, so hiding "Did you mean" would protect nothing.
    blockFieldSuggestion: { enabled: false },
  });

  return {
    onPluginInit({ addPlugin }) {
      // Armor is typed as a plain envelop plugin; yoga runs envelop plugins as they are.
      addPlugin(armor as Plugin);
    },
    onExecute({ args, setResultAndStopExecution }) {
      // Cached per document and size-variable values: the walk is the same for every repeat of a query.
      const estimate = queryCost(args.schema, args.document, { operationName: args.operationName, variables: args.variableValues });
      if (estimate.cost > limits.maxCost) {
        const detail = estimate.heaviestPath.length > 0 ? ` (${describeCostFactors(estimate.heaviestPath)})` : '';
        const error = limitError(
          'maxCost',
          limits.maxCost,
          `Query cost ${estimate.cost} exceeds the limit of ${limits.maxCost}${detail}; request fewer items or fields.`,
        );
        error.extensions['cost'] = estimate.cost;
        setResultAndStopExecution({ errors: [error] });
      }
    },
  };
}

/** Value for createYoga's `batching` option: `{ limit }`, or false when batching is off. */
export function yogaBatchingOption(limits: Pick<QueryLimitsOptions, 'maxBatch'>): { limit: number } | false {
  return limits.maxBatch > 0 ? { limit: limits.maxBatch } : false;
}

export function readQueryLimitsOptions(env: Env): QueryLimitsOptions {
  const d = DEFAULT_QUERY_LIMITS;
  return {
    maxDepth: envInteger(env, 'GATEWAY_MAX_DEPTH', d.maxDepth, 1, 1000),
    maxAliases: envInteger(env, 'GATEWAY_MAX_ALIASES', d.maxAliases, 0, 10_000),
    maxTokens: envInteger(env, 'GATEWAY_MAX_TOKENS', d.maxTokens, 100, 1_000_000),
    maxDirectives: envInteger(env, 'GATEWAY_MAX_DIRECTIVES', d.maxDirectives, 0, 10_000),
    maxBatch: envInteger(env, 'GATEWAY_MAX_BATCH', d.maxBatch, 0, 1000),
    maxCost: envInteger(env, 'GATEWAY_MAX_COST', d.maxCost, 1, Number.MAX_SAFE_INTEGER),
    cost: {
      assumedPageSize: envInteger(env, 'GATEWAY_COST_ASSUMED_PAGE_SIZE', 50, 1, 100_000),
      assumedListSize: envInteger(env, 'GATEWAY_COST_ASSUMED_LIST_SIZE', 10, 1, 100_000),
    },
  };
}
