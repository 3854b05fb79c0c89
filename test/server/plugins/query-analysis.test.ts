import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  analyseDocument,
  createQueryAnalysisCache,
  describeCostFactors,
  evaluateQueryCost,
  type QueryAnalysisOptions,
} from '../../../server/limits/query-analysis.ts';
import { testTypeDefs } from './helpers.ts';
import { astNodes, doublingChain, range } from './query-shapes.ts';

const schema = buildSchema(testTypeDefs);
const cost = (query: string, variables?: Record<string, unknown>, options?: QueryAnalysisOptions) =>
  evaluateQueryCost(analyseDocument(schema, parse(query), options), { variables: variables ?? null });
const only = (query: string) => {
  const [operation] = analyseDocument(schema, parse(query)).operations;
  return operation!;
};

const NESTED_PAGES = '{ issues(first: 10) { totalCount nodes { key summary comments(first: 5) { nodes { body author } } } } }';

describe('evaluateQueryCost', () => {
  it('multiplies field counts by requested page sizes down the tree', () => {
    // issues 1; totalCount, nodes, key, summary, comments: 10 each; nodes, body, author: 50 each.
    const estimate = cost(NESTED_PAGES);
    expect(estimate.cost).toBe(1 + 5 * 10 + 3 * 50);
    expect(estimate.maxMultiplier).toBe(50);
    expect(describeCostFactors(estimate.heaviestPath)).toBe('issues(first: 10) × nodes.comments(first: 5)');
  });

  it('reads sizes from variables, operation variable defaults and schema argument defaults', () => {
    const query = 'query Issues($n: Int = 20) { issues(first: $n) { nodes { key } } }';
    expect(cost(query).cost).toBe(1 + 20 + 20);
    expect(cost(query, { n: 100 }).cost).toBe(1 + 100 + 100);
    // search(maxResults: Int = 50); changelog(limit: Int) has no default, so the assumed page size (50) applies.
    const searched = cost('{ search { issues { key changelog { field } } } }');
    expect(searched.cost).toBe(1 + 50 + 50 + 50 + 2500);
    expect(describeCostFactors(searched.heaviestPath)).toBe('search(maxResults: 50) × issues.changelog(limit: 50 assumed)');
    expect(cost('{ search(maxResults: 2) { issues { key } } }').cost).toBe(1 + 2 + 2);
  });

  it('assumes a list size for plain lists, but not again for the item list of a paged field', () => {
    expect(cost('{ projects { key components { name } } }').cost).toBe(1 + 10 + 10 + 100);
    expect(cost('{ issues(first: 3) { edges { node { key } } nodes { key } } }').cost).toBe(1 + 3 + 3 + 3 + 3 + 3);
    // Through a fragment too: the item list is still the page.
    expect(cost('{ issues(first: 3) { ...Page } } fragment Page on IssueConnection { nodes { key } }').cost).toBe(1 + 3 + 3);
  });

  it('follows fragments at their multiplier and keeps __typename free', () => {
    const withFragment = 'query { node(id: "1") { ...F } } fragment F on Issue { key comments(first: 3) { nodes { body } } }';
    expect(cost(withFragment).cost).toBe(1 + 1 + 1 + 3 + 3);
    // The same fragment under a multiplier of 4 costs 4 times as much.
    const spreadTwice = '{ issues(first: 4) { nodes { ...F } } node(id: "1") { ...F } } fragment F on Issue { key labels }';
    expect(cost(spreadTwice).cost).toBe(1 + 4 + 4 * 2 + 1 + 2);
    expect(cost('{ __typename issues(first: 2) { __typename nodes { ... on Issue { key } } } }').cost).toBe(1 + 2 + 2);
  });

  it('counts introspection like any other selection, with the assumed list sizes', () => {
    // __schema 1, types 1, name 10 (types is a list of ~10).
    expect(cost('{ __schema { types { name } } }').cost).toBe(1 + 1 + 10);
    expect(cost('{ __type(name: "Issue") { fields { name type { name } } } }').cost).toBe(1 + 1 + 10 + 10 + 10);
    const full = cost(getIntrospectionQuery({ descriptions: true, schemaDescription: true, inputValueDeprecation: true }));
    expect(full.cost).toBe(51_833);
    expect(describeCostFactors(full.heaviestPath)).toBe('__schema.types(~10 assumed) × fields(~10 assumed) × args(~10 assumed)');
  });

  it('treats a non-numeric or negative size as the assumed page size, never as zero', () => {
    expect(cost('query ($n: Int) { issues(first: $n) { nodes { key } } }', { n: -5 }).cost).toBe(1 + 50 + 50);
    expect(cost('query ($n: Int) { issues(first: $n) { nodes { key } } }', { n: null }).cost).toBe(1 + 50 + 50);
    expect(cost('query ($n: Int = "x") { issues(first: $n) { nodes { key } } }').cost).toBe(1 + 50 + 50);
  });

  it('makes zero items cost nothing below them, and lets absurd sizes overflow to Infinity rather than wrap', () => {
    const huge = '{ nodes { comments(first: 1e308) { nodes { body } } changelog(limit: 1e308) { field } } }';
    expect(cost(`{ issues(first: 0) ${huge} }`).cost).toBe(1);
    expect(cost(`{ issues(first: 1e308) ${huge} }`).cost).toBe(Number.POSITIVE_INFINITY);
  });

  it('evaluates the named operation with its own variable defaults', () => {
    const document = 'query A($n: Int = 2) { issues(first: $n) { nodes { key } } } query B($n: Int = 7) { issues(first: $n) { nodes { key } } }';
    const analysis = analyseDocument(schema, parse(document));
    expect(evaluateQueryCost(analysis, { operationName: 'A' }).cost).toBe(1 + 2 + 2);
    expect(evaluateQueryCost(analysis, { operationName: 'B' }).cost).toBe(1 + 7 + 7);
    // No name with two operations: graphql would not execute anything.
    expect(evaluateQueryCost(analysis, {}).cost).toBe(0);
  });
});

