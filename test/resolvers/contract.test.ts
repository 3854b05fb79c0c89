/**
 * The merged canonical SDL (every resolvers/schema/*.graphql) against the three canonical YAML
 * contracts. Types another helper has not written yet fail here on purpose.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const schemaDir = join(root, 'resolvers', 'schema');
const contracts = ['jira', 'compass', 'teams'].map((name) => join(root, 'openapi', `${name}-developer-health.canonical.yaml`));

interface YamlProperty {
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: string[];
  $ref?: string;
  items?: YamlProperty;
}
interface YamlSchema {
  required?: string[];
  properties: Record<string, YamlProperty>;
}

function mergedSchema(): GraphQLSchema {
  const files = readdirSync(schemaDir).filter((file) => file.endsWith('.graphql')).sort();
  const sdl = files.map((file) => readFileSync(join(schemaDir, file), 'utf8')).join('\n');
  // Mesh supplies the Query root; the canonical files only extend it.
  return buildSchema(`type Query { _canonicalContract: Boolean }\n${sdl}`);
}

const SCALARS: Record<string, string> = { string: 'String', integer: 'Int', number: 'Float', boolean: 'Boolean' };

/** Problems of one GraphQL field against its YAML property (empty = conforms). */
function compare(schemaName: string, name: string, property: YamlProperty, required: boolean, type: GraphQLOutputType): string[] {
  const where = `${schemaName}.${name}`;
  const problems: string[] = [];
  if (property.type === 'array') {
    const inner = getNullableType(type);
    if (!isNonNullType(type) || !isListType(inner) || !isNonNullType(inner.ofType)) problems.push(`${where} should be [T!]! (is ${String(type)})`);
    else problems.push(...compareNamed(where, property.items ?? {}, getNamedType(type).name));
    return problems;
  }
  if (required && !isNonNullType(type)) problems.push(`${where} is required, so it should be non-null (is ${String(type)})`);
  if (property.nullable && isNonNullType(type)) problems.push(`${where} is nullable, so it should be nullable (is ${String(type)})`);
  if (isListType(getNullableType(type))) problems.push(`${where} should not be a list (is ${String(type)})`);
  problems.push(...compareNamed(where, property, getNamedType(type).name));
  return problems;
}

function compareNamed(where: string, property: YamlProperty, actual: string): string[] {
  let expected: string | undefined;
  if (property.$ref) expected = property.$ref.split('/').pop();
  else if (property.format === 'date-time') expected = 'DateTime';
  else if (property.enum) return [];
  else if (property.type) expected = SCALARS[property.type];
  return expected && expected !== actual ? [`${where} should be ${expected} (is ${actual})`] : [];
}

const schema = mergedSchema();

/**
 * Fields that deviate from the contract on purpose, each said in its SDL description: the type or
 * enum the SDL has instead of the contract's.
 */
const DEVIATIONS: Record<string, { type?: string; enum?: string[] }> = {
  // Jira sends a calendar date; as a date-time at UTC midnight it would read as the day before west of UTC.
  'JiraVersion.releaseDate': { type: 'Date' },
  // Team-managed boards are `simple`; the contract's enum predates them.
  'JiraBoard.type': { enum: ['kanban', 'scrum', 'simple'] },
};

for (const file of contracts) {
  const document = parse(readFileSync(file, 'utf8')) as { components: { schemas: Record<string, YamlSchema> } };
  describe(`canonical contract ${file.split('/').pop()}`, () => {
    for (const [schemaName, yamlSchema] of Object.entries(document.components.schemas)) {
      it(`${schemaName} matches`, () => {
        const type = schema.getType(schemaName);
        expect(type, `GraphQL type ${schemaName} is missing`).toBeDefined();
        if (!isObjectType(type) && !isInterfaceType(type)) throw new Error(`${schemaName} should be an object type`);
        const fields = type.getFields();
        const problems: string[] = [];
        for (const [name, contractProperty] of Object.entries(yamlSchema.properties)) {
          const field = fields[name];
          if (!field) {
            problems.push(`${schemaName}.${name} is missing`);
            continue;
          }
          const deviation = DEVIATIONS[`${schemaName}.${name}`];
          // A deviating type: the SDL must have exactly the deviation's type, nullability as the contract says.
          const property: YamlProperty = deviation?.type ? { ...contractProperty, format: undefined, $ref: `#/${deviation.type}` } : contractProperty;
          problems.push(...compare(schemaName, name, property, (yamlSchema.required ?? []).includes(name), field.type));
          const enumValues = deviation?.enum ?? property.enum;
          if (enumValues) {
            const named = getNamedType(field.type);
            if (!isEnumType(named)) problems.push(`${schemaName}.${name} should be an enum of ${enumValues.join(', ')}`);
            else expect(named.getValues().map((value) => value.name).sort(), `${schemaName}.${name} enum values`).toEqual([...enumValues].sort());
          }
        }
        expect(problems).toEqual([]);
      });
    }
  });
}

describe('deliberate contract deviations', () => {
  it('are stated in the SDL descriptions and are exactly these', () => {
    const releaseDate = (schema.getType('JiraVersion') as GraphQLObjectType).getFields().releaseDate;
    expect(String(releaseDate.type)).toBe('Date');
    expect(releaseDate.description).toMatch(/deviation from the canonical contract, which types it date-time/);
    const boardType = schema.getType('JiraBoardType');
    expect(boardType?.description).toMatch(/`simple` is a team-managed board.*beyond the canonical contract's enum/s);
    expect(Object.keys(DEVIATIONS).sort()).toEqual(['JiraBoard.type', 'JiraVersion.releaseDate']);
  });
});

describe('merged canonical SDL', () => {
  it('declares DateTime and PageInfo once and every connection has the Relay shape', () => {
    expect(schema.getType('DateTime')).toBeDefined();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || !type.name.endsWith('Connection')) continue;
      const fields = type.getFields();
      expect(String(fields.pageInfo?.type), type.name).toBe('PageInfo!');
      expect(isNonNullType(fields.edges?.type) && isListType(getNullableType(fields.edges.type)), `${type.name}.edges`).toBe(true);
      expect(isNonNullType(fields.nodes?.type) && isListType(getNullableType(fields.nodes.type)), `${type.name}.nodes`).toBe(true);
    }
  });
});
