import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../sources/config/types.ts';
import {
  DEFAULT_QUERY_LIMITS,
  type QueryLimitsOptions,
  useQueryLimits,
  yogaBatchingOption,
} from '../../../server/plugins/use-query-limits.ts';
import { useIntrospectionCache } from '../../../server/plugins/use-introspection-cache.ts';
import { createTestYoga, type GraphQLBody, postQuery, type TestYoga } from './helpers.ts';
import { doublingChain } from './query-shapes.ts';
import { readQueryLimitsOptions } from '../../../server/server-config.ts';

const NESTED_PAGES = '{ issues(first: 10) { totalCount nodes { key summary comments(first: 5) { nodes { body author } } } } }';
const GRAPHIQL_INTROSPECTION = getIntrospectionQuery({ descriptions: true, schemaDescription: true, inputValueDeprecation: true });
const SCHEMA_NAME = '{ __schema { queryType { name } } }';

function limitedYoga(overrides: Partial<QueryLimitsOptions> = {}): TestYoga {
  const limits = { ...DEFAULT_QUERY_LIMITS, ...overrides };
  return createTestYoga([useQueryLimits(limits)], { batching: yogaBatchingOption(limits) });
}

/** One HTTP request carrying several operations (yoga batching): they share one Request. */
async function postBatch(yoga: TestYoga, queries: string[]): Promise<GraphQLBody[]> {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(queries.map((query) => ({ query }))),
  });
  return (await response.json()) as GraphQLBody[];
}

function expectLimit(body: GraphQLBody, limit: string, message?: RegExp): void {
  expect(body.data ?? undefined).toBeUndefined();
  expect(body.errors).toHaveLength(1);
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit });
  if (message) expect(body.errors?.[0]?.message).toMatch(message);
}

