/**
 * Raw Jira REST shapes the sandbox serves, named after the schemas in
 * openapi/jira-platform.openapi.json (User, Project, Version, Changelog, Worklog, ...)
 * and openapi/jira-software.openapi.json (Board, SprintBean). Only the properties the
 * sandbox fills are listed; every one exists in the spec.
 */
import type { AdfDocument } from './adf.ts';

export type AvatarUrls = Record<'16x16' | '24x24' | '32x32' | '48x48', string>;

/** `User` (GET /user, /myself). */
export interface JiraUserJson {
  self: string;
  accountId: string;
  accountType: 'atlassian' | 'app' | 'customer' | 'unknown';
  emailAddress: string;
  avatarUrls: AvatarUrls;
  displayName: string;
  active: boolean;
  timeZone: string;
  locale: string;
}

/** `UserDetails` (users embedded in issues, changelogs, worklogs). */
export interface JiraUserDetailsJson {
  self: string;
  accountId: string;
  emailAddress: string;
  avatarUrls: AvatarUrls;
  displayName: string;
  active: boolean;
  timeZone: string;
  accountType: string;
}

export interface JiraStatusCategoryJson {
  self: string;
  id: number;
  key: 'new' | 'indeterminate' | 'done';
  colorName: string;
  name: string;
}

/** `StatusDetails`. */
export interface JiraStatusJson {
  self: string;
  description: string;
  iconUrl: string;
  name: string;
  id: string;
  statusCategory: JiraStatusCategoryJson;
}

/** `IssueTypeDetails`. */
export interface JiraIssueTypeJson {
  self: string;
  id: string;
  description: string;
  iconUrl: string;
  name: string;
  subtask: boolean;
  avatarId: number;
  hierarchyLevel: number;
}

export interface JiraPriorityJson {
  self: string;
  iconUrl: string;
  name: string;
  id: string;
}

export interface JiraResolutionJson {
  self: string;
  id: string;
  description: string;
  name: string;
}

/** `ProjectComponent` (the short form embedded in issues has self, id, name). */
export interface JiraComponentJson {
  self: string;
  id: string;
  name: string;
  description?: string;
}

/** `Version`. */
export interface JiraVersionJson {
  self: string;
  id: string;
  description: string;
  name: string;
  archived: boolean;
  released: boolean;
  startDate?: string;
  releaseDate?: string;
  overdue?: boolean;
  userStartDate?: string;
  userReleaseDate?: string;
  projectId: number;
}

export interface JiraProjectCategoryJson {
  self: string;
  id: string;
  name: string;
  description: string;
}

export type JiraProjectTypeKey = 'software' | 'service_desk' | 'business';

/** One project with the pieces the REST routes assemble into `Project` JSON. */
export interface JiraProjectRecord {
  id: string;
  key: string;
  name: string;
  projectTypeKey: JiraProjectTypeKey;
  description: string;
  leadAccountId: string;
  category: JiraProjectCategoryJson;
  components: JiraComponentJson[];
  issueTypeIds: string[];
  avatarUrls: AvatarUrls;
  uuid: string;
  /** The board id of the project's board, when it has one. */
  boardId?: number;
}

/** `ChangeDetails`. Jira sends null for an absent from/to, so null is allowed. */
export interface JiraChangeItemJson {
  field: string;
  fieldtype: string;
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

/** `Changelog`. */
export interface JiraChangelogJson {
  id: string;
  author: JiraUserDetailsJson;
  created: string;
  items: JiraChangeItemJson[];
}

/** `Worklog`. */
export interface JiraWorklogJson {
  self: string;
  author: JiraUserDetailsJson;
  updateAuthor: JiraUserDetailsJson;
  comment: AdfDocument;
  created: string;
  updated: string;
  started: string;
  timeSpent: string;
  timeSpentSeconds: number;
  id: string;
  issueId: string;
}

/** `Comment`. */
export interface JiraCommentJson {
  self: string;
  id: string;
  author: JiraUserDetailsJson;
  body: AdfDocument;
  updateAuthor: JiraUserDetailsJson;
  created: string;
  updated: string;
  jsdPublic: boolean;
}

/** Sprint as stored in an issue's sprint custom field (customfield_10020). */
export interface JiraIssueSprintJson {
  id: number;
  name: string;
  state: 'closed' | 'active' | 'future';
  boardId: number;
  goal: string;
  startDate?: string;
  endDate?: string;
  completeDate?: string;
}

/** `SprintBean` (agile API) plus the board it belongs to. */
export interface JiraSprintRecord {
  id: number;
  self: string;
  state: 'closed' | 'active' | 'future';
  name: string;
  startDate?: string;
  endDate?: string;
  completeDate?: string;
  createdDate: string;
  originBoardId: number;
  goal: string;
}

export interface JiraBoardRecord {
  id: number;
  name: string;
  /** `simple`: a team-managed board. */
  type: 'scrum' | 'kanban' | 'simple';
  projectKey: string;
}

/** `ChangedWorklog`: an entry of the updated- and deleted-worklog feeds. */
export interface JiraChangedWorklogJson {
  worklogId: number;
  updatedTime: number;
  properties: unknown[];
}

/** `FieldDetails` (GET /field). */
export interface JiraFieldJson {
  id: string;
  key: string;
  name: string;
  custom: boolean;
  orderable: boolean;
  navigable: boolean;
  searchable: boolean;
  clauseNames: string[];
  schema?: { type: string; system?: string; items?: string; custom?: string; customId?: number };
}

/**
 * One issue: `fields` holds every field value (as GET issue?fields=*all returns them);
 * changelog and worklogs hold the complete histories the paginated routes slice.
 */
export interface JiraIssueRecord {
  id: string;
  key: string;
  projectKey: string;
  fields: Record<string, unknown>;
  changelog: JiraChangelogJson[];
  worklogs: JiraWorklogJson[];
  /** Epoch ms of created/updated, for JQL filtering and ordering without re-parsing. */
  createdMs: number;
  updatedMs: number;
}
