/**
 * Copies the notes the canonical resolvers leave on the context (resolvers/agg/route-extensions.ts)
 * into the response: which route served each canonical field (`extensions.canonicalRoutes`), and
 * upstream errors kept beside partial data (appended to `errors` at the field's path, since a
 * resolver cannot return data and an error for the same field).
 */
import type { Plugin } from '@envelop/core';
import type { ExecutionResult } from 'graphql';
import { canonicalNotes } from '../../resolvers/agg/route-extensions.ts';

/** No options: the notes are always copied, and a response without notes is left untouched. */
export type CanonicalRouteExtensionsOptions = Record<string, never>;

function withNotes(result: ExecutionResult, notes: ReturnType<typeof canonicalNotes>): ExecutionResult {
  if (notes.routes.length === 0 && notes.errors.length === 0) return result;
  return {
    ...result,
    ...(notes.errors.length > 0 ? { errors: [...(result.errors ?? []), ...notes.errors] } : {}),
    ...(notes.routes.length > 0 ? { extensions: { ...result.extensions, canonicalRoutes: [...notes.routes] } } : {}),
  };
}

export function useCanonicalRouteExtensions(_options: CanonicalRouteExtensionsOptions = {}): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result, setResult }) {
          // Streams (defer) are left alone: notes belong to the single final result.
          if (Symbol.asyncIterator in (result as object)) return;
          setResult(withNotes(result as ExecutionResult, canonicalNotes(args.contextValue)));
        },
      };
    },
  };
}
