/**
 * Real type names spelled in GraphQL operation documents (the package ships its own operations
 * in src/graphQL/*.graphql): variable types and fragment type conditions name inputs, enums,
 * interfaces and unions exactly as AGG spells them, which codegen's TypeScript names cannot.
 */
import { Kind, parse, visit } from 'graphql';

export function typeNamesInDocuments(documents: readonly string[]): string[] {
  const names = new Set<string>();
  for (const document of documents) {
    visit(parse(document), {
      VariableDefinition(node) {
        let type = node.type;
        while (type.kind !== Kind.NAMED_TYPE) type = type.type;
        names.add(type.name.value);
      },
      InlineFragment(node) {
        if (node.typeCondition) names.add(node.typeCondition.name.value);
      },
      FragmentDefinition(node) {
        names.add(node.typeCondition.name.value);
      },
    });
  }
  return [...names].sort();
}
