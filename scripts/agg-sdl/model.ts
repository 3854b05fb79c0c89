/**
 * Intermediate model between the TypeScript declarations and the printed SDL.
 * Type names are the codegen (TypeScript) names until `names.ts` renames them.
 */

export type TypeRef =
  | { kind: 'named'; name: string }
  | { kind: 'list'; ofType: TypeRef }
  | { kind: 'nonNull'; ofType: TypeRef };

export interface ArgumentModel {
  name: string;
  description?: string;
  type: TypeRef;
  deprecationReason?: string;
}

export interface FieldModel {
  name: string;
  description?: string;
  type: TypeRef;
  args: ArgumentModel[];
  deprecationReason?: string;
}

export interface EnumValueModel {
  name: string;
  description?: string;
  deprecationReason?: string;
}

interface NamedTypeBase {
  /** Name used in the SDL (the real GraphQL name once names.ts has run). */
  name: string;
  /** Name codegen gave the type in graphql-types.ts. */
  sourceName: string;
  description?: string;
}

export interface ScalarModel extends NamedTypeBase {
  kind: 'scalar';
}
export interface ObjectModel extends NamedTypeBase {
  kind: 'object';
  interfaces: string[];
  fields: FieldModel[];
  /** The `__typename` literal: the type's real GraphQL name. */
  typename?: string;
}
export interface InterfaceModel extends NamedTypeBase {
  kind: 'interface';
  interfaces: string[];
  fields: FieldModel[];
}
export interface UnionModel extends NamedTypeBase {
  kind: 'union';
  members: string[];
}
export interface EnumModel extends NamedTypeBase {
  kind: 'enum';
  values: EnumValueModel[];
}
export interface InputModel extends NamedTypeBase {
  kind: 'input';
  fields: ArgumentModel[];
}

export type TypeModel = ScalarModel | ObjectModel | InterfaceModel | UnionModel | EnumModel | InputModel;
export type TypeKind = TypeModel['kind'];

export interface SchemaModel {
  /** Types in source order (codegen emits them sorted by TypeScript name). */
  types: TypeModel[];
}

export function namedTypeOf(ref: TypeRef): string {
  return ref.kind === 'named' ? ref.name : namedTypeOf(ref.ofType);
}

export function mapNamedType(ref: TypeRef, rename: (name: string) => string): TypeRef {
  if (ref.kind === 'named') return { kind: 'named', name: rename(ref.name) };
  return { kind: ref.kind, ofType: mapNamedType(ref.ofType, rename) };
}
