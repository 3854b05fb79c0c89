/** Executable canonical schema over our resolver factories, for resolver tests. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, graphql, GraphQLScalarType, isInterfaceType, isObjectType, isScalarType, type ExecutionResult, type GraphQLFieldResolver, type GraphQLSchema, type GraphQLTypeResolver } from 'graphql';
import type { GatewaySettings } from '../../sources/config/types.ts';
import { testSettings as baseTestSettings } from '../support/settings.ts';
import { createJiraResolvers } from '../../resolvers/jira/index.ts';
import { createSourcehutResolvers } from '../../resolvers/sourcehut/index.ts';
import { createMetricsResolvers } from '../../resolvers/metrics/resolvers.ts';
import { DateTimeScalar } from '../../resolvers/shared/datetime.ts';
import type { UpstreamFetch } from '../../resolvers/shared/http.ts';

export const CLOUD_ID = '11111111-2222-4333-8444-555555555555';
const OWN_SDL = ['common.graphql', 'jira.graphql', 'workitem.graphql', 'metrics-reports.graphql'];

/** Sandbox settings for the REST- and sr.ht-backed resolvers: no 429 waits, quiet logs. */
export function testSettings(urls: { jira?: string; jiraSoftware?: string; srht?: string }): GatewaySettings {
  return baseTestSettings(urls, { mode: 'sandbox', cloudId: CLOUD_ID, maxWaitSeconds: 0, maxRetries429: 0, logLevel: 'error' });
}

export const plainFetch: UpstreamFetch = (url, init) => globalThis.fetch(url, init);

export function canonicalExecutor(settings: GatewaySettings, fetch: UpstreamFetch = plainFetch, options: { now?: () => number } = {}) {
  const dir = join(import.meta.dirname, '..', '..', 'resolvers', 'schema');
  const available = readdirSync(dir);
  const typeDefs = ['type Query { _canonical: Boolean }', ...OWN_SDL.filter((file) => available.includes(file)).map((file) => readFileSync(join(dir, file), 'utf8'))];
  const deps = { fetch, settings, ...(options.now ? { now: options.now } : {}) };
  const jira = createJiraResolvers(deps);
  const srht = createSourcehutResolvers(deps);
  const metrics = createMetricsResolvers(deps);
  const schema = attachResolvers(buildSchema(typeDefs.join('\n')), [jira, srht, metrics]);
  return (source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult> =>
    graphql({ schema, source, variableValues, contextValue: {} }) as Promise<ExecutionResult>;
}

/**
 * Attaches resolver maps to a schema built from SDL. @graphql-tools/schema loads graphql through
 * a different module realm under vitest (its schema objects are refused), so this does the same
 * small job on our one graphql instance.
 */
function attachResolvers(schema: GraphQLSchema, maps: Array<Record<string, object>>): GraphQLSchema {
  const attachScalar = (implementation: GraphQLScalarType) => {
    const type = schema.getType(implementation.name);
    if (!isScalarType(type)) throw new Error(`resolvers for unknown scalar ${implementation.name}`);
    type.serialize = implementation.serialize;
    type.parseValue = implementation.parseValue;
    type.parseLiteral = implementation.parseLiteral;
  };
  attachScalar(DateTimeScalar);
  for (const map of maps) {
    for (const [typeName, value] of Object.entries(map)) {
      const type = schema.getType(typeName);
      if (value instanceof GraphQLScalarType) {
        attachScalar(value);
        continue;
      }
      const fields = value as Record<string, unknown>;
      if (isInterfaceType(type)) {
        type.resolveType = fields.__resolveType as GraphQLTypeResolver<unknown, unknown>;
      } else if (isObjectType(type)) {
        for (const [fieldName, resolve] of Object.entries(fields)) {
          const field = type.getFields()[fieldName];
          if (!field) throw new Error(`resolver for unknown field ${typeName}.${fieldName}`);
          field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
        }
      } else throw new Error(`resolvers for unknown type ${typeName}`);
    }
  }
  return schema;
}
