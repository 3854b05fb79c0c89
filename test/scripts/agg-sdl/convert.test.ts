import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, validateSchema, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { convertForgeTypesToSdl, SourceFormatError } from '../../../scripts/agg-sdl/convert.ts';
import { codegenSource } from './fixture.ts';

const SNIPPET = codegenSource(`
export type Node = {
  id: Scalars['ID'];
};

/** A chart on a dashboard */
export type AvpChart = Node & {
  __typename?: 'AVPChart';
  /** The chart id */
  id: Scalars['ID'];
  /**
   * Chart title
   *
   * Second paragraph with '@optIn(to: "ChartTitles")'.
   * @deprecated Use label instead
   */
  title?: Maybe<Scalars['String']>;
  label?: Maybe<Scalars['String']>;
  matrix?: Maybe<Array<Maybe<Array<Scalars['Int']>>>>;
  tags: Array<Scalars['String']>;
  grid: Array<Array<Maybe<Scalars['Int']>>>;
  kind?: Maybe<AvpChartKind>;
  related?: Maybe<AvpRelated>;
  updated?: Maybe<Scalars['DateTime']>;
  points?: Maybe<AvpPointConnection>;
};


export type AvpChartPointsArgs = {
  after?: InputMaybe<Scalars['String']>;
  first?: Scalars['Int'];
  filter: AvpChartFilterInput;
};

export enum AvpChartKind {
  /** A bar chart */
  Bar = 'BAR',
  /** @deprecated Use BAR */
  Column = 'COLUMN',
  PieChart = 'PIE_CHART'
}

export type AvpChartFilterInput = {
  /** Only these kinds */
  kinds?: InputMaybe<Array<AvpChartKind>>;
  since: Scalars['DateTime'];
  nested?: InputMaybe<AvpNestedInput>;
};

export type AvpNestedInput = {
  value: Scalars['Int'];
};

export type AvpPointConnection = {
  __typename?: 'AVPPointConnection';
  total: Scalars['Int'];
};

/** Things related to a chart */
export type AvpRelated = AvpChart | AvpPointConnection;

export type AvpSingle = AvpPointConnection;

export type Query = {
  __typename?: 'Query';
  chart?: Maybe<AvpChart>;
  node?: Maybe<Node>;
  single?: Maybe<AvpSingle>;
  broken?: Maybe<Missing>;
  weird?: Maybe<Promise<string>>;
};


export type QueryChartArgs = {
  id: Scalars['ID'];
};
`);

function build(sdl: string): GraphQLSchema {
  const schema = buildSchema(sdl);
  expect(validateSchema(schema)).toEqual([]);
  return schema;
}

