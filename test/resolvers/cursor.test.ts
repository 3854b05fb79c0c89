import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, encodeUpstreamCursor, upstreamCursorAfter } from '../../resolvers/shared/cursor.ts';

function codeOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return { code: (error as { extensions?: { code?: unknown } }).extensions?.code, message: (error as Error).message };
  }
  return 'no error';
}

describe('gateway cursors', () => {
  const args = ['11111111-2222-4333-8444-555555555555', 'project = DEV'];

  it('round-trip a position for the same query and arguments', () => {
    expect(decodeCursor('jiraIssues', encodeCursor('jiraIssues', args, { t: 'token', o: 3 }), [...args])).toEqual({ t: 'token', o: 3 });
    expect(upstreamCursorAfter('teams', encodeUpstreamCursor('teams', { q: 'x' }, 'agg-cursor'), { q: 'x' })).toBe('agg-cursor');
    expect(upstreamCursorAfter('teams', null, { q: 'x' })).toBeNull();
  });

  it('refuse a cursor issued for other arguments (a JQL page token is only good for its JQL)', () => {
    const cursor = encodeCursor('jiraIssues', args, { t: 'token', o: 0 });
    expect(codeOf(() => decodeCursor('jiraIssues', cursor, [args[0], 'project = OPS']))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'This jiraIssues cursor was issued for other arguments; pass the same arguments as the query that returned it',
    });
  });

  it('refuse a cursor of another query, a damaged one, and a position of the wrong shape', () => {
    const teams = encodeUpstreamCursor('teams', {}, 'c');
    expect(codeOf(() => decodeCursor('compassComponents', teams, {}))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Invalid cursor for compassComponents/) });
    expect(codeOf(() => decodeCursor('teams', 'not-base64-json', {}))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(codeOf(() => upstreamCursorAfter('teams', encodeCursor('teams', {}, { o: 1 }), {}))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Invalid cursor for teams/) });
  });
});
