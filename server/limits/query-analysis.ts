/**
 * One static pass over a GraphQL document that yields everything the query limits need: selection
 * depth (fragments flattened), aliases, directives and `__schema` fields as they would be after
 * fragment expansion, a cost plan that is evaluated per request with the variable values, and
 * the number of field-merge comparisons graphql-js's validation would make (capped, see
 * countMergeComparisons: that rule is quadratic, so its estimate is linear only up to the cap).
 *
 * Time is linear in the document: each fragment definition is analysed once per "inside a paged
 * field" flag (two variants at most) and memoised by name, and per-operation figures are sums and
 * maxima of the memoised per-fragment figures, never an expansion. A chain of fragments that each
 * spread the next twice is 2^n fields when expanded, but n memoised summaries here. The walk uses
 * an explicit stack, so a deeply nested document cannot overflow the call stack; cyclic and
 * unknown fragments contribute nothing (graphql's validation reports them). `work` counts the
 * selections and arguments visited, so tests can assert linearity without timing anything.
 *
 * Cost model (README "Query cost"): every selected field costs 1 for each parent item it is
 * resolved on; item counts multiply down the tree by the requested list sizes (`first`, `last`,
 * `maxResults`, `limit`: literal, variable, operation variable default or schema default), plain
 * lists count an assumed size, and the item list directly under a paged field is not multiplied
 * again. `__typename` is free; introspection (`__schema`, `__type`) counts like any selection.
 * Cost is linear in the multiplier, so a fragment's cost at multiplier 1 is computed once per
 * request and scaled wherever it is spread.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type OperationTypeNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface QueryCostOptions {
  /** Arguments whose value is the number of list items requested. */
  sizeArguments?: readonly string[];
  /** Items assumed when a field takes a size argument but the query gives none and the schema has no default. */
  assumedPageSize?: number;
  /** Items assumed for a list field that takes no size argument and is not the item list of a sized parent. */
  assumedListSize?: number;
}

export interface QueryAnalysisOptions extends QueryCostOptions {
  /** Stop counting field-merge comparisons past this many (the count then reads cap + 1). */
  mergeComparisonCap?: number;
}

export const DEFAULT_MERGE_COMPARISON_CAP = 20_000;
export const DEFAULT_SIZE_ARGUMENTS: readonly string[] = ['first', 'last', 'maxResults', 'limit'];
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
  /** May be Infinity or beyond Number.MAX_SAFE_INTEGER for absurd multipliers: compare, never trust as exact. */
  cost: number;
  /** Largest item multiplier reached anywhere in the operation. */
  maxMultiplier: number;
  /** The factors that produce maxMultiplier, outermost first (the first such path in document order). */
  heaviestPath: CostFactor[];
  /** Plan nodes and entries visited by this evaluation. */
  work: number;
}

/** Static figures of one operation, fragments expanded (by arithmetic, not by copying). */
export interface OperationAnalysis {
  name: string | undefined;
  operation: OperationTypeNode;
  /** Deepest field nesting; fragments add no level of their own; `__typename` adds none. */
  depth: number;
  aliases: number;
  directives: number;
  /**
   * Every selection (fields, `__typename` included, fragment spreads, inline fragments) as many times
   * as fragment expansion would produce it: the work of any library that walks the document
   * spread by spread (graphql-tools' delegation does, without memoising fragments).
   */
  selections: number;
  /** `__schema` fields: each one answers the whole schema (tens of MB on the unified schema). */
  schemaIntrospections: number;
  /** Index of the root selection set in DocumentAnalysis.plan. */
  root: number;
  /** Defaults of the operation's variables that are sizes (non-negative whole number literals). */
  variableDefaults: ReadonlyMap<string, number>;
}

export interface DocumentAnalysis {
  operations: OperationAnalysis[];
  /**
   * Comparisons graphql-js's OverlappingFieldsCanBeMerged rule would make (field pairs sharing a
   * response name, fragment pairings, name look-ups), counted up to mergeComparisonCap + 1.
   */
  mergeComparisons: number;
  /** Variables used as the value of a size argument, sorted: the only variables the cost depends on. */
  sizeVariables: string[];
  /** Cost plan, children before parents; internal to evaluateQueryCost. */
  plan: readonly PlanSet[];
  /** Selections and arguments visited by the analysis walk. */
  work: number;
  /** Selections visited and comparisons counted by the merge estimate (at most its cap beyond `work`). */
  mergeWork: number;
  options: Required<QueryCostOptions>;
}

