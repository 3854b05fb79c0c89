/**
 * Static cost estimate of one GraphQL operation: every selected field costs 1 for each parent item
 * it is resolved on, and the item count multiplies down the tree by the requested list sizes
 * (`first`, `last`, `maxResults`, `limit`, from literals or variables). graphql-armor's costLimit
 * reads only literal `first`/`last`, so a `first: $n` or `maxResults: 1000` query would pass it.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getOperationAST,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';

/*
 * Type checks by the classes' Symbol.toStringTag instead of graphql's instanceof helpers: the schema
 * may come from another copy of graphql (Mesh's CommonJS build, vitest's alias), where
 * isObjectType() would throw "from another module or realm" or quietly answer false.
 */
const typeTag = (type: unknown): string => Object.prototype.toString.call(type).slice(8, -1);

function isWrapper(type: unknown): type is { ofType: GraphQLOutputType } {
  const tag = typeTag(type);
  return tag === 'GraphQLNonNull' || tag === 'GraphQLList';
}

function isListOutput(type: GraphQLOutputType): boolean {
  const nullable = typeTag(type) === 'GraphQLNonNull' ? (type as { ofType: GraphQLOutputType }).ofType : type;
  return typeTag(nullable) === 'GraphQLList';
}

function namedTypeOf(type: GraphQLOutputType): GraphQLNamedType {
  let current: unknown = type;
  while (isWrapper(current)) current = current.ofType;
  return current as GraphQLNamedType;
}

function hasFields(type: GraphQLNamedType | undefined): type is GraphQLObjectType | GraphQLInterfaceType {
  const tag = typeTag(type);
  return tag === 'GraphQLObjectType' || tag === 'GraphQLInterfaceType';
}

export interface QueryCostOptions {
  /** Arguments whose value is the number of list items requested. */
  sizeArguments?: string[];
  /** Items assumed when a field takes a size argument but the query gives none and the schema has no default. */
  assumedPageSize?: number;
  /** Items assumed for a list field that takes no size argument and is not the item list of a sized parent. */
  assumedListSize?: number;
}

export const DEFAULT_SIZE_ARGUMENTS = ['first', 'last', 'maxResults', 'limit'];
export const DEFAULT_ASSUMED_PAGE_SIZE = 50;
export const DEFAULT_ASSUMED_LIST_SIZE = 10;

/** One step that multiplies the item count, e.g. `issues(first: 500)`. */
export interface CostFactor {
  /** Field path from the previous factor (or the root), e.g. `nodes.comments`. */
  path: string;
  size: number;
  /** The size argument used; absent when the size was assumed for a plain list. */
  argument?: string;
  /** The size came from assumedPageSize/assumedListSize, not from the query or schema default. */
  assumed: boolean;
}

export interface QueryCostEstimate {
  cost: number;
  /** Largest item multiplier reached anywhere in the operation. */
  maxMultiplier: number;
  /** The factors that produce maxMultiplier, outermost first. */
  heaviestPath: CostFactor[];
}

interface WalkState {
  multiplier: number;
  factors: CostFactor[];
  /** Field names since the last factor. */
  pathSinceFactor: string[];
  /** The enclosing field took a size argument, so its direct list children are the counted page. */
  insideSizedField: boolean;
}

