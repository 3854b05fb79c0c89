import { MappingError } from '../../shared/errors.ts';
import { arrayOf, asObject, isObject, optionalString, requiredDateTime, requiredString, type MapTarget } from '../../shared/raw.ts';
import type { WorkItemActor, WorkItemStatusCategory } from '../../jira/types.ts';
import type { SourcehutTicket } from '../types.ts';

const STATUS_CATEGORY: Record<string, WorkItemStatusCategory> = {
  REPORTED: 'TODO',
  CONFIRMED: 'TODO',
  IN_PROGRESS: 'IN_PROGRESS',
  PENDING: 'IN_PROGRESS',
  RESOLVED: 'DONE',
};

/** The one todo.sr.ht TicketStatus -> category mapping (statusCategory and the metrics both use it); unknown statuses -> null. */
export function sourcehutStatusCategory(status: string): WorkItemStatusCategory | null {
  return Object.hasOwn(STATUS_CATEGORY, status) ? STATUS_CATEGORY[status] : null;
}

/** sr.ht Entity -> actor; the canonical name (~user) serves as id and display name. */
export function mapEntity(raw: unknown, target: MapTarget, field: string): WorkItemActor | null {
  if (raw == null) return null;
  if (!isObject(raw)) throw new MappingError(target.typeName, target.label, field, 'is not an object');
  const name = requiredString(raw.canonicalName, target, `${field}.canonicalName`);
  return { id: name, displayName: name };
}

/** todo.sr.ht Ticket of tracker `owner/tracker` -> canonical SourcehutTicket. */
export function mapSourcehutTicket(raw: unknown, owner: string, tracker: string): SourcehutTicket {
  const container = `${owner}/${tracker}`;
  const ticket = asObject(raw, { typeName: 'SourcehutTicket', label: `of ${container}` }, 'ticket');
  const idValue = ticket.id;
  if (typeof idValue !== 'number' || !Number.isInteger(idValue)) {
    throw new MappingError('SourcehutTicket', `(unknown id) of ${container}`, 'id', idValue == null ? 'is missing' : 'is not an integer');
  }
  const ref = optionalString(ticket.ref) ?? `${container}#${idValue}`;
  const target: MapTarget = { typeName: 'SourcehutTicket', label: ref };
  const status = requiredString(ticket.status, target, 'status');
  return {
    source: 'SOURCEHUT',
    ref,
    title: requiredString(ticket.subject, target, 'subject'),
    container,
    status,
    statusCategory: sourcehutStatusCategory(status),
    createdAt: requiredDateTime(ticket.created, target, 'created'),
    updatedAt: requiredDateTime(ticket.updated, target, 'updated'),
    assignees: arrayOf(ticket.assignees).map((entity, index) => mapEntity(entity, target, `assignees[${index}]`)!),
    submitter: mapEntity(ticket.submitter, target, 'submitter'),
    labels: arrayOf(ticket.labels)
      .map((label) => (isObject(label) ? optionalString(label.name) : null))
      .filter((name): name is string => name !== null),
    ticketId: idValue,
    owner,
    tracker,
    resolution: requiredString(ticket.resolution, target, 'resolution'),
    body: optionalString(ticket.body),
  };
}
