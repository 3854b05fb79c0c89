import { describe, expect, it } from 'vitest';
import { compareSchemas } from '../../../scripts/schema/check.ts';

const BASE = `
type Query { issue(key: String!): Issue issues(first: Int): [Issue!]! }
type Issue { key: String! status: String! points: Float }
enum State { OPEN CLOSED }
`;

describe('schema:check classification', () => {
  it('reports a removed field as breaking', async () => {
    const outcome = await compareSchemas(BASE, BASE.replace(' points: Float', ''));
    expect(outcome.breaking.map((c) => c.path)).toEqual(['Issue.points']);
  });

  it('reports an added field as safe, not breaking', async () => {
    const outcome = await compareSchemas(BASE, BASE.replace(' points: Float', ' points: Float labels: [String!]'));
    expect(outcome.breaking).toEqual([]);
    expect(outcome.safe.map((c) => c.path)).toContain('Issue.labels');
  });

  it('reports a nullable field made non-null in an argument as breaking', async () => {
    const outcome = await compareSchemas(BASE, BASE.replace('issues(first: Int)', 'issues(first: Int!)'));
    expect(outcome.breaking.length).toBe(1);
  });

  it('reports an added enum value as dangerous', async () => {
    const outcome = await compareSchemas(BASE, BASE.replace('OPEN CLOSED', 'OPEN CLOSED ARCHIVED'));
    expect(outcome.breaking).toEqual([]);
    expect(outcome.dangerous.length).toBe(1);
  });
});
