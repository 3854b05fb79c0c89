import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildSchema, isObjectType, parse, validate, validateSchema, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { convertForgeTypesToSdl, type ConversionReport } from '../../../scripts/agg-sdl/convert.ts';
import { typeNamesInDocuments } from '../../../scripts/agg-sdl/document-names.ts';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('@atlassian/forge-graphql-types/package.json'));
const sourcePath = join(packageDir, 'src', 'graphql-types.ts');
const operationsDir = join(packageDir, 'src', 'graphQL');
const operations = existsSync(operationsDir)
  ? readdirSync(operationsDir).filter((f) => f.endsWith('.graphql')).sort().map((f) => readFileSync(join(operationsDir, f), 'utf8'))
  : [];

describe('the real @atlassian/forge-graphql-types file', () => {
  let sdl: string;
  let report: ConversionReport;
  let schema: GraphQLSchema;

  beforeAll(() => {
    ({ sdl, report } = convertForgeTypesToSdl(readFileSync(sourcePath, 'utf8'), { documentNames: typeNamesInDocuments(operations) }));
    schema = buildSchema(sdl, { assumeValid: false, assumeValidSDL: false });
  });

  it('builds a schema that validates cleanly', () => {
    expect(validateSchema(schema)).toEqual([]);
  });

  it('has the expected size', () => {
    expect(report.counts.types).toBeGreaterThan(18_000);
    expect(report.counts.types).toBeLessThan(22_000);
    expect(report.counts.queryFields).toBeGreaterThan(800);
    expect(report.counts.mutationFields).toBeGreaterThan(500);
    expect(report.counts.byKind.interface).toBeGreaterThan(100);
    expect(report.counts.byKind.union).toBeGreaterThan(1000);
    expect(report.dropped).toEqual([]);
  });

  const fieldType = (path: string) => {
    const [typeName, fieldName] = path.split('.');
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    const field = type.getFields()[fieldName];
    if (!field) throw new Error(`${path} missing`);
    return { type: String(field.type), args: field.args.map((a) => `${a.name}: ${a.type}`) };
  };

  it('has the product entry points and paths the gateway uses', () => {
    expect(fieldType('Query.jira').type).toBe('JiraQuery');
    expect(fieldType('Query.compass').type).toBe('CompassCatalogQueryApi');
    expect(fieldType('Query.team').type).toBe('TeamQuery');
    expect(fieldType('Query.graphStore').type).toBe('GraphStore');
    expect(fieldType('JiraQuery.issueByKey')).toEqual({ type: 'JiraIssue', args: ['cloudId: ID!', 'key: String!'] });
    expect(fieldType('JiraIssue.worklogs').type).toBe('JiraWorkLogConnection');
    expect(fieldType('JiraProject.opsgenieTeamsAvailableToLinkWith').type).toBe('OpsgenieTeamConnection');
    expect(fieldType('CompassCatalogQueryApi.searchComponents').args).toEqual(['cloudId: String!', 'query: CompassSearchComponentQuery']);
    expect(fieldType('CompassComponent.scorecardScores').type).toBe('[CompassScorecardScore!]');
    expect(fieldType('TeamQuery.teamSearchV2').args).toContain('organizationId: ID!');
  });

  it('restores real names from __typename and keeps references consistent', () => {
    expect(schema.getType('AVPChart')).toBeDefined();
    expect(schema.getType('AvpChart')).toBeUndefined();
    expect(report.renamed.length).toBeGreaterThan(300);
  });

  it('accepts the operations the package ships', () => {
    expect(operations.length).toBeGreaterThan(0);
    for (const document of operations) expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });
});