describe('analyseDocument', () => {
  it('counts depth, aliases and directives per operation, fragments flattened and counted per spread', () => {
    const query = `query Q @live { a: issues { nodes { ...F ...F } } node(id: "1") { ... on Issue @include(if: true) { ...F } } }
      fragment F on Issue @cached { k: key @skip(if: false) project { components { name } } }`;
    const operation = only(query);
    // issues > nodes > project > components > name
    expect(operation.depth).toBe(5);
    // a, and k in each of the three spreads of F.
    expect(operation.aliases).toBe(1 + 3);
    // @live, @include, and @cached + @skip per spread of F.
    expect(operation.directives).toBe(1 + 1 + 3 * 2);
  });

  it('does not count __typename for depth, but counts its aliases', () => {
    expect(only('{ issues { __typename nodes { __typename } } }').depth).toBe(2);
    expect(only('{ a: __typename b: __typename }').aliases).toBe(2);
  });

  it('counts introspection fields for depth and __schema fields per operation, through fragments', () => {
    const operation = only('{ a: __schema { types { fields { name } } } ...S } fragment S on Query { b: __schema { queryType { name } } }');
    expect(operation.depth).toBe(4);
    expect(operation.schemaIntrospections).toBe(2);
    expect(operation.aliases).toBe(2);
    const graphiql = only(getIntrospectionQuery({ descriptions: true, schemaDescription: true, inputValueDeprecation: true }));
    expect(graphiql).toMatchObject({ depth: 15, aliases: 0, directives: 0, schemaIntrospections: 1 });
  });

  it('analyses a 30-level doubling fragment chain in work linear in the document, counting 2^30 copies', () => {
    const document = parse(doublingChain(30, 'x: hello @include(if: true)'));
    const analysis = analyseDocument(schema, document);
    const [operation] = analysis.operations;
    expect(operation).toMatchObject({ depth: 1, aliases: 2 ** 30, directives: 2 ** 30 });
    const estimate = evaluateQueryCost(analysis);
    expect(estimate.cost).toBe(2 ** 30);
    const nodes = astNodes(document);
    // The old walk re-walked each fragment at every spread: ~2^31 steps here.
    expect(analysis.work).toBeLessThanOrEqual(nodes);
    expect(estimate.work).toBeLessThanOrEqual(nodes);
    expect(analysis.mergeWork).toBeLessThanOrEqual(nodes);
  });

  it('stays linear and finite on other adversarial shapes', () => {
    // Each fragment spreads every earlier one: 2^59 leaves when expanded.
    const dense = `{ ...F59 } fragment F0 on Query { hello } ${range(59)
      .map((i) => `fragment F${i + 1} on Query { ${range(i + 1).map((j) => `...F${j}`).join(' ')} }`)
      .join(' ')}`;
    // 1000 nested selections (no recursion, so no stack overflow either).
    const deep = `{ __schema { types { ${'ofType { '.repeat(1000)}name${' }'.repeat(1000)} } } }`;
    // 300 operations sharing a 300-fragment chain.
    const shared = `${range(300).map((i) => `query Q${i} { ...C0 }`).join(' ')} ${range(300)
      .map((i) => `fragment C${i} on Query { ...C${i + 1} }`)
      .join(' ')} fragment C300 on Query { hello }`;
    // Doubling through fields under both insideSized variants.
    const mixed = `{ issues(first: 2) { nodes { ...G0 } } projects { ...P } } fragment P on Project { key } ${range(30)
      .map((i) => `fragment G${i} on Issue { comments(first: 2) { nodes { body } } project { ...P } a: project { ...P } ...G${i + 1} ...G${i + 1} }`)
      .join(' ')} fragment G30 on Issue { key }`;
    for (const [query, expected] of [
      [dense, { depth: 1, cost: 2 ** 58 }],
      [deep, { depth: 1003 }],
      [shared, { depth: 1, cost: 1 }],
      [mixed, { depth: 5 }],
    ] as const) {
      const document = parse(query);
      const analysis = analyseDocument(schema, document);
      const nodes = astNodes(document);
      expect(analysis.operations[0]!.depth).toBe(expected.depth);
      const estimate = evaluateQueryCost(analysis, { operationName: analysis.operations.length > 1 ? 'Q0' : null });
      if ('cost' in expected) expect(estimate.cost).toBe(expected.cost);
      // Two variants per fragment at most (inside a paged field or not).
      expect(analysis.work).toBeLessThanOrEqual(2 * nodes);
      expect(estimate.work).toBeLessThanOrEqual(2 * nodes);
      // graphql-js's merge rule is quadratic on some of these: its estimate is linear up to the cap.
      expect(analysis.mergeWork).toBeLessThanOrEqual(2 * nodes + 20_001);
    }
  });

  it('treats fragment cycles and unknown fragments as contributing nothing, without throwing', () => {
    const cyclic = analyseDocument(schema, parse('{ hello ...A } fragment A on Query { a: hello ...B } fragment B on Query { b: hello ...A ...Missing }'));
    expect(cyclic.operations[0]).toMatchObject({ depth: 1, aliases: 2 });
    expect(evaluateQueryCost(cyclic).cost).toBe(3);
    const selfSpread = analyseDocument(schema, parse('{ issues { nodes { ...I } } } fragment I on Issue { key project { key } ...I }'));
    expect(selfSpread.operations[0]!.depth).toBe(4);
    expect(analyseDocument(schema, parse('{ ...Nowhere }')).operations[0]).toMatchObject({ depth: 0, aliases: 0 });
  });

  it('counts the comparisons of same-named fields that graphql-js would make, up to a cap', () => {
    const merges = (query: string, cap?: number) => analyseDocument(schema, parse(query), { mergeComparisonCap: cap }).mergeComparisons;
    expect(merges('{ hello whoami issues { nodes { key } } }')).toBe(0);
    // Three same-named fields: three pairs.
    expect(merges('{ hello hello hello }')).toBe(3);
    // Two same-named parents: one pair, then their children: one lookup and one pair.
    expect(merges('{ issues { totalCount } issues { totalCount } }')).toBe(3);
    // Fragments side by side: the fields against each fragment, and the two fragments against each other.
    // 3 scheduled, then 2 (look-up and pair) for each of fields-A, fields-B and A-B.
    expect(merges('{ hello ...A ...B } fragment A on Query { hello } fragment B on Query { hello }')).toBe(9);
    const repeated = `{ ${'hello '.repeat(2000)}}`;
    expect(merges(repeated, 1000)).toBe(1001);
    const analysis = analyseDocument(schema, parse(repeated), { mergeComparisonCap: 1000 });
    // Selections collected and enumerated once each, plus the capped count.
    expect(analysis.mergeWork).toBeLessThanOrEqual(2 * 2000 + 1001 + 10);
  });
});