describe('useQueryLimits', () => {
  it("allows GraphiQL's full introspection query and ordinary queries with the default limits", async () => {
    const yoga = limitedYoga();
    const introspection = await postQuery(yoga, GRAPHIQL_INTROSPECTION);
    expect(introspection.body.errors).toBeUndefined();
    expect(introspection.body.data).toHaveProperty('__schema');
    const ordinary = await postQuery(yoga, NESTED_PAGES);
    expect(ordinary.body.errors).toBeUndefined();
  });

  it('rejects a query over the cost limit, naming the cost, the limit and the multipliers, per request', async () => {
    const yoga = limitedYoga({ maxCost: 50_000 });
    const query = 'query ($n: Int) { issues(first: $n) { nodes { changelog(limit: 500) { field from to } } } }';
    const result = await postQuery(yoga, query, { variables: { n: 500 } });
    expectLimit(result.body, 'maxCost');
    const error = result.body.errors![0]!;
    expect(error.message).toBe(
      'Query cost 751001 exceeds the limit of 50000 (issues(first: 500) × nodes.changelog(limit: 500)); request fewer items or fields. (maxCost)',
    );
    expect(error.extensions).toMatchObject({ max: 50_000, cost: 751_001 });
    // The same document with a small page passes: the check is per request, not cached per document.
    const small = await postQuery(yoga, query, { variables: { n: 5 } });
    expect(small.body.errors).toBeUndefined();
  });

  it('treats a cost that overflows as over the limit, and zero items as costing nothing below them', async () => {
    const yoga = limitedYoga();
    // Sizes are read before graphql coerces the variables: 1e308 × 1e308 overflows to Infinity.
    const query = 'query ($n: Int) { issues(first: $n) { nodes { comments(first: $n) { nodes { body } } } } }';
    const refused = await postQuery(yoga, query, { variables: { n: 1e308 } });
    expectLimit(refused.body, 'maxCost', /^Query cost more than 9007199254740991 exceeds the limit of 60000/);
    expect(refused.body.errors?.[0]?.extensions).not.toHaveProperty('cost');
    const zero = await postQuery(yoga, '{ issues(first: 0) { nodes { comments(first: 2147483647) { nodes { body } } } } }');
    expect(zero.body.errors).toBeUndefined();
  });

  it('enforces depth, aliases, tokens, directives and query length with messages that name the limit', async () => {
    const yoga = limitedYoga({ maxDepth: 3, maxAliases: 2, maxTokens: 60, maxDirectives: 1, maxQueryLength: 1000 });
    const cases: Array<[string, string, RegExp]> = [
      ['maxDepth', '{ issues { nodes { project { components { name } } } } }', /Query depth limit of 3 exceeded, found 5/],
      ['maxAliases', '{ a: hello b: hello c: hello }', /Aliases limit of 2 exceeded, found 3/],
      ['maxTokens', `{ ${'hello '.repeat(80)}}`, /Token limit of 60 exceeded/],
      ['maxDirectives', '{ hello @include(if: true) @skip(if: false) }', /Directives limit of 1 exceeded, found 2/],
      ['maxQueryLength', `{ hello } # ${'x'.repeat(1000)}`, /Query length limit of 1000 characters exceeded, found 1012/],
    ];
    for (const [limit, query, message] of cases) {
      const result = await postQuery(yoga, query);
      expectLimit(result.body, limit, message);
      expect(result.body.errors?.[0]?.message).not.toMatch(/Syntax Error/);
    }
    const within = await postQuery(yoga, '{ a: hello b: hello issues { nodes { key } } }');
    expect(within.body).toEqual({ data: { a: 'world', b: 'world', issues: { nodes: [{ key: 'DEV-1' }] } } });
  });

  it('refuses an over-long query before any plugin parses it, batched or not', async () => {
    // The gateway's order: the introspection cache parses introspection-looking queries in onParams.
    const yoga = createTestYoga([useIntrospectionCache(), useQueryLimits({ maxQueryLength: 1000 })], { batching: { limit: 2 } });
    const long = `{ __typename } # ${'x'.repeat(1000)}`;
    const single = await postQuery(yoga, long, { headers: { accept: 'application/graphql-response+json' } });
    expect(single.status).toBe(400);
    expectLimit(single.body, 'maxQueryLength', /found 1017/);
    const batch = await yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify([{ query: '{ hello }' }, { query: long }]),
    });
    expectLimit((await batch.json()) as GraphQLBody, 'maxQueryLength');
  });

  it('counts aliases, directives and depth once per fragment spread', async () => {
    const yoga = limitedYoga({ maxAliases: 3, maxDirectives: 3 });
    const fragment = 'fragment F on Issue { a: key b: summary @include(if: true) }';
    const once = await postQuery(yoga, `{ node(id: "1") { ...F } } ${fragment}`);
    expect(once.body.errors).toBeUndefined();
    const twice = await postQuery(yoga, `{ node(id: "1") { ...F } issues { nodes { ...F } } } ${fragment}`);
    expect(twice.body.errors?.map((error) => error.extensions?.limit)).toEqual(['maxAliases']);
    expect(twice.body.errors?.[0]?.message).toMatch(/Aliases limit of 3 exceeded, found 4/);
  });

  it('refuses a 30-level doubling fragment chain at once (2^30 fields when expanded)', async () => {
    const yoga = limitedYoga();
    // Aliases in the leaf: refused at validation, as 2^30 aliases (and about 3 × 2^30 selections: spreads count too).
    const aliased = await postQuery(yoga, doublingChain(30, 'x: hello'));
    expect(aliased.body.errors?.map((error) => error.extensions?.limit)).toEqual(['maxAliases', 'maxSelections']);
    expect(aliased.body.errors?.[0]?.message).toMatch(/Aliases limit of 30 exceeded, found 1073741824/);
    // A plain leaf, and a leaf that costs nothing (__typename): valid GraphQL, refused at validation
    // for its size once expanded (graphql-tools' delegation walks every spread again).
    const plain = await postQuery(yoga, doublingChain(30));
    expectLimit(plain.body, 'maxSelections', /Selections limit of 10000 exceeded, found 3221225471 once fragments are expanded/);
    const free = await postQuery(yoga, doublingChain(30, '__typename'));
    expectLimit(free.body, 'maxSelections');
    // Cost still applies below the selection limit: 2^11 leaves.
    const costly = await postQuery(limitedYoga({ maxCost: 1000 }), doublingChain(11));
    expectLimit(costly.body, 'maxCost', /^Query cost 2048 exceeds the limit of 1000/);
  });

  it('counts introspection for depth, aliases and cost like any other selection', async () => {
    const yoga = limitedYoga({ maxDepth: 3, maxCost: 11, maxAliases: 0 });
    expectLimit((await postQuery(yoga, '{ __schema { types { fields { name } } } }')).body, 'maxDepth', /found 4/);
    // __schema 1 + types 1 + name × 10 assumed types.
    expectLimit((await postQuery(yoga, '{ __schema { types { name } } }')).body, 'maxCost', /^Query cost 12 exceeds/);
    expectLimit((await postQuery(yoga, '{ t: __type(name: "Issue") { name } }')).body, 'maxAliases');
    // __typename stays free.
    expect((await postQuery(yoga, '{ __typename node(id: "1") { __typename key } }')).body.errors).toBeUndefined();
  });

  it('refuses aliased copies of __schema in one operation, even through fragments', async () => {
    const yoga = limitedYoga();
    for (const query of [
      '{ a: __schema { queryType { name } } b: __schema { queryType { name } } }',
      '{ ...S ...T } fragment S on Query { __schema { queryType { name } } } fragment T on Query { s: __schema { queryType { name } } }',
    ]) {
      const result = await postQuery(yoga, query, { headers: { accept: 'application/graphql-response+json' } });
      expect(result.status).toBe(400);
      expectLimit(result.body, 'maxSchemaIntrospections', /Schema introspection limit of 1 per operation exceeded, found 2 __schema fields/);
    }
  });

  it('refuses a second __schema in the same batched HTTP request', async () => {
    const yoga = limitedYoga();
    const results = await postBatch(yoga, [SCHEMA_NAME, '{ hello }', SCHEMA_NAME]);
    expect(results).toHaveLength(3);
    const refused = results.filter((result) => result.errors !== undefined);
    expect(refused).toHaveLength(1);
    expectLimit(refused[0]!, 'maxSchemaIntrospections', /Schema introspection limit of 1 per request exceeded, found 2/);
    expect(results.filter((result) => result.data?.['__schema'] !== undefined)).toHaveLength(1);
    expect(results[1]).toEqual({ data: { hello: 'world' } });
    // Another request starts from zero.
    expect((await postBatch(yoga, [SCHEMA_NAME, '{ hello }'])).every((result) => result.errors === undefined)).toBe(true);
  });

  it('refuses same-named fields that would make graphql-js compare them pairwise, before its rules run', async () => {
    const yoga = limitedYoga({ maxMergeComparisons: 1000 });
    const result = await postQuery(yoga, `{ ${'hello '.repeat(100)}}`);
    expectLimit(result.body, 'maxMergeComparisons', /Field merge limit of 1000 comparisons exceeded/);
    expect((await postQuery(yoga, `{ ${'hello '.repeat(40)}}`)).body.errors).toBeUndefined();
  });

  it("answers a refused document with the limit errors only: graphql's own rules never run on it", async () => {
    const yoga = limitedYoga({ maxAliases: 1 });
    const result = await postQuery(yoga, '{ a: hello b: hello nosuchfield }');
    expectLimit(result.body, 'maxAliases');
    const valid = await postQuery(yoga, '{ a: hello nosuchfield }');
    expect(valid.body.errors?.map((error) => error.message)).toEqual(['Cannot query field "nosuchfield" on type "Query".']);
  });

  it('validates without did-you-mean suggestions, which cost seconds on a schema of 21 000 types', async () => {
    const yoga = limitedYoga();
    const result = await postQuery(yoga, 'query ($n: Isue) { helo issues(frist: 1) { totalCount } }');
    const messages = result.body.errors?.map((error) => error.message) ?? [];
    expect(messages).toEqual([
      'Unknown type "Isue".',
      'Cannot query field "helo" on type "Query".',
      'Unknown argument "frist" on field "Query.issues".',
      'Variable "$n" is never used.',
    ]);
  });

  it('answers a document nested too deeply for the parser with a limit error, not a crash', async () => {
    const yoga = limitedYoga({ maxTokens: 200_000, maxQueryLength: 200_000 });
    const result = await postQuery(yoga, `{ hello(x: ${'['.repeat(50_000)}${']'.repeat(50_000)}) }`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(result.status).toBe(400);
    expectLimit(result.body, 'maxDepth', /Query nesting is too deep to parse/);
  });

  it("leaves fragment cycles and unknown fragments to graphql's validation", async () => {
    const yoga = limitedYoga();
    const cycle = await postQuery(yoga, '{ ...A } fragment A on Query { hello ...B } fragment B on Query { ...A }');
    expect(cycle.body.errors?.map((error) => error.message)).toContain('Cannot spread fragment "A" within itself via "B".');
    const unknown = await postQuery(yoga, '{ ...Nowhere }');
    expect(unknown.body.errors?.map((error) => error.message)).toEqual(['Unknown fragment "Nowhere".']);
  });

  it('answers 400 to GraphQL-over-HTTP clients', async () => {
    const yoga = limitedYoga({ maxCost: 10, maxAliases: 1 });
    for (const query of [NESTED_PAGES, '{ a: hello b: hello }']) {
      const result = await postQuery(yoga, query, { headers: { accept: 'application/graphql-response+json' } });
      expect(result.status).toBe(400);
    }
  });

  it('gives yoga the batching limit to enforce', async () => {
    expect(yogaBatchingOption({ maxBatch: 0 })).toBe(false);
    expect(yogaBatchingOption(DEFAULT_QUERY_LIMITS)).toEqual({ limit: 10 });
    const yoga = limitedYoga({ maxBatch: 2 });
    const batch = (count: number) =>
      yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Array.from({ length: count }, () => ({ query: '{ hello }' }))),
      });
    expect((await batch(2)).status).toBe(200);
    const tooMany = await batch(3);
    expect(tooMany.status).toBe(413);
    expect(await tooMany.text()).toContain('Batching is limited to 2 operations per request');
  });
});

