import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../../sources/context.ts';
import type { QuerySourcehutTicketsArgs } from '../../generated/resolver-types.ts';
import { badUserInput, mapOrError } from '../../shared/errors.ts';
import { buildConnection, type Connection, type Edge } from '../../shared/connection.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../shared/cursor.ts';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { PageWalkGuard } from '../../shared/pagination.ts';
import { encodeSyncCursor, newest, nextSince, resolveSince } from '../../shared/sync.ts';
import { requireNonEmpty, validateFirst } from '../../shared/validation.ts';
import { fetchTicketPage, SRHT, type TicketPage } from '../fetchers/graphql.ts';
import { mapSourcehutTicket } from '../mappers/ticket.ts';
import type { SourcehutTicket } from '../types.ts';
import { sortedTracker } from './sorted-tracker.ts';

const TICKETS_CURSOR = 'sourcehutTickets';

export type SourcehutTicketConnection = Connection<SourcehutTicket> & { syncCursor: string | null };
const NAME = /^[A-Za-z0-9._-]+$/;

/** `~owner` and the tracker name, validated (they go into upstream queries). */
export function validateTrackerRef(owner: string, tracker: string, argument = ''): { owner: string; tracker: string } {
  const ownerName = requireNonEmpty(`${argument}owner`, owner).replace(/^~/, '');
  const trackerName = requireNonEmpty(`${argument}tracker`, tracker);
  if (!NAME.test(ownerName)) throw badUserInput(`${argument}owner must be a sr.ht user name such as ~sandbox, got ${JSON.stringify(owner)}`);
  if (!NAME.test(trackerName)) throw badUserInput(`${argument}tracker must be a tracker name such as gateway, got ${JSON.stringify(tracker)}`);
  return { owner: `~${ownerName}`, tracker: trackerName };
}

/**
 * Tickets of one tracker in upstream order; the cursor holds (upstream page cursor, offset in that
 * page). With updatedSince or syncCursor: tickets updated at or after that time, newest first.
 */
export async function resolveSourcehutTickets(
  deps: ResolverDeps,
  args: QuerySourcehutTicketsArgs,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<SourcehutTicketConnection> {
  const { owner, tracker } = validateTrackerRef(args.owner, args.tracker);
  const first = validateFirst(args.first);
  const since = resolveSince(TICKETS_CURSOR, args, [owner, tracker]);
  if (since !== null) return resolveTicketSync(deps, { owner, tracker, since, first, after: args.after }, context, info);
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
  return { ...buildConnection(edges, hasNextPage, { hasPreviousPage: args.after != null }), syncCursor: null };
}

/**
 * The incremental walk: the whole tracker read once per request (sr.ht cannot filter by time),
 * tickets updated at or after `since`, updated desc then ref. The page cursor holds the offset in
 * that order and the newest update emitted; a ticket updated mid-walk moves to the front, so
 * offsets only shift later (a ticket may repeat, none is skipped) and the next sync has it.
 */
async function resolveTicketSync(
  deps: ResolverDeps,
  args: { owner: string; tracker: string; since: number; first: number; after?: string | null },
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<SourcehutTicketConnection> {
  const { owner, tracker, since, first } = args;
  const cursorArgs = [owner, tracker, since];
  let offset = 0;
  let newestSeen: number | null = null;
  if (args.after != null) {
    const position = decodeCursor(TICKETS_CURSOR, args.after, cursorArgs);
    const validNewest = position.h === null || (typeof position.h === 'number' && Number.isFinite(position.h));
    if (!Number.isInteger(position.o) || (position.o as number) < 0 || !validNewest) throw invalidCursor(TICKETS_CURSOR);
    offset = position.o as number;
    newestSeen = position.h as number | null;
  }
  const call: CallContext = { deps, context, info };
  const heads = (await sortedTracker(call, owner, tracker)).filter((head) => head.updatedMillis >= since);
  const edges: Edge<SourcehutTicket>[] = [];
  for (; offset < heads.length && edges.length < first; ) {
    const head = heads[offset];
    offset += 1;
    newestSeen = newest(newestSeen, head.updatedMillis);
    edges.push({ node: head.node, cursor: encodeCursor(TICKETS_CURSOR, cursorArgs, { o: offset, h: newestSeen }) });
  }
  const hasNextPage = offset < heads.length;
  const syncCursor = hasNextPage ? null : encodeSyncCursor(TICKETS_CURSOR, [owner, tracker], { s: nextSince(since, newestSeen) });
  return { ...buildConnection(edges, hasNextPage, { hasPreviousPage: args.after != null }), syncCursor };
}
