import { MappingError } from '../../shared/errors.ts';
import { asObject, requiredDateTime, requiredString, type MapTarget } from '../../shared/raw.ts';
import type { JiraWorklog } from '../types.ts';
import { mapJiraUser } from './user.ts';

/** Jira Worklog -> canonical JiraWorklog of the given issue. */
export function mapJiraWorklog(raw: unknown, issueKey: string): JiraWorklog {
  const worklog = asObject(raw, { typeName: 'JiraWorklog', label: `of issue ${issueKey}` }, 'worklog');
  const worklogId = requiredString(worklog.id, { typeName: 'JiraWorklog', label: `(unknown id) of issue ${issueKey}` }, 'id');
  const target: MapTarget = { typeName: 'JiraWorklog', label: `${worklogId} of issue ${issueKey}` };
  const seconds = worklog.timeSpentSeconds;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
    throw new MappingError(target.typeName, target.label, 'timeSpentSeconds', seconds == null ? 'is missing' : 'is not a non-negative integer');
  }
  return {
    issueKey,
    worklogId,
    author: mapJiraUser(worklog.author, target, 'author'),
    startedAt: requiredDateTime(worklog.started, target, 'started'),
    timeSpentSeconds: seconds,
    createdAt: requiredDateTime(worklog.created, target, 'created'),
    // Never-edited worklogs may omit updated on some sites: the creation time is the last update.
    updatedAt: requiredDateTime(worklog.updated ?? worklog.created, target, 'updated'),
  };
}
