import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput, mapOrError } from '../../shared/errors.ts';
import { buildConnection, type Connection, type Edge } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../shared/cursor.ts';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { PageWalkGuard } from '../../shared/pagination.ts';
import { requireNonEmpty, validateFirst } from '../../shared/validation.ts';
import { fetchTicketPage, SRHT, type TicketPage } from '../fetchers/graphql.ts';
import { mapSourcehutTicket } from '../mappers/ticket.ts';
import type { SourcehutTicket } from '../types.ts';

const TICKETS_CURSOR = 'sourcehutTickets';
const NAME = /^[A-Za-z0-9._-]+$/;

/** `~owner` and the tracker name, validated (they go into upstream queries). */
export function validateTrackerRef(owner: string, tracker: string, argument = ''): { owner: string; tracker: string } {
  const ownerName = requireNonEmpty(`${argument}owner`, owner).replace(/^~/, '');
  const trackerName = requireNonEmpty(`${argument}tracker`, tracker);
  if (!NAME.test(ownerName)) throw badUserInput(`${argument}owner must be a sr.ht user name such as ~sandbox, got ${JSON.stringify(owner)}`);
  if (!NAME.test(trackerName)) throw badUserInput(`${argument}tracker must be a tracker name such as gateway, got ${JSON.stringify(tracker)}`);
  return { owner: `~${ownerName}`, tracker: trackerName };
}

/** Tickets of one tracker in upstream order; the cursor holds (upstream page cursor, offset in that page). */
export async function resolveSourcehutTickets(
  deps: ResolverDeps,
  args: { owner: string; tracker: string; first?: number | null; after?: string | null },
  context: unknown,
  info?: GraphQLResolveInfo,
): Promise<Connection<SourcehutTicket>> {
  const { owner, tracker } = validateTrackerRef(args.owner, args.tracker);
  const first = validateFirst(args.first);
  const cursorArgs = [owner, tracker];
  let pageCursor: string | null = null;
  let offset = 0;
  if (args.after != null) {
    const position = decodeCursor(TICKETS_CURSOR, args.after, cursorArgs);
    if ((position.t !== null && typeof position.t !== 'string') || !Number.isInteger(position.o) || (position.o as number) < 0) throw invalidCursor(TICKETS_CURSOR);
    pageCursor = position.t as string | null;
    offset = position.o as number;
  }
  const call: CallContext = { deps, context, info };
  const guard = new PageWalkGuard(SRHT, `tickets of ${owner}/${tracker}`);
  const edges: Edge<SourcehutTicket>[] = [];
  let page: TicketPage | null = null;
  for (;;) {
    if (page === null) {
      guard.visit(pageCursor);
      page = await fetchTicketPage(call, owner, tracker, pageCursor);
    }
    if (edges.length >= first) break;
    if (offset < page.tickets.length) {
      const raw = page.tickets[offset];
      offset += 1;
      const position = offset >= page.tickets.length && page.cursor !== null ? { t: page.cursor, o: 0 } : { t: pageCursor, o: offset };
      edges.push({ node: mapOrError(raw, (ticket) => mapSourcehutTicket(ticket, owner, tracker)), cursor: encodeCursor(TICKETS_CURSOR, cursorArgs, position) });
      continue;
    }
    if (page.cursor === null) break;
    pageCursor = page.cursor;
    offset = 0;
    // Fetch the next page only when more edges are wanted: hasNextPage is known from the cursor.
    if (edges.length >= first) break;
    page = null;
  }
  const hasNextPage = page !== null && (offset < page.tickets.length || page.cursor !== null);
  return buildConnection(edges, hasNextPage, { hasPreviousPage: args.after != null });
}
