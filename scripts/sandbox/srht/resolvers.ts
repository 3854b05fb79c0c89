/** Resolvers for the todo.sr.ht SDL over the sandbox dataset (read-only). */
import { GraphQLError } from 'graphql';
import type { SrhtChange, SrhtDataset, SrhtEntity, SrhtEvent, SrhtLabel, SrhtTicket, SrhtTracker, SrhtUser } from '../data/srht-dataset.ts';
import { cursorPage } from './cursor.ts';

/** A change as a GraphQL parent: the change plus the event it belongs to. */
type ChangeParent = SrhtChange & { event: SrhtEvent };

const CHANGE_TYPENAMES: Record<SrhtChange['eventType'], string> = {
  CREATED: 'Created',
  COMMENT: 'Comment',
  STATUS_CHANGE: 'StatusChange',
  ASSIGNED_USER: 'Assignment',
  UNASSIGNED_USER: 'Assignment',
  LABEL_ADDED: 'LabelUpdate',
  LABEL_REMOVED: 'LabelUpdate',
};

const FULL_ACCESS = { browse: true, submit: true, comment: true, edit: true, triage: true };

export function createSrhtResolvers(data: SrhtDataset) {
  const entity = (canonicalName: string): SrhtEntity => {
    const found = data.entities.find((e) => e.canonicalName === canonicalName);
    if (!found) throw new GraphQLError(`Sandbox dataset has no entity ${canonicalName}`);
    return found;
  };
  const userByName = (username: string): SrhtUser | undefined =>
    data.entities.find((e): e is SrhtUser => e.kind === 'User' && e.username === username.replace(/^~/, ''));
  const trackerById = (id: number): SrhtTracker => {
    const tracker = data.trackers.find((t) => t.id === id);
    if (!tracker) throw new GraphQLError(`Sandbox dataset has no tracker ${id}`);
    return tracker;
  };
  const ticketOf = (trackerId: number, ticketId: number): SrhtTicket | undefined =>
    data.tickets.find((t) => t.trackerId === trackerId && t.id === ticketId);
  const trackersOf = (owner: string) => data.trackers.filter((t) => t.owner === owner);
  // Newest first, like sourcehut's id-descending listings.
  const ticketsNewestFirst = (filter: (t: SrhtTicket) => boolean) => data.tickets.filter(filter).sort((a, b) => b.id - a.id);
  const changeParents = (event: SrhtEvent): ChangeParent[] => event.changes.map((change) => ({ ...change, event }));
  const ticketOfChange = (parent: ChangeParent) => ticketOf(parent.event.trackerId, parent.event.ticketId);
  const me = (): SrhtUser => {
    const user = userByName(data.me);
    if (!user) throw new GraphQLError('Sandbox dataset has no current user');
    return user;
  };

  return {
    Query: {
      version: () => ({ major: 0, minor: 78, patch: 3, deprecationDate: null }),
      me,
      user: (_: unknown, args: { username: string }) => userByName(args.username) ?? null,
      trackers: (_: unknown, args: { cursor?: string | null }) => cursorPage(trackersOf(data.me), args.cursor, `trackers:${data.me}`),
      events: (_: unknown, args: { cursor?: string | null }) => cursorPage([...data.events].sort((a, b) => b.id - a.id), args.cursor, 'events:me'),
      subscriptions: () => ({ results: [], cursor: null }),
    },
    Entity: { __resolveType: (e: SrhtEntity) => e.kind },
    EventDetail: { __resolveType: (c: ChangeParent) => CHANGE_TYPENAMES[c.eventType] },
    ACL: { __resolveType: () => 'DefaultACL' },
    User: {
      tracker: (user: SrhtUser, args: { name: string }) => trackersOf(user.canonicalName).find((t) => t.name === args.name) ?? null,
      trackers: (user: SrhtUser, args: { cursor?: string | null }) => cursorPage(trackersOf(user.canonicalName), args.cursor, `trackers:${user.canonicalName}`),
    },
    Tracker: {
      owner: (t: SrhtTracker) => entity(t.owner),
      ticket: (t: SrhtTracker, args: { id: number }) => ticketOf(t.id, args.id) ?? null,
      tickets: (t: SrhtTracker, args: { cursor?: string | null }) => cursorPage(ticketsNewestFirst((k) => k.trackerId === t.id), args.cursor, `tickets:${t.id}`),
      label: (t: SrhtTracker, args: { name: string }) => data.labels.find((l) => l.trackerId === t.id && l.name === args.name) ?? null,
      labels: (t: SrhtTracker, args: { cursor?: string | null }) => cursorPage(data.labels.filter((l) => l.trackerId === t.id), args.cursor, `labels:${t.id}`),
      subscription: () => null,
      acl: () => FULL_ACCESS,
      defaultACL: () => FULL_ACCESS,
      export: (t: SrhtTracker) => `https://todo.sr.ht/query/tracker/${t.id}/export`,
    },
    Ticket: {
      submitter: (t: SrhtTicket) => entity(t.submitter),
      tracker: (t: SrhtTicket) => trackerById(t.trackerId),
      labels: (t: SrhtTicket) => data.labels.filter((l) => t.labelIds.includes(l.id)),
      assignees: (t: SrhtTicket) => t.assignees.map(entity),
      events: (t: SrhtTicket, args: { cursor?: string | null }) =>
        cursorPage(
          data.events.filter((e) => e.trackerId === t.trackerId && e.ticketId === t.id).sort((a, b) => b.id - a.id),
          args.cursor,
          `events:${t.trackerId}:${t.id}`,
        ),
      subscription: () => null,
    },
    Label: {
      tracker: (l: SrhtLabel) => trackerById(l.trackerId),
      tickets: (l: SrhtLabel, args: { cursor?: string | null }) =>
        cursorPage(ticketsNewestFirst((k) => k.trackerId === l.trackerId && k.labelIds.includes(l.id)), args.cursor, `label-tickets:${l.id}`),
    },
    Event: {
      changes: (e: SrhtEvent) => changeParents(e),
      ticket: (e: SrhtEvent) => ticketOf(e.trackerId, e.ticketId),
    },
    Created: {
      ticket: ticketOfChange,
      author: (c: ChangeParent & { author: string }) => entity(c.author),
    },
    Comment: {
      ticket: ticketOfChange,
      author: (c: ChangeParent & { author: string }) => entity(c.author),
      supersededBy: () => null,
    },
    StatusChange: {
      ticket: ticketOfChange,
      editor: (c: ChangeParent & { editor: string }) => entity(c.editor),
    },
    Assignment: {
      ticket: ticketOfChange,
      assigner: (c: ChangeParent & { assigner: string }) => entity(c.assigner),
      assignee: (c: ChangeParent & { assignee: string }) => entity(c.assignee),
    },
    LabelUpdate: {
      ticket: ticketOfChange,
      labeler: (c: ChangeParent & { labeler: string }) => entity(c.labeler),
      label: (c: ChangeParent & { labelId: number }) => data.labels.find((l) => l.id === c.labelId),
    },
  };
}
