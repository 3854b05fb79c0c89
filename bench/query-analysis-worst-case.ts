/**
 * Worst-case cost of the query pipeline before execution: parse (length and token limits) + query
 * analysis + graphql-js `validate` with `specifiedRules` (without suggestions, as the gateway runs
 * it), for adversarial documents that fit under the limits, against the unified schema snapshot
 * (graphql/schema.snapshot.graphql, ~21 500 types). With --raw: graphql-js alone, with only its
 * token limit and the 25 MB request body limit, i.e. what the gateway did before.
 *
 *   npx tsx bench/query-analysis-worst-case.ts            # gateway pipeline: refused documents stop after the analysis
 *   npx tsx bench/query-analysis-worst-case.ts --raw      # graphql-js alone: parse + validate, no analysis
 *   npx tsx bench/query-analysis-worst-case.ts --only overlap   # shapes whose name contains "overlap"
 *   GATEWAY_MAX_ALIASES=10000 npx tsx bench/query-analysis-worst-case.ts   # with other limits (GATEWAY_MAX_*)
 *
 * Each shape runs `RUNS` times on fresh parses (no cache); the table shows the median and the
 * maximum in ms. A measuring script, not a test: timings depend on the machine and its load.
 */
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getIntrospectionQuery,
  Lexer,
  Source,
  TokenKind,
  type GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { analyseDocument } from '../server/limits/query-analysis.ts';
import { parseWithLimits, staticLimitErrors } from '../server/plugins/use-query-limits.ts';
import { readQueryLimitsOptions } from '../server/server-config.ts';

const RUNS = 5;
const raw = process.argv.includes('--raw');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
// The gateway's limits as the environment sets them (GATEWAY_MAX_*), defaults otherwise.
const limits = readQueryLimitsOptions(process.env);
const TOKENS = limits.maxTokens;
/** yoga's default maxRequestBodySize, which use-request-body-limit.ts keeps. */
const BODY_BYTES = 25_000_000;

const started = performance.now();
const schema = buildSchema(readFileSync(new URL('../graphql/schema.snapshot.graphql', import.meta.url), 'utf8'), { assumeValid: true });
console.log(`schema: ${Object.keys(schema.getTypeMap()).length} types, built in ${Math.round(performance.now() - started)} ms`);

// Real fields, so graphql-js compares real definitions: a scalar and an object field on Query without required arguments.
const query = schema.getQueryType()!;
const queryFields = Object.values(query.getFields());
const noRequiredArgs = (field: GraphQLField<unknown, unknown>) => field.args.every((arg) => !String(arg.type).endsWith('!'));
const isObject = (type: GraphQLNamedType): type is GraphQLObjectType => Object.prototype.toString.call(type) === '[object GraphQLObjectType]';
const named = (field: GraphQLField<unknown, unknown>): GraphQLNamedType => {
  let type: unknown = field.type;
  while (typeof type === 'object' && type !== null && 'ofType' in type) type = (type as { ofType: unknown }).ofType;
  return type as GraphQLNamedType;
};
const scalar = queryFields.find((field) => noRequiredArgs(field) && !isObject(named(field)))!.name;
const objectField = queryFields.find((field) => {
  const type = named(field);
  return noRequiredArgs(field) && isObject(type) && Object.values(type.getFields()).some((inner) => !isObject(named(inner)));
})!;
const objectType = named(objectField) as GraphQLObjectType;
const inner = Object.values(objectType.getFields()).find((field) => !isObject(named(field)))!.name;
const object = objectField.name;
const scalars = queryFields.filter((field) => noRequiredArgs(field) && !isObject(named(field))).map((field) => field.name);
console.log(`fields: scalar ${scalar}, object ${object} { ${inner} }`);

const times = (count: number, make: (index: number) => string, separator = ' ') => Array.from({ length: count }, (_, index) => make(index)).join(separator);

/** Lexical tokens as the parser counts them (comments excluded). */
function tokenCount(source: string): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

/** Under the token limit and, for the gateway, the query length limit. */
const fitsLimits = (source: string) => tokenCount(source) <= TOKENS && (raw || source.length <= limits.maxQueryLength);
/** Also under the field-merge limit: the worst a caller can get through to graphql's own rules. */
const passesMergeLimit = (source: string) =>
  fitsLimits(source) &&
  analyseDocument(schema, parse(source), { mergeComparisonCap: limits.maxMergeComparisons }).mergeComparisons <= limits.maxMergeComparisons;

/** The largest n for which make(n) is accepted (make must grow with n). */
function fit(make: (n: number) => string, accept: (source: string) => boolean = fitsLimits): string {
  let low = 1;
  let high = 2;
  while (accept(make(high))) high *= 2;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (accept(make(middle))) low = middle;
    else high = middle;
  }
  return make(low);
}
/** A shape twice: as large as the token limit allows, and (gateway mode) as large as passes the merge limit. */
const overlap = (name: string, make: (n: number) => string): Array<[string, string]> =>
  raw ? [[name, fit(make)]] : [[name, fit(make)], [`${name} (at the merge limit)`, fit(make, passesMergeLimit)]];
