import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../../sources/context.ts';
import type { SourcehutTicketResolvers } from '../../generated/resolver-types.ts';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { eventsLoader, ticketRefOf } from '../loaders.ts';
import { resolvedAtFromEvents, statusChangesFromEvents } from '../mappers/event.ts';
import type { SourcehutTicket, SourcehutTicketEvent } from '../types.ts';
import { sourcehutStatusCategory } from '../mappers/ticket.ts';
import { computeWorkItemMetrics, epochMs, type StatusHistory, type WorkItemMetrics } from '../../metrics/work-item.ts';
import { perContext } from '../../shared/per-context.ts';

/** A ticket's status history from its mapped events (STATUS_CHANGE rows). */
export function ticketStatusHistory(ticket: SourcehutTicket, events: SourcehutTicketEvent[]): StatusHistory {
  return {
    createdAt: epochMs(ticket.createdAt),
    transitions: statusChangesFromEvents(events).map((change) => ({ at: epochMs(change.at), fromStatus: change.fromStatus, toStatus: change.toStatus })),
    currentStatus: ticket.status,
  };
}

/** SourcehutTicket fields derived from its events (one batched events load per request). */
export function sourcehutTicketFieldResolvers(deps: ResolverDeps): SourcehutTicketResolvers {
  const load = (ticket: SourcehutTicket, context: GatewayContext, info: GraphQLResolveInfo) => {
    const call: CallContext = { deps, context, info };
    return eventsLoader(call).load(ticketRefOf(ticket));
  };
  const mapped = async (ticket: SourcehutTicket, context: GatewayContext, info: GraphQLResolveInfo) =>
    (await load(ticket, context, info)).filter((event): event is SourcehutTicketEvent => !(event instanceof Error));
  /** The metrics of one ticket, computed once per request for all four fields (from the same batched events load). */
  const metrics = (ticket: SourcehutTicket, context: GatewayContext, info: GraphQLResolveInfo): Promise<WorkItemMetrics> => {
    const computed = perContext(context, 'srht.workItemMetrics', () => new Map<string, Promise<WorkItemMetrics>>());
    let pending = computed.get(ticket.ref);
    if (!pending) {
      pending = mapped(ticket, context, info).then((events) => computeWorkItemMetrics(ticketStatusHistory(ticket, events), sourcehutStatusCategory, deps.now?.() ?? Date.now()));
      computed.set(ticket.ref, pending);
    }
    return pending;
  };
  return {
    events: (ticket, _args, context, info) => load(ticket, context, info),
    statusChanges: async (ticket, _args, context, info) => statusChangesFromEvents(await mapped(ticket, context, info)),
    resolvedAt: async (ticket, _args, context, info) => (ticket.status === 'RESOLVED' ? resolvedAtFromEvents(ticket.status, await mapped(ticket, context, info)) : null),
    timeInStatus: async (ticket, _args, context, info) => (await metrics(ticket, context, info)).timeInStatus,
    cycleTimeSeconds: async (ticket, _args, context, info) => (await metrics(ticket, context, info)).cycleTimeSeconds,
    leadTimeSeconds: async (ticket, _args, context, info) => (await metrics(ticket, context, info)).leadTimeSeconds,
    reopenedCount: async (ticket, _args, context, info) => (await metrics(ticket, context, info)).reopenedCount,
  };
}
