/**
 * The GraphQL documents the export runs against the canonical schema. Metric fields are spliced in
 * only when the schema has them (they land with the metrics work), so the export runs either way.
 */
import { getNamedType, isEnumType, isListType, isNonNullType, isObjectType, isScalarType, type GraphQLField, type GraphQLOutputType, type GraphQLSchema } from 'graphql';

const USER = 'accountId displayName';
const ACTOR = 'id displayName';

export const ISSUE_FIELDS = `cloudId key projectKey issueType status statusCategory title createdAt updatedAt resolvedAt
  assignee { ${USER} } reporter { ${USER} } labels components storyPoints sprintIds`;

export const TICKET_FIELDS = `ref owner tracker ticketId title status statusCategory resolution createdAt updatedAt resolvedAt
  submitter { ${ACTOR} } assignees { ${ACTOR} } labels statusChanges { at fromStatus toStatus actor { ${ACTOR} } }`;

/** WorkItem metric fields (issue 12), as the metrics SDL names them. */
export const METRIC_FIELDS = ['timeInStatus', 'cycleTimeSeconds', 'leadTimeSeconds', 'reopenedCount'] as const;
const METRIC_SELECTION = 'timeInStatus { status category seconds visits } cycleTimeSeconds leadTimeSeconds reopenedCount';

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

export function issuesDocument(withMetrics: boolean): string {
  return `query ExportIssues($cloudId: String, $jql: String!, $updatedSince: DateTime, $syncCursor: String, $first: Int, $after: String) {
  page: jiraIssues(cloudId: $cloudId, jql: $jql, updatedSince: $updatedSince, syncCursor: $syncCursor, first: $first, after: $after) {
    nodes { ${ISSUE_FIELDS} ${withMetrics ? METRIC_SELECTION : ''} } ${PAGE_INFO} syncCursor
  }
}`;
}

export const CHANGELOGS_DOCUMENT = `query ExportChangelogs($cloudId: String, $issueKeys: [String!]!, $since: DateTime, $syncCursor: String, $first: Int, $after: String) {
  page: jiraIssueChangelogs(cloudId: $cloudId, issueKeys: $issueKeys, since: $since, syncCursor: $syncCursor, first: $first, after: $after) {
    nodes { issueKey eventId author { ${USER} } createdAt items { field from to fromString toString } } ${PAGE_INFO} syncCursor
  }
}`;

export const WORKLOGS_DOCUMENT = `query ExportWorklogs($cloudId: String, $projectKeys: [String!], $updatedSince: DateTime, $syncCursor: String, $first: Int, $after: String) {
  page: jiraWorklogs(cloudId: $cloudId, projectKeys: $projectKeys, updatedSince: $updatedSince, syncCursor: $syncCursor, first: $first, after: $after) {
    nodes { issueKey worklogId author { ${USER} } startedAt timeSpentSeconds createdAt updatedAt } deleted { worklogId deletedAt } ${PAGE_INFO} syncCursor
  }
}`;

export const BOARDS_DOCUMENT = `query ExportBoards($cloudId: String, $projectKey: String, $first: Int, $after: String) {
  page: jiraBoards(cloudId: $cloudId, projectKey: $projectKey, first: $first, after: $after) { nodes { id name type } ${PAGE_INFO} }
}`;

export const SPRINTS_DOCUMENT = `query ExportSprints($cloudId: String, $boardId: ID!, $first: Int, $after: String) {
  page: jiraBoardSprints(cloudId: $cloudId, boardId: $boardId, first: $first, after: $after) { nodes { id name state startAt endAt completeAt } ${PAGE_INFO} }
}`;

export function ticketsDocument(withMetrics: boolean): string {
  return `query ExportTickets($owner: String!, $tracker: String!, $updatedSince: DateTime, $syncCursor: String, $first: Int, $after: String) {
  page: sourcehutTickets(owner: $owner, tracker: $tracker, updatedSince: $updatedSince, syncCursor: $syncCursor, first: $first, after: $after) {
    nodes { ${TICKET_FIELDS} ${withMetrics ? METRIC_SELECTION : ''} } ${PAGE_INFO} syncCursor
  }
}`;
}

/**
 * Selects every field of a type without required arguments, objects recursively (depth-capped):
 * the sprint report's shape is the metrics work's, so the export asks for all of it and keeps what
 * it does not know as JSON.
 */
export function fullSelection(type: GraphQLOutputType, depth = 4): string {
  const named = getNamedType(type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (!isObjectType(named) || depth === 0) return '';
  const parts: string[] = [];
  for (const field of Object.values(named.getFields()) as Array<GraphQLField<unknown, unknown>>) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    const inner = getNamedType(field.type);
    if (isScalarType(inner) || isEnumType(inner)) parts.push(field.name);
    else {
      const sub = fullSelection(field.type, depth - 1);
      if (sub !== '') parts.push(`${field.name} ${sub}`);
    }
  }
  return parts.length > 0 ? `{ ${parts.join(' ')} }` : '';
}

export function sprintReportDocument(schema: GraphQLSchema): string | undefined {
  const field = schema.getQueryType()?.getFields().jiraSprintReport;
  if (field === undefined) return undefined;
  const selection = fullSelection(field.type);
  if (selection === '') return undefined;
  const argNames = new Set(field.args.map((arg) => arg.name));
  if (!argNames.has('boardId') || !argNames.has('sprintId')) return undefined;
  const typeOf = (name: string) => String(field.args.find((arg) => arg.name === name)!.type);
  const withCloud = argNames.has('cloudId');
  return `query ExportSprintReport(${withCloud ? `$cloudId: ${typeOf('cloudId')}, ` : ''}$boardId: ${typeOf('boardId')}, $sprintId: ${typeOf('sprintId')}) {
  report: jiraSprintReport(${withCloud ? 'cloudId: $cloudId, ' : ''}boardId: $boardId, sprintId: $sprintId) ${selection}
}`;
}

/** The list-of-objects field of the report that lists its issues (elements with a key), if any. */
export function reportIssuesField(schema: GraphQLSchema): { name: string; keyField: string } | undefined {
  const report = schema.getQueryType()?.getFields().jiraSprintReport;
  if (report === undefined) return undefined;
  const named = getNamedType(report.type);
  if (!isObjectType(named)) return undefined;
  for (const field of Object.values(named.getFields())) {
    const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
    const element = getNamedType(field.type);
    if (!isListType(unwrapped) || !isObjectType(element)) continue;
    const fields = element.getFields();
    const keyField = ['issueKey', 'key'].find((name) => fields[name] !== undefined);
    if (keyField !== undefined) return { name: field.name, keyField };
  }
  return undefined;
}
