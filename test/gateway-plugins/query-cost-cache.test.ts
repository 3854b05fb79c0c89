import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { estimateQueryCost } from '../../scripts/gateway/plugins/query-cost.ts';
import { createQueryCostCache } from '../../scripts/gateway/plugins/query-cost-cache.ts';
import { testTypeDefs } from './helpers.ts';

const schema = buildSchema(testTypeDefs);

describe('createQueryCostCache', () => {
  it('answers what estimateQueryCost answers, for each size-variable value, omitted and null included', () => {
    const cached = createQueryCostCache();
    const document = parse('query Issues($n: Int = 20, $unused: String) { issues(first: $n) { nodes { key changelog(limit: 3) { field } } } }');
    const requests = [{}, { n: 7 }, { n: null }, { n: 7, unused: 'a' }, { n: 500 }, {}, { n: 7 }];
    for (const variables of requests) {
      expect(cached(schema, document, { variables })).toEqual(estimateQueryCost(schema, document, { variables }));
    }
    // Omitted takes the default (20); null does not (assumed page size 50).
    expect(cached(schema, document, { variables: {} }).cost).toBe(1 + 20 + 20 + 20 + 60);
    expect(cached(schema, document, { variables: { n: null } }).cost).toBe(1 + 50 + 50 + 50 + 150);
  });

  it('reuses the estimate for a repeat of the same document and size values, not for other operations or documents', () => {
    const cached = createQueryCostCache();
    const document = parse('query A($n: Int) { issues(first: $n) { nodes { key } } } query B { projects { key } }');
    const first = cached(schema, document, { operationName: 'A', variables: { n: 5 } });
    expect(cached(schema, document, { operationName: 'A', variables: { n: 5 } })).toBe(first);
    expect(cached(schema, document, { operationName: 'A', variables: { n: 6 } })).not.toBe(first);
    expect(cached(schema, document, { operationName: 'B', variables: { n: 5 } }).cost).toBe(1 + 10);
    const sameText = parse('query A($n: Int) { issues(first: $n) { nodes { key } } } query B { projects { key } }');
    expect(cached(schema, sameText, { operationName: 'A', variables: { n: 5 } })).toEqual(first);
  });

  it('uses the configured size arguments to pick the variables that matter', () => {
    const cached = createQueryCostCache({ sizeArguments: ['limit'] });
    const document = parse('query ($l: Int, $f: Int) { issues(first: $f) { nodes { changelog(limit: $l) { field } } } }');
    for (const variables of [{ l: 2, f: 1 }, { l: 2, f: 100 }, { l: 9, f: 1 }]) {
      expect(cached(schema, document, { variables })).toEqual(estimateQueryCost(schema, document, { variables }, { sizeArguments: ['limit'] }));
    }
  });
});
