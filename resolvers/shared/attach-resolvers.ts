/**
 * Attaches resolver maps to a schema built from our SDL, for the canonical layer run outside Mesh
 * (the export, resolver tests). @graphql-tools/schema would do the same, but under vitest it loads
 * graphql through another module realm whose schema objects graphql refuses; this small job runs
 * on the one graphql instance. Strict: a resolver for a type, field or scalar the SDL does not
 * define is a mistake, not something to skip.
 */
import { GraphQLScalarType, isInterfaceType, isObjectType, isScalarType, type GraphQLFieldResolver, type GraphQLSchema, type GraphQLTypeResolver } from 'graphql';
import type { Resolvers } from '../generated/resolver-types.ts';
import { DateTimeScalar } from './datetime.ts';

export function attachResolvers(schema: GraphQLSchema, maps: readonly Resolvers[]): GraphQLSchema {
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
      if (value instanceof GraphQLScalarType) {
        attachScalar(value);
        continue;
      }
      const type = schema.getType(typeName);
      const fields = value as Record<string, unknown>;
      if (isInterfaceType(type)) {
        type.resolveType = fields.__resolveType as GraphQLTypeResolver<unknown, unknown>;
      } else if (isObjectType(type)) {
        const own = type.getFields();
        for (const [fieldName, resolve] of Object.entries(fields)) {
          const field = own[fieldName];
          if (field === undefined) throw new Error(`resolver for unknown field ${typeName}.${fieldName}`);
          field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
        }
      } else throw new Error(`resolvers for unknown type ${typeName}`);
    }
  }
  return schema;
}
