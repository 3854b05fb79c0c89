import type { WorkItemActor, WorkItemStatusCategory } from '../jira/types.ts';

export type SourcehutTicketEventType =
  | 'CREATED'
  | 'COMMENT'
  | 'STATUS_CHANGE'
  | 'LABEL_ADDED'
  | 'LABEL_REMOVED'
  | 'ASSIGNED_USER'
  | 'UNASSIGNED_USER'
  | 'USER_MENTIONED'
  | 'TICKET_MENTIONED';

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
