import { describe, expect, it } from 'vitest';
import { buildSchema, graphql, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import NamespaceTransform, { namespaceSchemaByMapping, namespaceSchemaInPlace, validatePrefix } from '../../transforms/namespace.ts';

const SDL = `
  scalar EmailAddress
  enum Visibility { PUBLIC PRIVATE }
  interface Entity { name: String! }
  type User implements Entity { name: String! email: EmailAddress visibility: Visibility }
  type Bot implements Entity { name: String! }
  union Actor = User | Bot
  input Filter { visibility: Visibility = PUBLIC }
  type Query { actors(filter: Filter): [Actor!]! me: Entity }
  type Mutation { rename(name: String!): User }
`;

function withResolvers(schema: GraphQLSchema): GraphQLSchema {
  const actor = schema.getType('Actor') as unknown as { resolveType: (v: { kind: string }) => string };
  actor.resolveType = (value) => value.kind;
  const query = schema.getQueryType()!.getFields();
  query.actors.resolve = () => [{ kind: 'User', name: 'ada' }, { kind: 'Bot', name: 'ci' }];
  return schema;
}

const sorted = (schema: GraphQLSchema) => printSchema(lexicographicSortSchema(schema));

describe('namespace transform', () => {
  it('prefixes every type (custom scalars too) and root field, keeping built-in scalars and root type names', () => {
    const printed = sorted(namespaceSchemaInPlace(buildSchema(SDL), 'srht_'));
    expect(printed).toContain('scalar srht_EmailAddress');
    expect(printed).toContain('enum srht_Visibility');
    expect(printed).toContain('union srht_Actor = srht_Bot | srht_User');
    expect(printed).toContain('input srht_Filter {\n  visibility: srht_Visibility = PUBLIC\n}');
    expect(printed).toContain('type Query {\n  srht_actors(filter: srht_Filter): [srht_Actor!]!\n  srht_me: srht_Entity\n}');
    expect(printed).toContain('srht_rename(name: String!): srht_User');
  });

  it('renames in place exactly as the mapSchema path does', () => {
    expect(sorted(namespaceSchemaInPlace(buildSchema(SDL), 'a_'))).toBe(sorted(namespaceSchemaByMapping(buildSchema(SDL), 'a_')));
  });

  it('translates the handler resolveType answers to the new names', async () => {
    const schema = namespaceSchemaInPlace(withResolvers(buildSchema(SDL)), 'x_');
    const result = await graphql({ schema, source: '{ x_actors { __typename ... on x_User { name } } }' });
    expect(result).toEqual({ data: { x_actors: [{ __typename: 'x_User', name: 'ada' }, { __typename: 'x_Bot' }] } });
  });

  it('falls back to mapSchema when a field returns a root type, and still renames', () => {
    const schema = namespaceSchemaInPlace(buildSchema('type Query { a: Int } type Payload { query: Query } type Mutation { m: Payload }'), 'p_');
    expect(sorted(schema)).toContain('type p_Payload {\n  query: Query\n}');
  });

  it('refuses a bad prefix or mode with a message naming the source', () => {
    expect(() => validatePrefix('agg', 'AGG')).toThrow(/source AGG: prefix must look like "agg_"/);
    expect(() => new NamespaceTransform({ apiName: 'AGG', config: { prefix: 'agg_', mode: 'sideways' as never } })).toThrow(/mode must be "bare" or "wrap"/);
  });
});
