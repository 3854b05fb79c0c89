/**
 * What AGG documents in its field descriptions, as rules a request must follow, and a checker that
 * applies them to one operation. AGG states these only in prose ("To use this field you must set a
 * `X-ExperimentalApi: teams-beta` HTTP header", "add the '@optIn(to: "compass-beta")' query
 * directive to the 'ownerTeam' field, or to any of its parents", "This field will be removed on
 * 31 December 2025", "The field is not available for OAuth authenticated requests"), so the rules
 * are read from the descriptions, never listed by hand. Used by the AGG sandbox (refuses what live
 * AGG refuses) and by the tests over the canonical layer's operations.
 */
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** The requirements one field (or argument, input field, enum value) documents. */
export interface DocumentedRule {
  /** Schema coordinate: Type.field, Type.field(arg:), Input.field or Enum.VALUE. */
  coordinate: string;
  /** `@optIn(to: ...)` names the field or one of its parents must carry. */
  optIns: string[];
  /** `X-ExperimentalApi` values the request must carry. */
  experimentalApis: string[];
  /** Other headers the description says the field needs (name lower-case). */
  headers: Array<{ name: string; value: string }>;
  /** "The field is not available for OAuth authenticated requests" (or THIRD_PARTY_OAUTH ❌). */
  oauthUnavailable: boolean;
  /** Deprecation reason, when deprecated. */
  deprecationReason: string | null;
  /** Announced removal date (YYYY-MM-DD), when the deprecation names one. */
  removalDate: string | null;
}

export type ViolationKind = 'removed' | 'deprecated' | 'opt-in' | 'experimental-api' | 'header' | 'oauth';

export interface RuleViolation {
  kind: ViolationKind;
  coordinate: string;
  /** Response path of the offending field in the operation (aliases as written). */
  path: string;
  /** The missing opt-in, experimental API or header, or the removal date. */
  requirement: string;
  message: string;
}

export interface RuleCheckOptions {
  operationName?: string | null;
  /** Variable values (runtime mode: @skip/@include and input values are evaluated with them). */
  variables?: Readonly<Record<string, unknown>> | null;
  /** X-ExperimentalApi values the request carries. */
  experimentalApis: readonly string[];
  /** Request headers by lower-case name (for documented headers other than X-ExperimentalApi). */
  headers?: Readonly<Record<string, string>>;
  /** The request is OAuth-authenticated (Authorization: Bearer). */
  oauth?: boolean;
  /** Removal dates on or before this day count as removed. */
  today: Date;
  /**
   * 'runtime': what this request executes (@skip/@include evaluated, variable values checked);
   * 'static': every field the document can select, whatever the variables (stricter).
   */
  mode: 'runtime' | 'static';
  /** Also report deprecated elements without a removal date. */
  forbidDeprecated?: boolean;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = `(${MONTHS.join('|')})`;
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?\\s+(\\d{4})\\b`, 'i');
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/;
/** Wording that makes a date in a deprecation a removal date (not, say, a "since" date). */
const REMOVAL_WORDING = /remov|no longer (?:be )?(?:supported|available)|sunset|retire|will be deleted|end of life|stop working/i;

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** The removal date a deprecation text announces ("will be removed on 31 December 2025"), as YYYY-MM-DD. */
export function announcedRemovalDate(text: string | null | undefined): string | null {
  if (!text || !REMOVAL_WORDING.test(text)) return null;
  let match = DAY_MONTH_YEAR.exec(text);
  if (match) return isoDate(Number(match[3]), MONTHS.indexOf(match[2].toLowerCase()) + 1, Number(match[1]));
  match = MONTH_DAY_YEAR.exec(text);
  if (match) return isoDate(Number(match[3]), MONTHS.indexOf(match[1].toLowerCase()) + 1, Number(match[2]));
  match = ISO_DATE.exec(text);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  return null;
}

function allMatches(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1]);
}

const OPT_IN = /add the '@optIn\(to: "([^"]+)"\)' query directive/g;
// AGG words the beta header three ways; each names the value right after the header name.
const EXPERIMENTAL_API = [/`X-ExperimentalApi:\s*([^`\s]+)`/g, /"X-ExperimentalApi:?\s+([^"\s]+)"/g, /\bX-ExperimentalApi-([A-Za-z0-9][\w.-]*[A-Za-z0-9])\s+to call it/g];
const OTHER_HEADER = /requires the "([A-Za-z0-9-]+)":\s*"([^"]*)" header/g;
const NO_OAUTH = /not available for OAuth authenticated requests|\|\s*THIRD_PARTY_OAUTH\s*\|\s*❌/i;

