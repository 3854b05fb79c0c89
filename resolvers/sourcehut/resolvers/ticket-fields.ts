import type { GraphQLResolveInfo } from 'graphql';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { eventsLoader, ticketRefOf } from '../loaders.ts';
import { resolvedAtFromEvents, statusChangesFromEvents } from '../mappers/event.ts';
import type { SourcehutTicket, SourcehutTicketEvent } from '../types.ts';

/** SourcehutTicket fields derived from its events (one batched events load per request). */
export function sourcehutTicketFieldResolvers(deps: ResolverDeps) {
  const load = (ticket: SourcehutTicket, context: unknown, info: GraphQLResolveInfo) => {
    const call: CallContext = { deps, context, info };
    return eventsLoader(call).load(ticketRefOf(ticket));
  };
  const mapped = async (ticket: SourcehutTicket, context: unknown, info: GraphQLResolveInfo) =>
    (await load(ticket, context, info)).filter((event): event is SourcehutTicketEvent => !(event instanceof Error));
  return {
    events: (ticket: SourcehutTicket, _args: unknown, context: unknown, info: GraphQLResolveInfo) => load(ticket, context, info),
    statusChanges: async (ticket: SourcehutTicket, _args: unknown, context: unknown, info: GraphQLResolveInfo) =>
      statusChangesFromEvents(await mapped(ticket, context, info)),
    resolvedAt: async (ticket: SourcehutTicket, _args: unknown, context: unknown, info: GraphQLResolveInfo) =>
      ticket.status === 'RESOLVED' ? resolvedAtFromEvents(ticket.status, await mapped(ticket, context, info)) : null,
  };
}