/** Where a size comes from: known now, or read from a variable at evaluation. */
type SizeSource =
  | { kind: 'known'; argument: string; size: number; assumed: boolean }
  | { kind: 'variable'; argument: string; variable: string };

/** Item multiplier of a field with a selection set: an assumed plain list size, or a paged field's candidates (the largest wins). */
type Factor = { kind: 'list'; size: number } | { kind: 'page'; sources: SizeSource[] };

interface PlanEntry {
  /** Field name (for the heaviest path); undefined for a fragment spread. */
  name: string | undefined;
  factor: Factor | undefined;
  /** Plan index of the child selection set or spread fragment. */
  child: number;
}

/** One selection set (inline fragments flattened in): `base` fields costing 1 each, plus entries scaled by their factor. */
export interface PlanSet {
  base: number;
  entries: PlanEntry[];
}

/*
 * Type checks by the classes' Symbol.toStringTag instead of graphql's instanceof helpers: the schema
 * may come from another copy of graphql (Mesh's CommonJS build, vitest's alias), where
 * isObjectType() would throw "from another module or realm" or quietly answer false.
 */
const typeTag = (type: unknown): string => Object.prototype.toString.call(type).slice(8, -1);

function isListOutput(type: GraphQLOutputType): boolean {
  const nullable = typeTag(type) === 'GraphQLNonNull' ? (type as { ofType: GraphQLOutputType }).ofType : type;
  return typeTag(nullable) === 'GraphQLList';
}

function namedTypeOf(type: GraphQLOutputType): GraphQLNamedType {
  let current: unknown = type;
  while (typeTag(current) === 'GraphQLNonNull' || typeTag(current) === 'GraphQLList') current = (current as { ofType: unknown }).ofType;
  return current as GraphQLNamedType;
}

interface FieldInfo {
  type: GraphQLOutputType;
  args: readonly GraphQLArgument[];
}

/** `__schema` and `__type` are not in any type's field map; their result types are. */
const META_FIELD_TYPES: Readonly<Record<string, string>> = { __schema: '__Schema', __type: '__Type' };

