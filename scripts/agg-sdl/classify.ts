/**
 * Turns parsed declarations into the schema model: decides each declaration's GraphQL kind,
 * pairs `<Type><Field>Args` declarations with their fields and converts TypeScript type
 * expressions into GraphQL type references. Everything it cannot carry over is recorded.
 *
 * Kind rules (codegen "typescript" plugin output):
 * - `enum X { ... }` -> enum; the `Scalars` record -> scalars.
 * - a record with a `__typename?: 'Real'` literal -> object type.
 * - `A | B` (or a bare `= A`, codegen's one-member union) -> union.
 * - a record named like `argsTypeName(parent, field)` of an object/interface field -> that field's arguments.
 * - any other record is an interface or an input object. Codegen writes nullable input fields as
 *   `InputMaybe<T>` and nullable output fields as `Maybe<T>`, so the wrappers decide first; a record
 *   without nullable fields takes the kind its users need: intersected into a record (`I & {...}`) or
 *   used as an output field type -> interface; used by an argument or input field -> input.
 */
import { argsTypeName } from './codegen-names.ts';
import { parseMemberComment, parseTypeComment } from './doc-comment.ts';
import type {
  ArgumentModel,
  EnumModel,
  FieldModel,
  InputModel,
  InterfaceModel,
  ObjectModel,
  ScalarModel,
  SchemaModel,
  TypeModel,
  TypeRef,
  UnionModel,
} from './model.ts';
import type { SourceDeclaration, SourceProperty, TsTypeExpr } from './parse-source.ts';
import type { AdjustedItem, DroppedItem } from './report.ts';

type RecordDeclaration = Extract<SourceDeclaration, { shape: 'record' }>;

export interface ClassifyResult {
  model: SchemaModel;
  dropped: DroppedItem[];
  adjusted: AdjustedItem[];
  skippedHelpers: string[];
  /** Interface/input decisions taken without direct evidence, for the report. */
  kindGuesses: { sourceName: string; kind: 'interface' | 'input'; why: string }[];
  /** `...Args` records that pair with no field (real types whose name ends in Args). */
  unpairedArgsRecords: string[];
}

const CODEGEN_HELPERS = new Set(['Maybe', 'InputMaybe', 'Exact', 'MakeOptional', 'MakeMaybe', 'MakeEmpty', 'Incremental']);
const BUILT_IN_SCALARS = new Set(['ID', 'String', 'Boolean', 'Int', 'Float']);

