import { MappingError } from '../../shared/errors.ts';
import { asObject, optionalString, requiredDateTime, requiredString, type MapTarget } from '../../shared/raw.ts';
import type { WorkItemStatusChange } from '../../jira/types.ts';
import type { SourcehutTicketEvent, SourcehutTicketEventType } from '../types.ts';
import { mapEntity } from './ticket.ts';

const EVENT_TYPES = new Set<SourcehutTicketEventType>([
  'CREATED', 'COMMENT', 'STATUS_CHANGE', 'LABEL_ADDED', 'LABEL_REMOVED', 'ASSIGNED_USER', 'UNASSIGNED_USER', 'USER_MENTIONED', 'TICKET_MENTIONED',
]);

/** Who did it, by EventDetail type (the sr.ht schema names the actor differently per type). */
const ACTOR_FIELD: Record<string, string> = {
  Created: 'author', Comment: 'author', UserMention: 'author', TicketMention: 'author',
  Assignment: 'assigner', LabelUpdate: 'labeler', StatusChange: 'editor',
};

/** One todo.sr.ht Event -> one canonical row per change in it. */
export function mapSourcehutEvent(raw: unknown, ticketRef: string): SourcehutTicketEvent[] {
  const event = asObject(raw, { typeName: 'SourcehutTicketEvent', label: `of ${ticketRef}` }, 'event');
  const eventId = requiredString(event.id, { typeName: 'SourcehutTicketEvent', label: `(unknown id) of ${ticketRef}` }, 'id');
  const target: MapTarget = { typeName: 'SourcehutTicketEvent', label: `${eventId} of ${ticketRef}` };
  const createdAt = requiredDateTime(event.created, target, 'created');
  if (!Array.isArray(event.changes)) throw new MappingError(target.typeName, target.label, 'changes');
  return event.changes.map((rawChange, index) => {
    const change = asObject(rawChange, target, `changes[${index}]`);
    const type = requiredString(change.eventType, target, `changes[${index}].eventType`) as SourcehutTicketEventType;
    if (!EVENT_TYPES.has(type)) throw new MappingError(target.typeName, target.label, `changes[${index}].eventType`, `is unknown (${type})`);
    const actorField = ACTOR_FIELD[optionalString(change.__typename) ?? ''];
    const label = change.label != null ? asObject(change.label, target, `changes[${index}].label`) : null;
    return {
      eventId,
      ticketRef,
      createdAt,
      type,
      actor: actorField ? mapEntity(change[actorField], target, `changes[${index}].${actorField}`) : null,
      oldStatus: optionalString(change.oldStatus),
      newStatus: optionalString(change.newStatus),
      oldResolution: optionalString(change.oldResolution),
      newResolution: optionalString(change.newResolution),
      assignee: mapEntity(change.assignee, target, `changes[${index}].assignee`),
      label: label ? requiredString(label.name, target, `changes[${index}].label.name`) : null,
    };
  });
}

/** Status transitions out of mapped events, oldest first. */
export function statusChangesFromEvents(events: SourcehutTicketEvent[]): WorkItemStatusChange[] {
  return events
    .filter((event) => event.type === 'STATUS_CHANGE' && event.newStatus !== null)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((event) => ({ at: event.createdAt, fromStatus: event.oldStatus, toStatus: event.newStatus!, actor: event.actor }));
}

/** When a currently RESOLVED ticket was resolved: its latest transition to RESOLVED. */
export function resolvedAtFromEvents(status: string, events: SourcehutTicketEvent[]): string | null {
  if (status !== 'RESOLVED') return null;
  const changes = statusChangesFromEvents(events).filter((change) => change.toStatus === 'RESOLVED');
  return changes.length > 0 ? changes[changes.length - 1].at : null;
}
