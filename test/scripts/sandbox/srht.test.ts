import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSrhtDataset, SRHT_RICH_TICKET } from '../../../scripts/sandbox/data/srht-dataset.ts';
import type { SandboxServerHandle } from '../../../scripts/sandbox/http/server.ts';
import { startSrhtSandbox } from '../../../scripts/sandbox/srht/server.ts';
import { postJson } from './helpers.ts';

type GraphQLBody<T> = { data?: T; errors?: Array<{ message: string }> };
type CursorPage<T> = { results: T[]; cursor: string | null };

let server: SandboxServerHandle;
const data = getSrhtDataset();

beforeAll(async () => {
  server = await startSrhtSandbox({ port: 0 });
});
afterAll(() => server.close());

async function gql<T>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLBody<T>> {
  const { status, body } = await postJson(server.url, { query, variables }, headers);
  expect(status).toBe(200);
  return body as GraphQLBody<T>;
}

const TICKETS = /* GraphQL */ `
  query Tickets($name: String!, $cursor: Cursor) {
    me { tracker(name: $name) { tickets(cursor: $cursor) { cursor results { id ref subject status resolution created updated
      submitter { canonicalName } assignees { canonicalName } labels { name } } } } }
  }
`;

const EVENTS = /* GraphQL */ `
  query Events($id: Int!, $cursor: Cursor) {
    me { tracker(name: "gateway") { ticket(id: $id) { events(cursor: $cursor) { cursor results { id created ticket { id }
      changes { eventType
        ... on Created { author { canonicalName } }
        ... on Comment { text authenticity author { canonicalName } }
        ... on StatusChange { oldStatus newStatus oldResolution newResolution editor { canonicalName } }
        ... on Assignment { assigner { canonicalName } assignee { canonicalName } }
        ... on LabelUpdate { labeler { canonicalName } label { name } }
      } } } } } }
  }
`;

describe('todo.sr.ht sandbox', () => {
  it('answers version, me and user lookups anonymously', async () => {
    const body = await gql<{ version: { major: number }; me: { canonicalName: string; username: string }; user: { id: number } | null; nobody: null }>(
      '{ version { major minor patch deprecationDate } me { canonicalName username } user(username: "~ada") { id } nobody: user(username: "ghost") { id } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.me).toEqual({ canonicalName: '~sandbox', username: 'sandbox' });
    expect(body.data?.user).toEqual({ id: 2 });
    expect(body.data?.nobody).toBeNull();
  });

  it('lists trackers with a null cursor on the last page', async () => {
    const body = await gql<{ trackers: CursorPage<{ name: string; owner: { canonicalName: string } }> }>('{ trackers { cursor results { name owner { canonicalName } } } }');
    expect(body.data?.trackers).toEqual({ cursor: null, results: [{ name: 'gateway', owner: { canonicalName: '~sandbox' } }, { name: 'docs', owner: { canonicalName: '~sandbox' } }] });
  });

  it('walks tracker tickets 25 at a time and returns each ticket once', async () => {
    const ids: number[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const body: GraphQLBody<{ me: { tracker: { tickets: CursorPage<{ id: number; ref: string }> } } }> = await gql(TICKETS, { name: 'gateway', cursor });
      expect(body.errors).toBeUndefined();
      const page = body.data!.me.tracker.tickets;
      sizes.push(page.results.length);
      ids.push(...page.results.map((t) => t.id));
      cursor = page.cursor;
    } while (cursor !== null);
    expect(sizes).toEqual([25, 25, 10]);
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(ids[0]).toBe(60); // newest first
  });

  it('walks a long event history with every change kind', async () => {
    const events: Array<{ id: number; changes: Array<{ eventType: string }> }> = [];
    let cursor: string | null = null;
    do {
      const body: GraphQLBody<{ me: { tracker: { ticket: { events: CursorPage<{ id: number; changes: Array<{ eventType: string }> }> } } } }> = await gql(EVENTS, {
        id: SRHT_RICH_TICKET.id,
        cursor,
      });
      expect(body.errors).toBeUndefined();
      const page = body.data!.me.tracker.ticket.events;
      events.push(...page.results);
      cursor = page.cursor;
    } while (cursor !== null);
    const expected = data.events.filter((e) => e.trackerId === 1 && e.ticketId === SRHT_RICH_TICKET.id);
    expect(events.length).toBe(expected.length);
    expect(events.length).toBeGreaterThan(25);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(expected.map((e) => e.id)));
    const kinds = new Set(events.flatMap((e) => e.changes.map((c) => c.eventType)));
    for (const kind of ['CREATED', 'COMMENT', 'STATUS_CHANGE']) expect(kinds.has(kind)).toBe(true);
  });

  it('reports ticket state that matches the event history', async () => {
    const body = await gql<{ me: { tracker: { ticket: { status: string; labels: Array<{ name: string }>; assignees: Array<{ canonicalName: string }> } } } }>(
      '{ me { tracker(name: "gateway") { ticket(id: 1) { status labels { name } assignees { canonicalName } } } } }',
    );
    const ticket = data.tickets.find((t) => t.trackerId === 1 && t.id === 1)!;
    const statusChanges = data.events.filter((e) => e.trackerId === 1 && e.ticketId === 1).flatMap((e) => e.changes).filter((c) => c.eventType === 'STATUS_CHANGE');
    expect(body.data?.me.tracker.ticket.status).toBe(ticket.status);
    if (statusChanges.length > 0) expect((statusChanges.at(-1) as { newStatus: string }).newStatus).toBe(ticket.status);
    expect(body.data?.me.tracker.ticket.assignees.map((a) => a.canonicalName)).toEqual(ticket.assignees);
  });

  it('names unimplemented fields, refuses mutations and rejects bad cursors', async () => {
    const webhooks = await gql('{ me { tracker(name: "gateway") { webhooks { cursor } } } }');
    expect(webhooks.errors?.[0].message).toBe('The todo.sr.ht sandbox does not implement Tracker.webhooks.');
    const mutation = await gql('mutation { deleteTracker(id: 1) { id } }');
    expect(mutation.errors?.[0].message).toMatch(/read-only/);
    const badCursor = await gql(TICKETS, { name: 'gateway', cursor: 'bogus' });
    expect(badCursor.errors?.[0].message).toMatch(/Invalid cursor/);
  });

  it('accepts Bearer tokens and rejects other Authorization schemes with 401', async () => {
    expect((await gql<{ me: { id: number } }>('{ me { id } }', {}, { authorization: 'Bearer any-token' })).data?.me.id).toBe(1);
    const rejected = await postJson(server.url, { query: '{ me { id } }' }, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(rejected.status).toBe(401);
    expect(JSON.stringify(rejected.body)).not.toContain('dXNlcjpwYXNz');
  });

  it('counts requests and 404s other paths', async () => {
    server.resetStats();
    await gql('{ version { major } }');
    const response = await fetch(server.url.replace('/query', '/graphql'));
    expect(response.status).toBe(404);
    expect(server.stats()).toEqual({ requests: 2, byRoute: { 'POST /query': 1, UNMATCHED: 1 } });
  });
});
