import type { WorkItemActor, WorkItemStatusCategory } from '../jira/types.ts';
// The SDL's enums, as graphql-codegen writes them (one definition, not a hand-kept copy).
import type { SourcehutTicketEventType } from '../generated/resolver-types.ts';

export type { SourcehutTicketEventType };

/** Canonical SourcehutTicket (resolvers/schema/workitem.graphql) without its event-derived fields. */
export interface SourcehutTicket {
  source: 'SOURCEHUT';
  ref: string;
  title: string;
  container: string;
  status: string;
  statusCategory: WorkItemStatusCategory | null;
  createdAt: string;
  updatedAt: string;
  assignees: WorkItemActor[];
  submitter: WorkItemActor | null;
  labels: string[];
  ticketId: number;
  owner: string;
  tracker: string;
  resolution: string;
  body: string | null;
}

export interface SourcehutTicketEvent {
  eventId: string;
  ticketRef: string;
  createdAt: string;
  type: SourcehutTicketEventType;
  actor: WorkItemActor | null;
  oldStatus: string | null;
  newStatus: string | null;
  oldResolution: string | null;
  newResolution: string | null;
  assignee: WorkItemActor | null;
  label: string | null;
}
