import { describe, expect, it } from 'vitest';
import { parse, print } from 'graphql';
import { toNamespacedResult, toUpstreamDocument } from '../../transforms/upstream-names.ts';

describe('toUpstreamDocument', () => {
  it('strips the prefix from root fields (aliased to keep response keys), type conditions and variable types', () => {
    const document = parse(`
      query Q($filter: agg_JiraProjectFilterInput!, $ids: [ID!]) {
        agg_jira { allJiraProjects(cloudId: "c", filter: $filter) { edges { node { ...P } } } }
        mine: agg_me { __typename }
        ... on Query { agg_node(id: "x") { ... on agg_JiraIssue { key } } }
      }
      fragment P on agg_JiraProject { key agg_fieldThatKeepsItsName: name }
    `);
    const upstream = print(toUpstreamDocument(document, 'agg_'));
    expect(upstream).toContain('query Q($filter: JiraProjectFilterInput!, $ids: [ID!])');
    expect(upstream).toContain('agg_jira: jira {');
    expect(upstream).toContain('mine: me {');
    expect(upstream).toContain('agg_node: node(id: "x")');
    expect(upstream).toContain('... on JiraIssue');
    expect(upstream).toContain('fragment P on JiraProject');
    // Only root fields are renamed; a nested alias that happens to carry the prefix stays.
    expect(upstream).toContain('agg_fieldThatKeepsItsName: name');
  });

  it('strips exactly one prefix from a name that itself began with it', () => {
    const upstream = print(toUpstreamDocument(parse('{ x(a: 1) { ... on agg_agg_Legacy { id } } }'), 'agg_'));
    expect(upstream).toContain('... on agg_Legacy');
  });
});

describe('toNamespacedResult', () => {
  it('prefixes every __typename except root types, in nested objects and lists', () => {
    const data = {
      __typename: 'Query',
      agg_jira: { __typename: 'JiraQuery', issues: [{ __typename: 'JiraIssue', key: 'A-1' }, null, { __typename: 'agg_Already' }] },
      label: '__typename',
    };
    expect(toNamespacedResult(data, 'agg_')).toEqual({
      __typename: 'Query',
      agg_jira: { __typename: 'agg_JiraQuery', issues: [{ __typename: 'agg_JiraIssue', key: 'A-1' }, null, { __typename: 'agg_Already' }] },
      label: '__typename',
    });
  });
});
