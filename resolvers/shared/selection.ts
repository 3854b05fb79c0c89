import { Kind, valueFromASTUntyped, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the caller's selection under this field reaches a field with the given name (fragments
 * included). A fragment is looked into once per depth: a chain of fragments each spreading the
 * next twice would otherwise be walked 2^length times.
 */
export function selectsField(info: GraphQLResolveInfo | undefined, fieldName: string, maxDepth = 4): boolean {
  if (!info) return true;
  const looked = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, depth: number): boolean => {
    if (!set || depth > maxDepth) return false;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === fieldName) return true;
        if (visit(selection.selectionSet, depth + 1)) return true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (visit(selection.selectionSet, depth)) return true;
      } else {
        const key = `${depth}:${selection.name.value}`;
        if (looked.has(key)) continue;
        looked.add(key);
        const fragment = info.fragments[selection.name.value];
        if (fragment && visit(fragment.selectionSet, depth)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => visit(node.selectionSet, 1));
}

/** Whether a direct child field of this field is selected (e.g. totalCount of a connection). */
export function selectsDirectField(info: GraphQLResolveInfo | undefined, fieldName: string): boolean {
  return selectsField(info, fieldName, 1);
}

/**
 * The arguments of every selection of `fieldName` under this field (aliases, fragments and
 * variables included), e.g. each `fields(ids:, names:)` a caller asks for on the issues of one
 * listing, so the listing can ask the upstream for all of them at once.
 */
export function collectArgumentValues(info: GraphQLResolveInfo | undefined, fieldName: string, maxDepth = 4): Array<Record<string, unknown>> {
  if (!info) return [];
  const found: Array<Record<string, unknown>> = [];
  const looked = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, depth: number): void => {
    if (!set || depth > maxDepth) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === fieldName) {
          found.push(Object.fromEntries((selection.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value, info.variableValues)])));
        }
        visit(selection.selectionSet, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, depth);
      } else {
        const key = `${depth}:${selection.name.value}`;
        if (looked.has(key)) continue;
        looked.add(key);
        visit(info.fragments[selection.name.value]?.selectionSet, depth);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 1);
  return found;
}
