import DataLoader from 'dataloader';
import { mapOrError, type MappingError } from '../shared/errors.ts';
import type { CallContext } from '../shared/http.ts';
import { perContext } from '../shared/per-context.ts';
import { PageWalkGuard } from '../shared/pagination.ts';
import { fetchEventPages, fetchTicketPage, SRHT } from './fetchers/graphql.ts';
import { mapSourcehutEvent } from './mappers/event.ts';
import type { SourcehutTicket, SourcehutTicketEvent } from './types.ts';

/** Tickets per aliased events request: keeps one query well inside sr.ht's complexity limit. */
export const TICKETS_PER_EVENTS_REQUEST = 25;

export interface TicketRef {
  owner: string;
  tracker: string;
  ticketId: number;
  ref: string;
}

/**
 * Events of every SourcehutTicket resolved in one request tick, fetched with one aliased
 * GraphQL request per tracker per 25 tickets (then only for tickets with more event pages).
 * An unmappable event is one Error entry naming the event and field.
 */
export function eventsLoader(call: CallContext): DataLoader<TicketRef, Array<SourcehutTicketEvent | MappingError>, string> {
  return perContext(call.context, 'srht.events', () =>
    new DataLoader<TicketRef, Array<SourcehutTicketEvent | MappingError>, string>(
      async (refs) => {
        const rawByRef = new Map<string, unknown[]>();
        const byTracker = new Map<string, TicketRef[]>();
        for (const ref of refs) byTracker.set(`${ref.owner}/${ref.tracker}`, [...(byTracker.get(`${ref.owner}/${ref.tracker}`) ?? []), ref]);
        for (const group of byTracker.values()) {
          const { owner, tracker } = group[0];
          for (let start = 0; start < group.length; start += TICKETS_PER_EVENTS_REQUEST) {
            const guard = new PageWalkGuard(SRHT, `events of ${owner}/${tracker}`);
            let pending = group.slice(start, start + TICKETS_PER_EVENTS_REQUEST).map((ref) => ({ ref, cursor: null as string | null }));
            while (pending.length > 0) {
              guard.visit(pending.map((item) => `${item.ref.ticketId}:${item.cursor ?? ''}`).join(','));
              const pages = await fetchEventPages(call, owner, tracker, pending.map((item) => ({ ticketId: item.ref.ticketId, cursor: item.cursor })));
              const next: typeof pending = [];
              for (const item of pending) {
                const page = pages.get(item.ref.ticketId)!;
                rawByRef.set(item.ref.ref, [...(rawByRef.get(item.ref.ref) ?? []), ...page.events]);
                if (page.cursor !== null) next.push({ ref: item.ref, cursor: page.cursor });
              }
              pending = next;
            }
          }
        }
        return refs.map((ref) => {
          const rows: Array<SourcehutTicketEvent | MappingError> = [];
          for (const raw of rawByRef.get(ref.ref) ?? []) {
            const mapped = mapOrError(raw, (event) => mapSourcehutEvent(event, ref.ref));
            if (mapped instanceof Error) rows.push(mapped);
            else rows.push(...mapped);
          }
          // sr.ht lists newest first; canonical history is oldest first.
          return rows.sort((a, b) => (a instanceof Error || b instanceof Error ? 0 : a.createdAt.localeCompare(b.createdAt) || a.eventId.localeCompare(b.eventId, 'en', { numeric: true })));
        });
      },
      { cacheKeyFn: (ref) => ref.ref },
    ),
  );
}

export function ticketRefOf(ticket: SourcehutTicket): TicketRef {
  return { owner: ticket.owner, tracker: ticket.tracker, ticketId: ticket.ticketId, ref: ticket.ref };
}

/** Every ticket of a tracker, raw, walking all upstream pages once per request (used to sort for workItems). */
export function allTicketsLoader(call: CallContext): DataLoader<string, unknown[]> {
  return perContext(call.context, 'srht.allTickets', () =>
    new DataLoader<string, unknown[]>(async (trackers) =>
      Promise.all(
        trackers.map(async (container) => {
          const [owner, tracker] = splitContainer(container);
          const guard = new PageWalkGuard(SRHT, `tickets of ${container}`);
          const tickets: unknown[] = [];
          let cursor: string | null = null;
          do {
            guard.visit(cursor);
            const page = await fetchTicketPage(call, owner, tracker, cursor);
            tickets.push(...page.tickets);
            cursor = page.cursor;
          } while (cursor !== null);
          return tickets;
        }),
      ),
    ),
  );
}

function splitContainer(container: string): [string, string] {
  const slash = container.indexOf('/');
  return [container.slice(0, slash), container.slice(slash + 1)];
}
