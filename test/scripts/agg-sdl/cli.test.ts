import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codegenSource } from './fixture.ts';

const tsx = resolve('node_modules/.bin/tsx');
const cli = resolve('scripts/agg-sdl/cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'agg-sdl-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(tsx, [cli, ...args], { encoding: 'utf8' });

describe('agg-sdl cli', () => {
  it('writes the SDL and the report and prints a summary', () => {
    const source = join(dir, 'graphql-types.ts');
    writeFileSync(source, codegenSource(`export type Query = {\n  __typename?: 'Query';\n  ok?: Maybe<Scalars['Boolean']>;\n};\n`));
    const result = run('--source', source, '--out', join(dir, 'out', 'agg.graphql'), '--report', join(dir, 'out', 'agg.report.json'));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/wrote .*agg\.graphql \(3 types/);
    expect(readFileSync(join(dir, 'out', 'agg.graphql'), 'utf8')).toContain('type Query {\n  ok: Boolean\n}');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'agg.report.json'), 'utf8')).counts.queryFields).toBe(1);
  });

  it('fails with one line naming the missing source and the fix', () => {
    const result = run('--source', join(dir, 'missing.ts'), '--out', join(dir, 'never.graphql'));
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/missing\.ts not found; install @atlassian\/forge-graphql-types .* or pass --source/);
    expect(existsSync(join(dir, 'never.graphql'))).toBe(false);
  });

  it('fails on a malformed source without leaving output behind', () => {
    const source = join(dir, 'broken.ts');
    writeFileSync(source, codegenSource('export type Query = {\n  __typename?: \'Query\';\n'));
    const result = run('--source', source, '--out', join(dir, 'broken.graphql'), '--report', join(dir, 'broken.json'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/syntax error at line/);
    expect(existsSync(join(dir, 'broken.graphql'))).toBe(false);
  });
});
