/** Builds the printed SDL with graphql-js, strictly (no assumeValid), and returns the schema or the problems. */
import { buildSchema, validateSchema, type GraphQLSchema } from 'graphql';

export type ValidationResult = { ok: true; schema: GraphQLSchema } | { ok: false; errors: string[] };

export function validateSdl(sdl: string): ValidationResult {
  let schema: GraphQLSchema;
  try {
    schema = buildSchema(sdl, { assumeValid: false, assumeValidSDL: false });
  } catch (error) {
    return { ok: false, errors: [(error as Error).message] };
  }
  const errors = validateSchema(schema).map((error) => error.message);
  return errors.length === 0 ? { ok: true, schema } : { ok: false, errors };
}