/** Characters available to a byte-heavy shape: the body limit raw, the query length limit in the gateway. */
const BYTES = raw ? BODY_BYTES : limits.maxQueryLength;

const fragments = (count: number, body: (index: number) => string, on = 'Query') =>
  times(count, (i) => `fragment F${i} on ${on} { ${body(i)} }`);
const conflicting = (count: number) => times(count, (i) => `x: ${scalars[i % Math.min(scalars.length, 50)]}`);

/** Shapes, each sized to the token limit (or, for byte-heavy ones, to the body limit). */
const shapes: Array<[string, string]> = [
  ['graphiql introspection', getIntrospectionQuery({ descriptions: true, schemaDescription: true, inputValueDeprecation: true })],
  ...overlap('overlap: same scalar field repeated', (n) => `{ ${times(n, () => scalar)} }`),
  ...overlap('overlap: same object field with sub-selection repeated', (n) => `{ ${times(n, () => `${object} { ${inner} }`)} }`),
  ...overlap('overlap: same field, two argument values', (n) => `{ ${times(n, (i) => `${scalar}(x: ${i % 2})`)} }`),
  ...overlap('overlap: one alias on different fields', (n) => `{ ${conflicting(n)} }`),
  ['overlap: 10 x 10 x 10 nested merge, conflicting leaves', `{ ${times(10, () => `${object} { ${times(10, () => `${object} { ${conflicting(10)} }`)} }`)} }`],
  ...overlap('overlap: 30 same-name parents x conflicting leaves', (n) => `{ ${times(30, () => `${object} { ${conflicting(n)} }`)} }`),
  ...overlap('overlap: fragments side by side, one shared field', (n) => `{ ${times(n, (i) => `...F${i}`)} } ${fragments(n, () => scalar)}`),
  ...overlap('overlap: fragments side by side, conflicting fields', (n) => `{ ${times(n, (i) => `...F${i}`)} } ${fragments(n, () => conflicting(10))}`),
  ...overlap('overlap: fragments under same-name parents', (n) => `{ ${times(n, (i) => `${object} { ...F${i} }`)} } ${fragments(n, () => conflicting(5), objectType.name)}`),
  ...overlap('overlap: same field with one fragment inside, repeated', (n) => `{ ${times(n, () => `${object} { ...G }`)} } fragment G on ${objectType.name} { ${inner} }`),
  ...overlap('overlap: field set against a fragment of the same field', (n) => `{ ${times(n, () => scalar)} ...F } fragment F on Query { ${times(n, () => scalar)} }`),
  ...overlap('overlap: many sets spreading a long chain', (n) => `{ ${times(n, (i) => `${object} { ${inner} ...F0 }`)} } ${fragments(n, (i) => `...F${i + 1}`, objectType.name)} fragment F${n} on ${objectType.name} { ${inner} }`),
  ...overlap('overlap: wide set against a long chain', (n) => `{ ${object} { ${times(n, (i) => `a${i}: ${inner}`)} ...F0 } } ${fragments(Math.floor(n / 4), (i) => `...F${i + 1}`, objectType.name)} fragment F${Math.floor(n / 4)} on ${objectType.name} { ${inner} }`),
  ['fragments: doubling chain (30 levels)', `{ ...F0 } ${fragments(30, (i) => `...F${i + 1} ...F${i + 1}`)} fragment F30 on Query { ${scalar} }`],
  ['fragments: doubling chain (as long as fits)', fit((n) => `{ ...F0 } ${fragments(n, (i) => `...F${i + 1} ...F${i + 1}`)} fragment F${n} on Query { ${scalar} }`)],
  ['fragments: doubling chain of aliased paths', fit((n) => `{ ...F0 } ${fragments(n, (i) => `a: ${object} { ...F${i + 1} } b: ${object} { ...F${i + 1} }`, 'Query')} fragment F${n} on Query { ${scalar} }`)],
  ['fragments: many operations x long chain', fit((n) => `${times(n, (i) => `query Q${i} { ...F0 }`)} ${fragments(n, (i) => `...F${i + 1}`)} fragment F${n} on Query { ${scalar} }`)],
  ['fragments: cycle pair', `{ ...A } fragment A on Query { ...B ${scalar} } fragment B on Query { ...A }`],
  ['fragments: many unused', fit((n) => `{ ${scalar} } ${fragments(n, () => scalar)}`)],
  ['nesting: introspection ofType as deep as fits', fit((n) => `{ __schema { types { ${'ofType { '.repeat(n)}name${' }'.repeat(n)} } } }`)],
  ['nesting: inline fragments as deep as fits', fit((n) => `{ ${'... on Query { '.repeat(n)}${scalar}${' }'.repeat(n)} }`)],
  ['nesting: unused fragment as deep as fits', fit((n) => `{ ${scalar} } fragment U on Query { __schema { types { ${'ofType { '.repeat(n)}name${' }'.repeat(n)} } } }`)],
  ['nesting: list value as deep as fits', fit((n) => `{ ${scalar}(x: ${'['.repeat(n)}1${']'.repeat(n)}) }`)],
  ['nesting: object value as deep as fits', fit((n) => `{ ${scalar}(x: ${'{a:'.repeat(n)}1${'}'.repeat(n)}) }`)],
  ['variables: many, all used', fit((n) => `query (${times(n, (i) => `$v${i}: Int`)}) { ${scalar}(${times(n, (i) => `a${i}: $v${i}`)}) }`)],
  ['variables: many, unused', fit((n) => `query (${times(n, (i) => `$v${i}: Int`)}) { ${scalar} }`)],
  ['arguments: same name repeated', fit((n) => `{ ${scalar}(${times(n, () => 'a: 1')}) }`)],
  ['directives: same directive repeated', fit((n) => `{ ${scalar} ${times(n, () => '@include(if: true)')} }`)],
  ['aliases: distinct, as many as fit', fit((n) => `{ ${times(n, (i) => `a${i}: ${scalar}`)} }`)],
  ['operations: many anonymous', fit((n) => times(n, () => `{ ${scalar} }`))],
  ['operations: many named, same name', fit((n) => times(n, () => `query Q { ${scalar} }`))],
  ['suggestions: unknown variable types', fit((n) => `query (${times(n, (i) => `$v${i}: AggIssu${i}`)}) { ${scalar} }`)],
  ['suggestions: unknown fields', fit((n) => `{ ${times(n, (i) => `agg_abTestCohort${i}`)} }`)],
  ['suggestions: unknown type conditions', fit((n) => `{ ${times(n, (i) => `... on AggIssu${i} { ${scalar} }`)} }`)],
  ['suggestions: unknown arguments', fit((n) => `{ ${scalar}(${times(n, (i) => `firs${i}: 1`)}) }`)],
  ['suggestions: unknown directives', fit((n) => `{ ${scalar} ${times(n, (i) => `@inclu${i}`)} }`)],
  ['suggestions: long unknown type names', fit((n) => `query (${times(n, (i) => `$v${i}: ${'agg_JiraIssueConnectionEdge'.repeat(3)}${i}`)}) { ${scalar} }`)],
  ['bytes: string argument filling the allowed length', `{ ${scalar}(x: "${'a'.repeat(BYTES - 100)}") }`],
  ['bytes: block string filling the allowed length', `{ ${scalar}(x: """${'a\n'.repeat(Math.floor((BYTES - 100) / 2))}""") }`],
  ['bytes: comment filling the allowed length', `#${'a'.repeat(BYTES - 100)}\n{ ${scalar} }`],
  ['bytes: whitespace filling the allowed length', `{${' '.repeat(BYTES - 100)}${scalar} }`],
  ['bytes: long field name', `{ ${'a'.repeat(BYTES - 100)} }`],
  ['bytes: escaped unicode string', `{ ${scalar}(x: "${'\\u00e9'.repeat(Math.floor((BYTES - 100) / 6))}") }`],
];

