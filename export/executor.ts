/**
 * An executable canonical schema in-process: resolvers/schema/*.graphql (the non-AGG parts) with the
 * Jira and todo.sr.ht resolver factories over one transport, so the export goes through the same
 * auth, 429 rules and budget as the gateway without starting Mesh.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, graphql, isInterfaceType, isObjectType, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { GatewaySettings } from '../sources/config/types.ts';
import type { UpstreamFetch } from '../sources/transport/create-transport.ts';
import { createJiraResolvers } from '../resolvers/jira/index.ts';
import { createSourcehutResolvers } from '../resolvers/sourcehut/index.ts';
import { createMetricsResolvers } from '../resolvers/metrics/resolvers.ts';
import { attachResolvers } from '../resolvers/shared/attach-resolvers.ts';

const SCHEMA_DIR = join(import.meta.dirname, '..', 'resolvers', 'schema');
/** Always loaded, in this order; every other non-AGG file (the metrics SDL) after them. */
const CORE_SDL = ['common.graphql', 'jira.graphql', 'workitem.graphql'];

export interface CanonicalExecutor {
  schema: GraphQLSchema;
  execute(source: string, variables?: Record<string, unknown>): Promise<ExecutionResult>;
  /** True when Type.field exists in the schema and has a resolver or is a plain property (non-root). */
  hasField(typeName: string, fieldName: string): boolean;
}

export async function createCanonicalExecutor(settings: GatewaySettings, fetch: UpstreamFetch, now?: () => number): Promise<CanonicalExecutor> {
  const available = readdirSync(SCHEMA_DIR).filter((file) => file.endsWith('.graphql'));
  // AGG-backed SDL needs the AGG resolvers and upstream, which the export does not use.
  const extra = available.filter((file) => !CORE_SDL.includes(file) && !file.startsWith('agg-')).sort();
  const typeDefs = ['type Query { _canonical: Boolean }', ...[...CORE_SDL, ...extra].map((file) => readFileSync(join(SCHEMA_DIR, file), 'utf8'))];
  const deps = { fetch, settings, ...(now ? { now } : {}) };
  const maps = [createJiraResolvers(deps), createSourcehutResolvers(deps), createMetricsResolvers(deps)];
  const schema = attachResolvers(buildSchema(typeDefs.join('\n')), maps);
  return {
    schema,
    execute: (source, variableValues) => graphql({ schema, source, variableValues, contextValue: {} }) as Promise<ExecutionResult>,
    hasField(typeName, fieldName) {
      const type = schema.getType(typeName);
      if (!isObjectType(type) && !isInterfaceType(type)) return false;
      const field = type.getFields()[fieldName];
      if (field === undefined) return false;
      // A root field without a resolver would answer null: treat it as absent.
      return typeName !== 'Query' || field.resolve !== undefined;
    },
  };
}
