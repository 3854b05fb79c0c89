/**
 * The `npm run serve` launcher runs dist/ only when it was built from the files now on disk: a
 * deploy that edited a source (or the lockfile) without `npm run build` must not serve old code.
 * Runs the real launcher, copied into a scratch project with a stand-in bundle.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/gateway-process.ts';

let root: string;

function writeProject(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function launch(): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'serve-built.mjs')], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'serve-built-'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(projectRoot, 'scripts', 'serve-built.mjs'), join(root, 'scripts', 'serve-built.mjs'));
  writeProject({
    'server/app.ts': 'export const app = 1;\n',
    'package-lock.json': '{}\n',
    'dist/serve.mjs': "console.log('BUNDLE RAN');\n",
    'dist/build-info.json': JSON.stringify({ builtAt: 'x', inputs: { 'server/app.ts': hash('export const app = 1;\n'), 'package-lock.json': hash('{}\n') } }),
  });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('npm run serve launcher', () => {
  it('runs the bundle built from the files on disk', () => {
    const result = launch();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('BUNDLE RAN');
  });

  it.each([
    ['a source edited after the build', () => writeProject({ 'server/app.ts': 'export const app = 2;\n' }), /server\/app\.ts/],
    ['the lockfile changed (other package versions than the bundle carries)', () => writeProject({ 'package-lock.json': '{"v":2}\n' }), /package-lock\.json/],
    ['a bundled source deleted', () => rmSync(join(root, 'server', 'app.ts')), /server\/app\.ts/],
    ['no build at all', () => rmSync(join(root, 'dist'), { recursive: true }), /no build yet/],
    ['build-info that is not JSON', () => writeProject({ 'dist/build-info.json': '{' }), /unreadable/],
    ['build-info listing nothing (would vouch for any source)', () => writeProject({ 'dist/build-info.json': '{"inputs":{}}' }), /no inputs/],
  ])('refuses with what to run when %s', (_case, change, reason) => {
    change();
    const result = launch();
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('BUNDLE RAN');
    expect(result.stderr).toMatch(/cannot start: the built gateway is missing or older than the sources .*run npm run build/);
    expect(result.stderr).toMatch(reason);
  });
});
