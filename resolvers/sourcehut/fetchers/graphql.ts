import { GraphQLError } from 'graphql';
import { notFound } from '../../shared/errors.ts';
import { requestJson, type CallContext } from '../../shared/http.ts';
import { isObject, optionalString, optionalToken, type RawObject } from '../../shared/raw.ts';

export const SRHT = 'todo.sr.ht';

/** One GraphQL POST to todo.sr.ht; upstream errors[] fail the call (we need every field we ask for). */
export async function srhtQuery(call: CallContext, query: string, variables: RawObject): Promise<RawObject> {
  const raw = await requestJson(call, { upstream: 'srht', url: call.deps.settings.upstreams.srht.baseUrl, method: 'POST', body: { query, variables } });
  if (!isObject(raw)) throw new GraphQLError(`${SRHT} answered with a body that is not a GraphQL response`, { extensions: { code: 'UPSTREAM_ERROR', upstream: SRHT } });
  if (Array.isArray(raw.errors) && raw.errors.length > 0) {
    const messages = raw.errors.map((error) => (isObject(error) ? (optionalString(error.message) ?? 'unknown error') : String(error)));
    throw new GraphQLError(`${SRHT} answered with errors: ${messages.join('; ').slice(0, 300)}`, { extensions: { code: 'UPSTREAM_ERROR', upstream: SRHT } });
  }
  if (!isObject(raw.data)) throw new GraphQLError(`${SRHT} answered without data`, { extensions: { code: 'UPSTREAM_ERROR', upstream: SRHT } });
  return raw.data;
}

/** The tracker object under data.user.tracker, or NOT_FOUND naming the missing user or tracker. */
export function trackerOf(data: RawObject, owner: string, tracker: string): RawObject {
  if (!isObject(data.user)) throw notFound(`todo.sr.ht user ${owner} was not found`);
  if (!isObject(data.user.tracker)) throw notFound(`todo.sr.ht tracker ${owner}/${tracker} was not found (or is not visible)`);
  return data.user.tracker;
}

const TICKET_FIELDS = `id created updated ref subject body status resolution
  submitter { canonicalName } assignees { canonicalName } labels { name }`;

const TICKETS_QUERY = `query CanonicalTickets($username: String!, $tracker: String!, $cursor: Cursor) {
  user(username: $username) { tracker(name: $tracker) { tickets(cursor: $cursor) { cursor results { ${TICKET_FIELDS} } } } }
}`;

export interface TicketPage {
  tickets: unknown[];
  cursor: string | null;
}

/** One page of a tracker's tickets (sr.ht chooses the page size; cursor null = last page). */
export async function fetchTicketPage(call: CallContext, owner: string, tracker: string, cursor: string | null): Promise<TicketPage> {
  const data = await srhtQuery(call, TICKETS_QUERY, { username: owner.replace(/^~/, ''), tracker, cursor });
  const tickets = trackerOf(data, owner, tracker).tickets;
  if (!isObject(tickets) || !Array.isArray(tickets.results)) {
    throw new GraphQLError(`${SRHT} answered the tickets of ${owner}/${tracker} without results`, { extensions: { code: 'UPSTREAM_ERROR', upstream: SRHT } });
  }
  return { tickets: tickets.results, cursor: optionalToken(tickets.cursor) };
}

const EVENT_FIELDS = `cursor results { id created changes { eventType __typename
  ... on Created { author { canonicalName } }
  ... on Comment { author { canonicalName } }
  ... on Assignment { assigner { canonicalName } assignee { canonicalName } }
  ... on LabelUpdate { labeler { canonicalName } label { name } }
  ... on StatusChange { editor { canonicalName } oldStatus newStatus oldResolution newResolution }
  ... on UserMention { author { canonicalName } }
  ... on TicketMention { author { canonicalName } } } }`;

/**
 * One event page for each of many tickets of one tracker in a single request (aliases t0, t1, ...).
 * Returns per ticket id its raw events and the next cursor.
 */
export async function fetchEventPages(
  call: CallContext,
  owner: string,
  tracker: string,
  requests: Array<{ ticketId: number; cursor: string | null }>,
): Promise<Map<number, { events: unknown[]; cursor: string | null }>> {
  const variables: RawObject = { username: owner.replace(/^~/, ''), tracker };
  const declarations = requests.map((_, index) => `$c${index}: Cursor`).join(', ');
  const selections = requests
    .map((request, index) => {
      variables[`c${index}`] = request.cursor;
      // ticketId is an integer we validated, safe to inline.
      return `t${index}: ticket(id: ${Math.trunc(request.ticketId)}) { events(cursor: $c${index}) { ${EVENT_FIELDS} } }`;
    })
    .join('\n');
  const query = `query CanonicalTicketEvents($username: String!, $tracker: String!, ${declarations}) {
  user(username: $username) { tracker(name: $tracker) { ${selections} } }
}`;
  const trackerData = trackerOf(await srhtQuery(call, query, variables), owner, tracker);
  const pages = new Map<number, { events: unknown[]; cursor: string | null }>();
  requests.forEach((request, index) => {
    const ticket = trackerData[`t${index}`];
    if (!isObject(ticket)) {
      pages.set(request.ticketId, { events: [], cursor: null });
      return;
    }
    const events = isObject(ticket.events) ? ticket.events : {};
    pages.set(request.ticketId, { events: Array.isArray(events.results) ? events.results : [], cursor: optionalToken(events.cursor) });
  });
  return pages;
}