describe('convertForgeTypesToSdl on codegen-style snippets', () => {
  const { sdl, report } = convertForgeTypesToSdl(SNIPPET);
  const schema = build(sdl);

  it('turns __typename records into object types named by the literal, implementing intersected interfaces', () => {
    const chart = schema.getType('AVPChart');
    expect(isObjectType(chart)).toBe(true);
    if (!isObjectType(chart)) return;
    expect(chart.getInterfaces().map((i) => i.name)).toEqual(['Node']);
    expect(chart.description).toBe('A chart on a dashboard');
    expect(schema.getType('AvpChart')).toBeUndefined();
    expect(isInterfaceType(schema.getType('Node'))).toBe(true);
    expect(report.renamed).toContainEqual({ sourceName: 'AvpChart', name: 'AVPChart', kind: 'object', evidence: '__typename' });
  });

  it('keeps nullability and nested lists', () => {
    const chart = schema.getType('AVPChart');
    if (!isObjectType(chart)) throw new Error('AVPChart missing');
    const fields = chart.getFields();
    expect(String(fields.id.type)).toBe('ID!');
    expect(String(fields.title.type)).toBe('String');
    expect(String(fields.matrix.type)).toBe('[[Int!]]');
    expect(String(fields.grid.type)).toBe('[[Int]!]!');
    expect(String(fields.tags.type)).toBe('[String!]!');
    expect(String(fields.updated.type)).toBe('DateTime');
  });

  it('keeps descriptions and turns the trailing @deprecated line into a deprecation', () => {
    const chart = schema.getType('AVPChart');
    if (!isObjectType(chart)) throw new Error('AVPChart missing');
    const title = chart.getFields().title;
    expect(title.deprecationReason).toBe('Use label instead');
    expect(title.description).toBe('Chart title\n\nSecond paragraph with \'@optIn(to: "ChartTitles")\'.');
    expect(chart.getFields().id.description).toBe('The chart id');
    expect(schema.getDirective('optIn')?.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['to: [String!]!']);
  });

  it('attaches <Type><Field>Args as arguments; an optional non-Maybe argument (default not shown) becomes nullable', () => {
    const chart = schema.getType('AVPChart');
    if (!isObjectType(chart)) throw new Error('AVPChart missing');
    const args = chart.getFields().points.args.map((a) => `${a.name}: ${a.type}`);
    expect(args).toEqual(['after: String', 'first: Int', 'filter: AVPChartFilterInput!']);
    expect(report.adjusted).toContainEqual(expect.objectContaining({ path: 'AvpChart.points(AvpChartPointsArgs).first' }));
    const query = schema.getQueryType()!;
    expect(query.getFields().chart.args.map((a) => `${a.name}: ${a.type}`)).toEqual(['id: ID!']);
    expect(schema.getType('QueryChartArgs')).toBeUndefined();
  });

  it('converts enums with real values, value descriptions and deprecations', () => {
    const kind = schema.getType('AVPChartKind');
    expect(isEnumType(kind)).toBe(true);
    if (!isEnumType(kind)) return;
    expect(kind.getValues().map((v) => v.name)).toEqual(['BAR', 'COLUMN', 'PIE_CHART']);
    expect(kind.getValue('BAR')?.description).toBe('A bar chart');
    expect(kind.getValue('COLUMN')?.deprecationReason).toBe('Use BAR');
  });

  it('converts inputs, including all-non-null records used only by inputs', () => {
    const filter = schema.getType('AVPChartFilterInput');
    expect(isInputObjectType(filter)).toBe(true);
    if (!isInputObjectType(filter)) return;
    expect(String(filter.getFields().kinds.type)).toBe('[AVPChartKind!]');
    expect(String(filter.getFields().since.type)).toBe('DateTime!');
    expect(filter.getFields().kinds.description).toBe('Only these kinds');
    expect(isInputObjectType(schema.getType('AVPNestedInput'))).toBe(true);
  });

  it('converts unions, including codegen one-member aliases', () => {
    const related = schema.getType('AVPRelated');
    expect(isUnionType(related)).toBe(true);
    if (!isUnionType(related)) return;
    expect(related.getTypes().map((t) => t.name)).toEqual(['AVPChart', 'AVPPointConnection']);
    expect(related.description).toBe('Things related to a chart');
    const single = schema.getType('AVPSingle');
    expect(isUnionType(single) && single.getTypes().map((t) => t.name)).toEqual(['AVPPointConnection']);
  });

  it('keeps custom scalars and skips built-ins', () => {
    expect(schema.getType('DateTime')?.description).toBe('A scalar representing a specific point in time.');
    expect(sdl).not.toMatch(/^scalar (ID|String|Int|Float|Boolean)$/m);
  });

  it('marks inferred non-object names as uncertain', () => {
    expect(report.uncertainNames).toContainEqual(expect.objectContaining({ sourceName: 'AvpChartKind', name: 'AVPChartKind', kind: 'enum' }));
  });

  it('records what it cannot convert instead of dropping it silently', () => {
    expect(report.dropped).toEqual([
      { path: 'Query.broken', reason: 'references Missing, which the source does not declare as a schema type' },
      expect.objectContaining({ path: 'Query.weird' }),
    ]);
    expect(schema.getQueryType()!.getFields().broken).toBeUndefined();
    expect(report.skippedHelpers).toEqual(['Maybe', 'InputMaybe', 'Exact']);
  });

  it('counts what it produced', () => {
    expect(report.counts.byKind).toEqual({ scalar: 2, interface: 1, object: 3, enum: 1, input: 2, union: 2 });
    expect(report.counts.queryFields).toBe(3);
    expect(report.counts.arguments).toBe(4);
    expect(report.counts.enumValues).toBe(3);
  });

  it('is deterministic', () => {
    expect(convertForgeTypesToSdl(SNIPPET).sdl).toBe(sdl);
  });
});

describe('names from operation documents', () => {
  it('uses a document spelling over inference when it matches the codegen name', () => {
    const { sdl, report } = convertForgeTypesToSdl(SNIPPET, { documentNames: ['AvpChartFilterINPUT'] });
    expect(build(sdl).getType('AvpChartFilterINPUT')).toBeDefined();
    expect(report.renamed).toContainEqual(expect.objectContaining({ sourceName: 'AvpChartFilterInput', name: 'AvpChartFilterINPUT', evidence: 'operation document' }));
  });
});

describe('interface and input decisions', () => {
  it('takes a record without __typename as an interface when its nullable fields are Maybe', () => {
    const { sdl } = convertForgeTypesToSdl(
      codegenSource(`
export type HasName = {
  name?: Maybe<Scalars['String']>;
};

export type Thing = HasName & {
  __typename?: 'Thing';
  name?: Maybe<Scalars['String']>;
};

export type Query = {
  __typename?: 'Query';
  thing?: Maybe<HasName>;
};
`),
    );
    const schema = build(sdl);
    expect(isInterfaceType(schema.getType('HasName'))).toBe(true);
    expect(schema.getPossibleTypes(schema.getType('HasName') as never).map((t) => t.name)).toEqual(['Thing']);
  });

  it('takes an unreferenced all-non-null record as an input and says so', () => {
    const { sdl, report } = convertForgeTypesToSdl(
      codegenSource(`
export type Orphan = {
  value: Scalars['Int'];
};

export type Query = {
  __typename?: 'Query';
  ok?: Maybe<Scalars['Boolean']>;
};
`),
    );
    expect(isInputObjectType(build(sdl).getType('Orphan'))).toBe(true);
    expect(report.notes.some((n) => n.startsWith('Orphan taken as input'))).toBe(true);
  });
});

describe('bad input', () => {
  it('rejects text that is not codegen output', () => {
    expect(() => convertForgeTypesToSdl('export const x = 1;')).toThrow(SourceFormatError);
  });

  it('rejects a truncated file with the line of the syntax error', () => {
    expect(() => convertForgeTypesToSdl(codegenSource('export type Query = {\n  __typename?: \'Query\';\n'))).toThrow(/syntax error at line \d+/);
  });
});
