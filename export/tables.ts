/**
 * The export's tables: one per canonical type, snake_case columns, primary keys, and the mappers
 * from canonical GraphQL answers to rows.
 */
export type ColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMPTZ' | 'VARCHAR[]' | 'JSON';
export type Row = Record<string, string | number | boolean | null | string[] | JsonValue>;
export type JsonValue = { json: unknown };

export interface TableDef {
  name: string;
  columns: Array<[string, ColumnType]>;
  key: string[];
}

/** Marks a value to be stored as JSON text (kept apart from VARCHAR[] lists). */
export const json = (value: unknown): JsonValue => ({ json: value });

export const TABLES = {
  jira_issues: {
    name: 'jira_issues',
    key: ['cloud_id', 'key'],
    columns: [
      ['cloud_id', 'VARCHAR'], ['key', 'VARCHAR'], ['project_key', 'VARCHAR'], ['issue_type', 'VARCHAR'], ['status', 'VARCHAR'], ['status_category', 'VARCHAR'],
      ['title', 'VARCHAR'], ['created_at', 'TIMESTAMPTZ'], ['updated_at', 'TIMESTAMPTZ'], ['resolved_at', 'TIMESTAMPTZ'],
      ['assignee_account_id', 'VARCHAR'], ['assignee_display_name', 'VARCHAR'], ['reporter_account_id', 'VARCHAR'], ['reporter_display_name', 'VARCHAR'],
      ['labels', 'VARCHAR[]'], ['components', 'VARCHAR[]'], ['story_points', 'DOUBLE'], ['sprint_ids', 'VARCHAR[]'],
    ],
  },
  jira_changelog_events: {
    name: 'jira_changelog_events',
    key: ['cloud_id', 'event_id'],
    columns: [['cloud_id', 'VARCHAR'], ['event_id', 'VARCHAR'], ['issue_key', 'VARCHAR'], ['author_account_id', 'VARCHAR'], ['author_display_name', 'VARCHAR'], ['created_at', 'TIMESTAMPTZ']],
  },
  jira_changelog_items: {
    name: 'jira_changelog_items',
    key: ['cloud_id', 'event_id', 'position'],
    columns: [
      ['cloud_id', 'VARCHAR'], ['event_id', 'VARCHAR'], ['position', 'INTEGER'], ['field', 'VARCHAR'],
      ['from_value', 'VARCHAR'], ['to_value', 'VARCHAR'], ['from_string', 'VARCHAR'], ['to_string', 'VARCHAR'],
    ],
  },
  jira_worklogs: {
    name: 'jira_worklogs',
    key: ['cloud_id', 'worklog_id'],
    columns: [
      ['cloud_id', 'VARCHAR'], ['worklog_id', 'VARCHAR'], ['issue_key', 'VARCHAR'], ['author_account_id', 'VARCHAR'], ['author_display_name', 'VARCHAR'],
      ['started_at', 'TIMESTAMPTZ'], ['time_spent_seconds', 'BIGINT'], ['created_at', 'TIMESTAMPTZ'], ['updated_at', 'TIMESTAMPTZ'],
    ],
  },
  jira_sprints: {
    name: 'jira_sprints',
    key: ['cloud_id', 'sprint_id'],
    columns: [
      ['cloud_id', 'VARCHAR'], ['sprint_id', 'VARCHAR'], ['board_id', 'VARCHAR'], ['name', 'VARCHAR'], ['state', 'VARCHAR'],
      ['start_at', 'TIMESTAMPTZ'], ['end_at', 'TIMESTAMPTZ'], ['complete_at', 'TIMESTAMPTZ'],
    ],
  },
  sourcehut_tickets: {
    name: 'sourcehut_tickets',
    key: ['ref'],
    columns: [
      ['ref', 'VARCHAR'], ['owner', 'VARCHAR'], ['tracker', 'VARCHAR'], ['ticket_id', 'INTEGER'], ['title', 'VARCHAR'], ['status', 'VARCHAR'], ['status_category', 'VARCHAR'],
      ['resolution', 'VARCHAR'], ['created_at', 'TIMESTAMPTZ'], ['updated_at', 'TIMESTAMPTZ'], ['resolved_at', 'TIMESTAMPTZ'],
      ['submitter_id', 'VARCHAR'], ['assignee_ids', 'VARCHAR[]'], ['labels', 'VARCHAR[]'],
    ],
  },
  sourcehut_ticket_status_changes: {
    name: 'sourcehut_ticket_status_changes',
    key: ['ref', 'position'],
    columns: [['ref', 'VARCHAR'], ['position', 'INTEGER'], ['at', 'TIMESTAMPTZ'], ['from_status', 'VARCHAR'], ['to_status', 'VARCHAR'], ['actor_id', 'VARCHAR']],
  },
  work_item_metrics: {
    name: 'work_item_metrics',
    key: ['source', 'ref'],
    columns: [
      ['source', 'VARCHAR'], ['ref', 'VARCHAR'], ['cycle_time_seconds', 'DOUBLE'], ['lead_time_seconds', 'DOUBLE'], ['reopened_count', 'INTEGER'], ['time_in_status', 'JSON'],
    ],
  },
  sprint_reports: {
    name: 'sprint_reports',
    key: ['cloud_id', 'sprint_id'],
    columns: [['cloud_id', 'VARCHAR'], ['sprint_id', 'VARCHAR'], ['board_id', 'VARCHAR'], ['sprint_state', 'VARCHAR'], ['report', 'JSON']],
  },
  sprint_report_issues: {
    name: 'sprint_report_issues',
    key: ['cloud_id', 'sprint_id', 'position'],
    columns: [['cloud_id', 'VARCHAR'], ['sprint_id', 'VARCHAR'], ['position', 'INTEGER'], ['issue_key', 'VARCHAR'], ['entry', 'JSON']],
  },
} satisfies Record<string, TableDef>;