function fieldInfo(schema: GraphQLSchema, parentType: GraphQLNamedType | undefined, name: string): FieldInfo | undefined {
  const metaType = META_FIELD_TYPES[name];
  if (metaType !== undefined) {
    const type = schema.getType(metaType);
    // Both are single objects, neither takes a size argument.
    return type ? { type: type as GraphQLOutputType, args: [] } : undefined;
  }
  const tag = typeTag(parentType);
  if (tag !== 'GraphQLObjectType' && tag !== 'GraphQLInterfaceType') return undefined;
  const fields = (parentType as { getFields(): Record<string, FieldInfo> }).getFields();
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

/** A non-negative whole number, else undefined (the caller assumes a page size). */
function asSize(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Number literals only: anything else (strings, lists, objects) is not a size, and is never walked. */
function literalNumber(value: ValueNode): number | undefined {
  return value.kind === Kind.INT || value.kind === Kind.FLOAT ? asSize(Number(value.value)) : undefined;
}

/** 0 × Infinity is NaN in JS; zero items means zero cost, however heavy the child. */
function times(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

interface Summary {
  depth: number;
  aliases: number;
  directives: number;
  selections: number;
  schemaIntrospections: number;
  plan: number;
}

type Owner =
  | { kind: 'operation'; node: OperationDefinitionNode }
  | { kind: 'fragment'; key: string }
  | { kind: 'field'; name: string; factor: Factor | undefined };

interface Cursor {
  selections: readonly SelectionNode[];
  index: number;
  parentType: GraphQLNamedType | undefined;
}

/** One selection set being analysed (with the inline fragments flattened into it). */
interface Frame {
  owner: Owner;
  cursors: Cursor[];
  /** The set is the item list level of a paged field: its plain lists are the page, not multiplied again. */
  insideSized: boolean;
  depth: number;
  aliases: number;
  directives: number;
  selections: number;
  schemaIntrospections: number;
  base: number;
  entries: PlanEntry[];
}

const IN_PROGRESS = 'in progress';

export function analyseDocument(schema: GraphQLSchema, document: DocumentNode, options: QueryAnalysisOptions = {}): DocumentAnalysis {
  const resolved: Required<QueryCostOptions> = {
    sizeArguments: options.sizeArguments ?? DEFAULT_SIZE_ARGUMENTS,
    assumedPageSize: options.assumedPageSize ?? DEFAULT_ASSUMED_PAGE_SIZE,
    assumedListSize: options.assumedListSize ?? DEFAULT_ASSUMED_LIST_SIZE,
  };
  const sizeArguments = new Set(resolved.sizeArguments);
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operationNodes: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      // Duplicate names are a validation error; the first one stands in for all.
      if (!fragments.has(definition.name.value)) fragments.set(definition.name.value, definition);
    } else if (definition.kind === Kind.OPERATION_DEFINITION) {
      operationNodes.push(definition);
    }
  }

  const plan: PlanSet[] = [];
  const memo = new Map<string, Summary | typeof IN_PROGRESS>();
  const sizeVariables = new Set<string>();
  const operations: OperationAnalysis[] = [];
  let work = 0;

  const factorOf = (node: FieldNode, field: FieldInfo | undefined, insideSized: boolean): Factor | undefined => {
    const sources: SizeSource[] = [];
    for (const argument of node.arguments ?? []) {
      work += 1;
      const name = argument.name.value;
      if (!sizeArguments.has(name)) continue;
      if (argument.value.kind === Kind.VARIABLE) {
        sizeVariables.add(argument.value.name.value);
        sources.push({ kind: 'variable', argument: name, variable: argument.value.name.value });
      } else {
        const size = literalNumber(argument.value);
        sources.push({ kind: 'known', argument: name, size: size ?? resolved.assumedPageSize, assumed: size === undefined });
      }
    }
    // Only when the query passes no size argument does the schema's default (or the assumed page) apply.
    if (sources.length === 0 && field) {
      for (const definition of field.args) {
        if (!sizeArguments.has(definition.name)) continue;
        const fallback = asSize(definition.defaultValue);
        sources.push({ kind: 'known', argument: definition.name, size: fallback ?? resolved.assumedPageSize, assumed: fallback === undefined });
      }
    }
    if (sources.length > 0) return { kind: 'page', sources };
    if (field && isListOutput(field.type) && !insideSized) return { kind: 'list', size: resolved.assumedListSize };
    return undefined;
  };

  const newFrame = (owner: Owner, selections: readonly SelectionNode[], parentType: GraphQLNamedType | undefined, insideSized: boolean): Frame => ({
    owner,
    cursors: [{ selections, index: 0, parentType }],
    insideSized,
    depth: 0,
    aliases: 0,
    directives: 0,
    selections: 0,
    schemaIntrospections: 0,
    base: 0,
    entries: [],
  });

  const addSummary = (frame: Frame, summary: Summary, entry: PlanEntry, extraDepth: number): void => {
    frame.depth = Math.max(frame.depth, extraDepth + summary.depth);
    frame.aliases += summary.aliases;
    frame.directives += summary.directives;
    frame.selections += summary.selections;
    frame.schemaIntrospections += summary.schemaIntrospections;
    frame.entries.push(entry);
  };

  const fragmentKey = (name: string, insideSized: boolean) => `${insideSized ? '+' : '-'}${name}`;

  const fragmentFrame = (fragment: FragmentDefinitionNode, insideSized: boolean): Frame => {
    const key = fragmentKey(fragment.name.value, insideSized);
    memo.set(key, IN_PROGRESS);
    const frame = newFrame({ kind: 'fragment', key }, fragment.selectionSet.selections, schema.getType(fragment.typeCondition.name.value) ?? undefined, insideSized);
    frame.directives = fragment.directives?.length ?? 0;
    return frame;
  };

  /** Analyses from `start` until its frame completes; nested sets and fragments go on an explicit stack. */
  const run = (start: Frame): void => {
    const stack: Frame[] = [start];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const cursor = frame.cursors[frame.cursors.length - 1];
      if (cursor !== undefined) {
        if (cursor.index >= cursor.selections.length) {
          frame.cursors.pop();
          continue;
        }
        const selection = cursor.selections[cursor.index++];
        work += 1;
        frame.selections += 1;
        frame.directives += selection.directives?.length ?? 0;
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          const typeName = selection.typeCondition?.name.value;
          const parentType = typeName === undefined ? cursor.parentType : schema.getType(typeName) ?? undefined;
          frame.cursors.push({ selections: selection.selectionSet.selections, index: 0, parentType });
        } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = fragments.get(selection.name.value);
          if (fragment === undefined) continue;
          const known = memo.get(fragmentKey(fragment.name.value, frame.insideSized));
          if (known === IN_PROGRESS) continue; // a cycle: validation refuses it
          if (known !== undefined) addSummary(frame, known, { name: undefined, factor: undefined, child: known.plan }, 0);
          else stack.push(fragmentFrame(fragment, frame.insideSized));
        } else {
          const name = selection.name.value;
          if (selection.alias !== undefined) frame.aliases += 1;
          if (name === '__typename') continue;
          if (name === '__schema') frame.schemaIntrospections += 1;
          frame.base += 1;
          frame.depth = Math.max(frame.depth, 1);
          if (selection.selectionSet === undefined) {
            work += selection.arguments?.length ?? 0; // a leaf's size arguments multiply nothing
            continue;
          }
          const field = fieldInfo(schema, cursor.parentType, name);
          const factor = factorOf(selection, field, frame.insideSized);
          const childType = field ? namedTypeOf(field.type) : undefined;
          stack.push(newFrame({ kind: 'field', name, factor }, selection.selectionSet.selections, childType, factor?.kind === 'page'));
        }
        continue;
      }

      // The set is complete: record its plan and hand its figures to whoever asked for it.
      stack.pop();
      plan.push({ base: frame.base, entries: frame.entries });
      const summary: Summary = {
        depth: frame.depth,
        aliases: frame.aliases,
        directives: frame.directives,
        selections: frame.selections,
        schemaIntrospections: frame.schemaIntrospections,
        plan: plan.length - 1,
      };
      const parent = stack[stack.length - 1];
      const owner = frame.owner;
      if (owner.kind === 'fragment') {
        memo.set(owner.key, summary);
        if (parent) addSummary(parent, summary, { name: undefined, factor: undefined, child: summary.plan }, 0);
      } else if (owner.kind === 'field') {
        if (parent) addSummary(parent, summary, { name: owner.name, factor: owner.factor, child: summary.plan }, 1);
      } else {
        const node = owner.node;
        const variableDefaults = new Map<string, number>();
        let variableDirectives = 0;
        for (const definition of node.variableDefinitions ?? []) {
          variableDirectives += definition.directives?.length ?? 0;
          // A default that is not a size leaves the size assumed, as no default does.
          const size = definition.defaultValue ? literalNumber(definition.defaultValue) : undefined;
          if (size !== undefined) variableDefaults.set(definition.variable.name.value, size);
        }
        operations.push({
          name: node.name?.value,
          operation: node.operation,
          depth: summary.depth,
          aliases: summary.aliases,
          directives: summary.directives + (node.directives?.length ?? 0) + variableDirectives,
          selections: summary.selections,
          schemaIntrospections: summary.schemaIntrospections,
          root: summary.plan,
          variableDefaults,
        });
      }
    }
  };

  for (const node of operationNodes) {
    const rootType = schema.getRootType(node.operation) ?? undefined;
    run(newFrame({ kind: 'operation', node }, node.selectionSet.selections, rootType, false));
  }
  const merge = countMergeComparisons(document, fragments, options.mergeComparisonCap ?? DEFAULT_MERGE_COMPARISON_CAP);
  return {
    operations,
    mergeComparisons: merge.comparisons,
    sizeVariables: [...sizeVariables].sort(),
    plan,
    work,
    mergeWork: merge.work,
    options: resolved,
  };
}

