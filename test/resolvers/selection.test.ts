import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectsDirectField, selectsField } from '../../resolvers/shared/selection.ts';

/** The resolve info of the document's first root field (only what selectsField reads). */
function infoOf(source: string): GraphQLResolveInfo {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments } as unknown as GraphQLResolveInfo;
}

describe('selectsField', () => {
  it('finds a field through fields, inline fragments and fragment spreads, within the depth', () => {
    const info = infoOf('{ jiraIssues { nodes { ... on JiraIssue { ...Log } } } } fragment Log on JiraIssue { changelog { field } }');
    expect(selectsField(info, 'changelog')).toBe(true);
    expect(selectsField(info, 'worklogs')).toBe(false);
    expect(selectsField(info, 'changelog', 1)).toBe(false);
    expect(selectsDirectField(info, 'nodes')).toBe(true);
  });

  it('looks into each fragment once per depth: a 40-level doubling chain (2^40 paths) answers at once', () => {
    const chain = `{ jiraIssues { ...F0 } }\n${Array.from({ length: 40 }, (_, index) => `fragment F${index} on JiraIssueConnection { ...F${index + 1} ...F${index + 1} }`).join('\n')}\nfragment F40 on JiraIssueConnection { __typename }`;
    expect(selectsField(infoOf(chain), 'totalCount')).toBe(false);
    expect(selectsField(infoOf(chain.replace('{ __typename }', '{ totalCount }')), 'totalCount')).toBe(true);
  });
});
