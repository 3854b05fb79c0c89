/**
 * Reads graphql-types.ts with the TypeScript compiler API into plain declarations, so the
 * later steps (classification, naming, printing) never touch TypeScript nodes.
 */
import ts from 'typescript';

/** A TypeScript type expression in the shapes codegen's "typescript" plugin emits. */
export type TsTypeExpr =
  | { kind: 'maybe'; of: TsTypeExpr }
  | { kind: 'inputMaybe'; of: TsTypeExpr }
  | { kind: 'array'; of: TsTypeExpr }
  | { kind: 'scalar'; name: string }
  | { kind: 'ref'; name: string }
  | { kind: 'keyword'; keyword: string }
  | { kind: 'literal'; value: string }
  | { kind: 'unsupported'; text: string };

export interface SourceProperty {
  name: string;
  optional: boolean;
  type: TsTypeExpr;
  comment?: string;
}

export type SourceDeclaration =
  | {
      shape: 'record';
      name: string;
      comment?: string;
      /** Named types intersected before the literal (`A & B & { ... }`): the implemented interfaces. */
      bases: string[];
      typename?: string;
      properties: SourceProperty[];
    }
  | { shape: 'union'; name: string; comment?: string; members: string[] }
  | {
      shape: 'enum';
      name: string;
      comment?: string;
      members: { name: string; value: string; comment?: string }[];
    }
  | { shape: 'other'; name: string; text: string };

export class SourceFormatError extends Error {}

const HELPER_WRAPPERS = new Map<string, 'maybe' | 'inputMaybe' | 'array'>([
  ['Maybe', 'maybe'],
  ['InputMaybe', 'inputMaybe'],
  ['Array', 'array'],
]);

export function parseSource(sourceText: string): SourceDeclaration[] {
  // No parent pointers and no type checking: a syntax walk over 15 MB stays near one second.
  const file = ts.createSourceFile('graphql-types.ts', sourceText, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const diagnostics = (file as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) {
    const first = diagnostics[0];
    const { line } = file.getLineAndCharacterOfPosition(first.start ?? 0);
    throw new SourceFormatError(
      `syntax error at line ${line + 1}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`,
    );
  }
  const declarations: SourceDeclaration[] = [];
  for (const statement of file.statements) {
    if (ts.isTypeAliasDeclaration(statement)) declarations.push(readAlias(statement, file, sourceText));
    else if (ts.isEnumDeclaration(statement)) declarations.push(readEnum(statement, file, sourceText));
    else declarations.push({ shape: 'other', name: ts.SyntaxKind[statement.kind], text: statement.getText(file).slice(0, 120) });
  }
  return declarations;
}

/** The last `/** ... *\/` comment directly before a node (codegen writes at most one). */
function docCommentBefore(node: ts.Node, text: string): string | undefined {
  const ranges = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  for (let i = ranges.length - 1; i >= 0; i--) {
    const raw = text.slice(ranges[i].pos, ranges[i].end);
    if (raw.startsWith('/**')) return raw;
  }
  return undefined;
}

function readAlias(node: ts.TypeAliasDeclaration, file: ts.SourceFile, text: string): SourceDeclaration {
  const name = node.name.text;
  const comment = docCommentBefore(node, text);
  const body = node.type;
  if (node.typeParameters && node.typeParameters.length > 0) {
    return { shape: 'other', name, text: node.getText(file).slice(0, 120) };
  }
  if (ts.isTypeLiteralNode(body)) return readRecord(name, comment, [], body, file, text);
  if (ts.isIntersectionTypeNode(body)) {
    const literal = body.types[body.types.length - 1];
    const bases = body.types.slice(0, -1);
    if (ts.isTypeLiteralNode(literal) && bases.every(isPlainReference)) {
      return readRecord(name, comment, bases.map((b) => referenceName(b as ts.TypeReferenceNode)), literal, file, text);
    }
  }
  if (ts.isUnionTypeNode(body) && body.types.every(isPlainReference)) {
    return { shape: 'union', name, comment, members: body.types.map((t) => referenceName(t as ts.TypeReferenceNode)) };
  }
  // Codegen prints a one-member union as a bare alias: `export type U = A;`.
  if (isPlainReference(body)) return { shape: 'union', name, comment, members: [referenceName(body as ts.TypeReferenceNode)] };
  return { shape: 'other', name, text: node.getText(file).slice(0, 120) };
}

function isPlainReference(node: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && !node.typeArguments;
}

function referenceName(node: ts.TypeReferenceNode): string {
  return (node.typeName as ts.Identifier).text;
}

function readRecord(
  name: string,
  comment: string | undefined,
  bases: string[],
  literal: ts.TypeLiteralNode,
  file: ts.SourceFile,
  text: string,
): SourceDeclaration {
  const properties: SourceProperty[] = [];
  let typename: string | undefined;
  for (const member of literal.members) {
    if (!ts.isPropertySignature(member) || !member.type || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) {
      properties.push({ name: member.name?.getText(file) ?? '?', optional: false, type: { kind: 'unsupported', text: member.getText(file) } });
      continue;
    }
    const propertyName = member.name.text;
    const type = readTypeExpr(member.type, file);
    if (propertyName === '__typename' && type.kind === 'literal') {
      typename = type.value;
      continue;
    }
    properties.push({
      name: propertyName,
      optional: member.questionToken !== undefined,
      type,
      comment: docCommentBefore(member, text),
    });
  }
  return { shape: 'record', name, comment, bases, typename, properties };
}

function readTypeExpr(node: ts.TypeNode, file: ts.SourceFile): TsTypeExpr {
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    const wrapper = HELPER_WRAPPERS.get(name);
    if (wrapper && node.typeArguments?.length === 1) return { kind: wrapper, of: readTypeExpr(node.typeArguments[0], file) };
    if (!node.typeArguments) return { kind: 'ref', name };
  }
  if (
    ts.isIndexedAccessTypeNode(node) &&
    ts.isTypeReferenceNode(node.objectType) &&
    ts.isIdentifier(node.objectType.typeName) &&
    node.objectType.typeName.text === 'Scalars' &&
    ts.isLiteralTypeNode(node.indexType) &&
    ts.isStringLiteral(node.indexType.literal)
  ) {
    return { kind: 'scalar', name: node.indexType.literal.text };
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { kind: 'literal', value: node.literal.text };
  if (node.kind === ts.SyntaxKind.AnyKeyword) return { kind: 'keyword', keyword: 'any' };
  if (node.kind === ts.SyntaxKind.StringKeyword) return { kind: 'keyword', keyword: 'string' };
  if (node.kind === ts.SyntaxKind.NumberKeyword) return { kind: 'keyword', keyword: 'number' };
  if (node.kind === ts.SyntaxKind.BooleanKeyword) return { kind: 'keyword', keyword: 'boolean' };
  return { kind: 'unsupported', text: node.getText(file) };
}

function readEnum(node: ts.EnumDeclaration, file: ts.SourceFile, text: string): SourceDeclaration {
  const members = node.members.map((member) => {
    const init = member.initializer;
    const value = init && ts.isStringLiteral(init) ? init.text : member.name.getText(file);
    return { name: member.name.getText(file), value, comment: docCommentBefore(member, text) };
  });
  return { shape: 'enum', name: node.name.text, comment: docCommentBefore(node, text), members };
}
