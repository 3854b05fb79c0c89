/**
 * Runs each validation rule once. yoga and Mesh both install graphql's engine, and each engine adds
 * graphql's specified rules, so every rule ran twice: every validation error came back twice, and
 * validation cost twice the CPU. Put it after Mesh's plugins; later rules added by other plugins
 * are kept (and deduplicated too), since the rules are read when validation runs.
 */
import type { ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** No options: every rule is kept once, in its first position. */
export type UniqueValidationRulesOptions = Record<string, never>;

export function useUniqueValidationRules(_options: UniqueValidationRulesOptions = {}): Plugin {
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, ...rest) =>
        validateFn(schema, document, rules === undefined ? undefined : ([...new Set(rules)] as ValidationRule[]), ...rest),
      );
    },
  };
}