interface Outcome {
  ms: number;
  result: string;
}

function runOnce(source: string): Outcome {
  const start = performance.now();
  let result: string;
  try {
    const document = raw ? parse(source, { maxTokens: TOKENS }) : parseWithLimits(source, limits);
    let errors: readonly GraphQLError[] = [];
    if (!raw) errors = staticLimitErrors(analyseDocument(schema, document, { ...limits.cost, mergeComparisonCap: limits.maxMergeComparisons }), limits);
    // The gateway validates without suggestions (see useQueryLimits); --raw shows graphql's default.
    if (errors.length === 0) errors = validate(schema, document, specifiedRules, { hideSuggestions: !raw });
    result = errors.length === 0 ? 'valid' : `${errors.length} error(s): ${errors[0].message.slice(0, 90)}`;
  } catch (error) {
    result = `threw: ${(error as Error).message.slice(0, 90)}`;
  }
  return { ms: performance.now() - start, result };
}

function measure(name: string, source: string): void {
  const outcomes: Outcome[] = [];
  for (let run = 0; run < RUNS; run++) outcomes.push(runOnce(source));
  const ms = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  const max = ms[ms.length - 1];
  console.log(
    `${name.padEnd(56)} ${String(source.length).padStart(9)} B  median ${median.toFixed(1).padStart(7)} ms  max ${max.toFixed(1).padStart(7)} ms  ${outcomes[0].result}`,
  );
}

console.log(`mode: ${raw ? 'graphql-js alone (parse + validate)' : 'gateway (parse + analysis + validate unless refused)'}, maxTokens ${TOKENS}, ${RUNS} runs each`);
for (const [name, source] of shapes) {
  if (only !== undefined && !name.includes(only)) continue;
  measure(name, source);
}
