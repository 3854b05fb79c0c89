/** What a conversion produced and what it could not carry over; written next to the SDL as JSON. */

export interface DroppedItem {
  /** `Type`, `Type.field` or `Type.field(arg)`, using TypeScript (codegen) names. */
  path: string;
  reason: string;
}

export interface RenamedName {
  sourceName: string;
  name: string;
  kind: string;
  /** How the real name is known: the `__typename` literal, an operation document, or an inference. */
  evidence: string;
}

export interface AdjustedItem {
  path: string;
  change: string;
}

export interface ConversionReport {
  source: { characters: number; declarations: number };
  counts: {
    types: number;
    byKind: Record<string, number>;
    fields: number;
    inputFields: number;
    arguments: number;
    enumValues: number;
    deprecated: number;
    unions: number;
    unionMembers: number;
    directives: number;
    queryFields: number;
    mutationFields: number;
    subscriptionFields: number;
  };
  /** Types whose SDL name differs from the codegen name. */
  renamed: RenamedName[];
  /** Codegen names whose real GraphQL spelling cannot be proven (enum, input, interface and union names). */
  uncertainNames: { sourceName: string; name: string; kind: string; why: string }[];
  /** Changes made so the schema keeps what the source says without inventing anything (e.g. unknown defaults). */
  adjusted: AdjustedItem[];
  dropped: DroppedItem[];
  /** Codegen helper declarations that are not schema types (Maybe, InputMaybe, Exact, ...). */
  skippedHelpers: string[];
  notes: string[];
  durationMs: number;
}
