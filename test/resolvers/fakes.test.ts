/** Resolver behaviour the sandboxes cannot provoke: looping upstreams, unmappable items, sr.ht and the WorkItem merge. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalExecutor, testSettings } from './harness.ts';
import { rawIssue, rawSrhtTicket } from './fixtures.ts';

type Handler = (path: string, query: URLSearchParams, body: Record<string, unknown>) => unknown;
const servers: Array<{ close(): void }> = [];
const calls: string[] = [];

async function fake(handler: Handler): Promise<string> {
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url ?? '/', 'http://x');
    calls.push(`${req.method} ${url.pathname}`);
    const answer = handler(url.pathname, url.searchParams, text ? (JSON.parse(text) as Record<string, unknown>) : {});
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// Jira: "project = LOOP" repeats its page token forever; "project = BAD" has one unmappable issue;
// "project = MIX" lists issues by updated desc in pages of 2.
const mixUpdated = ['2026-01-10T00:00:00.000+0000', '2026-01-08T00:00:00.000+0000', '2026-01-06T00:00:00.000+0000'];
let jiraUrl = '';
let srhtUrl = '';
let agileUrl = '';

beforeAll(async () => {
  jiraUrl = await fake((path, query) => {
    if (path === '/rest/api/3/search/jql') {
      const jql = query.get('jql') ?? '';
      if (jql.startsWith('project = LOOP')) return { issues: [rawIssue(1, 'LOOP')], nextPageToken: 'same-token', isLast: false };
      if (jql.startsWith('project = BAD')) {
        const broken = rawIssue(2, 'BAD');
        delete broken.fields.created;
        return { issues: [rawIssue(1, 'BAD'), broken, rawIssue(3, 'BAD')], isLast: true };
      }
      if (jql === 'project = MIX ORDER BY updated DESC, key DESC') {
        const all = mixUpdated.map((updated, index) => rawIssue(index + 1, 'MIX', updated));
        const start = Number(query.get('nextPageToken') ?? '0');
        const next = start + 2 < all.length ? String(start + 2) : undefined;
        return { issues: all.slice(start, start + 2), nextPageToken: next, isLast: next === undefined };
      }
    }
    return { errorMessages: ['unexpected'] };
  });
  agileUrl = await fake((path, query) => {
    if (path === '/rest/agile/1.0/board') return { startAt: 0, maxResults: 50, isLast: false, values: [] };
    if (path === '/rest/agile/1.0/board/1/sprint') {
      const startAt = Number(query.get('startAt'));
      const sprints = [
        { id: 1, name: 'S1', state: 'closed', startDate: '2026-01-01T00:00:00.000+0000', endDate: '2026-01-14T00:00:00.000+0000', completeDate: '2026-01-14T01:00:00.000+0000' },
        { id: 2, name: 'S2', state: 'active', startDate: '2026-01-15T00:00:00.000+0000' },
        { id: 3, state: 'future' },
      ];
      const maxResults = Number(query.get('maxResults'));
      const values = sprints.slice(startAt, startAt + Math.min(maxResults, 2));
      return { startAt, maxResults, isLast: startAt + values.length >= sprints.length, values };
    }
    return {};
  });
  srhtUrl = `${await fake((_path, _query, body) => {
    const query = String(body.query);
    const variables = body.variables as Record<string, unknown>;
    if (variables.username !== 'sandbox') return { data: { user: null } };
    if (query.includes('CanonicalTickets')) {
      // Upstream order is by id, pages of 2: #3, #2 | #1.
      const tickets = [rawSrhtTicket(3, 'REPORTED', '2026-01-07T00:00:00Z'), rawSrhtTicket(2, 'RESOLVED', '2026-01-09T00:00:00Z'), rawSrhtTicket(1, 'CONFIRMED', '2026-01-05T12:00:00Z')];
      const start = variables.cursor ? Number(variables.cursor) : 0;
      return { data: { user: { tracker: { tickets: { results: tickets.slice(start, start + 2), cursor: start + 2 < tickets.length ? String(start + 2) : null } } } } };
    }
    if (query.includes('CanonicalTicketEvents')) {
      const tracker: Record<string, unknown> = {};
      for (const [, alias, id] of query.matchAll(/(t\d+): ticket\(id: (\d+)\)/g)) {
        tracker[alias] = {
          events: {
            cursor: null,
            results: [
              { id: Number(id) * 10, created: '2026-01-06T00:00:00Z', changes: [{ __typename: 'Created', eventType: 'CREATED', author: { canonicalName: '~bob' } }] },
              { id: Number(id) * 10 + 1, created: '2026-01-08T00:00:00Z', changes: [{ __typename: 'StatusChange', eventType: 'STATUS_CHANGE', editor: { canonicalName: '~alice' }, oldStatus: 'REPORTED', newStatus: 'RESOLVED', oldResolution: 'UNRESOLVED', newResolution: 'FIXED' }] },
            ],
          },
        };
      }
      return { data: { user: { tracker } } };
    }
    return { errors: [{ message: 'unexpected query' }] };
  })}/query`;
});
afterAll(() => servers.forEach((server) => server.close()));

const run = () => canonicalExecutor(testSettings({ jira: jiraUrl, jiraSoftware: agileUrl, srht: srhtUrl }));

describe('pagination guards and mapping failures', () => {
  it('an upstream repeating its nextPageToken ends with UPSTREAM_PAGINATION_LOOP', async () => {
    const result = await run()(`{ jiraIssues(jql: "project = LOOP", first: 10) { nodes { key } } }`);
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_PAGINATION_LOOP');
    expect(result.errors?.[0].message).toMatch(/Jira REST repeated the page position "same-token"/);
  });

  it('an agile list that does not advance hits the guard', async () => {
    const result = await run()(`{ jiraBoards(first: 10) { nodes { id } } }`);
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_PAGINATION_LOOP');
  });

  it('an unmappable issue is null with an error at its path naming the key and field; the others arrive', async () => {
    const result = await run()(`{ jiraIssues(jql: "project = BAD") { nodes { key } edges { node { key } } } }`);
    expect(result.data).toEqual({ jiraIssues: { nodes: [{ key: 'BAD-1' }, null, { key: 'BAD-3' }], edges: [{ node: { key: 'BAD-1' } }, { node: null }, { node: { key: 'BAD-3' } }] } });
    expect(result.errors?.map((error) => [error.path, error.message])).toEqual([
      [['jiraIssues', 'nodes', 1], "Cannot map JiraIssue BAD-2: upstream field 'fields.created' is missing"],
      [['jiraIssues', 'edges', 1, 'node'], "Cannot map JiraIssue BAD-2: upstream field 'fields.created' is missing"],
    ]);
  });

  it('sprints walk startAt pages, filter states, and an unmappable sprint is null plus an error', async () => {
    const first = await run()(`{ jiraBoardSprints(boardId: "1", state: [ACTIVE, CLOSED], first: 2) { nodes { id state startAt completeAt } pageInfo { hasNextPage endCursor } } }`);
    expect(first.errors).toBeUndefined();
    const connection = (first.data as { jiraBoardSprints: { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }).jiraBoardSprints;
    expect(connection.nodes).toEqual([
      { id: '1', state: 'closed', startAt: '2026-01-01T00:00:00.000Z', completeAt: '2026-01-14T01:00:00.000Z' },
      { id: '2', state: 'active', startAt: '2026-01-15T00:00:00.000Z', completeAt: null },
    ]);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    const rest = await run()(`query($after: String) { jiraBoardSprints(boardId: "1", state: [ACTIVE, CLOSED], after: $after) { nodes { id } pageInfo { hasNextPage } } }`, { after: connection.pageInfo.endCursor });
    expect(rest.data).toEqual({ jiraBoardSprints: { nodes: [null], pageInfo: { hasNextPage: false } } });
    expect(rest.errors?.[0].message).toMatch(/JiraSprint 3.*'name' is missing/);
    const otherArgs = await run()(`query($after: String) { jiraBoardSprints(boardId: "1", after: $after) { nodes { id } } }`, { after: connection.pageInfo.endCursor });
    expect(otherArgs.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('todo.sr.ht tickets and workItems', () => {
  it('sourcehutTickets pages across upstream cursors and loads events in one aliased request', async () => {
    calls.length = 0;
    const result = await run()(`{ sourcehutTickets(owner: "~sandbox", tracker: "gateway", first: 3) {
      nodes { ref status statusCategory resolvedAt statusChanges { toStatus actor { id } } events { type } } pageInfo { hasNextPage } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      sourcehutTickets: {
        nodes: [
          { ref: '~sandbox/gateway#3', status: 'REPORTED', statusCategory: 'TODO', resolvedAt: null, statusChanges: [{ toStatus: 'RESOLVED', actor: { id: '~alice' } }], events: [{ type: 'CREATED' }, { type: 'STATUS_CHANGE' }] },
          { ref: '~sandbox/gateway#2', status: 'RESOLVED', statusCategory: 'DONE', resolvedAt: '2026-01-08T00:00:00.000Z', statusChanges: [{ toStatus: 'RESOLVED', actor: { id: '~alice' } }], events: [{ type: 'CREATED' }, { type: 'STATUS_CHANGE' }] },
          { ref: '~sandbox/gateway#1', status: 'CONFIRMED', statusCategory: 'TODO', resolvedAt: null, statusChanges: [{ toStatus: 'RESOLVED', actor: { id: '~alice' } }], events: [{ type: 'CREATED' }, { type: 'STATUS_CHANGE' }] },
        ],
        pageInfo: { hasNextPage: false },
      },
    });
    // 2 ticket pages + 1 events request for all 3 tickets.
    expect(calls).toEqual(['POST /query', 'POST /query', 'POST /query']);
  });

  it('an unknown sr.ht user is NOT_FOUND', async () => {
    const result = await run()(`{ sourcehutTickets(owner: "~nobody", tracker: "gateway") { nodes { ref } } }`);
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(result.errors?.[0].message).toMatch(/~nobody/);
  });

  it('workItems merges Jira and sr.ht by updated desc and resumes every source from the cursor', async () => {
    const query = `query($after: String) { workItems(jql: "project = MIX", sourcehut: [{ owner: "sandbox", tracker: "gateway" }], first: 4, after: $after) {
      nodes { __typename ref updatedAt } pageInfo { hasNextPage endCursor } } }`;
    const page1 = await run()(query);
    expect(page1.errors).toBeUndefined();
    const first = (page1.data as { workItems: { nodes: Array<{ ref: string; updatedAt: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }).workItems;
    expect(first.nodes.map((node) => node.ref)).toEqual(['MIX-1', '~sandbox/gateway#2', 'MIX-2', '~sandbox/gateway#3']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const page2 = await run()(query, { after: first.pageInfo.endCursor });
    const second = (page2.data as { workItems: { nodes: Array<{ __typename: string; ref: string }>; pageInfo: { hasNextPage: boolean } } }).workItems;
    expect(second.nodes).toEqual([
      { __typename: 'JiraIssue', ref: 'MIX-3', updatedAt: '2026-01-06T00:00:00.000Z' },
      { __typename: 'SourcehutTicket', ref: '~sandbox/gateway#1', updatedAt: '2026-01-05T12:00:00.000Z' },
    ]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('workItems refuses an ORDER BY in jql and a call with no source', async () => {
    for (const source of [`{ workItems(jql: "project = MIX ORDER BY created") { nodes { ref } } }`, `{ workItems { nodes { ref } } }`, `{ workItems(sourcehut: [{ owner: "", tracker: "x" }]) { nodes { ref } } }`]) {
      const result = await run()(source);
      expect(result.errors?.[0].extensions?.code, source).toBe('BAD_USER_INPUT');
    }
  });
});
