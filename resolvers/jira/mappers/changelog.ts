import { arrayOf, asObject, optionalString, requiredDateTime, requiredString, type MapTarget } from '../../shared/raw.ts';
import type { JiraChangelogEvent, JiraChangelogItem, WorkItemStatusChange } from '../types.ts';
import { jiraUserToActor, mapJiraUser } from './user.ts';

/** Jira Changelog (one history entry) -> canonical JiraChangelogEvent of the given issue. */
export function mapJiraChangelogEvent(raw: unknown, issueKey: string): JiraChangelogEvent {
  const history = asObject(raw, { typeName: 'JiraChangelogEvent', label: `of issue ${issueKey}` }, 'changelog');
  const eventId = requiredString(history.id, { typeName: 'JiraChangelogEvent', label: `(unknown id) of issue ${issueKey}` }, 'id');
  const target: MapTarget = { typeName: 'JiraChangelogEvent', label: `${eventId} of issue ${issueKey}` };
  if (!Array.isArray(history.items)) requiredString(undefined, target, 'items');
  return {
    issueKey,
    eventId,
    author: mapJiraUser(history.author, target, 'author'),
    createdAt: requiredDateTime(history.created, target, 'created'),
    items: arrayOf(history.items).map((item, index) => mapChangelogItem(item, target, index)),
  };
}

function mapChangelogItem(raw: unknown, target: MapTarget, index: number): JiraChangelogItem {
  const item = asObject(raw, target, `items[${index}]`);
  return {
    // fieldId is stable (customfield_10016); field is the display name. The canonical `field` keeps Jira's `field`.
    field: requiredString(item.field ?? item.fieldId, target, `items[${index}].field`),
    from: optionalString(item.from),
    to: optionalString(item.to),
    fromString: optionalString(item.fromString),
    toString: optionalString(item.toString),
  };
}

/** Status transitions out of a changelog, oldest first. */
export function statusChangesFromChangelog(events: JiraChangelogEvent[]): WorkItemStatusChange[] {
  const changes: WorkItemStatusChange[] = [];
  for (const event of [...events].sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    for (const item of event.items) {
      if (item.field.toLowerCase() !== 'status') continue;
      const toStatus = item.toString ?? item.to;
      if (toStatus === null) continue;
      changes.push({ at: event.createdAt, fromStatus: item.fromString ?? item.from, toStatus, actor: jiraUserToActor(event.author) });
    }
  }
  return changes;
}
