/** The rebuilt AGG SDL, read and built once per process and path (it is ~12 MB / 19k types). */
import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLSchema } from 'graphql';

const schemas = new Map<string, { schema: GraphQLSchema; buildMs: number }>();

export function loadAggSchema(sdlPath: string): { schema: GraphQLSchema; buildMs: number } {
  let entry = schemas.get(sdlPath);
  if (!entry) {
    const started = performance.now();
    let sdl: string;
    try {
      sdl = readFileSync(sdlPath, 'utf8');
    } catch (error) {
      throw new Error(`AGG sandbox: cannot read the AGG SDL at ${sdlPath} (build it with the AGG SDL converter): ${(error as Error).message}`);
    }
    // The converter validates the SDL when it writes it; skipping re-validation saves startup time.
    const schema = buildSchema(sdl, { assumeValidSDL: true });
    entry = { schema, buildMs: Math.round(performance.now() - started) };
    schemas.set(sdlPath, entry);
  }
  return entry;
}
