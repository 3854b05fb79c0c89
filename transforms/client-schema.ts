/**
 * What clients see of a source's schema, applied by the namespace transform as it rebuilds each
 * source (bare mode), so the served schema, its introspection and the snapshot agree:
 * - Only directives a client can write in a document (executable locations, plus graphql's own)
 *   are defined. Mesh's annotations (`@httpOperation`, `@transport`, `@resolveRoot`, ...) and the
 *   upstreams' type-system markers (`@access`, `@internal`) were served as definitions no client
 *   can use, typed with one source's scalars; the resolvers read them from the field AST nodes,
 *   which keep them.
 * - An implementation field is not deprecated where the interface field it implements is not:
 *   the GraphQL spec and graphql-js 17 (which GraphiQL bundles) reject such a schema, and GraphiQL
 *   then validates nothing. The reason moves into the field's description.
 */
import {
  type DirectiveLocation,
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  isSpecifiedDirective,
  Kind,
} from 'graphql';

const EXECUTABLE_LOCATIONS = new Set<`${DirectiveLocation}`>([
  'QUERY',
  'MUTATION',
  'SUBSCRIPTION',
  'FIELD',
  'FRAGMENT_DEFINITION',
  'FRAGMENT_SPREAD',
  'INLINE_FRAGMENT',
  'VARIABLE_DEFINITION',
]);

export function isClientDirective(directive: GraphQLDirective): boolean {
  return isSpecifiedDirective(directive) || directive.locations.some((location) => EXECUTABLE_LOCATIONS.has(location));
}

function undeprecate(field: GraphQLField<unknown, unknown>, owner: string): void {
  const reason = field.deprecationReason;
  field.deprecationReason = undefined;
  const note = `Deprecated on ${owner}${reason ? `: ${reason}` : ''}.`;
  field.description = field.description ? `${note}\n\n${field.description}` : note;
  // Tools that read applied directives from the AST (schema diffs, printers) must agree.
  if (field.astNode?.directives?.some((directive) => directive.name.value === 'deprecated')) {
    field.astNode = { ...field.astNode, directives: field.astNode.directives.filter((directive) => directive.name.value !== 'deprecated') };
  }
  if (field.astNode?.description !== undefined) field.astNode = { ...field.astNode, description: { kind: Kind.STRING, value: field.description } };
}

/** Clears, in place, deprecations an implemented interface field does not have; returns how many. */
export function alignDeprecationsWithInterfaces(schema: GraphQLSchema): number {
  let changed = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const interfaces = type.getInterfaces();
    if (interfaces.length === 0) continue;
    for (const [name, field] of Object.entries(type.getFields())) {
      if (field.deprecationReason == null) continue;
      const requiredLive = interfaces.some((implemented) => {
        const declared = implemented.getFields()[name];
        return declared !== undefined && declared.deprecationReason == null;
      });
      if (requiredLive) {
        undeprecate(field, type.name);
        changed++;
      }
    }
  }
  return changed;
}