/** The rule one description (plus deprecation reason) documents. */
export function ruleFromDescription(coordinate: string, description: string | null | undefined, deprecationReason: string | null | undefined): DocumentedRule {
  const text = description ?? '';
  const headers = [...text.matchAll(OTHER_HEADER)].map((match) => ({ name: match[1].toLowerCase(), value: match[2] }));
  const reason = deprecationReason ?? null;
  return {
    coordinate,
    optIns: [...new Set(allMatches(text, OPT_IN))],
    experimentalApis: [...new Set(EXPERIMENTAL_API.flatMap((pattern) => allMatches(text, pattern)))],
    headers: headers.filter((header) => header.name !== 'x-experimentalapi'),
    oauthUnavailable: NO_OAUTH.test(text),
    deprecationReason: reason,
    removalDate: reason === null ? null : (announcedRemovalDate(reason) ?? announcedRemovalDate(text)),
  };
}

const ruleCache = new WeakMap<GraphQLSchema, Map<string, DocumentedRule>>();

function cachedRule(schema: GraphQLSchema, coordinate: string, build: () => DocumentedRule): DocumentedRule {
  let cache = ruleCache.get(schema);
  if (!cache) {
    cache = new Map();
    ruleCache.set(schema, cache);
  }
  let rule = cache.get(coordinate);
  if (!rule) {
    rule = build();
    cache.set(coordinate, rule);
  }
  return rule;
}

export function fieldRule(schema: GraphQLSchema, typeName: string, field: GraphQLField<unknown, unknown>): DocumentedRule {
  const coordinate = `${typeName}.${field.name}`;
  return cachedRule(schema, coordinate, () => ruleFromDescription(coordinate, field.description, field.deprecationReason));
}

function argumentRule(schema: GraphQLSchema, fieldCoordinate: string, argument: GraphQLArgument): DocumentedRule {
  const coordinate = `${fieldCoordinate}(${argument.name}:)`;
  return cachedRule(schema, coordinate, () => ruleFromDescription(coordinate, argument.description, argument.deprecationReason));
}

interface Walk {
  schema: GraphQLSchema;
  options: RuleCheckOptions;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Readonly<Record<string, unknown>>;
  violations: Map<string, RuleViolation>;
  /** Fragments already walked with a given opt-in scope (a fragment spread twice is walked once). */
  walked: Set<string>;
  today: string;
}

function report(walk: Walk, violation: Omit<RuleViolation, 'message'>, message: string): void {
  const key = `${violation.kind}|${violation.coordinate}|${violation.requirement}`;
  if (!walk.violations.has(key)) walk.violations.set(key, { ...violation, message });
}

/** Deprecation/removal checks shared by fields, arguments, input fields and enum values. */
function checkLifecycle(walk: Walk, rule: DocumentedRule, path: string, what: string): void {
  if (rule.removalDate !== null && rule.removalDate <= walk.today) {
    report(
      walk,
      { kind: 'removed', coordinate: rule.coordinate, path, requirement: rule.removalDate },
      `${what} '${rule.coordinate}' was removed on ${rule.removalDate} (AGG: "${rule.deprecationReason}")`,
    );
  } else if (rule.deprecationReason !== null && walk.options.forbidDeprecated) {
    report(walk, { kind: 'deprecated', coordinate: rule.coordinate, path, requirement: 'not deprecated' }, `${what} '${rule.coordinate}' is deprecated (AGG: "${rule.deprecationReason}")`);
  }
}

