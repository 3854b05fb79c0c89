import { describe, expect, it } from 'vitest';
import { parse, print } from 'graphql';
import { GRAPHIQL_INTROSPECTION_QUERY, isIntrospectionOnly } from '../../scripts/gateway/use-introspection-cache.ts';

describe('introspection cache', () => {
  it('recognises introspection-only operations, through fragments too', () => {
    expect(isIntrospectionOnly(parse(GRAPHIQL_INTROSPECTION_QUERY))).toBe(true);
    expect(isIntrospectionOnly(parse('{ __typename ...F } fragment F on Query { __schema { description } }'))).toBe(true);
    expect(isIntrospectionOnly(parse('{ __schema { description } jiraIssues(jql: "x") { totalCount } }'))).toBe(false);
    expect(isIntrospectionOnly(parse('mutation { __typename }'))).toBe(false);
    expect(isIntrospectionOnly(parse('query A { __typename } query B { x }'), 'B')).toBe(false);
  });

  it('warms up with exactly the document the bundled GraphiQL sends (semantically)', () => {
    // Captured from GraphiQL 5 in Chromium against the gateway: a minified getIntrospectionQuery
    // with descriptions, schema description and input value deprecation.
    const sentByGraphiQL =
      'query IntrospectionQuery{__schema{description queryType{name kind}mutationType{name kind}subscriptionType{name kind}types{...FullType}directives{name description locations args(includeDeprecated:true){...InputValue}}}}fragment FullType on __Type{kind name description fields(includeDeprecated:true){name description args(includeDeprecated:true){...InputValue}type{...TypeRef}isDeprecated deprecationReason}inputFields(includeDeprecated:true){...InputValue}interfaces{...TypeRef}enumValues(includeDeprecated:true){name description isDeprecated deprecationReason}possibleTypes{...TypeRef}}fragment InputValue on __InputValue{name description type{...TypeRef}defaultValue isDeprecated deprecationReason}fragment TypeRef on __Type{kind name ofType{name kind ofType{name kind ofType{name kind ofType{name kind ofType{name kind ofType{name kind ofType{name kind ofType{name kind ofType{name kind}}}}}}}}}}';
    expect(print(parse(GRAPHIQL_INTROSPECTION_QUERY))).toBe(print(parse(sentByGraphiQL)));
  });
});
