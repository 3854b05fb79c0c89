/**
 * graphql-types.ts (graphql-codegen "typescript" output for AGG) -> SDL, with a report of what was
 * renamed, guessed, adjusted and dropped. Pure: the CLI does the file work.
 */
import { isObjectType } from 'graphql';
import { classify, type ClassifyResult } from './classify.ts';
import { restoreNames, type NameEvidence } from './names.ts';
import { parseSource, SourceFormatError } from './parse-source.ts';
import { printSdl } from './print-sdl.ts';
import type { ConversionReport } from './report.ts';
import { validateSdl } from './validate.ts';

export type { ConversionReport } from './report.ts';
export { SourceFormatError } from './parse-source.ts';

export interface ConvertOptions extends NameEvidence {}

const HEADER = `# AGG (Atlassian GraphQL Gateway) schema rebuilt from @atlassian/forge-graphql-types graphql-types.ts
# by scripts/agg-sdl (generated; do not edit). See agg.report.json for renamed, guessed and dropped items.`;

const FIXED_NOTES = [
  'Default values: codegen does not print them; a non-null argument or input field with a default shows only as `name?: T` and is typed nullable (see adjusted).',
  '@oneOf input objects cannot be told apart from ordinary inputs in codegen output; they are plain input objects here.',
  'Directives other than @deprecated are not in the source; @optIn is declared from the field descriptions that tell clients to use it.',
  'Interfaces: a record without __typename whose nullable fields are Maybe<T> (InputMaybe<T> marks inputs), that is intersected into other records, or that has field arguments; records with only non-null fields take the kind of the positions that use them.',
];

function kindNotes(guesses: ClassifyResult['kindGuesses']): string[] {
  const byUse = guesses.filter((g) => g.why.startsWith('no nullable fields; used by'));
  const byFieldType = guesses.filter((g) => g.why.startsWith('no nullable fields; its field'));
  const rest = guesses.filter((g) => !byUse.includes(g) && !byFieldType.includes(g));
  return [
    `${byUse.length} records without nullable fields took the kind of the field or argument that uses them`,
    `${byFieldType.length} records without nullable fields took the kind of the types their fields use`,
    ...rest.map((g) => `${g.sourceName} taken as ${g.kind}: ${g.why}`),
  ];
}

export class ConversionError extends Error {}

export function convertForgeTypesToSdl(sourceText: string, options: ConvertOptions = {}): { sdl: string; report: ConversionReport } {
  const started = performance.now();
  if (!/export type Scalars = \{/.test(sourceText)) {
    throw new SourceFormatError('no `export type Scalars = {` declaration: not graphql-codegen "typescript" plugin output');
  }
  const declarations = parseSource(sourceText);
  const classified = classify(declarations);
  const { model } = classified;
  const naming = restoreNames(model, options);

  const sdl = printSdl(model, HEADER);
  const validation = validateSdl(sdl);
  if (!validation.ok) {
    throw new ConversionError(`generated SDL is not a valid schema (${validation.errors.length} errors): ${validation.errors.slice(0, 5).join(' | ')}`);
  }

  const byKind: Record<string, number> = {};
  let fields = 0;
  let inputFields = 0;
  let args = 0;
  let enumValues = 0;
  let deprecated = 0;
  let unionMembers = 0;
  for (const type of model.types) {
    byKind[type.kind] = (byKind[type.kind] ?? 0) + 1;
    if (type.kind === 'object' || type.kind === 'interface') {
      fields += type.fields.length;
      for (const field of type.fields) {
        args += field.args.length;
        deprecated += (field.deprecationReason ? 1 : 0) + field.args.filter((a) => a.deprecationReason).length;
      }
    } else if (type.kind === 'input') {
      inputFields += type.fields.length;
      deprecated += type.fields.filter((f) => f.deprecationReason).length;
    } else if (type.kind === 'enum') {
      enumValues += type.values.length;
      deprecated += type.values.filter((v) => v.deprecationReason).length;
    } else if (type.kind === 'union') {
      unionMembers += type.members.length;
    }
  }
  const rootFieldCount = (name: string) => {
    const root = validation.schema.getType(name);
    return isObjectType(root) ? Object.keys(root.getFields()).length : 0;
  };

  const report: ConversionReport = {
    source: { characters: sourceText.length, declarations: declarations.length },
    counts: {
      types: model.types.length,
      byKind,
      fields,
      inputFields,
      arguments: args,
      enumValues,
      deprecated,
      unions: byKind.union ?? 0,
      unionMembers,
      directives: 1,
      queryFields: rootFieldCount('Query'),
      mutationFields: rootFieldCount('Mutation'),
      subscriptionFields: rootFieldCount('Subscription'),
    },
    renamed: naming.renamed,
    uncertainNames: naming.uncertain,
    adjusted: classified.adjusted,
    dropped: classified.dropped,
    skippedHelpers: classified.skippedHelpers,
    notes: [...naming.problems, ...kindNotes(classified.kindGuesses),
      ...classified.unpairedArgsRecords.map((name) => `${name} ends in Args but matches no field's arguments: kept as a type`), ...FIXED_NOTES],
    durationMs: 0,
  };
  report.durationMs = Math.round(performance.now() - started);
  return { sdl, report };
}