/** Fields (inline fragments flattened) by response name, and the fragments spread, of one selection set. */
interface Collected {
  groups: Map<string, FieldNode[]>;
  spreads: string[];
  /** Fragments whose fields were already compared with these fields. */
  comparedFragments: Set<string>;
}

type MergeTask =
  | { kind: 'sets'; a: SelectionSetNode; b: SelectionSetNode }
  | { kind: 'fieldsAndFragment'; fields: Collected; fragment: string }
  | { kind: 'fragments'; a: string; b: string };

/** Thrown to stop counting once the cap is passed. */
const CAP_PASSED = Symbol('cap passed');

/**
 * How many comparisons checking "fields with one response name can be merged" takes, counted the
 * way graphql-js's OverlappingFieldsCanBeMerged rule compares: every selection set compares its
 * same-named fields pairwise, then its fields against each spread fragment (and the fragments
 * those spread), and its spread fragments pairwise; two compared fields that both have selections
 * compare those the same way. Fragment comparisons are remembered as graphql-js remembers them.
 * The rule is quadratic (graphql-js stops it only after 500 000 steps, 0.1-1 s on our schema);
 * counting stops at `cap`, so this costs at most the document plus `cap` steps. Types are
 * ignored (graphql-js still compares fields of exclusive types), so this never under-counts much.
 */