export type TableName = keyof typeof TABLES;

/** The tables every export has; the two metric tables only once the schema has the metrics. */
export const CORE_TABLES: TableName[] = [
  'jira_issues', 'jira_changelog_events', 'jira_changelog_items', 'jira_worklogs', 'jira_sprints', 'sourcehut_tickets', 'sourcehut_ticket_status_changes',
];

// ---- Canonical answer shapes (as the documents in documents.ts select them) ----

interface User { accountId: string; displayName: string }
interface Actor { id: string; displayName: string }
export interface MetricFields {
  timeInStatus?: Array<{ status: string; category: string | null; seconds: number; visits: number }> | null;
  cycleTimeSeconds?: number | null;
  leadTimeSeconds?: number | null;
  reopenedCount?: number | null;
}
export interface IssueNode extends MetricFields {
  cloudId: string; key: string; projectKey: string; issueType: string; status: string; statusCategory: string | null; title: string;
  createdAt: string; updatedAt: string; resolvedAt: string | null; assignee: User | null; reporter: User | null;
  labels: string[]; components: string[]; storyPoints: number | null; sprintIds: string[];
}
export interface ChangelogNode {
  issueKey: string; eventId: string; author: User | null; createdAt: string;
  items: Array<{ field: string; from: string | null; to: string | null; fromString: string | null; toString: string | null }>;
}
export interface WorklogNode { issueKey: string; worklogId: string; author: User | null; startedAt: string; timeSpentSeconds: number; createdAt: string; updatedAt: string }
export interface SprintNode { id: string; name: string; state: string; startAt: string | null; endAt: string | null; completeAt: string | null }
export interface TicketNode extends MetricFields {
  ref: string; owner: string; tracker: string; ticketId: number; title: string; status: string; statusCategory: string | null; resolution: string;
  createdAt: string; updatedAt: string; resolvedAt: string | null; submitter: Actor | null; assignees: Actor[]; labels: string[];
  statusChanges: Array<{ at: string; fromStatus: string | null; toStatus: string; actor: Actor | null }>;
}

export function issueRow(issue: IssueNode, cloudId: string): Row {
  return {
    cloud_id: cloudId, key: issue.key, project_key: issue.projectKey, issue_type: issue.issueType, status: issue.status, status_category: issue.statusCategory,
    title: issue.title, created_at: issue.createdAt, updated_at: issue.updatedAt, resolved_at: issue.resolvedAt,
    assignee_account_id: issue.assignee?.accountId ?? null, assignee_display_name: issue.assignee?.displayName ?? null,
    reporter_account_id: issue.reporter?.accountId ?? null, reporter_display_name: issue.reporter?.displayName ?? null,
    labels: issue.labels, components: issue.components, story_points: issue.storyPoints, sprint_ids: issue.sprintIds,
  };
}

export function changelogRows(event: ChangelogNode, cloudId: string): { event: Row; items: Row[] } {
  return {
    event: {
      cloud_id: cloudId, event_id: event.eventId, issue_key: event.issueKey, author_account_id: event.author?.accountId ?? null,
      author_display_name: event.author?.displayName ?? null, created_at: event.createdAt,
    },
    items: event.items.map((item, position) => ({
      cloud_id: cloudId, event_id: event.eventId, position, field: item.field, from_value: item.from, to_value: item.to, from_string: item.fromString, to_string: item.toString,
    })),
  };
}

export function worklogRow(worklog: WorklogNode, cloudId: string): Row {
  return {
    cloud_id: cloudId, worklog_id: worklog.worklogId, issue_key: worklog.issueKey, author_account_id: worklog.author?.accountId ?? null,
    author_display_name: worklog.author?.displayName ?? null, started_at: worklog.startedAt, time_spent_seconds: worklog.timeSpentSeconds,
    created_at: worklog.createdAt, updated_at: worklog.updatedAt,
  };
}

export function sprintRow(sprint: SprintNode, boardId: string, cloudId: string): Row {
  return {
    cloud_id: cloudId, sprint_id: sprint.id, board_id: boardId, name: sprint.name, state: sprint.state,
    start_at: sprint.startAt, end_at: sprint.endAt, complete_at: sprint.completeAt,
  };
}

export function ticketRows(ticket: TicketNode): { ticket: Row; statusChanges: Row[] } {
  return {
    ticket: {
      ref: ticket.ref, owner: ticket.owner, tracker: ticket.tracker, ticket_id: ticket.ticketId, title: ticket.title, status: ticket.status,
      status_category: ticket.statusCategory, resolution: ticket.resolution, created_at: ticket.createdAt, updated_at: ticket.updatedAt,
      resolved_at: ticket.resolvedAt, submitter_id: ticket.submitter?.id ?? null, assignee_ids: ticket.assignees.map((actor) => actor.id), labels: ticket.labels,
    },
    statusChanges: ticket.statusChanges.map((change, position) => ({
      ref: ticket.ref, position, at: change.at, from_status: change.fromStatus, to_status: change.toStatus, actor_id: change.actor?.id ?? null,
    })),
  };
}

export function metricsRow(source: 'JIRA' | 'SOURCEHUT', ref: string, item: MetricFields): Row {
  return {
    source, ref, cycle_time_seconds: item.cycleTimeSeconds ?? null, lead_time_seconds: item.leadTimeSeconds ?? null,
    reopened_count: item.reopenedCount ?? null, time_in_status: json(item.timeInStatus ?? []),
  };
}
