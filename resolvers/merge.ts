import type { Resolvers } from './generated/resolver-types.ts';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Merges resolver maps from independent modules. Two modules defining the same field is a bug
 * (one would silently win), so it throws naming the field.
 */
export function mergeResolverMaps(maps: readonly Resolvers[]): Resolvers {
  // Built type by type and field by field: the entries' own types do not survive Object.entries.
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [typeName, value] of Object.entries(map)) {
      const existing = merged[typeName];
      if (existing === undefined) {
        merged[typeName] = isPlainObject(value) ? { ...value } : value;
        continue;
      }
      if (!isPlainObject(existing) || !isPlainObject(value)) {
        throw new Error(`canonical resolvers: ${typeName} is defined by two modules`);
      }
      for (const [fieldName, resolver] of Object.entries(value)) {
        if (fieldName in existing) throw new Error(`canonical resolvers: ${typeName}.${fieldName} is defined by two modules`);
        existing[fieldName] = resolver;
      }
    }
  }
  // Every entry came from a Resolvers map under its own type and field name.
  return merged as Resolvers;
}
