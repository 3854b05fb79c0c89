/**
 * The graphql-codegen example for consumers (examples/codegen/): with its settings the `typescript`
 * plugin's output over the whole schema passes `tsc --strict`; with the plugin's defaults it does
 * not. The real tools from devDependencies, the committed snapshot as the schema, output in a temp
 * directory. About a minute: two generations in one run (~20 s) and two tsc runs (~10 s each).
 */
import { execFile, type ExecFileException } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '@graphql-codegen/cli';
import { GATEWAY_SCALARS, gatewayCodegenConfig, gatewaySchema } from '../../examples/codegen/codegen.ts';
import { projectRoot } from '../support/gateway-process.ts';

const run = promisify(execFile);
const SNAPSHOT = join(projectRoot, 'graphql', 'schema.snapshot.graphql');
const TSC = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');

let dir: string;
let exampleFile: string;
let defaultsFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codegen-example-'));
  exampleFile = join(dir, 'example', 'types.ts');
  defaultsFile = join(dir, 'defaults', 'types.ts');
  const example = gatewayCodegenConfig(SNAPSHOT, exampleFile);
  // One run, so the 14 MB schema is loaded once for both outputs.
  await generate(
    { ...example, generates: { ...example.generates, [defaultsFile]: { plugins: ['typescript'] } }, cwd: projectRoot, silent: true },
    true,
  );
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `tsc --noEmit --strict --skipLibCheck false` on the one generated file beside a minimal tsconfig. */
async function typecheck(file: string): Promise<{ code: number; errors: string[] }> {
  const project = dirname(file);
  // DOM for Blob (the upload scalars); @types/node declares it too.
  const compilerOptions = { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [] };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['types.ts'] }));
  const args = [TSC, '-p', project, '--noEmit', '--strict', '--skipLibCheck', 'false'];
  const { code, stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }).then(
    (done) => ({ code: 0, stdout: done.stdout }),
    (error: ExecFileException & { stdout: string }) => ({ code: typeof error.code === 'number' ? error.code : -1, stdout: error.stdout }),
  );
  return { code, errors: stdout.split('\n').filter((line) => /error TS\d+/.test(line)) };
}

describe('graphql-codegen example (examples/codegen/codegen.ts)', () => {
  it('its typescript plugin output over the whole schema passes tsc --strict', async () => {
    const { code, errors } = await typecheck(exampleFile);
    expect(errors).toEqual([]);
    expect(code).toBe(0);

    const types = readFileSync(exampleFile, 'utf8');
    expect(types).toContain("export type Jira_QueryInput_SearchProjects_OrderBy =\n  | '_PLUS_archivedDate'");
    expect(types).toContain('DateTime: { input: string; output: string; }');
    expect(types).toContain('jira_BigInt: { input: number | string; output: number | string; }');
    expect(types).toContain('jira_mutationInput_createPriority_input_name: { input: string; output: string; }');
    expect(types).not.toMatch(/: \{ input: any; output: any; \}/);
  }, 120_000);

  it('with the plugin defaults tsc fails, on duplicate enum members only', async () => {
    const { code, errors } = await typecheck(defaultsFile);
    expect(code).not.toBe(0);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((line) => !line.includes('error TS2300: Duplicate identifier'))).toEqual([]);
    // GraphQL `_owner` (REST `-owner`) and `owner` both become the member `Owner`.
    expect(errors.some((line) => line.includes("Duplicate identifier 'Owner'"))).toBe(true);
  }, 120_000);

  it('maps every named custom scalar; the rest are OpenAPI string constraints (defaultScalarType string)', () => {
    const declared = [...readFileSync(SNAPSHOT, 'utf8').matchAll(/^scalar (\w+)/gm)].map((match) => match[1]);
    const mapped = new Set(Object.keys(GATEWAY_SCALARS));
    // Mesh names a length- or pattern-constrained string after its path in the operation.
    const unmapped = declared.filter((name) => !mapped.has(name));
    expect(unmapped.filter((name) => !/^(jira|jiraSoftware)_(query|mutation|queryInput|mutationInput)_/.test(name))).toEqual([]);
    expect([...mapped].filter((name) => !declared.includes(name))).toEqual([]);
  });

  it('reads /schema.graphql as SDL with X-API-Key, and names a refused key', async () => {
    const seen: { method?: string; url?: string; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, headers: req.headers });
      if (req.headers['x-api-key'] !== 'key-1') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Authentication required"}]}');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('enum Order { _name name }\ntype Query { order: Order }\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const output = join(dir, 'http', 'types.ts');

      const files: { content: string }[] = await generate(
        { ...gatewayCodegenConfig(gatewaySchema({ GATEWAY_URL: origin, GATEWAY_API_KEY: 'key-1' }), output), cwd: projectRoot, silent: true },
        false,
      );
      expect(files.map((file) => file.content).join('')).toContain("export type Order =\n  | '_name'\n  | 'name';");
      expect(seen.map(({ method, url, headers }) => [method, url, headers['x-api-key']])).toEqual([['GET', '/schema.graphql', 'key-1']]);

      await expect(
        generate({ ...gatewayCodegenConfig(gatewaySchema({ GATEWAY_URL: origin }), output), cwd: projectRoot, silent: true }, false),
      ).rejects.toThrow(/answered HTTP 401 \(set GATEWAY_API_KEY/);
    } finally {
      server.close();
    }
  }, 30_000);
});
