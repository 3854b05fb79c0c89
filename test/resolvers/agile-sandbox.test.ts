/**
 * Agile routes against the Jira Software sandbox. (The sr.ht sandbox runs yoga, whose graphql
 * realm clashes with the test's under vitest; sr.ht behaviour is covered by fakes.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgileSandbox } from '../../scripts/sandbox/agile/server.ts';
import { canonicalExecutor, CLOUD_ID, testSettings } from './harness.ts';

let agile: Awaited<ReturnType<typeof startAgileSandbox>>;
let run: ReturnType<typeof canonicalExecutor>;

beforeAll(async () => {
  agile = await startAgileSandbox({ host: '127.0.0.1', port: 0 });
  run = canonicalExecutor(testSettings({ jiraSoftware: agile.url }));
});
afterAll(async () => {
  await agile.close();
});

describe('Jira Software sandbox', () => {
  it('lists boards and sprints', async () => {
    const boards = await run(`{ jiraBoards(first: 10) { nodes { id name type } } }`);
    expect(boards.errors).toBeUndefined();
    expect(boards.data).toEqual({
      jiraBoards: {
        nodes: [
          { id: '1', name: 'DEV board', type: 'scrum' },
          { id: '2', name: 'API board', type: 'scrum' },
          { id: '3', name: 'OPS board', type: 'kanban' },
          { id: '4', name: 'MKT team board', type: 'simple' },
        ],
      },
    });
    const teamManaged = await run(`{ jiraBoards(type: simple) { nodes { id type } } }`);
    expect(teamManaged).toEqual({ data: { jiraBoards: { nodes: [{ id: '4', type: 'simple' }] } } });
    const sprints = await run(`{ jiraBoardSprints(cloudId: "${CLOUD_ID}", boardId: "1", state: [CLOSED]) { nodes { id state startAt } } }`);
    expect(sprints.errors).toBeUndefined();
    const nodes = (sprints.data as { jiraBoardSprints: { nodes: Array<{ state: string }> } }).jiraBoardSprints.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node) => node.state === 'closed')).toBe(true);
  });
});
