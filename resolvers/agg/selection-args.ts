/**
 * The values one argument takes wherever the caller selects a field under this one (fragments
 * included), so a parent resolver can fetch in one upstream request what each child occurrence
 * will ask for (e.g. the directions of every `relationships(direction:)` selection).
 */
import { Kind, valueFromASTUntyped, type ArgumentNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * One entry per occurrence of `fieldName` in the selection (up to maxDepth levels down): the
 * argument's value with variables applied, or undefined where the occurrence leaves it out.
 * Null when there is no info (direct calls): the caller then fetches everything.
 */
export function selectedArgumentValues(info: GraphQLResolveInfo | undefined, fieldName: string, argumentName: string, maxDepth = 4): unknown[] | null {
  if (!info) return null;
  const values: unknown[] = [];
  const looked = new Set<string>();
  const valueOf = (argument: ArgumentNode | undefined): unknown => (argument ? valueFromASTUntyped(argument.value, info.variableValues) : undefined);
  const visit = (set: SelectionSetNode | undefined, depth: number): void => {
    if (!set || depth > maxDepth) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === fieldName) values.push(valueOf(selection.arguments?.find((argument) => argument.name.value === argumentName)));
        visit(selection.selectionSet, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, depth);
      } else {
        // A fragment is looked into once per depth (see selectsField).
        const key = `${depth}:${selection.name.value}`;
        if (looked.has(key)) continue;
        looked.add(key);
        visit(info.fragments[selection.name.value]?.selectionSet, depth);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 1);
  return values;
}
