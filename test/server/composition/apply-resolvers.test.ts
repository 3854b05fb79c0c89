import { buildSchema, graphql, GraphQLScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { applyResolversInPlace } from '../../../server/composition/apply-resolvers.ts';

const sdl = `
  scalar Stamp
  enum Color { RED }
  interface Node { id: ID! }
  type Thing implements Node { id: ID! at: Stamp color: Color }
  union Any = Thing
  input Filter { id: ID }
  type Query { thing(at: Stamp): Thing any: Any node: Node }
`;

describe('applyResolversInPlace', () => {
  it('sets field resolvers, abstract type resolution and scalar functions on the schema it is given', async () => {
    const schema = buildSchema(sdl);
    const stamp = new GraphQLScalarType({ name: 'Stamp', serialize: (value) => `@${String(value)}`, parseValue: (value) => value, parseLiteral: () => 'parsed' });
    applyResolversInPlace(schema, {
      Stamp: stamp,
      Query: {
        thing: (_root: unknown, args: { at?: string }) => ({ id: '1', at: args.at ?? 'now' }),
        any: () => ({ id: '2' }),
        node: { resolve: () => ({ id: '3' }) },
      },
      Any: { __resolveType: () => 'Thing' },
      Node: { __resolveType: () => 'Thing' },
    });
    const result = await graphql({ schema, source: '{ thing(at: "x") { id at } any { __typename } node { id __typename } }' });
    expect(result).toEqual({ data: { thing: { id: '1', at: '@parsed' }, any: { __typename: 'Thing' }, node: { id: '3', __typename: 'Thing' } } });
  });

  it.each([
    ['a type the schema lacks', { Missing: { x: () => 1 } }, /resolvers for Missing, which the schema does not define/],
    ['a field the type lacks', { Query: { nope: () => 1 } }, /Query\.nope, which the schema does not define/],
    ['internal enum values (they would replace the type)', { Color: { RED: 'red' } }, /enum Color/],
    ['an input type', { Filter: { id: () => 1 } }, /input types take no resolvers/],
    ['a resolver that is neither function nor object', { Query: { thing: 42 } }, /Query\.thing is neither a function nor an object/],
  ])('refuses %s by name', (_case, resolvers, message) => {
    expect(() => applyResolversInPlace(buildSchema(sdl), resolvers as never)).toThrow(message);
  });
});
