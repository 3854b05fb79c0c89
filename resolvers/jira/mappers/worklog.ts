import { MappingError } from '../../shared/errors.ts';
import { asObject, requiredDateTime, requiredString, type MapTarget } from '../../shared/raw.ts';
import type { JiraDeletedWorklog, JiraWorklog } from '../types.ts';
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

/** One entry of the updated- or deleted-worklogs feed (ChangedWorklog). */
export interface ChangedWorklog {
  worklogId: string;
  /** Epoch ms of the change (updatedTime). */
  changedAt: number;
}

/** ChangedWorklog -> id and time; an entry without them is a mapping error naming the feed. */
export function mapChangedWorklog(raw: unknown, feed: 'updated' | 'deleted'): ChangedWorklog {
  const typeName = feed === 'updated' ? 'JiraWorklog' : 'JiraDeletedWorklog';
  const entry = asObject(raw, { typeName, label: `(unknown id) in the ${feed}-worklogs feed` }, 'value');
  const worklogId = requiredString(entry.worklogId, { typeName, label: `(unknown id) in the ${feed}-worklogs feed` }, 'worklogId');
  const changedAt = entry.updatedTime;
  if (typeof changedAt !== 'number' || !Number.isSafeInteger(changedAt) || changedAt < 0) {
    throw new MappingError(typeName, `${worklogId} in the ${feed}-worklogs feed`, 'updatedTime', changedAt == null ? 'is missing' : 'is not epoch milliseconds');
  }
  return { worklogId, changedAt };
}

/** A deleted-worklogs feed entry -> canonical JiraDeletedWorklog. */
export function mapDeletedWorklog(raw: unknown): JiraDeletedWorklog {
  const { worklogId, changedAt } = mapChangedWorklog(raw, 'deleted');
  return { worklogId, deletedAt: new Date(changedAt).toISOString() };
}
