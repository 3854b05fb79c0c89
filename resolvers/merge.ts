/** Resolver maps by type name, then field name (or a scalar/enum object). */
export type ResolverMap = Record<string, unknown>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Merges resolver maps from independent modules. Two modules defining the same field is a bug
 * (one would silently win), so it throws naming the field.
 */
export function mergeResolverMaps(maps: ResolverMap[]): ResolverMap {
  const merged: ResolverMap = {};
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
  return merged;
}
