/**
 * Per-request notes the AGG resolvers leave on the GraphQL context, for the response:
 *  - canonicalRoutes: which route served a field (AGG, or the REST fallback and why, or none and
 *    why), copied to result.extensions.canonicalRoutes;
 *  - upstream errors kept alongside partial data (non-strict mode), appended to result.errors at
 *    the canonical field's path (a resolver cannot return data and an error for the same field).
 * server/plugins/use-canonical-route-extensions.ts copies them into each response.
 */
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../../sources/context.ts';

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

export function recordCanonicalRoute(context: GatewayContext, route: CanonicalRoute): void {
  notesOf(context)?.routes.push(route);
}

export function recordUpstreamErrors(context: GatewayContext, fieldPath: ReadonlyArray<string | number>, errors: GraphQLError[]): void {
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
