import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../sources/config/types.ts';
import { describeCostFactors, estimateQueryCost } from '../../scripts/gateway/plugins/query-cost.ts';
import {
  DEFAULT_QUERY_LIMITS,
  readQueryLimitsOptions,
  useQueryLimits,
  yogaBatchingOption,
} from '../../scripts/gateway/plugins/use-query-limits.ts';
import { createTestYoga, postQuery, testTypeDefs } from './helpers.ts';

const schema = buildSchema(testTypeDefs);
const cost = (query: string, variables?: Record<string, unknown>) =>
  estimateQueryCost(schema, parse(query), { variables: variables ?? null });

const NESTED_PAGES = '{ issues(first: 10) { totalCount nodes { key summary comments(first: 5) { nodes { body author } } } } }';

describe('estimateQueryCost', () => {
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
  });

  it('follows fragments and skips __typename and introspection', () => {
    const withFragment = 'query { node(id: "1") { ...F } } fragment F on Issue { key comments(first: 3) { nodes { body } } }';
    expect(cost(withFragment).cost).toBe(1 + 1 + 1 + 3 + 3);
    expect(cost('{ __typename issues(first: 2) { __typename nodes { ... on Issue { key } } } }').cost).toBe(1 + 2 + 2);
    expect(cost(getIntrospectionQuery()).cost).toBe(0);
  });

  it('treats a non-numeric or negative size as the assumed page size, never as zero', () => {
    expect(cost('query ($n: Int) { issues(first: $n) { nodes { key } } }', { n: -5 }).cost).toBe(1 + 50 + 50);
    expect(cost('query ($n: Int) { issues(first: $n) { nodes { key } } }', { n: null }).cost).toBe(1 + 50 + 50);
  });
});

describe('useQueryLimits', () => {
  it('allows GraphiQL introspection and ordinary queries with the default limits', async () => {
    const yoga = createTestYoga([useQueryLimits()]);
    const introspection = await postQuery(yoga, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(introspection.body.errors).toBeUndefined();
    expect(introspection.body.data).toHaveProperty('__schema');
    const ordinary = await postQuery(yoga, NESTED_PAGES);
    expect(ordinary.body.errors).toBeUndefined();
  });

  it('rejects a query over the cost limit, naming the cost, the limit and the multipliers', async () => {
    const yoga = createTestYoga([useQueryLimits({ maxCost: 50_000 })]);
    const query = 'query ($n: Int) { issues(first: $n) { nodes { changelog(limit: 500) { field from to } } } }';
    const result = await postQuery(yoga, query, { variables: { n: 500 } });
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors).toHaveLength(1);
    const error = result.body.errors![0]!;
    expect(error.message).toBe(
      'Query cost 751001 exceeds the limit of 50000 (issues(first: 500) × nodes.changelog(limit: 500)); request fewer items or fields.',
    );
    expect(error.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxCost', max: 50_000, cost: 751_001 });
    // The same document with a small page passes: the check is per request, not cached per document.
    const small = await postQuery(yoga, query, { variables: { n: 5 } });
    expect(small.body.errors).toBeUndefined();
  });

  it('enforces depth, aliases, tokens and directives with messages that name the limit', async () => {
    const yoga = createTestYoga([useQueryLimits({ maxDepth: 3, maxAliases: 2, maxTokens: 60, maxDirectives: 1 })]);
    const cases: Array<[string, string, RegExp]> = [
      ['maxDepth', '{ issues { nodes { project { components { name } } } } }', /Query depth limit of 3 exceeded, found 5/],
      ['maxAliases', '{ a: hello b: hello c: hello }', /Aliases limit of 2 exceeded, found 3/],
      ['maxTokens', `{ ${'hello '.repeat(80)}}`, /Token limit of 60 exceeded/],
      ['maxDirectives', '{ hello @include(if: true) @skip(if: false) }', /Directives limit of 1 exceeded, found 2/],
    ];
    for (const [limit, query, message] of cases) {
      const result = await postQuery(yoga, query);
      expect(result.body.data).toBeUndefined();
      expect(result.body.errors?.[0]?.message).toMatch(message);
      expect(result.body.errors?.[0]?.message).not.toMatch(/Syntax Error/);
      expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit });
    }
    const within = await postQuery(yoga, '{ a: hello b: hello issues { nodes { key } } }');
    expect(within.body).toEqual({ data: { a: 'world', b: 'world', issues: { nodes: [{ key: 'DEV-1' }] } } });
  });

  it('answers 400 to GraphQL-over-HTTP clients', async () => {
    const yoga = createTestYoga([useQueryLimits({ maxCost: 10, maxAliases: 1 })]);
    for (const query of [NESTED_PAGES, '{ a: hello b: hello }']) {
      const result = await postQuery(yoga, query, { headers: { accept: 'application/graphql-response+json' } });
      expect(result.status).toBe(400);
    }
  });

  it('gives yoga the batching limit to enforce', async () => {
    expect(yogaBatchingOption({ maxBatch: 0 })).toBe(false);
    expect(yogaBatchingOption(DEFAULT_QUERY_LIMITS)).toEqual({ limit: 10 });
    const limits = { ...DEFAULT_QUERY_LIMITS, maxBatch: 2 };
    const yoga = createTestYoga([useQueryLimits(limits)], { batching: yogaBatchingOption(limits) });
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
    });
    expect(read).toMatchObject({ maxDepth: 20, maxAliases: 5, maxTokens: 3000, maxBatch: 0, maxCost: 200_000 });
  });

  it('rejects bad numbers with a one-line ConfigError naming the variable', () => {
    for (const [name, value] of [
      ['GATEWAY_MAX_DEPTH', '0'],
      ['GATEWAY_MAX_COST', '1e6'],
      ['GATEWAY_MAX_BATCH', '-1'],
      ['GATEWAY_MAX_TOKENS', 'lots'],
    ] as const) {
      expect(() => readQueryLimitsOptions({ [name]: value })).toThrow(ConfigError);
      expect(() => readQueryLimitsOptions({ [name]: value })).toThrow(new RegExp(`^${name} must be a whole number`));
    }
  });
});
