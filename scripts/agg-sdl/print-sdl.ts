/**
 * Prints the schema model as SDL through graphql-js's own AST printer, so descriptions are
 * quoted and block strings escaped exactly as graphql-js expects to read them back.
 */
import {
  Kind,
  print,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type NamedTypeNode,
  type StringValueNode,
  type TypeNode,
} from 'graphql';
import type { ArgumentModel, FieldModel, SchemaModel, TypeModel, TypeRef } from './model.ts';

/**
 * AGG's opt-in directive. Field descriptions tell clients to add '@optIn(to: "Name")' as a
 * "query directive ... to the field, or to any of its parents", so it goes on operations and fields.
 */
export const OPT_IN_DIRECTIVE_SDL = `"""
Opts an operation or field into a non-GA AGG field lifecycle stage (EXPERIMENTAL, BETA, STAGING) named in the field's description.
"""
directive @optIn(to: [String!]!) repeatable on QUERY | MUTATION | SUBSCRIPTION | FIELD`;

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const namedType = (value: string): NamedTypeNode => ({ kind: Kind.NAMED_TYPE, name: name(value) });

function description(text: string | undefined): StringValueNode | undefined {
  if (text === undefined) return undefined;
  // Block strings cannot hold `"""` or CR; graphql-js's printer picks block form when it can.
  return { kind: Kind.STRING, value: text.replace(/\r\n?/g, '\n'), block: true };
}

function typeNode(ref: TypeRef): TypeNode {
  if (ref.kind === 'named') return namedType(ref.name);
  if (ref.kind === 'list') return { kind: Kind.LIST_TYPE, type: typeNode(ref.ofType) };
  return { kind: Kind.NON_NULL_TYPE, type: typeNode(ref.ofType) as Exclude<TypeNode, { kind: Kind.NON_NULL_TYPE }> };
}

function deprecated(reason: string | undefined): ConstDirectiveNode[] {
  if (reason === undefined) return [];
  return [
    {
      kind: Kind.DIRECTIVE,
      name: name('deprecated'),
      arguments: [{ kind: Kind.ARGUMENT, name: name('reason'), value: { kind: Kind.STRING, value: reason } }],
    },
  ];
}

function inputValue(value: ArgumentModel): InputValueDefinitionNode {
  return {
    kind: Kind.INPUT_VALUE_DEFINITION,
    name: name(value.name),
    description: description(value.description),
    type: typeNode(value.type),
    directives: deprecated(value.deprecationReason),
  };
}

function field(value: FieldModel): FieldDefinitionNode {
  return {
    kind: Kind.FIELD_DEFINITION,
    name: name(value.name),
    description: description(value.description),
    arguments: value.args.map(inputValue),
    type: typeNode(value.type),
    directives: deprecated(value.deprecationReason),
  };
}

function definition(type: TypeModel): DefinitionNode {
  const common = { name: name(type.name), description: description(type.description), directives: [] };
  switch (type.kind) {
    case 'scalar':
      return { kind: Kind.SCALAR_TYPE_DEFINITION, ...common };
    case 'object':
      return { kind: Kind.OBJECT_TYPE_DEFINITION, ...common, interfaces: type.interfaces.map(namedType), fields: type.fields.map(field) };
    case 'interface':
      return { kind: Kind.INTERFACE_TYPE_DEFINITION, ...common, interfaces: type.interfaces.map(namedType), fields: type.fields.map(field) };
    case 'union':
      return { kind: Kind.UNION_TYPE_DEFINITION, ...common, types: type.members.map(namedType) };
    case 'enum':
      return {
        kind: Kind.ENUM_TYPE_DEFINITION,
        ...common,
        values: type.values.map((value) => ({
          kind: Kind.ENUM_VALUE_DEFINITION,
          name: name(value.name),
          description: description(value.description),
          directives: deprecated(value.deprecationReason),
        })),
      };
    case 'input':
      return { kind: Kind.INPUT_OBJECT_TYPE_DEFINITION, ...common, fields: type.fields.map(inputValue) };
  }
}

export function printSdl(model: SchemaModel, header: string): string {
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: model.types.map(definition) };
  return `${header}\n\n${OPT_IN_DIRECTIVE_SDL}\n\n${print(document)}\n`;
}
