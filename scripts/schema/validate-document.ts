import { buildSchema } from 'graphql';
import { parse as parseYaml } from 'yaml';
import type { VendorFile } from './vendor-files.ts';

/** Refuse a vendor document that is not what it claims to be, before it replaces a good one. */
export function validateVendorDocument(file: VendorFile, text: string): void {
  const fail = (why: string): never => {
    throw new Error(`${file.target}: ${why}; fix or delete the source and run npm run schema:fetch -- --force`);
  };
  switch (file.kind) {
    case 'openapi-json': {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (error) {
        return fail(`not valid JSON (${(error as Error).message})`);
      }
      checkOpenApi(doc, fail);
      return;
    }
    case 'openapi-yaml': {
      let doc: unknown;
      try {
        doc = parseYaml(text);
      } catch (error) {
        return fail(`not valid YAML (${(error as Error).message})`);
      }
      checkOpenApi(doc, fail);
      return;
    }
    case 'sdl':
      try {
        // The sourcehut SDL declares its own directives; it must build as is.
        buildSchema(text);
      } catch (error) {
        fail(`not a valid GraphQL SDL (${(error as Error).message})`);
      }
  }
}

function checkOpenApi(doc: unknown, fail: (why: string) => never): void {
  if (typeof doc !== 'object' || doc === null) fail('not an OpenAPI document (not an object)');
  const record = doc as Record<string, unknown>;
  if (typeof record.openapi !== 'string') fail('not an OpenAPI 3 document (no "openapi" version field)');
  if (typeof record.paths !== 'object' && typeof record.components !== 'object') fail('OpenAPI document has neither paths nor components');
}