describe('readQueryLimitsOptions', () => {
  it('uses the defaults and reads each variable', () => {
    expect(readQueryLimitsOptions({})).toEqual({
      ...DEFAULT_QUERY_LIMITS,
      cost: { assumedPageSize: 50, assumedListSize: 10 },
    });
    const read = readQueryLimitsOptions({
      GATEWAY_MAX_DEPTH: '20',
      GATEWAY_MAX_ALIASES: '5',
      GATEWAY_MAX_TOKENS: '3000',
      GATEWAY_MAX_BATCH: '0',
      GATEWAY_MAX_COST: '200000',
      GATEWAY_MAX_SCHEMA_INTROSPECTIONS: '0',
      GATEWAY_MAX_QUERY_LENGTH: '50000',
      GATEWAY_MAX_MERGE_COMPARISONS: '5000',
    });
    expect(read).toMatchObject({
      maxDepth: 20,
      maxAliases: 5,
      maxTokens: 3000,
      maxBatch: 0,
      maxCost: 200_000,
      maxSchemaIntrospections: 0,
      maxQueryLength: 50_000,
      maxMergeComparisons: 5000,
    });
  });

  it('rejects bad numbers with a one-line ConfigError naming the variable', () => {
    for (const [name, value] of [
      ['GATEWAY_MAX_DEPTH', '0'],
      ['GATEWAY_MAX_COST', '1e6'],
      ['GATEWAY_MAX_BATCH', '-1'],
      ['GATEWAY_MAX_TOKENS', 'lots'],
      ['GATEWAY_MAX_QUERY_LENGTH', '10'],
    ] as const) {
      expect(() => readQueryLimitsOptions({ [name]: value })).toThrow(ConfigError);
      expect(() => readQueryLimitsOptions({ [name]: value })).toThrow(new RegExp(`^${name} must be an integer`));
    }
  });
});
