/**
 * The last word on every error a caller sees. Mesh puts upstream response headers (Set-Cookie
 * among them), request details and, outside production, stack traces into error extensions; the
 * gateway must never hand a cookie, token or credential to a caller. Each error's message and
 * extensions pass through the settings-aware Redactor (sensitive keys, auth header values, every
 * configured secret in any encoding), and stack traces go in production.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Redactor } from '../../sources/logging/redactor.ts';
import { classifyUpstreamError } from '../upstream-error-codes.ts';

export interface SafeErrorsOptions {
  redactor: Redactor;
  /** Drop stack traces from extensions (always in production). */
  dropStacks: boolean;
}

function withoutStacks(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => withoutStacks(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === 'stack') continue;
    copy[key] = withoutStacks(field, depth + 1);
  }
  return copy;
}

export function sanitizeError(error: GraphQLError, options: SafeErrorsOptions): GraphQLError {
  const classified = classifyUpstreamError(error.message, (error.extensions ?? {}) as Record<string, unknown>);
  let extensions: unknown = classified.extensions;
  if (options.dropStacks) extensions = withoutStacks(extensions);
  return createGraphQLError(options.redactor.redactText(classified.message), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: options.redactor.redactValue(extensions) as Record<string, unknown>,
  });
}

export function useSafeErrors(options: SafeErrorsOptions): Plugin {
  const clean = (result: ExecutionResult): ExecutionResult =>
    result.errors?.length ? { ...result, errors: result.errors.map((error) => sanitizeError(error, options)) } : result;
  return {
    // Every answer passes here, whether its errors came from parsing, validation, a plugin or execution.
    onResultProcess({ result, setResult }) {
      if (Symbol.asyncIterator in (result as object)) return; // no subscriptions are served
      if (Array.isArray(result)) setResult(result.map(clean));
      else setResult(clean(result as ExecutionResult));
    },
  };
}
