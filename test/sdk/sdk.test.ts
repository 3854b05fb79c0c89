/**
 * The typed client: the example operations validate against the unified schema (the committed
 * snapshot, which `npm run schema:check` keeps equal to the served schema), the committed SDK is
 * what `npm run sdk` generates now, and it typechecks: correct use compiles, wrong use does not.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, type GraphQLSchema } from 'graphql';
import { generateSdk, loadSnapshotSchema } from '../../scripts/sdk/generate.ts';
import { loadOperationFiles, validateOperationFiles } from '../../scripts/sdk/operations.ts';
import { projectRoot } from '../support/gateway-process.ts';

const run = promisify(execFile);
let schema: GraphQLSchema;

beforeAll(() => {
  schema = loadSnapshotSchema(projectRoot);
});

describe('example operations', () => {
  it('validate against the unified schema', () => {
    const files = loadOperationFiles(projectRoot);
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(validateOperationFiles(schema, files)).toEqual([]);
  });

  it('a broken operation is reported with its file and line', () => {
    const files = loadOperationFiles(projectRoot);
    const broken = { ...files[0], path: 'graphql/operations/broken.graphql' };
    broken.document = parse('query Broken {\n  jiraIssues(jql: "x") { nodes { noSuchField } }\n}');
    expect(validateOperationFiles(schema, [broken])).toEqual([
      'graphql/operations/broken.graphql:2: Cannot query field "noSuchField" on type "JiraIssue".',
    ]);
  });
});

describe('generated SDK', () => {
  it('is up to date with the operations and the schema (run npm run sdk when this fails)', async () => {
    const generated = await generateSdk(projectRoot, schema);
    for (const [path, text] of Object.entries(generated)) {
      expect(readFileSync(join(projectRoot, path), 'utf8'), `${path} is stale`).toBe(text);
      expect(text.startsWith('// GENERATED FILE - do not edit.')).toBe(true);
    }
  });

  it('typechecks: correct use compiles, wrong variables and fields do not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdk-typecheck-'));
    const client = join(projectRoot, 'sdk', 'client.ts');
    writeFileSync(
      join(dir, 'good.ts'),
      `import { createGatewayClient, type JiraIssuesQuery } from ${JSON.stringify(client)};
const sdk = createGatewayClient({ url: 'http://127.0.0.1:4000/graphql', apiKey: 'k' });
export async function keys(): Promise<string[]> {
  const page: JiraIssuesQuery = await sdk.JiraIssues({ jql: 'project = DEV', first: 10 });
  return page.jiraIssues.nodes.flatMap((node) => (node ? [node.key] : []));
}
export async function teams(): Promise<number | null | undefined> {
  return (await sdk.Teams({ organizationId: 'org' })).teams.totalCount;
}
`,
    );
    writeFileSync(
      join(dir, 'bad.ts'),
      `import { createGatewayClient } from ${JSON.stringify(client)};
const sdk = createGatewayClient({ url: 'http://127.0.0.1:4000/graphql' });
export async function wrong(): Promise<void> {
  await sdk.JiraIssues({ first: 10 });
  const page = await sdk.JiraIssues({ jql: 'x' });
  page.jiraIssues.nodes[0]?.noSuchField;
  await sdk.JiraBoardSprints({ boardId: '1', state: ['RUNNING'] });
}
`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(projectRoot, 'tsconfig.json'),
        compilerOptions: { noEmit: true, typeRoots: [join(projectRoot, 'node_modules', '@types')] },
        include: [join(dir, '*.ts'), join(projectRoot, 'sdk', '**', '*.ts')],
      }),
    );
    const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: projectRoot }).then(
      () => ({ stdout: '' }),
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors.filter((line) => !line.includes('bad.ts')), result.stdout).toEqual([]);
    expect(errors.map((line) => /bad\.ts\((\d+),/.exec(line)?.[1])).toEqual(['4', '6', '7']);
    expect(result.stdout).toMatch(/Property 'jql' is missing/);
    expect(result.stdout).toMatch(/Property 'noSuchField' does not exist/);
    expect(result.stdout).toMatch(/"RUNNING"/);
  }, 60_000);
});