function countMergeComparisons(
  document: DocumentNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  cap: number,
): { comparisons: number; work: number } {
  const collected = new Map<SelectionSetNode, Collected>();
  const comparedFragmentPairs = new Set<string>();
  const tasks: MergeTask[] = [];
  let comparisons = 0;
  let work = 0;
  const spend = (count: number) => {
    comparisons += count;
    if (comparisons > cap) throw CAP_PASSED;
  };

  const collect = (set: SelectionSetNode): Collected => {
    const known = collected.get(set);
    if (known) return known;
    const groups = new Map<string, FieldNode[]>();
    const spreads = new Set<string>();
    const pending: Array<readonly SelectionNode[]> = [set.selections];
    for (let list = pending.pop(); list !== undefined; list = pending.pop()) {
      for (const selection of list) {
        work += 1;
        if (selection.kind === Kind.FIELD) {
          const responseName = selection.alias?.value ?? selection.name.value;
          const group = groups.get(responseName);
          if (group) group.push(selection);
          else groups.set(responseName, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          pending.push(selection.selectionSet.selections);
        } else {
          spreads.add(selection.name.value);
        }
      }
    }
    const result: Collected = { groups, spreads: [...spreads], comparedFragments: new Set() };
    collected.set(set, result);
    return result;
  };
  const collectFragment = (name: string): Collected | undefined => {
    const fragment = fragments.get(name);
    return fragment ? collect(fragment.selectionSet) : undefined;
  };

  // Charged when scheduled, so a fan-out (two sets spreading many fragments each) stops at the cap
  // instead of first queueing every pairing.
  const schedule = (task: MergeTask) => {
    spend(1);
    tasks.push(task);
  };
  const comparePair = (a: FieldNode, b: FieldNode) => {
    if (a.selectionSet && b.selectionSet) schedule({ kind: 'sets', a: a.selectionSet, b: b.selectionSet });
    else spend(1);
  };
  /** Fields of one set against same-named fields of another: look up from the smaller side. */
  const compareBetween = (a: Collected, b: Collected) => {
    const [small, large] = a.groups.size <= b.groups.size ? [a, b] : [b, a];
    for (const [name, fields] of small.groups) {
      spend(1);
      const others = large.groups.get(name);
      if (others) for (const field of fields) for (const other of others) comparePair(field, other);
    }
  };
  const compareFragmentsOf = (a: Collected, b: Collected) => {
    for (const name of b.spreads) schedule({ kind: 'fieldsAndFragment', fields: a, fragment: name });
    for (const name of a.spreads) schedule({ kind: 'fieldsAndFragment', fields: b, fragment: name });
    for (const first of a.spreads) for (const second of b.spreads) schedule({ kind: 'fragments', a: first, b: second });
  };

  const runTask = (task: MergeTask) => {
    if (task.kind === 'sets') {
      const a = collect(task.a);
      const b = collect(task.b);
      compareBetween(a, b);
      compareFragmentsOf(a, b);
    } else if (task.kind === 'fieldsAndFragment') {
      const { fields, fragment } = task;
      if (fields.groups.size === 0 || fields.comparedFragments.has(fragment)) return;
      fields.comparedFragments.add(fragment);
      const other = collectFragment(fragment);
      if (!other || other === fields) return;
      compareBetween(fields, other);
      for (const name of other.spreads) schedule({ kind: 'fieldsAndFragment', fields, fragment: name });
    } else {
      if (task.a === task.b) return;
      const key = task.a < task.b ? `${task.a} ${task.b}` : `${task.b} ${task.a}`;
      if (comparedFragmentPairs.has(key)) return;
      comparedFragmentPairs.add(key);
      const a = collectFragment(task.a);
      const b = collectFragment(task.b);
      if (!a || !b) return;
      compareBetween(a, b);
      for (const name of b.spreads) schedule({ kind: 'fragments', a: task.a, b: name });
      for (const name of a.spreads) schedule({ kind: 'fragments', a: name, b: task.b });
    }
  };

  /** Every selection set of the document is checked on its own, as graphql-js visits each one. */
  const within = (set: SelectionSetNode) => {
    const own = collect(set);
    for (const fields of own.groups.values()) {
      for (let i = 0; i < fields.length; i++) for (let j = i + 1; j < fields.length; j++) comparePair(fields[i], fields[j]);
    }
    if (own.spreads.length > 0 && (own.groups.size > 0 || own.spreads.length > 1)) {
      for (let i = 0; i < own.spreads.length; i++) {
        schedule({ kind: 'fieldsAndFragment', fields: own, fragment: own.spreads[i] });
        for (let j = i + 1; j < own.spreads.length; j++) schedule({ kind: 'fragments', a: own.spreads[i], b: own.spreads[j] });
      }
    }
    for (let task = tasks.pop(); task !== undefined; task = tasks.pop()) runTask(task);
  };

  try {
    // Selection sets of every definition (unused fragments included), without recursion.
    const sets: SelectionSetNode[] = [];
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) sets.push(definition.selectionSet);
    }
    for (let set = sets.pop(); set !== undefined; set = sets.pop()) {
      within(set);
      const pending: Array<readonly SelectionNode[]> = [set.selections];
      for (let list = pending.pop(); list !== undefined; list = pending.pop()) {
        for (const selection of list) {
          work += 1;
          if (selection.kind === Kind.FIELD && selection.selectionSet) sets.push(selection.selectionSet);
          // An inline fragment's fields belong to the enclosing set (already compared there), but
          // the selections of its fields are sets of their own.
          else if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(selection.selectionSet.selections);
        }
      }
    }
  } catch (error) {
    if (error !== CAP_PASSED) throw error;
  }
  return { comparisons, work: work + comparisons };
}

