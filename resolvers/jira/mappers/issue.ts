import type { JiraFieldSettings } from '../../../sources/config/types.ts';
import { MappingError } from '../../shared/errors.ts';
import {
  arrayOf,
  asObject,
  isObject,
  optionalDateTime,
  optionalNumber,
  optionalObject,
  optionalString,
  requiredDateTime,
  requiredString,
  type MapTarget,
} from '../../shared/raw.ts';
import type { JiraIssue, JiraWorklog, WorkItemStatusCategory } from '../types.ts';
import { jiraUserToActor, mapJiraUser } from './user.ts';
import { mapJiraWorklog } from './worklog.ts';

/** The issue fields the canonical mapper reads (asked for in every search/issue request). */
export function canonicalIssueFields(fields: JiraFieldSettings, withWorklogs: boolean, extra: readonly string[] = []): string[] {
  const names = ['summary', 'issuetype', 'status', 'created', 'updated', 'resolutiondate', 'assignee', 'reporter', 'labels', 'components', 'project', fields.storyPointsField, fields.sprintField];
  if (withWorklogs) names.push('worklog');
  // Fields a caller reads through JiraIssue.fields(ids:, names:): asked for in the same request.
  for (const id of extra) if (!names.includes(id)) names.push(id);
  return names;
}

/** Jira's three fixed statusCategory keys; any other key (e.g. "undefined", No Category) is unknown. */
export const JIRA_STATUS_CATEGORY_BY_KEY: Readonly<Record<string, WorkItemStatusCategory>> = { new: 'TODO', indeterminate: 'IN_PROGRESS', done: 'DONE' };

/** A raw Jira issue (search or GET issue answer) -> canonical JiraIssue. Throws MappingError naming the issue and field. */
export function mapJiraIssue(raw: unknown, cloudId: string, fieldSettings: JiraFieldSettings): JiraIssue {
  const anonymous: MapTarget = { typeName: 'JiraIssue', label: '(unknown key)' };
  const issue = asObject(raw, anonymous, 'issue');
  const key = requiredString(issue.key, { typeName: 'JiraIssue', label: `(id ${optionalString(issue.id) ?? 'unknown'})` }, 'key');
  const target: MapTarget = { typeName: 'JiraIssue', label: key };
  const fields = asObject(issue.fields, target, 'fields');
  const issueType = asObject(fields.issuetype, target, 'fields.issuetype');
  const status = asObject(fields.status, target, 'fields.status');
  const project = optionalObject(fields.project);
  // Keys are PROJECT-NUMBER; the project field is used when present, the key prefix otherwise.
  const projectKey = optionalString(project?.key) ?? key.replace(/-\d+$/, '');
  const assignee = mapJiraUser(fields.assignee, target, 'fields.assignee');
  const reporter = mapJiraUser(fields.reporter, target, 'fields.reporter');
  const statusName = requiredString(status.name, target, 'fields.status.name');
  const categoryKey = optionalString(optionalObject(status.statusCategory)?.key);

  return {
    cloudId,
    key,
    projectKey,
    issueType: requiredString(issueType.name, target, 'fields.issuetype.name'),
    status: statusName,
    createdAt: requiredDateTime(fields.created, target, 'fields.created'),
    updatedAt: requiredDateTime(fields.updated, target, 'fields.updated'),
    resolvedAt: optionalDateTime(fields.resolutiondate, target, 'fields.resolutiondate'),
    assignee,
    reporter,
    labels: arrayOf(fields.labels).filter((label): label is string => typeof label === 'string'),
    components: arrayOf(fields.components)
      .map((component) => (isObject(component) ? optionalString(component.name) : null))
      .filter((name): name is string => name !== null),
    storyPoints: optionalNumber(fields[fieldSettings.storyPointsField]),
    sprintIds: mapSprintIds(fields[fieldSettings.sprintField], target, fieldSettings.sprintField),
    source: 'JIRA',
    ref: key,
    title: optionalString(fields.summary) ?? '',
    container: projectKey,
    statusCategory: categoryKey ? (JIRA_STATUS_CATEGORY_BY_KEY[categoryKey] ?? null) : null,
    assignees: assignee ? [jiraUserToActor(assignee)!] : [],
    submitter: jiraUserToActor(reporter),
    issueId: requiredString(issue.id, target, 'id'),
    embeddedWorklogs: mapEmbeddedWorklogs(fields.worklog, key),
    rawFields: fields,
  };
}

/**
 * The sprint custom field is an array of sprint objects on Cloud (`{id, name, state, ...}`);
 * older sites send strings like `com.atlassian...Sprint@1a2b[id=37,rapidViewId=5,...]`.
 */
function mapSprintIds(raw: unknown, target: MapTarget, field: string): string[] {
  if (raw == null) return [];
  const values = Array.isArray(raw) ? raw : [raw];
  return values.map((value, index) => {
    if (isObject(value)) {
      const id = optionalString(value.id);
      if (id === null) throw new MappingError(target.typeName, target.label, `fields.${field}[${index}].id`);
      return id;
    }
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') {
      const legacy = /\bid=(\d+)/.exec(value);
      if (legacy) return legacy[1];
      if (/^\d+$/.test(value)) return value;
    }
    throw new MappingError(target.typeName, target.label, `fields.${field}[${index}]`, 'is not a sprint');
  });
}

/**
 * The search answer embeds up to 20 worklogs per issue with the total; when that is all of
 * them the worklog request for this issue is skipped. Incomplete or unmappable -> null (fetch).
 */
function mapEmbeddedWorklogs(raw: unknown, issueKey: string): JiraWorklog[] | null {
  if (!isObject(raw) || !Array.isArray(raw.worklogs)) return null;
  const total = optionalNumber(raw.total);
  if (total === null || total > raw.worklogs.length) return null;
  try {
    return raw.worklogs.map((worklog) => mapJiraWorklog(worklog, issueKey));
  } catch (error) {
    if (error instanceof MappingError) return null;
    throw error;
  }
}