/** `to:` values of the @optIn directives on one node (literal or variable). */
function optInsOf(walk: Walk, directives: readonly DirectiveNode[] | undefined): string[] {
  const names: string[] = [];
  for (const directive of directives ?? []) {
    if (directive.name.value !== 'optIn') continue;
    const to = directive.arguments?.find((argument) => argument.name.value === 'to');
    if (!to) continue;
    // `to` is [String!]!: a single string coerces to a one-item list.
    const values = to.value.kind === Kind.LIST ? to.value.values : [to.value];
    for (const value of values) {
      if (value.kind === Kind.STRING) names.push(value.value);
      else if (value.kind === Kind.VARIABLE) {
        const given = walk.variables[value.name.value];
        if (typeof given === 'string') names.push(given);
        else if (Array.isArray(given)) names.push(...given.filter((item): item is string => typeof item === 'string'));
      }
    }
  }
  return names;
}

/** False when @skip/@include remove the node from this execution (runtime mode only). */
function isIncluded(walk: Walk, directives: readonly DirectiveNode[] | undefined): boolean {
  if (walk.options.mode === 'static') return true;
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') continue;
    const ifArgument = directive.arguments?.find((argument) => argument.name.value === 'if')?.value;
    if (!ifArgument) continue;
    const value = ifArgument.kind === Kind.VARIABLE ? walk.variables[ifArgument.name.value] : ifArgument.kind === Kind.BOOLEAN ? ifArgument.value : undefined;
    if (typeof value !== 'boolean') continue;
    if ((name === 'skip' && value) || (name === 'include' && !value)) return false;
  }
  return true;
}

/** Deprecated input fields and enum values in a literal argument value. */
function checkValueNode(walk: Walk, node: ValueNode, type: GraphQLInputType, path: string): void {
  if (node.kind === Kind.VARIABLE) {
    if (walk.options.mode === 'runtime') checkValue(walk, walk.variables[node.name.value], type, path);
    return;
  }
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    const items = node.kind === Kind.LIST ? node.values : [node];
    for (const item of items) checkValueNode(walk, item, nullable.ofType, path);
    return;
  }
  if (isEnumType(nullable) && node.kind === Kind.ENUM) {
    const value = nullable.getValue(node.value);
    if (value) checkLifecycle(walk, cachedRule(walk.schema, `${nullable.name}.${value.name}`, () => ruleFromDescription(`${nullable.name}.${value.name}`, value.description, value.deprecationReason)), path, 'Enum value');
    return;
  }
  if (isInputObjectType(nullable) && node.kind === Kind.OBJECT) {
    const fields = nullable.getFields();
    for (const objectField of node.fields) {
      const field = fields[objectField.name.value];
      if (!field) continue;
      const coordinate = `${nullable.name}.${field.name}`;
      checkLifecycle(walk, cachedRule(walk.schema, coordinate, () => ruleFromDescription(coordinate, field.description, field.deprecationReason)), path, 'Input field');
      checkValueNode(walk, objectField.value, field.type, path);
    }
  }
}

/** The same checks for a variable's JSON value (runtime mode). */
function checkValue(walk: Walk, value: unknown, type: GraphQLInputType, path: string): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    for (const item of Array.isArray(value) ? value : [value]) checkValue(walk, item, nullable.ofType, path);
    return;
  }
  if (isEnumType(nullable) && typeof value === 'string') {
    const enumValue = nullable.getValue(value);
    if (enumValue) checkLifecycle(walk, cachedRule(walk.schema, `${nullable.name}.${enumValue.name}`, () => ruleFromDescription(`${nullable.name}.${enumValue.name}`, enumValue.description, enumValue.deprecationReason)), path, 'Enum value');
    return;
  }
  if (isInputObjectType(nullable) && typeof value === 'object' && !Array.isArray(value)) {
    const fields = nullable.getFields();
    for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      if (!field) continue;
      const coordinate = `${nullable.name}.${field.name}`;
      checkLifecycle(walk, cachedRule(walk.schema, coordinate, () => ruleFromDescription(coordinate, field.description, field.deprecationReason)), path, 'Input field');
      checkValue(walk, inner, field.type, path);
    }
  }
}

