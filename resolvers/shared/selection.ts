import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

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
