/**
 * Namespaces one source: every type (scalars included) and every root field gets the source's
 * prefix, so no two sources can clash or be merged by name, and canonical types keep plain names.
 *
 * Mesh's own `prefix` transform skips every graphql-scalars name (`EmailAddress`, `DateTime`, ...),
 * which lets Jira Software's `EmailAddress` scalar collide with todo.sr.ht's `EmailAddress` object.
 * Here only the five built-in scalars keep their names.
 *
 * Bare mode also keeps only what clients can use (client-schema.ts): directive definitions a
 * document can carry, and deprecations the spec allows.
 *
 * Two modes:
 * - `bare` (what we use) renames the source schema in place. For the openapi handler, whose
 *   resolvers live in the schema, that is all. For a graphql handler source, whose executor forwards
 *   the operation upstream (`agg_JiraIssue` must go out as `JiraIssue`), it also wraps the executor
 *   to translate names both ways (upstream-executor.ts).
 * - `wrap` does the translation with graphql-tools' RenameTypes/RenameRootFields over a wrapped
 *   schema: same result, ~300 MB more RSS for AGG.
 */
import {
  GraphQLObjectType,
  GraphQLSchema,
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLUnionType,
} from 'graphql';
import { MapperKind, mapSchema, renameType } from '@graphql-tools/utils';
import { RenameRootFields, RenameTypes } from '@graphql-tools/wrap';
import { applyRequestTransforms, applyResultTransforms, applySchemaTransforms } from '@graphql-mesh/utils';
import type { MeshTransform } from '@graphql-mesh/types';
import { upstreamNamesExecutor, type Executor } from './upstream-executor.ts';
import { alignDeprecationsWithInterfaces, isClientDirective } from './client-schema.ts';

type SchemaArgs = Parameters<NonNullable<MeshTransform['transformSchema']>>;
type RequestArgs = Parameters<NonNullable<MeshTransform['transformRequest']>>;
type ResultArgs = Parameters<NonNullable<MeshTransform['transformResult']>>;
type WrapTransform = NonNullable<Parameters<typeof applySchemaTransforms>[3]>[number];

export interface NamespaceConfig {
  /** Prefix for type names and root fields, e.g. `agg_`. */
  prefix: string;
  mode?: 'bare' | 'wrap';
  /**
   * false: the source's Subscription root is not served (bare mode). The gateway has no
   * subscription transport: Mesh would open a connection to an unconfigured URL and crash the
   * process, and no caller rule (auth, limits, budget) would apply to a stream. See README.
   */
  subscriptions?: boolean;
}

interface MeshTransformOptions {
  config: NamespaceConfig;
  apiName?: string;
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);
const PREFIX_PATTERN = /^[A-Za-z][A-Za-z0-9]*_$/;

export function keepsName(type: GraphQLNamedType): boolean {
  return isSpecifiedScalarType(type) || type.name.startsWith('__');
}

/** Root types keep their names (they are merged into the one Query/Mutation); their fields are prefixed. */
function isRootTypeName(name: string): boolean {
  return ROOT_TYPES.has(name);
}

export function validatePrefix(prefix: unknown, apiName?: string): string {
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
    throw new Error(
      `namespace transform${apiName ? ` of source ${apiName}` : ''}: prefix must look like "agg_" ` +
        `(letters/digits ending in "_"), got ${JSON.stringify(prefix)}`,
    );
  }
  return prefix;
}

/**
 * Renames the schema itself. The fast path renames the existing type objects (their `name` is a
 * plain property) and rebuilds only the root types, instead of mapSchema's full copy and rewiring
 * of every type: for AGG's ~19k types that was ~1 s of start-up. mapSchema remains the fallback for
 * the rare schema where some field returns a root type (a copied root would then exist twice).
 */
export function namespaceSchemaInPlace(schema: GraphQLSchema, prefix: string, options: { subscriptions?: boolean } = {}): GraphQLSchema {
  const keepSubscriptions = options.subscriptions !== false;
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
    (root): root is GraphQLObjectType => root != null,
  );
  if (referencesRootType(schema, new Set(roots))) {
    const mapped = namespaceSchemaByMapping(schema, prefix);
    alignDeprecationsWithInterfaces(mapped);
    const config = mapped.toConfig();
    return new GraphQLSchema({ ...config, directives: config.directives.filter(isClientDirective), ...(keepSubscriptions ? {} : { subscription: undefined }) });
  }
  const rootSet = new Set<GraphQLNamedType>(roots);
  for (const type of Object.values(schema.getTypeMap())) {
    if (keepsName(type) || rootSet.has(type)) continue;
    if (isAbstractType(type)) translateResolveType(type, prefix);
    (type as { name: string }).name = prefix + type.name;
  }
  alignDeprecationsWithInterfaces(schema);
  const renamed = new Map(roots.map((root) => [root, withPrefixedFields(root, prefix)]));
  const config = schema.toConfig();
  return new GraphQLSchema({
    ...config,
    directives: config.directives.filter(isClientDirective),
    query: config.query && renamed.get(config.query),
    mutation: config.mutation && renamed.get(config.mutation),
    subscription: keepSubscriptions ? config.subscription && renamed.get(config.subscription) : undefined,
    types: config.types.filter((type) => !rootSet.has(type)),
  });
}

