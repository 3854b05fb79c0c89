/**
 * Per-request notes the AGG resolvers leave on the GraphQL context, and the envelop plugin that
 * turns them into response output:
 *  - canonicalRoutes: which route served a field (AGG, or the REST fallback and why, or none and
 *    why), copied to result.extensions.canonicalRoutes;
 *  - upstream errors kept alongside partial data (non-strict mode), appended to result.errors at
 *    the canonical field's path (a resolver cannot return data and an error for the same field).
 * The integrator adds useCanonicalRouteExtensions() to the server's plugins.
 */
import type { Plugin } from '@envelop/core';
import { GraphQLError, type ExecutionResult } from 'graphql';

export interface CanonicalRoute {
  field: string;
  /** 'none': no upstream can serve the field with this request's credentials (reason says why; the field is empty). */
  route: 'agg' | 'rest' | 'none';
  reason?: string;
}

interface CanonicalNotes {
  routes: CanonicalRoute[];
  errors: GraphQLError[];
}

const NOTES = Symbol.for('atlassian-mesh.canonicalNotes');

function notesOf(context: unknown): CanonicalNotes | null {
  if (typeof context !== 'object' || context === null) return null;
  const holder = context as { [NOTES]?: CanonicalNotes };
  holder[NOTES] ??= { routes: [], errors: [] };
  return holder[NOTES];
}

export function recordCanonicalRoute(context: unknown, route: CanonicalRoute): void {
  notesOf(context)?.routes.push(route);
}

export function recordUpstreamErrors(context: unknown, fieldPath: ReadonlyArray<string | number>, errors: GraphQLError[]): void {
  const notes = notesOf(context);
  if (!notes) return;
  for (const error of errors) {
    notes.errors.push(new GraphQLError(error.message, { path: [...fieldPath], extensions: error.extensions }));
  }
}

/** Routes and upstream errors recorded so far on this context (tests and the plugin). */
export function canonicalNotes(context: unknown): Readonly<CanonicalNotes> {
  return notesOf(context) ?? { routes: [], errors: [] };
}

function withNotes(result: ExecutionResult, notes: CanonicalNotes): ExecutionResult {
  if (notes.routes.length === 0 && notes.errors.length === 0) return result;
  return {
    ...result,
    ...(notes.errors.length > 0 ? { errors: [...(result.errors ?? []), ...notes.errors] } : {}),
    ...(notes.routes.length > 0 ? { extensions: { ...result.extensions, canonicalRoutes: [...notes.routes] } } : {}),
  };
}

export function useCanonicalRouteExtensions(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result, setResult }) {
          const notes = notesOf(args.contextValue);
          // Streams (defer) are left alone: notes belong to the single final result.
          if (!notes || Symbol.asyncIterator in (result as object)) return;
          setResult(withNotes(result as ExecutionResult, notes));
        },
      };
    },
  };
}
