import { mapOrError, type MappingError } from '../../shared/errors.ts';
import type { CallContext } from '../../shared/http.ts';
import { normalizeDateTime } from '../../shared/datetime.ts';
import { isObject } from '../../shared/raw.ts';
import { allTicketsLoader } from '../loaders.ts';
import { mapSourcehutTicket } from '../mappers/ticket.ts';
import type { SourcehutTicket } from '../types.ts';

export interface TicketHead {
  node: SourcehutTicket | MappingError;
  /** Updated time (ms); +Infinity when unreadable (such tickets sort first and pass every filter). */
  updatedMillis: number;
  ref: string;
}

/** Tickets (mapped or not) in the stable sync order: updated descending, then ref ascending. */
export function sortTicketHeads(heads: TicketHead[]): TicketHead[] {
  return [...heads].sort((a, b) => b.updatedMillis - a.updatedMillis || a.ref.localeCompare(b.ref, 'en', { numeric: true }));
}

/**
 * A tracker's tickets sorted by updated desc (ref asc on ties). sr.ht lists tickets by id, not by
 * update time, and has no filter by time, so the whole tracker is read once per request and sorted here.
 */
export async function sortedTracker(call: CallContext, owner: string, tracker: string): Promise<TicketHead[]> {
  const raws = await allTicketsLoader(call).load(`${owner}/${tracker}`);
  return sortTicketHeads(
    raws.map((raw) => {
      const node = mapOrError(raw, (ticket) => mapSourcehutTicket(ticket, owner, tracker));
      const updated = node instanceof Error ? (isObject(raw) ? normalizeDateTime(raw.updated) : null) : node.updatedAt;
      return { node, updatedMillis: updated ? Date.parse(updated) : Number.POSITIVE_INFINITY, ref: node instanceof Error ? '' : node.ref };
    }),
  );
}