export function classify(declarations: SourceDeclaration[]): ClassifyResult {
  const dropped: DroppedItem[] = [];
  const adjusted: AdjustedItem[] = [];
  const skippedHelpers: string[] = [];
  const kindGuesses: ClassifyResult['kindGuesses'] = [];

  const records = new Map<string, RecordDeclaration>();
  let scalarsRecord: RecordDeclaration | undefined;
  for (const declaration of declarations) {
    if (declaration.shape === 'other') {
      if (CODEGEN_HELPERS.has(declaration.name)) skippedHelpers.push(declaration.name);
      else dropped.push({ path: declaration.name, reason: `not a codegen schema shape: ${declaration.text}` });
    } else if (declaration.shape === 'record') {
      if (declaration.name === 'Scalars') scalarsRecord = declaration;
      else records.set(declaration.name, declaration);
    }
  }
  if (!scalarsRecord) throw new Error('no `export type Scalars = { ... }` declaration: not graphql-codegen "typescript" output');

  // Arguments: pair every field with the `<Type><Field>Args` record codegen would have named for it.
  const argsCandidates = new Set([...records.values()].filter((r) => !r.typename && r.name.endsWith('Args')).map((r) => r.name));
  const argsOf = new Map<string, string>(); // "Parent.field" -> args record name
  const pairArgs = (record: RecordDeclaration) => {
    for (const property of record.properties) {
      const names = new Set([argsTypeName(record.name, property.name)]);
      if (record.typename) names.add(argsTypeName(record.typename, property.name));
      for (const name of names) {
        if (argsCandidates.has(name)) {
          argsOf.set(`${record.name}.${property.name}`, name);
          argsCandidates.delete(name);
        }
      }
    }
  };
  const usedArgsRecords = new Set<string>();
  for (const record of records.values()) if (record.typename) pairArgs(record);
  for (const record of records.values()) if (!record.typename && !record.name.endsWith('Args')) pairArgs(record);
  for (const name of argsOf.values()) usedArgsRecords.add(name);

  const unions = new Map<string, Extract<SourceDeclaration, { shape: 'union' }>>();
  const enums = new Set<string>();
  for (const declaration of declarations) {
    if (declaration.shape === 'union') unions.set(declaration.name, declaration);
    if (declaration.shape === 'enum') enums.add(declaration.name);
  }

  const kinds = decideRecordKinds(records, usedArgsRecords, argsOf, new Set(unions.keys()), kindGuesses);

  const scalarNames = new Set(scalarsRecord.properties.map((p) => p.name));
  const kindOf = (name: string): TypeModel['kind'] | 'args' | undefined => {
    if (enums.has(name)) return 'enum';
    if (unions.has(name)) return 'union';
    if (usedArgsRecords.has(name)) return 'args';
    return kinds.get(name);
  };

  const toRef = (expr: TsTypeExpr, input: boolean, path: string): TypeRef | string => {
    switch (expr.kind) {
      case 'maybe':
      case 'inputMaybe': {
        const inner = toRef(expr.of, input, path);
        if (typeof inner === 'string') return inner;
        return inner.kind === 'nonNull' ? inner.ofType : inner;
      }
      case 'array': {
        const inner = toRef(expr.of, input, path);
        if (typeof inner === 'string') return inner;
        return { kind: 'nonNull', ofType: { kind: 'list', ofType: inner } };
      }
      case 'scalar':
        if (!scalarNames.has(expr.name)) return `unknown scalar Scalars['${expr.name}']`;
        return { kind: 'nonNull', ofType: { kind: 'named', name: expr.name } };
      case 'ref': {
        const kind = kindOf(expr.name);
        if (kind === undefined) return `references ${expr.name}, which the source does not declare as a schema type`;
        if (kind === 'args') return `references ${expr.name}, an arguments record`;
        const isInputKind = kind === 'input' || kind === 'enum';
        const isOutputKind = kind !== 'input';
        if (input && !isInputKind) return `input position references ${kind} ${expr.name}`;
        if (!input && !isOutputKind) return `output field references input ${expr.name}`;
        return { kind: 'nonNull', ofType: { kind: 'named', name: expr.name } };
      }
      default:
        return `unsupported TypeScript type ${JSON.stringify(expr)}`;
    }
  };

  const toInputValue = (property: SourceProperty, owner: string): ArgumentModel | undefined => {
    const path = `${owner}.${property.name}`;
    let ref = toRef(property.type, true, path);
    if (typeof ref === 'string') {
      dropped.push({ path, reason: ref });
      return undefined;
    }
    // `name?: T` (optional but not InputMaybe) is codegen's mark for a non-null input with a default
    // value; the value itself is not in the source, so keep it omittable without inventing one.
    const isWrapped = property.type.kind === 'inputMaybe' || property.type.kind === 'maybe';
    if (property.optional && !isWrapped && ref.kind === 'nonNull') {
      ref = ref.ofType;
      adjusted.push({ path, change: 'non-null with a default value the source does not show: typed nullable so it can be omitted' });
    }
    const doc = parseMemberComment(property.comment);
    return { name: property.name, type: ref, description: doc.description, deprecationReason: doc.deprecationReason };
  };

  const toFields = (record: RecordDeclaration): FieldModel[] => {
    const fields: FieldModel[] = [];
    for (const property of record.properties) {
      const path = `${record.name}.${property.name}`;
      const ref = toRef(property.type, false, path);
      if (typeof ref === 'string') {
        dropped.push({ path, reason: ref });
        continue;
      }
      const args: ArgumentModel[] = [];
      const argsName = argsOf.get(path);
      if (argsName) {
        for (const argProperty of records.get(argsName)!.properties) {
          const arg = toInputValue(argProperty, `${path}(${argsName})`);
          if (arg) args.push(arg);
        }
      }
      const doc = parseMemberComment(property.comment);
      fields.push({ name: property.name, type: ref, args, description: doc.description, deprecationReason: doc.deprecationReason });
    }
    return fields;
  };

  const implemented = (record: RecordDeclaration): string[] =>
    record.bases.filter((base) => {
      if (kinds.get(base) === 'interface') return true;
      dropped.push({ path: `${record.name} implements ${base}`, reason: `${base} is not an interface (${kindOf(base) ?? 'undeclared'})` });
      return false;
    });

  const types: TypeModel[] = [];
  for (const property of scalarsRecord.properties) {
    if (BUILT_IN_SCALARS.has(property.name)) continue;
    const scalar: ScalarModel = { kind: 'scalar', name: property.name, sourceName: property.name, description: parseTypeComment(property.comment) };
    types.push(scalar);
  }
  for (const declaration of declarations) {
    if (declaration.shape === 'enum') {
      const values = declaration.members.map((member) => {
        const doc = parseMemberComment(member.comment);
        return { name: member.value, description: doc.description, deprecationReason: doc.deprecationReason };
      });
      const model: EnumModel = { kind: 'enum', name: declaration.name, sourceName: declaration.name, description: parseTypeComment(declaration.comment), values };
      types.push(model);
    } else if (declaration.shape === 'union') {
      const members = declaration.members.filter((member) => {
        if (kinds.get(member) === 'object') return true;
        dropped.push({ path: `${declaration.name} member ${member}`, reason: `union members must be object types; ${member} is ${kindOf(member) ?? 'undeclared'}` });
        return false;
      });
      const model: UnionModel = { kind: 'union', name: declaration.name, sourceName: declaration.name, description: parseTypeComment(declaration.comment), members };
      types.push(model);
    } else if (declaration.shape === 'record' && declaration.name !== 'Scalars' && !usedArgsRecords.has(declaration.name)) {
      const kind = kinds.get(declaration.name)!;
      const description = parseTypeComment(declaration.comment);
      const base = { name: declaration.name, sourceName: declaration.name, description };
      if (kind === 'object') {
        const model: ObjectModel = { kind, ...base, typename: declaration.typename, interfaces: implemented(declaration), fields: toFields(declaration) };
        types.push(model);
      } else if (kind === 'interface') {
        const model: InterfaceModel = { kind, ...base, interfaces: implemented(declaration), fields: toFields(declaration) };
        types.push(model);
      } else {
        if (declaration.bases.length > 0) {
          dropped.push({ path: `${declaration.name} & ${declaration.bases.join(' & ')}`, reason: 'input objects cannot implement interfaces' });
        }
        const fields = declaration.properties
          .map((property) => toInputValue(property, declaration.name))
          .filter((field): field is ArgumentModel => field !== undefined);
        const model: InputModel = { kind, ...base, fields };
        types.push(model);
      }
    }
  }
  return { model: { types }, dropped, adjusted, skippedHelpers, kindGuesses, unpairedArgsRecords: [...argsCandidates] };
}

