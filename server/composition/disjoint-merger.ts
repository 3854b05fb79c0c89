/**
 * A Mesh merger for sources that share no type (each namespaced by transforms/namespace.ts): one
 * schema made of every source's own type objects, with the root fields of each taken as they are.
 * No stitching: the OpenAPI sources' resolvers (Mesh's HTTP operations) run in place, and a
 * GraphQL source's root fields forward their selection through the source's executor (forward.ts).
 * The canonical SDL is built on its own and joined the same way, so no step rebuilds the ~20k
 * upstream types.
 *
 * Mesh's `bare` merger does the same merge with graphql-tools' mergeSchemas, but leaves an
 * executor-backed source without resolvers (its root fields answer null) and re-creates every type.
 */
import {
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  buildASTSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  parse,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLDirective,
  type GraphQLFieldConfigMap,
  type GraphQLNamedType,
} from 'graphql';
import { parseInputValue, type IResolvers } from '@graphql-tools/utils';
import type { MeshMerger, MeshMergerContext } from '@graphql-mesh/types';
import { applyResolversInPlace } from './apply-resolvers.ts';
import { byResponseKey, forwardingResolver, type SourceExecutor } from './forward.ts';

type Operation = 'query' | 'mutation';
const ROOT_NAMES: Record<Operation, string> = { query: 'Query', mutation: 'Mutation' };

interface Part {
  name: string;
  schema: GraphQLSchema;
  executor?: SourceExecutor;
}

/** The canonical typeDefs as a small schema of their own (they extend Query; a base is added when needed). */
function typeDefsSchema(typeDefs: readonly DocumentNode[]): GraphQLSchema | undefined {
  const definitions: DefinitionNode[] = typeDefs.flatMap((document) => document.definitions);
  if (definitions.length === 0) return undefined;
  const definesQuery = definitions.some((definition) => definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === 'Query');
  const base = definesQuery ? [] : parse('type Query').definitions;
  return buildASTSchema({ kind: Kind.DOCUMENT, definitions: [...base, ...definitions] }, { assumeValidSDL: true });
}

/**
 * Mesh's OpenAPI handler gives enum values their internal values (`@enum(value:)`) after the
 * schema was built, so an argument default parsed before still holds the value's name ("FALSE"
 * where the enum now means "false"): serialising it (introspection, printing) fails. Re-read such
 * defaults by name, as graphql-tools' resolver step used to as a side effect; only for sources
 * whose resolvers run here, and only where a default exists.
 */
function alignEnumDefaults(type: GraphQLNamedType): void {
  const inputs = isObjectType(type) ? Object.values(type.getFields()).flatMap((field) => field.args) : isInputObjectType(type) ? Object.values(type.getFields()) : [];
  for (const input of inputs) {
    if (input.defaultValue !== undefined && isEnumType(getNamedType(input.type))) input.defaultValue = parseInputValue(input.type, input.defaultValue);
  }
}

/**
 * A forwarded source's types are only ever read for their names, fields and types (validation,
 * introspection, the forwarding plan); nothing at run time reads their SDL syntax nodes, which for
 * AGG's 18,800 types were ~48 MB of the 144 MB live heap after start, which every major GC marks
 * (96 MB without them). The REST sources keep theirs: Mesh's handler reads directives from them
 * while resolving.
 */
function releaseSyntax(type: GraphQLNamedType): void {
  const mutable = type as { astNode?: unknown; extensionASTNodes: readonly unknown[] };
  mutable.astNode = undefined;
  mutable.extensionASTNodes = [];
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      field.astNode = undefined;
      for (const arg of field.args) arg.astNode = undefined;
    }
  } else if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) field.astNode = undefined;
  } else if (isEnumType(type)) {
    for (const value of type.getValues()) value.astNode = undefined;
  }
}

function withoutSyntax<T extends { astNode?: unknown }>(configs: Record<string, T> | undefined): Record<string, T> | undefined {
  if (configs === undefined) return undefined;
  return Object.fromEntries(Object.entries(configs).map(([name, config]) => [name, { ...config, astNode: undefined }]));
}

