import { buildSchema, GraphQLDirective, DirectiveLocation, printSchema, validateSchema } from 'graphql';
import { buildSchema as buildSchema17, validateSchema as validateSchema17 } from 'graphql17';
import { describe, expect, it } from 'vitest';
import { alignDeprecationsWithInterfaces, isClientDirective } from '../../transforms/client-schema.ts';

const SDL = /* GraphQL */ `
  interface Agent { scenarios: [String] name: String @deprecated(reason: "everywhere") }
  interface Assistant implements Agent { scenarios: [String] name: String @deprecated(reason: "everywhere") }
  type AgentStudioAssistant implements Agent & Assistant {
    "The scenarios."
    scenarios: [String] @deprecated(reason: "Use flows")
    name: String @deprecated(reason: "everywhere")
    other: String @deprecated(reason: "not from an interface")
  }
  type Query { agent: Agent }
`;

describe('alignDeprecationsWithInterfaces', () => {
  it('undeprecates only implementation fields whose interface field is live, keeping the reason in the description', () => {
    const schema = buildSchema(SDL);
    expect(validateSchema17(buildSchema17(SDL)).map((error) => error.message)).toEqual([
      'Interface field Agent.scenarios is not deprecated, so implementation field AgentStudioAssistant.scenarios must not be deprecated.',
      'Interface field Assistant.scenarios is not deprecated, so implementation field AgentStudioAssistant.scenarios must not be deprecated.',
    ]);
    expect(alignDeprecationsWithInterfaces(schema)).toBe(1);
    const fields = schema.getType('AgentStudioAssistant') as import('graphql').GraphQLObjectType;
    expect(fields.getFields().scenarios!.deprecationReason).toBeUndefined();
    expect(fields.getFields().scenarios!.description).toBe('Deprecated on AgentStudioAssistant: Use flows.\n\nThe scenarios.');
    expect(fields.getFields().name!.deprecationReason).toBe('everywhere');
    expect(fields.getFields().other!.deprecationReason).toBe('not from an interface');
    expect(validateSchema(schema)).toEqual([]);
    expect(validateSchema17(buildSchema17(printSchema(schema)))).toEqual([]);
  });
});

describe('isClientDirective', () => {
  it('keeps graphql\'s own directives and those with an executable location only', () => {
    const directive = (name: string, locations: DirectiveLocation[]) => new GraphQLDirective({ name, locations });
    expect(isClientDirective(directive('optIn', [DirectiveLocation.FIELD, DirectiveLocation.QUERY]))).toBe(true);
    expect(isClientDirective(directive('httpOperation', [DirectiveLocation.FIELD_DEFINITION]))).toBe(false);
    expect(isClientDirective(directive('transport', [DirectiveLocation.SCHEMA]))).toBe(false);
    expect(isClientDirective(buildSchema('type Query { a: Int }').getDirective('deprecated')!)).toBe(true);
  });
});