describe('createQueryAnalysisCache', () => {
  it('answers what evaluateQueryCost answers, for each size-variable value, omitted and null included', () => {
    const cache = createQueryAnalysisCache();
    const document = parse('query Issues($n: Int = 20, $unused: String) { issues(first: $n) { nodes { key changelog(limit: 3) { field } } } }');
    const analysis = cache.analyse(schema, document);
    expect(analysis.sizeVariables).toEqual(['n']);
    const requests = [{}, { n: 7 }, { n: null }, { n: 7, unused: 'a' }, { n: 500 }, {}, { n: 7 }];
    for (const variables of requests) {
      expect(cache.cost(analysis, { variables })).toEqual(evaluateQueryCost(analyseDocument(schema, document), { variables }));
    }
    // Omitted takes the default (20); null does not (assumed page size 50).
    expect(cache.cost(analysis, { variables: {} }).cost).toBe(1 + 20 + 20 + 20 + 60);
    expect(cache.cost(analysis, { variables: { n: null } }).cost).toBe(1 + 50 + 50 + 50 + 150);
  });

  it('analyses a document once per schema, and reuses a cost for the same operation and size values only', () => {
    const cache = createQueryAnalysisCache();
    const document = parse('query A($n: Int) { issues(first: $n) { nodes { key } } } query B { projects { key } }');
    const analysis = cache.analyse(schema, document);
    expect(cache.analyse(schema, document)).toBe(analysis);
    expect(cache.analyse(buildSchema(testTypeDefs), document)).not.toBe(analysis);
    const first = cache.cost(analysis, { operationName: 'A', variables: { n: 5 } });
    expect(cache.cost(analysis, { operationName: 'A', variables: { n: 5, other: 1 } })).toBe(first);
    expect(cache.cost(analysis, { operationName: 'A', variables: { n: 6 } })).not.toBe(first);
    expect(cache.cost(analysis, { operationName: 'B', variables: { n: 5 } }).cost).toBe(1 + 10);
  });

  it('uses the configured size arguments to pick the variables that matter', () => {
    const options = { sizeArguments: ['limit'] };
    const cache = createQueryAnalysisCache(options);
    const document = parse('query ($l: Int, $f: Int) { issues(first: $f) { nodes { changelog(limit: $l) { field } } } }');
    const analysis = cache.analyse(schema, document);
    expect(analysis.sizeVariables).toEqual(['l']);
    for (const variables of [{ l: 2, f: 1 }, { l: 2, f: 100 }, { l: 9, f: 1 }]) {
      expect(cache.cost(analysis, { variables })).toEqual(evaluateQueryCost(analyseDocument(schema, document, options), { variables }));
    }
  });
});
