/**
 * `npm run sdk`: generates the typed TypeScript client in sdk/generated/ from the example
 * operations (graphql/operations/*.graphql) and the committed unified schema snapshot
 * (graphql/schema.snapshot.graphql, kept equal to the served schema by `npm run schema:check`).
 *
 * It also writes the trusted-documents manifest of those operations (sdk/generated/trusted-documents.json,
 * for GATEWAY_TRUSTED_DOCUMENTS).
 *
 * The output is committed, so a client can use it without running codegen; a test regenerates it
 * and fails when the committed file is stale. `--check` does the same from the command line.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, buildSchema, parse, printSchema, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { filterSchema, pruneSchema } from '@graphql-tools/utils';
import { codegen } from '@graphql-codegen/core';
import * as typescriptPlugin from '@graphql-codegen/typescript';
import * as operationsPlugin from '@graphql-codegen/typescript-operations';
import * as typedDocumentNodePlugin from '@graphql-codegen/typed-document-node';
import * as genericSdkPlugin from '@graphql-codegen/typescript-generic-sdk';
import { SNAPSHOT_PATH } from '../schema/unified.ts';
import { writeFileAtomic } from '../schema/write-atomic.ts';
import { type OperationFile, loadOperationFiles, printedOperationDocuments, validateOperationFiles } from './operations.ts';

/** Types and typed documents (TypedDocumentNode: usable with urql, Apollo, graphql-request...). */
export const TYPES_PATH = 'sdk/generated/graphql.ts';
/** getSdk(requester): one typed method per operation, over the documents above. */
export const SDK_PATH = 'sdk/generated/sdk.ts';

/**
 * The trusted-documents manifest of the operations, `{ "<sha256 hex>": "<document>" }`, for
 * GATEWAY_TRUSTED_DOCUMENTS (server/plugins/use-trusted-documents.ts). JSON has no
 * comments: the generated/ directory and this generator say it must not be edited by hand.
 */
export const TRUSTED_DOCUMENTS_PATH = 'sdk/generated/trusted-documents.json';

const HEADER = `// GENERATED FILE - do not edit. Run \`npm run sdk\` to regenerate.
// Source: graphql/operations/*.graphql against graphql/schema.snapshot.graphql.
/* eslint-disable */
`;

/**
 * typescript-operations writes variables as Exact<...>, a helper the installed typescript plugin
 * (a newer major) no longer emits; defined here as that plugin used to.
 */
const EXACT = `export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
`;

const SCALARS = { DateTime: 'string', JiraProjectType: 'string' };

export function loadSnapshotSchema(root: string): GraphQLSchema {
  return buildSchema(readFileSync(join(root, SNAPSHOT_PATH), 'utf8'), { assumeValidSDL: true });
}

/** The generated files' text by path. */
export async function generateSdk(root: string, schema: GraphQLSchema = loadSnapshotSchema(root)): Promise<Record<string, string>> {
  const files = loadOperationFiles(root);
  const problems = validateOperationFiles(schema, files);
  if (problems.length > 0) throw new Error(`example operations do not validate:\n  ${problems.join('\n  ')}`);
  // Only what the operations reach: the full schema (AGG alone has ~19 000 types) would make megabytes of types.
  const used = usedRootFields(files);
  const pruned = pruneSchema(filterSchema({ schema, rootFieldFilter: (operation, field) => used.has(`${operation}.${field}`) }));
  const common = {
    schema: parse(printSchema(pruned)),
    schemaAst: pruned,
    documents: files.map((file) => ({ location: file.path, document: file.document })),
    config: {},
  };
  const types = await codegen({
    ...common,
    filename: TYPES_PATH,
    plugins: [
      { typescript: { enumsAsTypes: true, useTypeImports: true, scalars: SCALARS } },
      { typescriptOperations: { enumsAsTypes: true, useTypeImports: true, scalars: SCALARS } },
      { typedDocumentNode: { documentMode: 'documentNode', useTypeImports: true } },
    ],
    pluginMap: { typescript: typescriptPlugin, typescriptOperations: operationsPlugin, typedDocumentNode: typedDocumentNodePlugin },
  });
  const sdk = await codegen({
    ...common,
    filename: SDK_PATH,
    plugins: [
      {
        genericSdk: {
          documentMode: 'external',
          importDocumentNodeExternallyFrom: './graphql.ts',
          importOperationTypesFrom: 'Operations',
          useTypeImports: true,
        },
      },
    ],
    pluginMap: { genericSdk: genericSdkPlugin },
  });
  // Codegen drops the extension of the import; this project's ESM (NodeNext) imports need it.
  const sdkText = sdk.replace(`from './graphql';`, `from './graphql.ts';`).replace(/\n{3,}/g, '\n\n');
  return { [TYPES_PATH]: HEADER + EXACT + types, [SDK_PATH]: HEADER + sdkText };
}

/** The trusted-documents manifest by path: one entry per operation, in operation-name order. */
export function generateTrustedDocumentsManifest(root: string, files: readonly OperationFile[] = loadOperationFiles(root)): Record<string, string> {
  const documents = printedOperationDocuments(files).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const manifest = Object.fromEntries(documents.map(({ text }) => [createHash('sha256').update(text).digest('hex'), text]));
  return { [TRUSTED_DOCUMENTS_PATH]: `${JSON.stringify(manifest, null, 2)}\n` };
}

/** `Query.jiraIssues`-style names of the root fields the operations select. */
function usedRootFields(files: readonly OperationFile[]): Set<string> {
  const used = new Set<string>();
  for (const file of files) {
    for (const definition of file.document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const root = rootTypeName(definition);
      for (const selection of definition.selectionSet.selections) {
        if (selection.kind === Kind.FIELD) used.add(`${root}.${selection.name.value}`);
      }
    }
  }
  return used;
}

function rootTypeName(operation: OperationDefinitionNode): string {
  return operation.operation === 'query' ? 'Query' : operation.operation === 'mutation' ? 'Mutation' : 'Subscription';
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  try {
    const started = performance.now();
    const generated = { ...(await generateSdk(root)), ...generateTrustedDocumentsManifest(root) };
    if (process.argv.includes('--check')) {
      const stale = Object.entries(generated).filter(([path, text]) => !existsSync(join(root, path)) || readFileSync(join(root, path), 'utf8') !== text);
      if (stale.length > 0) {
        console.error(`sdk: ${stale.map(([path]) => path).join(', ')} stale; run npm run sdk and commit the result`);
        process.exit(1);
      }
      console.log('sdk: generated files are up to date');
    } else {
      for (const [path, text] of Object.entries(generated)) writeFileAtomic(join(root, path), text);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`sdk: wrote ${Object.keys(generated).join(', ')} in ${seconds} s`);
    }
  } catch (error) {
    console.error(`sdk: ${(error as Error).message}`);
    process.exit(1);
  }
}