export function estimateQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { operationName?: string | null; variables?: Readonly<Record<string, unknown>> | null } = {},
  options: QueryCostOptions = {},
): QueryCostEstimate {
  const operation = getOperationAST(document, request.operationName ?? undefined);
  const estimate: QueryCostEstimate = { cost: 0, maxMultiplier: 1, heaviestPath: [] };
  if (!operation) return estimate;

  const sizeArguments = options.sizeArguments ?? DEFAULT_SIZE_ARGUMENTS;
  const assumedPageSize = options.assumedPageSize ?? DEFAULT_ASSUMED_PAGE_SIZE;
  const assumedListSize = options.assumedListSize ?? DEFAULT_ASSUMED_LIST_SIZE;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Variable defaults from the operation apply when the request omits the variable.
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) variables[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  Object.assign(variables, request.variables ?? {});

  const argumentNumber = (value: ValueNode): number | undefined => {
    const raw = value.kind === Kind.VARIABLE ? variables[value.name.value] : valueFromASTUntyped(value, variables);
    return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : undefined;
  };

  const requestedSize = (
    node: FieldNode,
    field: GraphQLField<unknown, unknown> | undefined,
  ): { size: number; argument: string; assumed: boolean } | undefined => {
    let found: { size: number; argument: string; assumed: boolean } | undefined;
    for (const argument of node.arguments ?? []) {
      if (!sizeArguments.includes(argument.name.value)) continue;
      const size = argumentNumber(argument.value) ?? assumedPageSize;
      const assumed = argumentNumber(argument.value) === undefined;
      if (!found || size > found.size) found = { size, argument: argument.name.value, assumed };
    }
    if (found || !field) return found;
    for (const definition of field.args) {
      if (!sizeArguments.includes(definition.name)) continue;
      const fallback = definition.defaultValue;
      const size = typeof fallback === 'number' && Number.isInteger(fallback) && fallback >= 0 ? fallback : assumedPageSize;
      if (!found || size > found.size) found = { size, argument: definition.name, assumed: typeof fallback !== 'number' };
    }
    return found;
  };

  const walk = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLNamedType | undefined,
    state: WalkState,
    fragmentsInUse: ReadonlySet<string>,
  ): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        walk(selection.selectionSet, typeName ? schema.getType(typeName) ?? undefined : parentType, state, fragmentsInUse);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Cycles are invalid GraphQL; guard anyway so a bad document cannot hang the estimate.
        if (!fragment || fragmentsInUse.has(name)) continue;
        const fragmentType = schema.getType(fragment.typeCondition.name.value) ?? undefined;
        walk(fragment.selectionSet, fragmentType, state, new Set([...fragmentsInUse, name]));
        continue;
      }
      const name = selection.name.value;
      // Introspection and __typename are answered by the gateway itself, not by an upstream.
      if (name.startsWith('__')) continue;
      const field = hasFields(parentType) ? parentType.getFields()[name] : undefined;
      estimate.cost += state.multiplier;
      if (!selection.selectionSet) continue;

      const path = [...state.pathSinceFactor, name];
      const size = requestedSize(selection, field);
      const isList = field !== undefined && isListOutput(field.type);
      let next: WalkState;
      if (size) {
        next = {
          multiplier: state.multiplier * size.size,
          factors: [...state.factors, { path: path.join('.'), size: size.size, argument: size.argument, assumed: size.assumed }],
          pathSinceFactor: [],
          insideSizedField: true,
        };
      } else if (isList && !state.insideSizedField) {
        next = {
          multiplier: state.multiplier * assumedListSize,
          factors: [...state.factors, { path: path.join('.'), size: assumedListSize, assumed: true }],
          pathSinceFactor: [],
          insideSizedField: false,
        };
      } else {
        next = { ...state, pathSinceFactor: path, insideSizedField: false };
      }
      if (next.multiplier > estimate.maxMultiplier) {
        estimate.maxMultiplier = next.multiplier;
        estimate.heaviestPath = next.factors;
      }
      walk(selection.selectionSet, field ? namedTypeOf(field.type) : undefined, next, fragmentsInUse);
    }
  };

  walk(
    operation.selectionSet,
    schema.getRootType(operation.operation) ?? undefined,
    { multiplier: 1, factors: [], pathSinceFactor: [], insideSizedField: false },
    new Set(),
  );
  return estimate;
}

/** `issues(first: 500) × nodes.comments(first: 100) × project.components(~10)` */
export function describeCostFactors(factors: readonly CostFactor[]): string {
  return factors
    .map((factor) =>
      factor.argument === undefined
        ? `${factor.path}(~${factor.size} assumed)`
        : `${factor.path}(${factor.argument}: ${factor.size}${factor.assumed ? ' assumed' : ''})`,
    )
    .join(' × ');
}
