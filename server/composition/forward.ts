/**
 * Root fields of a GraphQL source (AGG, todo.sr.ht) in a disjoint composition: each forwards its
 * own selection upstream through the source's executor, from a plan made once per document.
 *
 * Every type under a namespaced source's root field belongs to that source, so the field's
 * selection can go upstream as the caller wrote it: no filtering, no delegation. The source's
 * executor already translates names both ways (transforms/upstream-executor.ts). The plan adds
 * what execution here needs back: `__typename` wherever the type is abstract (graphql-js picks the
 * runtime type by it), and the operation's fragments and variable definitions that the field uses.
 */
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  isAbstractType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { MeshSource } from '@graphql-mesh/types';

export type SourceExecutor = NonNullable<MeshSource['executor']>;

interface ForwardPlan {
  document: DocumentNode;
  variableNames: string[];
}

/** Errors of a forwarded answer, hung on the objects whose field they belong to. */
const FIELD_ERRORS = Symbol('atlassian-mesh.forwardedFieldErrors');
type WithFieldErrors = { [FIELD_ERRORS]?: Map<string, GraphQLError> };

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/** The plan for one root field of one document; the field nodes are the key (yoga caches parsed documents). */
const plans = new WeakMap<FieldNode, ForwardPlan>();

function planOf(info: GraphQLResolveInfo): ForwardPlan {
  const first = info.fieldNodes[0]!;
  let plan = plans.get(first);
  if (plan === undefined) {
    plan = makePlan(info);
    plans.set(first, plan);
  }
  return plan;
}

function makePlan(info: GraphQLResolveInfo): ForwardPlan {
  const responseKey = String(info.path.key);
  const selections = info.fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
  // One field: the caller's nodes for this response key merged. Its @skip/@include were applied
  // here; every other directive (AGG's @optIn) goes upstream with it.
  const first = info.fieldNodes[0]!;
  const field: FieldNode = {
    ...first,
    alias: { kind: Kind.NAME, value: responseKey },
    directives: (first.directives ?? []).filter((directive) => directive.name.value !== 'skip' && directive.name.value !== 'include'),
    ...(selections.length > 0 ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
  };
  const fragments = usedFragments(field, info.fragments);
  const variableNames = usedVariables([field, ...fragments]);
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: info.operation.operation,
    ...(info.operation.name ? { name: info.operation.name } : {}),
    variableDefinitions: (info.operation.variableDefinitions ?? []).filter((definition) => variableNames.includes(definition.variable.name.value)),
    selectionSet: { kind: Kind.SELECTION_SET, selections: [field] },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] };
  return { document: withAbstractTypenames(document, info), variableNames };
}

function usedFragments(field: FieldNode, all: Record<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const pending: Array<FieldNode | FragmentDefinitionNode> = [field];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const name = node.name.value;
        const fragment = all[name];
        if (fragment !== undefined && !found.has(name)) {
          found.set(name, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...found.values()];
}

function usedVariables(nodes: Array<FieldNode | FragmentDefinitionNode>): string[] {
  const names = new Set<string>();
  for (const node of nodes) {
    visit(node, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  }
  return [...names];
}

/** `__typename` in every selection set on an interface or union, once. */
function withAbstractTypenames(document: DocumentNode, info: GraphQLResolveInfo): DocumentNode {
  const typeInfo = new TypeInfo(info.schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet(node: SelectionSetNode) {
        const parent = typeInfo.getParentType();
        if (parent === null || !isAbstractType(getNamedType(parent))) return undefined;
        const hasTypename = node.selections.some((selection) => selection.kind === Kind.FIELD && selection.name.value === '__typename' && selection.alias === undefined);
        return hasTypename ? undefined : { ...node, selections: [...node.selections, TYPENAME] };
      },
    }),
  );
}

interface UpstreamError {
  /** Raised at the caller's path (a GraphQLError without a path of its own: graphql-js places it). */
  error: GraphQLError;
  /** Where the upstream put it, in the upstream answer. */
  path?: ReadonlyArray<string | number>;
}

function upstreamError(raw: { message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }): UpstreamError {
  const error = new GraphQLError(raw.message, { extensions: { ...(raw.extensions ?? {}) } });
  return raw.path !== undefined ? { error, path: raw.path } : { error };
}

/**
 * Hangs each upstream error that has a path on the object holding the failed field, so the
 * field's resolver raises it when it finds no value there, at the caller's path.
 */
function attachErrors(data: Record<string, unknown>, errors: readonly UpstreamError[]): GraphQLError[] {
  const unplaced: GraphQLError[] = [];
  for (const { error, path } of errors) {
    if (path === undefined || path.length === 0) {
      unplaced.push(error);
      continue;
    }
    let holder: unknown = data;
    for (const key of path.slice(0, -1)) holder = holder !== null && typeof holder === 'object' ? (holder as Record<string | number, unknown>)[key] : undefined;
    if (holder === null || typeof holder !== 'object') {
      unplaced.push(error);
      continue;
    }
    const errorsOf = ((holder as WithFieldErrors)[FIELD_ERRORS] ??= new Map());
    errorsOf.set(String(path[path.length - 1]), error);
  }
  return unplaced;
}

/** The root field's resolver: one upstream request with the plan's document. */
export function forwardingResolver(executor: SourceExecutor): GraphQLFieldResolver<unknown, unknown> {
  return async (_root, _args, context, info) => {
    const plan = planOf(info);
    const variables: Record<string, unknown> = {};
    for (const name of plan.variableNames) if (name in info.variableValues) variables[name] = info.variableValues[name];
    const result = (await executor({
      document: plan.document,
      variables,
      context,
      info,
      operationType: info.operation.operation,
      ...(info.operation.name ? { operationName: info.operation.name.value } : {}),
    } as Parameters<SourceExecutor>[0])) as ExecutionResult;
    const responseKey = String(info.path.key);
    const data = (result.data ?? null) as Record<string, unknown> | null;
    const errors = (result.errors ?? []).map(upstreamError);
    const unplaced = data !== null && errors.length > 0 ? attachErrors(data, errors) : errors.map((entry) => entry.error);
    const value = data?.[responseKey];
    if (value === undefined || value === null) {
      const own = (data as WithFieldErrors | null)?.[FIELD_ERRORS]?.get(responseKey) ?? unplaced[0];
      if (own !== undefined) throw own;
      return null;
    }
    return value;
  };
}

/**
 * Fields under a forwarded root field read the caller's response key (the upstream answered the
 * caller's aliases), and raise the upstream's error for a field it could not resolve.
 */
export const byResponseKey: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) => {
  if (source === null || typeof source !== 'object') return undefined;
  const key = info.path.key as string;
  const value = (source as Record<string, unknown>)[key];
  if (value === undefined || value === null) {
    const error = (source as WithFieldErrors)[FIELD_ERRORS]?.get(key);
    if (error !== undefined) throw error;
  }
  return value;
};