/** The operation graphql would execute: the named one, or the only one. */
export function selectOperation(analysis: DocumentAnalysis, operationName?: string | null): OperationAnalysis | undefined {
  if (operationName) return analysis.operations.find((operation) => operation.name === operationName);
  return analysis.operations.length === 1 ? analysis.operations[0] : undefined;
}

interface Resolved {
  size: number;
  argument: string | undefined;
  assumed: boolean;
}

/** Heaviest path as a shared linked list: extending a child's path is O(1), it is materialised once at the end. */
interface PathStep {
  name: string;
  resolved: Resolved | undefined;
  next: PathStep | undefined;
}

export function evaluateQueryCost(
  analysis: DocumentAnalysis,
  request: { operationName?: string | null; variables?: Readonly<Record<string, unknown>> | null } = {},
): QueryCostEstimate {
  const operation = selectOperation(analysis, request.operationName);
  if (!operation) return { cost: 0, maxMultiplier: 1, heaviestPath: [], work: 0 };
  const { assumedPageSize } = analysis.options;
  const given = request.variables ?? {};
  // A variable the request leaves out takes the operation's default; one it sends (even null) does not.
  const variableValue = (name: string): unknown => (Object.hasOwn(given, name) ? given[name] : operation.variableDefaults.get(name));

  const resolve = (factor: Factor): Resolved => {
    if (factor.kind === 'list') return { size: factor.size, argument: undefined, assumed: true };
    let best: Resolved | undefined;
    for (const source of factor.sources) {
      let candidate: Resolved;
      if (source.kind === 'known') {
        candidate = { size: source.size, argument: source.argument, assumed: source.assumed };
      } else {
        const size = asSize(variableValue(source.variable));
        candidate = { size: size ?? assumedPageSize, argument: source.argument, assumed: size === undefined };
      }
      if (best === undefined || candidate.size > best.size) best = candidate;
    }
    return best ?? { size: assumedPageSize, argument: undefined, assumed: true };
  };

  // Children precede parents in the plan, so one forward pass evaluates every set exactly once.
  // (Sets of other operations are evaluated too: still linear, and simpler than a reachability pass.)
  const plan = analysis.plan;
  const cost = new Array<number>(plan.length);
  const multiplier = new Array<number>(plan.length);
  const heaviest = new Array<PathStep | undefined>(plan.length);
  let work = 0;
  for (let index = 0; index <= operation.root; index++) {
    const set = plan[index];
    let setCost = set.base;
    let setMultiplier = 1;
    let setPath: PathStep | undefined;
    work += 1;
    for (const entry of set.entries) {
      work += 1;
      const resolved = entry.factor ? resolve(entry.factor) : undefined;
      const size = resolved?.size ?? 1;
      setCost += times(size, cost[entry.child]);
      // Strictly greater: the first path in document order keeps a tie, as a depth-first walk would report it.
      const reached = times(size, multiplier[entry.child]);
      if (reached > setMultiplier) {
        setMultiplier = reached;
        setPath = entry.name === undefined ? heaviest[entry.child] : { name: entry.name, resolved, next: heaviest[entry.child] };
      }
    }
    cost[index] = setCost;
    multiplier[index] = setMultiplier;
    heaviest[index] = setPath;
  }

  const heaviestPath: CostFactor[] = [];
  let names: string[] = [];
  for (let step = heaviest[operation.root]; step !== undefined; step = step.next) {
    names.push(step.name);
    if (step.resolved === undefined) continue;
    const { size, argument, assumed } = step.resolved;
    heaviestPath.push(argument === undefined ? { path: names.join('.'), size, assumed } : { path: names.join('.'), size, argument, assumed });
    names = [];
  }
  return { cost: cost[operation.root], maxMultiplier: multiplier[operation.root], heaviestPath, work };
}