export function composeDisjoint(parts: readonly Part[], resolvers: readonly IResolvers[]): GraphQLSchema {
  const rootFields: Record<Operation, GraphQLFieldConfigMap<unknown, unknown>> = { query: {}, mutation: {} };
  const rootOwner = new Map<string, string>();
  const typeOwner = new Map<string, string>();
  const types: GraphQLNamedType[] = [];
  const directives = new Map<string, GraphQLDirective>();
  for (const part of parts) {
    const { schema } = part;
    const forward = part.executor !== undefined ? forwardingResolver(part.executor) : undefined;
    const roots = new Set<GraphQLNamedType>();
    for (const operation of ['query', 'mutation'] as const) {
      const root = operation === 'query' ? schema.getQueryType() : schema.getMutationType();
      if (!root) continue;
      roots.add(root);
      if (forward === undefined) alignEnumDefaults(root);
      for (const [fieldName, field] of Object.entries(root.toConfig().fields)) {
        const key = `${ROOT_NAMES[operation]}.${fieldName}`;
        const owner = rootOwner.get(key);
        if (owner !== undefined) throw new Error(`${key} comes from both ${owner} and ${part.name}: a disjoint composition needs namespaced sources`);
        rootOwner.set(key, part.name);
        rootFields[operation][fieldName] = forward !== undefined ? { ...field, astNode: undefined, args: withoutSyntax(field.args), resolve: forward } : field;
      }
    }
    const subscription = schema.getSubscriptionType();
    if (subscription) roots.add(subscription); // not served: no subscription transport (README)
    for (const type of Object.values(schema.getTypeMap())) {
      if (roots.has(type) || type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
      const owner = typeOwner.get(type.name);
      if (owner !== undefined) throw new Error(`type ${type.name} is in both ${owner} and ${part.name}: a disjoint composition needs namespaced sources`);
      typeOwner.set(type.name, part.name);
      // Forwarded answers carry the caller's response keys; set once, at composition.
      if (forward !== undefined && isObjectType(type)) for (const field of Object.values(type.getFields())) field.resolve ??= byResponseKey;
      if (forward === undefined) alignEnumDefaults(type);
      else releaseSyntax(type);
      types.push(type);
    }
    for (const directive of schema.getDirectives()) if (!directives.has(directive.name)) directives.set(directive.name, directive);
  }
  const root = (operation: Operation) =>
    Object.keys(rootFields[operation]).length > 0 ? new GraphQLObjectType({ name: ROOT_NAMES[operation], fields: rootFields[operation] }) : undefined;
  const query = root('query');
  const mutation = root('mutation');
  const schema = new GraphQLSchema({
    ...(query !== undefined ? { query } : {}),
    ...(mutation !== undefined ? { mutation } : {}),
    types,
    directives: [...directives.values()],
    assumeValid: true,
  });
  for (const map of resolvers) applyResolversInPlace(schema, map);
  return schema;
}

/** Mesh's merger interface over composeDisjoint; `server/mesh.ts` hands it to the config processor. */
export class DisjointMerger implements MeshMerger {
  readonly name = 'disjoint';

  getUnifiedSchema({ rawSources, typeDefs, resolvers }: MeshMergerContext) {
    const parts: Part[] = rawSources.map((source) => {
      if (source.transforms !== undefined && source.transforms.length > 0) {
        throw new Error(`source ${source.name} has wrapping transforms: the disjoint composition takes bare transforms only`);
      }
      return { name: source.name, schema: source.schema, ...(source.executor !== undefined ? { executor: source.executor as SourceExecutor } : {}) };
    });
    const canonical = typeDefsSchema(typeDefs ?? []);
    if (canonical !== undefined) parts.push({ name: 'additionalTypeDefs', schema: canonical });
    const maps = (Array.isArray(resolvers) ? resolvers : [resolvers]).filter((map): map is IResolvers => map !== undefined && map !== null);
    return { schema: composeDisjoint(parts, maps) };
  }
}