/** Object for `__typename` records; interface or input for the rest, by wrappers first, then by use. */
function decideRecordKinds(
  records: Map<string, RecordDeclaration>,
  argsRecords: Set<string>,
  argsOf: Map<string, string>,
  unionNames: Set<string>,
  guesses: ClassifyResult['kindGuesses'],
): Map<string, 'object' | 'interface' | 'input'> {
  const kinds = new Map<string, 'object' | 'interface' | 'input'>();
  const undecided = new Set<string>();
  const usedAsBase = new Set<string>();
  for (const record of records.values()) for (const base of record.bases) usedAsBase.add(base);

  for (const record of records.values()) {
    if (argsRecords.has(record.name)) continue;
    if (record.typename) {
      kinds.set(record.name, 'object');
      continue;
    }
    const wrappers = new Set(record.properties.map((p) => p.type.kind));
    const hasArgs = record.properties.some((p) => argsOf.has(`${record.name}.${p.name}`));
    const defaultMarked = record.properties.some((p) => p.optional && p.type.kind !== 'maybe' && p.type.kind !== 'inputMaybe');
    if (wrappers.has('inputMaybe') || defaultMarked) kinds.set(record.name, 'input');
    else if (wrappers.has('maybe') || hasArgs || usedAsBase.has(record.name) || record.bases.length > 0) kinds.set(record.name, 'interface');
    else undecided.add(record.name);
  }

  // Records with only non-null fields: take the kind of the positions that use them, or of the
  // types they use (an input can only hold inputs, an interface only output types).
  const referencedName = (expr: TsTypeExpr): string | undefined =>
    expr.kind === 'ref' ? expr.name : 'of' in expr ? referencedName(expr.of) : undefined;
  const decide = (name: string, kind: 'interface' | 'input', why: string) => {
    kinds.set(name, kind);
    undecided.delete(name);
    guesses.push({ sourceName: name, kind, why });
  };
  let changed = true;
  while (changed && undecided.size > 0) {
    changed = false;
    for (const record of records.values()) {
      const userKind = argsRecords.has(record.name) ? 'input' : kinds.get(record.name);
      for (const property of record.properties) {
        const name = referencedName(property.type);
        if (name === undefined) continue;
        if (userKind !== undefined && undecided.has(name)) {
          decide(name, userKind === 'input' ? 'input' : 'interface', `no nullable fields; used by ${userKind} ${record.name}.${property.name}`);
          changed = true;
        } else if (undecided.has(record.name) && !argsRecords.has(record.name)) {
          const usedKind = records.has(name) ? kinds.get(name) : unionNames.has(name) ? 'union' : undefined;
          if (usedKind === undefined) continue;
          decide(record.name, usedKind === 'input' ? 'input' : 'interface', `no nullable fields; its field ${property.name} has ${usedKind} type ${name}`);
          changed = true;
        }
      }
    }
  }
  // Never referenced and no evidence: an interface nobody implements or returns would be pointless,
  // while unreferenced inputs are common (arguments of directives codegen does not print).
  for (const name of undecided) {
    kinds.set(name, 'input');
    guesses.push({ sourceName: name, kind: 'input', why: 'no nullable fields, never referenced, implements nothing: taken as an input' });
  }
  return kinds;
}