/** `issues(first: 500) × nodes.comments(first: 100) × project.components(~10 assumed)` */
export function describeCostFactors(factors: readonly CostFactor[]): string {
  return factors
    .map((factor) =>
      factor.argument === undefined
        ? `${factor.path}(~${factor.size} assumed)`
        : `${factor.path}(${factor.argument}: ${factor.size}${factor.assumed ? ' assumed' : ''})`,
    )
    .join(' × ');
}

/** Variable values kept per document: a document queried with ever new page sizes stays bounded. */
const MAX_ESTIMATES_PER_DOCUMENT = 64;

export interface QueryAnalysisCache {
  /** The analysis of a document against a schema, computed once per (schema, document) pair. */
  analyse(schema: GraphQLSchema, document: DocumentNode): DocumentAnalysis;
  /** The cost for one request, cached per document, operation name and size-variable values. */
  cost(analysis: DocumentAnalysis, request: { operationName?: string | null; variables?: Readonly<Record<string, unknown>> | null }): QueryCostEstimate;
}

/**
 * yoga's parse cache hands back the same DocumentNode for the same query text, so the document
 * object is the key (WeakMap: gone with the document). The cost depends on the variables only
 * through size arguments (`first: $n`), so those variables' values complete the cost key.
 */
export function createQueryAnalysisCache(options: QueryAnalysisOptions = {}): QueryAnalysisCache {
  const bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, DocumentAnalysis>>();
  const estimates = new WeakMap<DocumentAnalysis, Map<string, QueryCostEstimate>>();
  return {
    analyse(schema, document) {
      let byDocument = bySchema.get(schema);
      if (byDocument === undefined) {
        byDocument = new WeakMap();
        bySchema.set(schema, byDocument);
      }
      let analysis = byDocument.get(document);
      if (analysis === undefined) {
        analysis = analyseDocument(schema, document, options);
        byDocument.set(document, analysis);
      }
      return analysis;
    },
    cost(analysis, request) {
      const variables = request.variables ?? {};
      // Omitted and null differ (omitted takes the default), hence the [value] wrapper.
      const key = `${request.operationName ?? ''}\n${JSON.stringify(
        analysis.sizeVariables.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : 0)),
      )}`;
      let byKey = estimates.get(analysis);
      if (byKey === undefined) {
        byKey = new Map();
        estimates.set(analysis, byKey);
      }
      let estimate = byKey.get(key);
      if (estimate === undefined) {
        estimate = evaluateQueryCost(analysis, request);
        if (byKey.size >= MAX_ESTIMATES_PER_DOCUMENT) byKey.clear();
        byKey.set(key, estimate);
      }
      return estimate;
    },
  };
}
