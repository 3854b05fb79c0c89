import { buildSchema, graphql, printSchema, type GraphQLEnumType, type GraphQLInputObjectType, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeDisjoint } from '../../../server/composition/disjoint-merger.ts';

/** Like Mesh's OpenAPI handler: enum values get their internal values after the schema is built. */
function restLikeSource() {
  const schema = buildSchema(`
    enum jira_Flag { TRUE FALSE }
    input jira_Options { flag: jira_Flag = FALSE }
    type Query { jira_thing(flag: jira_Flag = FALSE, options: jira_Options): String }
    type Mutation { jira_delete(subtasks: jira_Flag = TRUE, many: [jira_Flag!] = [TRUE, FALSE]): String }
  `);
  const flag = schema.getType('jira_Flag') as GraphQLEnumType;
  for (const value of flag.getValues()) value.value = value.name.toLowerCase();
  return schema;
}

describe('composeDisjoint', () => {
  it('re-reads enum defaults an OpenAPI source parsed before its enum values changed, so the schema prints and runs', async () => {
    const schema = composeDisjoint([{ name: 'JiraPlatform', schema: restLikeSource() }], [
      { Query: { jira_thing: (_root: unknown, args: { flag: string; options?: { flag: string } }) => `${args.flag}` } },
    ]);
    const printed = printSchema(schema);
    expect(printed).toContain('jira_thing(flag: jira_Flag = FALSE, options: jira_Options): String');
    expect(printed).toContain('flag: jira_Flag = FALSE');
    expect(printed).toContain('jira_delete(subtasks: jira_Flag = TRUE, many: [jira_Flag!] = [TRUE, FALSE]): String');
    expect(await graphql({ schema, source: '{ jira_thing }' })).toEqual({ data: { jira_thing: 'false' } });
  });

  it('refuses two sources that define the same type or root field', () => {
    const a = buildSchema('type T { x: Int } type Query { a: T }');
    const b = buildSchema('type T { y: Int } type Query { b: T }');
    expect(() => composeDisjoint([{ name: 'A', schema: a }, { name: 'B', schema: b }], [])).toThrow(/type T is in both A and B/);
    const c = buildSchema('type Query { a: Int }');
    expect(() => composeDisjoint([{ name: 'A', schema: a }, { name: 'C', schema: c }], [])).toThrow(/Query\.a comes from both A and C/);
  });

  it("drops a forwarded source's SDL syntax nodes (nothing reads them at run time) and keeps a REST source's (Mesh's handler does)", () => {
    const forwarded = buildSchema('type agg_User { name(format: String): String } input agg_In { a: Int } enum agg_E { A } type Query { agg_me(id: ID): agg_User }');
    const executor = () => ({ data: null });
    const schema = composeDisjoint([{ name: 'AGG', schema: forwarded, executor }, { name: 'JiraPlatform', schema: restLikeSource() }], []);
    const user = schema.getType('agg_User') as GraphQLObjectType;
    expect(user.astNode).toBeUndefined();
    expect(user.getFields().name!.astNode).toBeUndefined();
    expect(user.getFields().name!.args[0]!.astNode).toBeUndefined();
    expect((schema.getType('agg_In') as GraphQLInputObjectType).getFields().a!.astNode).toBeUndefined();
    expect((schema.getType('agg_E') as GraphQLEnumType).getValues()[0]!.astNode).toBeUndefined();
    expect(schema.getQueryType()!.getFields().agg_me!.astNode).toBeUndefined();
    expect(schema.getQueryType()!.getFields().agg_me!.args[0]!.astNode).toBeUndefined();
    expect(schema.getType('jira_Options')!.astNode).toBeDefined();
    expect(schema.getQueryType()!.getFields().jira_thing!.astNode).toBeDefined();
    // The printed schema (snapshot, SDL endpoint) does not depend on them.
    expect(printSchema(schema)).toContain('agg_me(id: ID): agg_User');
  });
});
