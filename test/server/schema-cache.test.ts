import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PredefinedProxyOptions } from '@graphql-mesh/store';
import { buildSchema, printSchema } from 'graphql';
import { openSchemaCache, schemaCacheKey } from '../../server/schema-cache.ts';

function project(sdl: string): { root: string; config: { sources: unknown[] } } {
  const root = mkdtempSync(join(tmpdir(), 'schema-cache-'));
  mkdirSync(join(root, 'graphql'));
  writeFileSync(join(root, 'graphql', 'a.graphql'), sdl);
  writeFileSync(join(root, '.meshrc.yaml'), 'sources: []\n');
  return { root, config: { sources: [{ name: 'A', handler: { graphql: { source: './graphql/a.graphql' } } }] } };
}

describe('schema cache', () => {
  it('changes its key when a source document changes', () => {
    const { root, config } = project('type Query { a: Int }');
    const before = schemaCacheKey(root, config as never);
    expect(schemaCacheKey(root, config as never)).toBe(before);
    writeFileSync(join(root, 'graphql', 'a.graphql'), 'type Query { a: Int b: Int }');
    expect(schemaCacheKey(root, config as never)).not.toBe(before);
  });

  it('stores and reloads a schema, and treats a corrupt entry as missing', async () => {
    const { root, config } = project('type Query { a: Int }');
    const store = openSchemaCache(root, config as never, true);
    const proxy = store.child('sources').child('A').proxy('introspectionSchema', PredefinedProxyOptions.GraphQLSchemaWithDiffing);
    let built = 0;
    const build = async () => {
      built++;
      return buildSchema('type Query { a: Int }');
    };
    expect(printSchema(await proxy.getWithSet(build))).toContain('a: Int');
    const again = openSchemaCache(root, config as never, true).child('sources').child('A').proxy('introspectionSchema', PredefinedProxyOptions.GraphQLSchemaWithDiffing);
    expect(printSchema(await again.getWithSet(build))).toContain('a: Int');
    expect(built).toBe(1);

    const file = join(root, '.cache', 'mesh-schemas', schemaCacheKey(root, config as never), 'sources', 'A', 'introspectionSchema.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).kind).toBe('Document');
    writeFileSync(file, '{"kind":"Docu'); // a crash mid-write by some other tool
    const afterCorruption = openSchemaCache(root, config as never, true).child('sources').child('A').proxy('introspectionSchema', PredefinedProxyOptions.GraphQLSchemaWithDiffing);
    expect(printSchema(await afterCorruption.getWithSet(build))).toContain('a: Int');
    expect(built).toBe(2);
  });

  it('keeps nothing on disk when the disk cache is off (MESH_SCHEMA_CACHE=off), yet returns the same round-tripped schema', async () => {
    const { root, config } = project('type Query { a: Int }');
    const proxy = openSchemaCache(root, config as never, false).child('sources').child('A').proxy('s', PredefinedProxyOptions.GraphQLSchemaWithDiffing);
    const fresh = buildSchema('input I @oneOf { a: Int b: Int } type Query { a(i: I): Int }');
    const schema = await proxy.getWithSet(async () => fresh);
    expect(schema).not.toBe(fresh);
    expect(printSchema(schema)).toBe(printSchema(fresh));
    expect(existsSync(join(root, '.cache'))).toBe(false);
  });
});