function checkField(walk: Walk, rule: DocumentedRule, scope: ReadonlySet<string>, path: string): void {
  const { options } = walk;
  for (const optIn of rule.optIns) {
    if (!scope.has(optIn)) {
      report(
        walk,
        { kind: 'opt-in', coordinate: rule.coordinate, path, requirement: optIn },
        `Field '${rule.coordinate}' (at ${path}) is experimental: AGG requires the '@optIn(to: "${optIn}")' query directive on it or on one of its parents`,
      );
    }
  }
  for (const api of rule.experimentalApis) {
    if (!options.experimentalApis.includes(api)) {
      report(
        walk,
        { kind: 'experimental-api', coordinate: rule.coordinate, path, requirement: api },
        `Field '${rule.coordinate}' (at ${path}) is a beta field: set the 'X-ExperimentalApi: ${api}' HTTP header to opt in to it`,
      );
    }
  }
  for (const header of rule.headers) {
    const sent = options.headers?.[header.name];
    if (sent === undefined || sent.trim().toLowerCase() !== header.value.toLowerCase()) {
      report(
        walk,
        { kind: 'header', coordinate: rule.coordinate, path, requirement: `${header.name}: ${header.value}` },
        `Field '${rule.coordinate}' (at ${path}) needs the '${header.name}: ${header.value}' header (AGG field documentation)`,
      );
    }
  }
  if (options.oauth && rule.oauthUnavailable) {
    report(walk, { kind: 'oauth', coordinate: rule.coordinate, path, requirement: 'tenanted credentials' }, `Field '${rule.coordinate}' (at ${path}) is not available for OAuth authenticated requests`);
  }
  checkLifecycle(walk, rule, path, 'Field');
}

function walkSelections(walk: Walk, set: SelectionSetNode, parent: GraphQLNamedType, scope: ReadonlySet<string>, path: string): void {
  for (const selection of set.selections) {
    if (!isIncluded(walk, selection.directives)) continue;
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) continue;
      const field = parent.getFields()[name];
      if (!field) continue; // graphql validation reports it
      const fieldPath = path === '' ? (selection.alias?.value ?? name) : `${path}.${selection.alias?.value ?? name}`;
      const own = optInsOf(walk, selection.directives);
      const fieldScope = own.length === 0 ? scope : new Set([...scope, ...own]);
      const rule = fieldRule(walk.schema, parent.name, field);
      checkField(walk, rule, fieldScope, fieldPath);
      for (const argumentNode of selection.arguments ?? []) {
        const argument = field.args.find((candidate) => candidate.name === argumentNode.name.value);
        if (!argument) continue;
        checkLifecycle(walk, argumentRule(walk.schema, rule.coordinate, argument), fieldPath, 'Argument');
        checkValueNode(walk, argumentNode.value, argument.type, fieldPath);
      }
      if (selection.selectionSet) walkSelections(walk, selection.selectionSet, getNamedType(field.type), fieldScope, fieldPath);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (type) walkSelections(walk, selection.selectionSet, type, scope, path);
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      const type = fragment ? walk.schema.getType(fragment.typeCondition.name.value) : undefined;
      if (!fragment || !type) continue;
      const key = `${fragment.name.value}|${path}|${[...scope].sort().join(',')}`;
      if (walk.walked.has(key)) continue;
      walk.walked.add(key);
      walkSelections(walk, fragment.selectionSet, type, scope, path);
    }
  }
}

function selectOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | null {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((operation) => operation.name?.value === operationName) ?? null;
  return operations.length === 1 ? operations[0] : null;
}

/**
 * Every documented requirement one operation misses. The document must already be valid against
 * the schema (graphql `validate`); unknown fields are skipped here.
 */
export function checkDocumentedRules(schema: GraphQLSchema, document: DocumentNode, options: RuleCheckOptions): RuleViolation[] {
  const operation = selectOperation(document, options.operationName);
  if (!operation) return [];
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return [];
  const fragments = new Map(
    document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );
  const walk: Walk = { schema, options, fragments, variables: options.variables ?? {}, violations: new Map(), walked: new Set(), today: options.today.toISOString().slice(0, 10) };
  // The operation itself is a parent of every field (the directive is declared on QUERY).
  walkSelections(walk, operation.selectionSet, root, new Set(optInsOf(walk, operation.directives)), '');
  return [...walk.violations.values()];
}