function referencesRootType(schema: GraphQLSchema, roots: Set<GraphQLNamedType>): boolean {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) if (roots.has(getNamedType(field.type))) return true;
  }
  return false;
}

function withPrefixedFields(root: GraphQLObjectType, prefix: string): GraphQLObjectType {
  const config = root.toConfig();
  return new GraphQLObjectType({
    ...config,
    fields: Object.fromEntries(Object.entries(config.fields).map(([name, field]) => [prefix + name, field])),
  });
}

/** The handler's resolveType answers unprefixed names; translate them to the new ones. */
function translateResolveType(type: GraphQLInterfaceType | GraphQLUnionType, prefix: string): void {
  const original = type.resolveType;
  if (!original) return;
  type.resolveType = async (value, context, info, abstractType) => {
    const name = await original(value, context, info, abstractType);
    return typeof name === 'string' && !name.startsWith(prefix) ? prefix + name : name;
  };
}

/** The general path: a renamed copy of every type via mapSchema. */
export function namespaceSchemaByMapping(schema: GraphQLSchema, prefix: string): GraphQLSchema {
  const rename = (type: GraphQLNamedType) =>
    keepsName(type) || isRootTypeName(type.name) ? undefined : renameType(type, prefix + type.name);
  return mapSchema(schema, {
    [MapperKind.TYPE]: rename,
    [MapperKind.ABSTRACT_TYPE]: (type: GraphQLInterfaceType | GraphQLUnionType) => {
      translateResolveType(type, prefix);
      return renameType(type, prefix + type.name) as GraphQLInterfaceType | GraphQLUnionType;
    },
    [MapperKind.ROOT_FIELD]: (fieldConfig, fieldName) => [prefix + fieldName, fieldConfig],
  });
}

export default class NamespaceTransform implements MeshTransform {
  readonly noWrap: boolean;
  private readonly prefix: string;
  private readonly subscriptions: boolean;
  private readonly wrapTransforms: WrapTransform[];

  constructor({ config, apiName }: MeshTransformOptions) {
    this.prefix = validatePrefix(config?.prefix, apiName);
    const mode = config.mode ?? 'bare';
    if (mode !== 'bare' && mode !== 'wrap') {
      throw new Error(`namespace transform of source ${apiName ?? '?'}: mode must be "bare" or "wrap", got ${JSON.stringify(mode)}`);
    }
    this.noWrap = mode === 'bare';
    this.subscriptions = config.subscriptions !== false;
    if (!this.subscriptions && !this.noWrap) throw new Error(`namespace transform of source ${apiName ?? '?'}: subscriptions: false needs mode: bare`);
    const prefix = this.prefix;
    this.wrapTransforms = [
      new RenameTypes((name) => (name.startsWith('__') || isRootTypeName(name) || isBuiltInScalarName(name) ? name : prefix + name)),
      new RenameRootFields((_operation, fieldName) => prefix + fieldName),
    ];
  }

  transformSchema(schema: SchemaArgs[0], subschemaConfig: SchemaArgs[1], transformedSchema?: GraphQLSchema): GraphQLSchema {
    if (this.noWrap) {
      // Bare mode over a source that forwards operations upstream (graphql handler): Mesh reads the
      // source's executor after its bare transforms ran, so wrapping it here makes it translate names.
      const source = subschemaConfig as { executor?: Executor } | undefined;
      if (source?.executor) source.executor = upstreamNamesExecutor(source.executor, this.prefix);
      return namespaceSchemaInPlace(schema, this.prefix, { subscriptions: this.subscriptions });
    }
    // Mesh passes the schema transformed so far as a third argument when it has one.
    return applySchemaTransforms(schema, subschemaConfig, transformedSchema as GraphQLSchema, this.wrapTransforms);
  }

  transformRequest(request: RequestArgs[0], delegationContext: RequestArgs[1], transformationContext: RequestArgs[2]): RequestArgs[0] {
    // Mesh's and graphql-tools' typings name two copies of ExecutionRequest; the shape is the same.
    return applyRequestTransforms(request as never, delegationContext, transformationContext, this.wrapTransforms) as unknown as RequestArgs[0];
  }

  transformResult(result: ResultArgs[0], delegationContext: ResultArgs[1], transformationContext: ResultArgs[2]): ResultArgs[0] {
    return applyResultTransforms(result as never, delegationContext, transformationContext, this.wrapTransforms) as unknown as ResultArgs[0];
  }
}

const BUILT_IN_SCALARS = new Set(['Int', 'Float', 'String', 'Boolean', 'ID']);
function isBuiltInScalarName(name: string): boolean {
  return BUILT_IN_SCALARS.has(name);
}

