/**
 * What AGG errors mean for a canonical field: scope refusals (route elsewhere), strict mode
 * (fail the field) or partial data (keep it, surface the errors).
 */
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../../sources/context.ts';
import type { AggError, AggResponse } from './client.ts';
import { recordUpstreamErrors } from './route-extensions.ts';

/** AGG puts the error class in extensions.classification (the seed); some gateways use errorType. */
export function errorClassification(error: AggError): string | null {
  const ext = error.extensions ?? {};
  for (const key of ['classification', 'errorType', 'code']) {
    const value = ext[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

export function isInsufficientScopes(error: AggError): boolean {
  return errorClassification(error) === 'InsufficientOAuthScopes';
}

/** One AGG error as a canonical GraphQL error (message prefixed; classification and upstream path kept). */
export function toCanonicalError(operationName: string, error: AggError): GraphQLError {
  const classification = errorClassification(error);
  return new GraphQLError(`AGG ${operationName}: ${error.message}`, {
    extensions: {
      code: 'UPSTREAM_ERROR',
      upstream: 'agg',
      ...(classification ? { classification } : {}),
      ...(error.path ? { upstreamPath: error.path } : {}),
    },
  });
}

/**
 * Applies the strictness rule to a response: no data at all, or strict mode with any error,
 * fails the field (first error thrown, the rest in extensions); otherwise the errors are recorded
 * on the context for server/plugins/use-canonical-route-extensions.ts to add at the canonical field's path.
 */
export function acceptAggResponse(
  response: AggResponse,
  options: { operationName: string; strict: boolean; context: GatewayContext; fieldPath: ReadonlyArray<string | number> },
): Record<string, unknown> {
  const { errors, data } = response;
  if (errors.length > 0 && (options.strict || data === null)) {
    const first = toCanonicalError(options.operationName, errors[0]);
    if (errors.length > 1) {
      first.extensions.otherErrors = errors.slice(1).map((error) => ({ message: error.message, classification: errorClassification(error) }));
    }
    throw first;
  }
  if (errors.length > 0) {
    recordUpstreamErrors(options.context, options.fieldPath, errors.map((error) => toCanonicalError(options.operationName, error)));
  }
  return data ?? {};
}
