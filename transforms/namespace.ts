/**
 * Namespaces one source: every type (scalars included) and every root field gets the source's
 * prefix, so no two sources can clash or be merged by name, and canonical types keep plain names.
 *
 * Mesh's own `prefix` transform skips every graphql-scalars name (`EmailAddress`, `DateTime`, ...),
 * which lets Jira Software's `EmailAddress` scalar collide with todo.sr.ht's `EmailAddress` object.
 * Here only the five built-in scalars keep their names.
 *
 * Two modes, because the handlers differ:
 * - `bare` renames the source schema in place: right for the openapi handler, whose resolvers live
 *   in the schema itself. Costs nothing per request.
 * - `wrap` keeps the upstream names in what is sent upstream (graphql handler: the executor forwards
 *   the operation, so `agg_JiraIssue` must go out as `JiraIssue`), at a small per-request cost.
 */
import {
  GraphQLSchema,
  isAbstractType,
  isSpecifiedScalarType,
  type GraphQLAbstractType,
  type GraphQLNamedType,
} from 'graphql';
import { MapperKind, mapSchema, renameType, type ExecutionRequest, type ExecutionResult } from '@graphql-tools/utils';
import { RenameRootFields, RenameTypes } from '@graphql-tools/wrap';
import { applyRequestTransforms, applyResultTransforms, applySchemaTransforms } from '@graphql-mesh/utils';
import type { DelegationContext, SubschemaConfig, Transform } from '@graphql-tools/delegate';

export interface NamespaceConfig {
  /** Prefix for type names and root fields, e.g. `agg_`. */
  prefix: string;
  mode?: 'bare' | 'wrap';
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

/** Renames the schema itself; for handlers whose resolvers are part of the schema (openapi). */
export function namespaceSchemaInPlace(schema: GraphQLSchema, prefix: string): GraphQLSchema {
  const rename = (type: GraphQLNamedType) =>
    keepsName(type) || isRootTypeName(type.name) ? undefined : renameType(type, prefix + type.name);
  return mapSchema(schema, {
    [MapperKind.TYPE]: rename,
    [MapperKind.ABSTRACT_TYPE]: (type: GraphQLAbstractType) => {
      const original = type.resolveType;
      if (original) {
        // The handler's resolveType answers unprefixed names; translate them to the new ones.
        type.resolveType = async (value, context, info, abstractType) => {
          const name = await original(value, context, info, abstractType);
          return typeof name === 'string' && !name.startsWith(prefix) ? prefix + name : name;
        };
      }
      return renameType(type, prefix + type.name);
    },
    [MapperKind.ROOT_FIELD]: (fieldConfig, fieldName) => [prefix + fieldName, fieldConfig],
  });
}

export default class NamespaceTransform implements Transform {
  readonly noWrap: boolean;
  private readonly prefix: string;
  private readonly wrapTransforms: Transform[];

  constructor({ config, apiName }: MeshTransformOptions) {
    this.prefix = validatePrefix(config?.prefix, apiName);
    const mode = config.mode ?? 'bare';
    if (mode !== 'bare' && mode !== 'wrap') {
      throw new Error(`namespace transform of source ${apiName ?? '?'}: mode must be "bare" or "wrap", got ${JSON.stringify(mode)}`);
    }
    this.noWrap = mode === 'bare';
    const prefix = this.prefix;
    this.wrapTransforms = [
      new RenameTypes((name) => (name.startsWith('__') || isRootTypeName(name) || isBuiltInScalarName(name) ? name : prefix + name)),
      new RenameRootFields((_operation, fieldName) => prefix + fieldName),
    ];
  }

  transformSchema(
    schema: GraphQLSchema,
    subschemaConfig?: SubschemaConfig,
    transformedSchema?: GraphQLSchema,
  ): GraphQLSchema {
    if (this.noWrap) return namespaceSchemaInPlace(schema, this.prefix);
    return applySchemaTransforms(schema, subschemaConfig as SubschemaConfig, transformedSchema as GraphQLSchema, this.wrapTransforms);
  }

  transformRequest(request: ExecutionRequest, delegationContext: DelegationContext, transformationContext: Record<string, unknown>): ExecutionRequest {
    return applyRequestTransforms(request, delegationContext, transformationContext, this.wrapTransforms);
  }

  transformResult(result: ExecutionResult, delegationContext: DelegationContext, transformationContext: Record<string, unknown>): ExecutionResult {
    return applyResultTransforms(result, delegationContext, transformationContext, this.wrapTransforms);
  }
}

const BUILT_IN_SCALARS = new Set(['Int', 'Float', 'String', 'Boolean', 'ID']);
function isBuiltInScalarName(name: string): boolean {
  return BUILT_IN_SCALARS.has(name);
}

