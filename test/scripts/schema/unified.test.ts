/**
 * The unified schema as the gateway serves it: every upstream operation reachable, nothing merged
 * across sources, introspection clean (GraphiQL depends on it), canonical types intact.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildSchema,
  getIntrospectionQuery,
  graphql,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';
import { buildSchema as buildSchema17, validateSchema as validateSchema17 } from 'graphql17';
import { buildUnifiedSchema, printSortedSchema } from '../../../scripts/schema/unified.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PREFIXES = ['agg_', 'jira_', 'jiraSoftware_', 'srht_'] as const;
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

function countOperations(specPath: string): number {
  const spec = JSON.parse(readFileSync(resolve(root, specPath), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  let count = 0;
  for (const pathItem of Object.values(spec.paths)) {
    for (const method of Object.keys(pathItem)) if (HTTP_METHODS.has(method)) count++;
  }
  return count;
}

function rootFieldsWithPrefix(schema: GraphQLSchema, prefix: string): string[] {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  return roots.flatMap((type) => (type ? Object.keys(type.getFields()).filter((name) => name.startsWith(prefix)) : []));
}

function sdlRootFieldCount(sdlPath: string, options: { subscriptions: boolean } = { subscriptions: true }): number {
  const schema = buildSchema(readFileSync(resolve(root, sdlPath), 'utf8'), { assumeValidSDL: true });
  return [schema.getQueryType(), schema.getMutationType(), options.subscriptions ? schema.getSubscriptionType() : null].reduce(
    (sum, type) => sum + (type ? Object.keys(type.getFields()).length : 0),
    0,
  );
}

function canonicalTypeNames(): Set<string> {
  const files = ['common', 'jira', 'workitem', 'metrics-reports', 'agg-projects', 'agg-compass', 'agg-teams'];
  const sdl = files
    .map((name) => {
      try {
        return readFileSync(resolve(root, 'resolvers/schema', `${name}.graphql`), 'utf8');
      } catch {
        return '';
      }
    })
    .join('\n');
  const names = new Set<string>();
  for (const match of sdl.matchAll(/^(?:type|interface|enum|input|union|scalar)\s+([A-Za-z_][A-Za-z0-9_]*)/gm)) names.add(match[1]);
  return names;
}

let schema: GraphQLSchema;

beforeAll(async () => {
  const built = await buildUnifiedSchema(root);
  schema = built.schema;
  return () => built.destroy();
});

describe('unified schema', () => {
  it('answers the full introspection query with zero errors', async () => {
    const result = await graphql({ schema, source: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) });
    expect(result.errors ?? []).toEqual([]);
    expect((result.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(10_000);
  });

  it('reaches every operation of both Jira specs', () => {
    expect(rootFieldsWithPrefix(schema, 'jira_')).toHaveLength(countOperations('openapi/jira-platform.openapi.json'));
    expect(rootFieldsWithPrefix(schema, 'jiraSoftware_')).toHaveLength(countOperations('openapi/jira-software.openapi.json'));
  });

  it('reaches every query and mutation root field of AGG and todo.sr.ht', () => {
    expect(rootFieldsWithPrefix(schema, 'agg_')).toHaveLength(sdlRootFieldCount('graphql/agg.graphql', { subscriptions: false }));
    expect(rootFieldsWithPrefix(schema, 'srht_')).toHaveLength(sdlRootFieldCount('graphql/todo-srht.graphql'));
  });

  it("is valid under graphql-js 17's schema rules (GraphiQL bundles it; an invalid schema turns its validation off)", () => {
    // 16.x accepts what 17 refuses: implementation fields deprecated where their interface field is not.
    const errors = validateSchema17(buildSchema17(printSortedSchema(schema)));
    expect(errors.map((error) => error.message)).toEqual([]);
  });

  it('defines only directives a client can write in a document', () => {
    const names = schema.getDirectives().map((directive) => directive.name).sort();
    expect(names).toEqual(['deprecated', 'include', 'oneOf', 'optIn', 'skip', 'specifiedBy']);
  });

  it('serves no Subscription root: there is no subscription transport (AGG has 31 subscription fields)', () => {
    expect(schema.getSubscriptionType()).toBeUndefined();
    expect(schema.getType('Subscription')).toBeUndefined();
  });

  it('keeps the Jira platform getIssue distinct from the Jira Software one', () => {
    const query = schema.getQueryType()!.getFields();
    expect(query.jira_getIssue).toBeDefined();
    expect(query.jiraSoftware_getIssue).toBeDefined();
    expect(String(query.jira_getIssue.type)).not.toEqual(String(query.jiraSoftware_getIssue.type));
  });

  it('namespaces every upstream type, so no two sources share a type', () => {
    const canonical = canonicalTypeNames();
    const stray = Object.keys(schema.getTypeMap()).filter((name) => {
      const type = schema.getType(name)!;
      if (name.startsWith('__') || isSpecifiedScalarType(type)) return false;
      if (['Query', 'Mutation', 'Subscription'].includes(name)) return false;
      if (canonical.has(name)) return false;
      return !PREFIXES.some((prefix) => name.startsWith(prefix));
    });
    expect(stray).toEqual([]);
    // The collisions seen with Mesh's stock prefix transform: both survive, each in its namespace.
    expect(schema.getType('jiraSoftware_EmailAddress')).toBeDefined();
    expect(isObjectType(schema.getType('srht_EmailAddress'))).toBe(true);
    expect(schema.getType('srht_Visibility')).toBeDefined();
    expect(schema.getType('jira_Visibility')).toBeDefined();
  });

  it('keeps each source type count equal to its own schema', () => {
    const aggSchema = buildSchema(readFileSync(resolve(root, 'graphql/agg.graphql'), 'utf8'), { assumeValidSDL: true });
    const aggOwn = Object.keys(aggSchema.getTypeMap()).filter(
      (name) => !name.startsWith('__') && !isSpecifiedScalarType(aggSchema.getType(name)!) && !['Query', 'Mutation', 'Subscription'].includes(name),
    );
    const aggUnified = Object.keys(schema.getTypeMap()).filter((name) => name.startsWith('agg_'));
    expect(aggUnified.length).toBe(aggOwn.length);
  });
});
