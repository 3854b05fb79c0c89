/**
 * Translates between a namespaced schema and the upstream's own names, for GraphQL sources whose
 * schema was renamed in place (bare mode): requests lose the prefix on the way out, results get it
 * back on `__typename` on the way in.
 *
 * This is what graphql-tools' RenameTypes/RenameRootFields do in wrap mode, without wrapping the
 * whole schema: for AGG's ~19k types, wrap mode cost ~1.5 s of start-up and its GC.
 */
import { Kind, visit, type DocumentNode, type FieldNode, type OperationDefinitionNode } from 'graphql';

const ROOT_TYPE_NAMES = new Set(['Query', 'Mutation', 'Subscription']);

function strip(prefix: string, name: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** Upstream names for every type reference, and for the root fields of each operation (aliased so response keys stay). */
export function toUpstreamDocument(document: DocumentNode, prefix: string): DocumentNode {
  const rootFieldNodes = new Set<FieldNode>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    collectRootFields(definition, document, rootFieldNodes, new Set());
  }
  return visit(document, {
    NamedType(node) {
      return node.name.value.startsWith(prefix) ? { ...node, name: { ...node.name, value: strip(prefix, node.name.value) } } : undefined;
    },
    Field(node) {
      if (!rootFieldNodes.has(node) || !node.name.value.startsWith(prefix)) return undefined;
      return {
        ...node,
        alias: node.alias ?? { kind: Kind.NAME, value: node.name.value },
        name: { ...node.name, value: strip(prefix, node.name.value) },
      };
    },
  });
}

function collectRootFields(
  operation: OperationDefinitionNode | { selectionSet: OperationDefinitionNode['selectionSet'] },
  document: DocumentNode,
  into: Set<FieldNode>,
  seenFragments: Set<string>,
): void {
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind === Kind.FIELD) into.add(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collectRootFields(selection, document, into, seenFragments);
    else if (!seenFragments.has(selection.name.value)) {
      seenFragments.add(selection.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment && fragment.kind === Kind.FRAGMENT_DEFINITION) collectRootFields(fragment, document, into, seenFragments);
    }
  }
}

/** Prefixes every `__typename` in a result (except root types), in place. */
export function toNamespacedResult<T>(data: T, prefix: string): T {
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const field = record[key];
      if (key === '__typename') {
        if (typeof field === 'string' && !ROOT_TYPE_NAMES.has(field) && !field.startsWith(prefix)) record[key] = prefix + field;
      } else if (field !== null && typeof field === 'object') {
        stack.push(field);
      }
    }
  }
  return data;
}
