/**
 * A small validator for responses against an OpenAPI 3 document's schemas: $ref, allOf,
 * type, required, properties, additionalProperties, items, enum, nullable. Jira sends null
 * for absent optional values even where the spec omits `nullable`, so null is accepted for
 * optional properties and map entries (never for required properties or array items).
 */
import { readFileSync } from 'node:fs';

export type OpenApiSchema = {
  $ref?: string;
  allOf?: OpenApiSchema[];
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
  enum?: unknown[];
  nullable?: boolean;
  format?: string;
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: OpenApiSchema }> }> }>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

export function loadOpenApi(path: string): OpenApiDocument {
  return JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument;
}

/** The 200 JSON response schema of an operation, e.g. ('get', '/rest/api/3/project/search'). */
export function responseSchema(doc: OpenApiDocument, method: string, path: string): OpenApiSchema {
  const schema = doc.paths[path]?.[method]?.responses?.['200']?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`No 200 application/json schema for ${method.toUpperCase()} ${path}`);
  return schema;
}

function resolve(doc: OpenApiDocument, schema: OpenApiSchema): OpenApiSchema {
  let current = schema;
  const seen = new Set<string>();
  while (current.$ref) {
    if (seen.has(current.$ref)) throw new Error(`Cyclic $ref ${current.$ref}`);
    seen.add(current.$ref);
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`Unresolved $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function validateAgainst(doc: OpenApiDocument, rawSchema: OpenApiSchema, value: unknown, path = '$'): string[] {
  const schema = resolve(doc, rawSchema);
  const errors: string[] = [];
  if (schema.allOf) for (const part of schema.allOf) errors.push(...validateAgainst(doc, part, value, path));
  if (value === null) {
    if (!schema.nullable) errors.push(`${path}: null is not allowed`);
    return errors;
  }
  if (schema.type) {
    const actual = typeOf(value);
    const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer');
    if (!ok) {
      errors.push(`${path}: expected ${schema.type}, got ${actual}`);
      return errors;
    }
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))) {
    errors.push(`${path}: '${value}' is not a date-time`);
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => errors.push(...validateAgainst(doc, schema.items as OpenApiSchema, item, `${path}[${i}]`)));
  }
  if (typeOf(value) === 'object' && (schema.properties || schema.required || schema.additionalProperties !== undefined)) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in record)) errors.push(`${path}: missing required property '${name}'`);
    for (const [name, child] of Object.entries(record)) {
      const propertySchema = schema.properties?.[name];
      const propertyPath = `${path}.${name}`;
      if (propertySchema) {
        const required = schema.required?.includes(name) ?? false;
        if (child === null && !required) continue;
        errors.push(...validateAgainst(doc, propertySchema, child, propertyPath));
      } else if (schema.additionalProperties === false) {
        errors.push(`${propertyPath}: property not defined by the schema`);
      } else if (typeof schema.additionalProperties === 'object' && child !== null) {
        // Map entries are optional by nature, so null values count as absent.
        errors.push(...validateAgainst(doc, schema.additionalProperties, child, propertyPath));
      }
    }
  }
  return errors;
}
