import { MappingError } from '../../shared/errors.ts';
import { isObject, optionalString, type MapTarget } from '../../shared/raw.ts';
import type { JiraUser, WorkItemActor } from '../types.ts';

/**
 * Jira UserDetails -> JiraUser, or null when the user is absent. A present user without
 * accountId is a mapping error on the owning item (field path given by the caller).
 * displayName falls back to the accountId: Jira hides names of some users by privacy setting.
 */
export function mapJiraUser(raw: unknown, owner: MapTarget, field: string): JiraUser | null {
  if (raw == null) return null;
  if (!isObject(raw)) throw new MappingError(owner.typeName, owner.label, field, 'is not an object');
  const accountId = optionalString(raw.accountId);
  if (accountId === null) throw new MappingError(owner.typeName, owner.label, `${field}.accountId`);
  return {
    accountId,
    displayName: optionalString(raw.displayName) ?? accountId,
    email: optionalString(raw.emailAddress),
  };
}

export function jiraUserToActor(user: JiraUser | null): WorkItemActor | null {
  return user ? { id: user.accountId, displayName: user.displayName } : null;
}
