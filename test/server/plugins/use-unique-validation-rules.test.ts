import { specifiedRules, validate } from 'graphql';
import { useEngine } from '@envelop/core';
import { describe, expect, it } from 'vitest';
import type { Plugin } from 'graphql-yoga';
import { useUniqueValidationRules } from '../../../server/plugins/use-unique-validation-rules.ts';
import { createTestYoga, postQuery } from './helpers.ts';

/** What Mesh's runtime adds: graphql's engine, specified rules included, a second time. */
const meshEngine = useEngine({ validate, specifiedRules }) as Plugin;

describe('useUniqueValidationRules', () => {
  it('reports each validation error once when two engines add the specified rules', async () => {
    const doubled = await postQuery(createTestYoga([meshEngine]), '{ notAField hello(x: 1) }');
    expect(doubled.body.errors).toHaveLength(4);
    const once = await postQuery(createTestYoga([meshEngine, useUniqueValidationRules()]), '{ notAField hello(x: 1) }');
    expect(once.body.errors?.map((error) => error.message)).toEqual([
      'Cannot query field "notAField" on type "Query".',
      'Unknown argument "x" on field "Query.hello".',
    ]);
  });
});
