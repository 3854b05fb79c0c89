/** Adversarial and reference documents shared by the query-limit tests. */
import { type DocumentNode, visit } from 'graphql';

export const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);

/** Every AST node of the document: the yardstick for "linear". */
export function astNodes(document: DocumentNode): number {
  let count = 0;
  visit(document, {
    enter() {
      count += 1;
    },
  });
  return count;
}

/**
 * F0 spreads F1 twice, F1 spreads F2 twice, ...: 2^levels copies of the leaf when expanded, in
 * ~40 bytes per level. A walk that re-walks a fragment at every spread takes 2^levels steps.
 */
export function doublingChain(levels: number, leaf = 'hello'): string {
  return `query { ...F0 } ${range(levels)
    .map((i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)
    .join(' ')} fragment F${levels} on Query { ${leaf} }`;
}
