/**
 * graphql-codegen's default naming convention (change-case-all `pascalCase`, applied to each
 * `_`-separated part), reproduced so the converter can tell which TypeScript name a real
 * GraphQL name turns into: to pair `<Type><Field>Args` types with their fields and to check
 * guesses of real names.
 */

// no-case's word splitting: "camelCase" -> "camel Case", "CAMELCase" -> "CAMEL Case".
const SPLIT_LOWER_UPPER = /([a-z0-9])([A-Z])/g;
const SPLIT_ACRONYM = /([A-Z])([A-Z][a-z])/g;
const NON_WORD = /[^A-Z0-9]+/gi;

/** The words no-case finds in one `_`-free part, in their original spelling. */
export function splitWords(part: string): string[] {
  const marked = part.replace(SPLIT_LOWER_UPPER, '$1\0$2').replace(SPLIT_ACRONYM, '$1\0$2').replace(NON_WORD, '\0');
  return marked.split('\0').filter((word) => word !== '');
}

function pascalCasePart(part: string): string {
  return splitWords(part)
    .map((word, index) => {
      const first = word.charAt(0);
      const rest = word.slice(1).toLowerCase();
      // pascal-case keeps digit-led words apart from the previous word with "_".
      if (index > 0 && first >= '0' && first <= '9') return `_${first}${rest}`;
      return `${first.toUpperCase()}${rest}`;
    })
    .join('');
}

/** The TypeScript name codegen gives a GraphQL name (`AVPChart` -> `AvpChart`, `admin_accessUrls` -> `Admin_AccessUrls`). */
export function codegenName(graphqlName: string): string {
  return graphqlName.split('_').map(pascalCasePart).join('_');
}

/** The name of the arguments type codegen emits for `parent.field` (`convertName(parent + convertName(field) + 'Args')`). */
export function argsTypeName(parentName: string, fieldName: string): string {
  return codegenName(`${parentName}${codegenName(fieldName)}Args`);
}
