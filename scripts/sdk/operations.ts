/**
 * The example operations in graphql/operations/*.graphql: loading them, and checking them against
 * a schema (the gateway's unified schema, or the committed snapshot of it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, validate, visit, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';

export const OPERATIONS_DIR = 'graphql/operations';

export interface OperationFile {
  /** Path relative to the project root. */
  path: string;
  text: string;
  document: DocumentNode;
}

export function loadOperationFiles(root: string): OperationFile[] {
  const dir = join(root, OPERATIONS_DIR);
  const names = readdirSync(dir).filter((name) => name.endsWith('.graphql')).sort();
  if (names.length === 0) throw new Error(`${OPERATIONS_DIR} has no .graphql files`);
  return names.map((name) => {
    const path = `${OPERATIONS_DIR}/${name}`;
    const text = readFileSync(join(dir, name), 'utf8');
    try {
      return { path, text, document: parse(text) };
    } catch (error) {
      throw new Error(`${path}: ${(error as Error).message}`);
    }
  });
}

/** One line per problem: unnamed or duplicate operations, and schema validation errors with their file. */
export function validateOperationFiles(schema: GraphQLSchema, files: readonly OperationFile[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const definition of file.document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
      const name = definition.name?.value;
      if (name === undefined) {
        problems.push(`${file.path}: every operation needs a name (the SDK method is named after it)`);
        continue;
      }
      const previous = seen.get(name);
      if (previous !== undefined) problems.push(`${file.path}: ${name} is also defined in ${previous}`);
      seen.set(name, file.path);
    }
    for (const error of validate(schema, file.document)) {
      const where = error.locations?.[0] ? `:${error.locations[0].line}` : '';
      problems.push(`${file.path}${where}: ${error.message}`);
    }
  }
  return problems;
}

/**
 * Each operation as a document of its own (the operation, then the fragments it uses), printed:
 * the text the generated SDK and other codegen'd clients send, so the text whose sha256 names it
 * in the trusted-documents manifest.
 */
export function printedOperationDocuments(files: readonly OperationFile[]): Array<{ name: string; text: string }> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const file of files) {
    for (const definition of file.document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
  }
  const documents: Array<{ name: string; text: string }> = [];
  for (const file of files) {
    for (const definition of file.document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION || definition.name === undefined) continue;
      const used: FragmentDefinitionNode[] = [];
      const collect = (node: Parameters<typeof visit>[0]) =>
        visit(node, {
          FragmentSpread(spread) {
            const fragment = fragments.get(spread.name.value);
            if (fragment === undefined || used.includes(fragment)) return;
            used.push(fragment);
            collect(fragment);
          },
        });
      collect(definition);
      documents.push({ name: definition.name.value, text: print({ kind: Kind.DOCUMENT, definitions: [definition, ...used] }) });
    }
  }
  return documents;
}
