/**
 * Puts a resolver map onto a schema in place. graphql-tools' `addResolversToSchema` (in place or
 * not) ends by healing the whole schema and re-serialising every argument default, because a map
 * may replace enum types; over ~21.5k types that was ~0.4 s of every start. Our maps never replace
 * types: they set field resolvers, `__resolveType`/`__isTypeOf`, and a custom scalar's functions,
 * all assignable on the existing objects. Anything else is refused by name, not half-applied.
 */
import { isEnumType, isInterfaceType, isObjectType, isScalarType, isUnionType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { IResolvers } from '@graphql-tools/utils';

const SCALAR_FUNCTIONS = ['serialize', 'parseValue', 'parseLiteral'] as const;
const FIELD_PROPERTIES = ['resolve', 'subscribe'] as const;

type Assignable = Record<string, unknown>;

export function applyResolversInPlace(schema: GraphQLSchema, resolvers: IResolvers): void {
  for (const [typeName, value] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (type === undefined || type === null) throw new Error(`resolvers for ${typeName}, which the schema does not define`);
    if (value === null || typeof value !== 'object') throw new Error(`resolvers for ${typeName} are not an object`);
    const entries = value as Assignable;
    if (isScalarType(type)) {
      // A GraphQLScalarType instance or a plain object of the same functions.
      for (const name of SCALAR_FUNCTIONS) {
        if (typeof entries[name] === 'function') (type as unknown as Assignable)[name] = entries[name];
      }
      continue;
    }
    if (isEnumType(type)) throw new Error(`resolvers for enum ${typeName}: internal enum values are not supported (they replace the type)`);
    if (isUnionType(type) || isInterfaceType(type) || isObjectType(type)) {
      const fields = isUnionType(type) ? {} : type.getFields();
      for (const [fieldName, resolver] of Object.entries(entries)) {
        if (fieldName === '__resolveType' || fieldName === '__isTypeOf') {
          (type as unknown as Assignable)[fieldName.slice(2)] = resolver;
          continue;
        }
        const field = fields[fieldName];
        if (field === undefined) throw new Error(`a resolver for ${typeName}.${fieldName}, which the schema does not define`);
        if (typeof resolver === 'function') {
          field.resolve = resolver as GraphQLFieldResolver<unknown, unknown>;
          continue;
        }
        if (resolver === null || typeof resolver !== 'object') throw new Error(`the resolver for ${typeName}.${fieldName} is neither a function nor an object`);
        for (const property of FIELD_PROPERTIES) {
          const fn = (resolver as Assignable)[property];
          if (typeof fn === 'function') (field as unknown as Assignable)[property] = fn;
        }
      }
      continue;
    }
    throw new Error(`resolvers for ${typeName}: input types take no resolvers`);
  }
}
