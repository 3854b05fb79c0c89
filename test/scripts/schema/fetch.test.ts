/** schema:fetch on bad input: a clear error naming the file and the fix, and the good copy left alone. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchSchemas } from '../../../scripts/schema/fetch.ts';
import { VENDOR_FILES } from '../../../scripts/schema/vendor-files.ts';

const projectRoot = resolve(import.meta.dirname, '..', '..', '..');

function sandboxProject(): { root: string; shared: string } {
  const base = mkdtempSync(join(tmpdir(), 'schema-fetch-'));
  const root = join(base, 'main');
  const shared = join(base, 'shared', 'data');
  mkdirSync(root, { recursive: true });
  mkdirSync(shared, { recursive: true });
  for (const file of VENDOR_FILES) cpSync(join(projectRoot, file.target), join(shared, file.shared));
  // The AGG SDL is rebuilt by its own tested converter; reuse the current one here.
  mkdirSync(join(root, 'graphql'), { recursive: true });
  cpSync(join(projectRoot, 'graphql', 'agg.graphql'), join(root, 'graphql', 'agg.graphql'));
  return { root, shared };
}

const run = (root: string, shared: string, force = false) =>
  fetchSchemas({ force, live: false, root, sharedDataDir: shared, log: () => {} });

describe('schema:fetch', () => {
  it('copies every vendor document into its git-ignored place', async () => {
    const { root, shared } = sandboxProject();
    await run(root, shared);
    for (const file of VENDOR_FILES) {
      expect(readFileSync(join(root, file.target), 'utf8')).toBe(readFileSync(join(shared, file.shared), 'utf8'));
    }
  });

  it('refuses a malformed spec with the file and the fix, and keeps the good copy', async () => {
    const { root, shared } = sandboxProject();
    await run(root, shared);
    const good = readFileSync(join(root, 'openapi/jira-platform.openapi.json'), 'utf8');
    writeFileSync(join(shared, 'jira-platform-rest-v3.openapi.json'), '{"openapi": "3.0.1", "paths": {');
    await expect(run(root, shared, true)).rejects.toThrow(/openapi\/jira-platform\.openapi\.json: not valid JSON .*schema:fetch -- --force/);
    expect(readFileSync(join(root, 'openapi/jira-platform.openapi.json'), 'utf8')).toBe(good);
  });

  it('refuses an SDL that does not build, and a document that is not OpenAPI', async () => {
    const { root, shared } = sandboxProject();
    writeFileSync(join(shared, 'todo.sr.ht.schema.graphqls'), 'type Query { broken: Nope }');
    await expect(run(root, shared)).rejects.toThrow(/graphql\/todo-srht\.graphql: not a valid GraphQL SDL/);
    const second = sandboxProject();
    writeFileSync(join(second.shared, 'jira-software-agile.openapi.json'), '{"swagger": "2.0"}');
    await expect(run(second.root, second.shared)).rejects.toThrow(/not an OpenAPI 3 document/);
  });

  it('names the missing folder when a document has no download', async () => {
    const { root, shared } = sandboxProject();
    const contract = VENDOR_FILES.find((file) => !file.url)!;
    rmSync(join(shared, contract.shared));
    await expect(run(root, shared)).rejects.toThrow(/has no public download; put \.\.\/shared\/data\/ beside the project/);
  });
});
