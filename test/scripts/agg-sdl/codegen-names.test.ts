import { describe, expect, it } from 'vitest';
import { argsTypeName, codegenName, splitWords } from '../../../scripts/agg-sdl/codegen-names.ts';
import { commentText, parseMemberComment } from '../../../scripts/agg-sdl/doc-comment.ts';

describe('codegen naming rule', () => {
  it.each([
    ['AVPChart', 'AvpChart'],
    ['AIConfigResponse', 'AiConfigResponse'],
    ['GraphQLContentTemplateType', 'GraphQlContentTemplateType'],
    ['JiraIssue', 'JiraIssue'],
    ['contactAdminPageConfig', 'ContactAdminPageConfig'],
    ['Foo_bar_Baz', 'Foo_Bar_Baz'],
    ['AVPChartPipelineQuerySQLGenerationByAI', 'AvpChartPipelineQuerySqlGenerationByAi'],
  ])('%s -> %s', (graphqlName, tsName) => {
    expect(codegenName(graphqlName)).toBe(tsName);
  });

  it('names argument records the way codegen does', () => {
    expect(argsTypeName('Query', 'admin_accessUrls')).toBe('QueryAdmin_AccessUrlsArgs');
    expect(argsTypeName('AVPChart', 'pipeline')).toBe('AvpChartPipelineArgs');
    expect(argsTypeName('JiraQuery', 'issueByKey')).toBe('JiraQueryIssueByKeyArgs');
  });

  it('splits words like no-case', () => {
    expect(splitWords('AVPChartID2Foo')).toEqual(['AVP', 'Chart', 'ID2', 'Foo']);
  });
});

describe('doc comments', () => {
  it('reads one-line and multi-line codegen comments, unescaping */', () => {
    expect(commentText('/** One line */')).toBe('One line');
    expect(commentText('/**\n   * First\n   *\n   *   indented *\\/ end\n   */')).toBe('First\n\n  indented */ end');
  });

  it('splits the trailing @deprecated line from the description', () => {
    expect(parseMemberComment('/**\n * Text\n * @deprecated Gone\n */')).toEqual({ description: 'Text', deprecationReason: 'Gone' });
    expect(parseMemberComment('/** @deprecated Only reason */')).toEqual({ description: undefined, deprecationReason: 'Only reason' });
    expect(parseMemberComment('/** Text @deprecated(reason: "inline") stays */')).toEqual({ description: 'Text @deprecated(reason: "inline") stays' });
  });
});
