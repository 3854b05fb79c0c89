/** Yoga plugins of the AGG sandbox: per-operation request counts and the rules AGG documents. */
import type { Plugin } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { checkDocumentedRules, type RuleViolation } from './rules.ts';

export interface AggSandboxStats {
  requests: number;
  byOperation: Record<string, number>;
}

export function useRequestStats(stats: AggSandboxStats): Plugin {
  return {
    onParams({ params }) {
      stats.requests += 1;
      // Clients may omit operationName for single-operation documents: count those by the document's name.
      const named = typeof params.query === 'string' ? /\b(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(params.query)?.[1] : undefined;
      const name = params.operationName ?? named ?? 'anonymous';
      stats.byOperation[name] = (stats.byOperation[name] ?? 0) + 1;
    },
  };
}

/** X-ExperimentalApi values of a request: repeated header lines arrive joined with ", ". */
export function experimentalApisOf(headers: Headers): string[] {
  return (headers.get('x-experimentalapi') ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
}

/** The error live AGG answers for each kind of violation (AGG's wording where known). */
function toAggError(violation: RuleViolation): GraphQLError {
  const common = { classification: 'ValidationError', errorSource: 'GRAPHQL_GATEWAY' };
  switch (violation.kind) {
    case 'experimental-api':
      return new GraphQLError(violation.message, { extensions: { ...common, statusCode: 400, requiredExperimentalApi: violation.requirement } });
    case 'opt-in':
      return new GraphQLError(violation.message, { extensions: { ...common, statusCode: 400, requiredOptIn: violation.requirement } });
    case 'removed': {
      // Past its removal date the field is simply gone from AGG's schema.
      const [typeName, fieldName] = violation.coordinate.split('.');
      return new GraphQLError(`Validation error (FieldUndefined@[${violation.path.replace(/\./g, '/')}]) : Field '${fieldName}' in type '${typeName}' is undefined`, {
        extensions: { ...common, statusCode: 400, removedOn: violation.requirement },
      });
    }
    case 'oauth':
      return new GraphQLError(violation.message, { extensions: { classification: 'Forbidden', errorSource: 'GRAPHQL_GATEWAY', statusCode: 403 } });
    default:
      return new GraphQLError(violation.message, { extensions: common });
  }
}

/**
 * Refuses, as live AGG does, a request that misses what AGG documents for a field it executes: a
 * beta field without its X-ExperimentalApi header ("rejected outright"), an EXPERIMENTAL field
 * without `@optIn(to: ...)` on it or a parent, a field past its announced removal date, and (for
 * OAuth callers, Authorization: Bearer) a field not available to OAuth. The whole request is
 * refused (data null). Documented headers such as X-Force-Dynamo are not enforced: AGG still
 * answers without them (wrongly), so only the canonical layer's own tests insist on them.
 */
export function useDocumentedRules(options: { today?: () => Date } = {}): Plugin<{ request: Request }> {
  const today = options.today ?? (() => new Date());
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const request = args.contextValue.request;
      const violations = checkDocumentedRules(args.schema, args.document, {
        operationName: args.operationName,
        variables: args.variableValues ?? {},
        experimentalApis: experimentalApisOf(request.headers),
        oauth: /^bearer\s/i.test(request.headers.get('authorization') ?? ''),
        today: today(),
        mode: 'runtime',
      }).filter((violation) => violation.kind !== 'header');
      if (violations.length === 0) return;
      setResultAndStopExecution({ data: null, errors: violations.map(toAggError) });
    },
  };
}
