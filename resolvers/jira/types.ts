/** Canonical Jira values as resolvers/schema/jira.graphql and workitem.graphql define them. */
// The SDL's enums, as graphql-codegen writes them (one definition, not a hand-kept copy).
import type { WorkItemStatusCategory, JiraBoardType } from '../generated/resolver-types.ts';

export interface JiraUser {
  accountId: string;
  displayName: string;
  email: string | null;
}

export interface JiraProject {
  cloudId: string;
  key: string;
  name: string;
  type: string | null;
}

export interface JiraSprint {
  id: string;
  name: string;
  state: string;
  startAt: string | null;
  endAt: string | null;
  completeAt: string | null;
}

export interface WorkItemActor {
  id: string;
  displayName: string;
}

export type { WorkItemStatusCategory };

export interface WorkItemStatusChange {
  at: string;
  fromStatus: string | null;
  toStatus: string;
  actor: WorkItemActor | null;
}

export interface JiraIssue {
  cloudId: string;
  key: string;
  projectKey: string;
  issueType: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  assignee: JiraUser | null;
  reporter: JiraUser | null;
  labels: string[];
  components: string[];
  storyPoints: number | null;
  sprintIds: string[];
  source: 'JIRA';
  ref: string;
  title: string;
  container: string;
  statusCategory: WorkItemStatusCategory | null;
  assignees: WorkItemActor[];
  submitter: WorkItemActor | null;
  /** Not in the SDL: the numeric issue id, which the bulk changelog answer is keyed by. */
  issueId: string;
  /** Not in the SDL: worklogs embedded in the search answer when complete, saving a request. */
  embeddedWorklogs: JiraWorklog[] | null;
  /** Not in the SDL: the `fields` object as Jira sent it, read by JiraIssue.fields(ids:, names:). */
  rawFields: Record<string, unknown>;
  /** Not in the SDL: how this request's fields(ids:, names:) arguments resolved (set by the root resolver). */
  fieldLookup?: FieldLookup;
}

/**
 * Field ids and names a request asked for through JiraIssue.fields, resolved against the site's
 * field catalogue: id per name, and the problem (unknown, ambiguous) per id or name that failed.
 */
export interface FieldLookup {
  idByName: Map<string, string>;
  /** Keyed `id:<id>` or `name:<name>`. */
  problems: Map<string, { code: 'BAD_USER_INPUT' | 'UPSTREAM_ERROR'; message: string }>;
}

export interface JiraChangelogItem {
  field: string;
  from: string | null;
  to: string | null;
  fromString: string | null;
  toString: string | null;
}

export interface JiraChangelogEvent {
  issueKey: string;
  eventId: string;
  author: JiraUser | null;
  createdAt: string;
  items: JiraChangelogItem[];
}

export interface JiraWorklog {
  issueKey: string;
  worklogId: string;
  author: JiraUser | null;
  startedAt: string;
  timeSpentSeconds: number;
  createdAt: string;
  updatedAt: string;
}

// JiraBoardType `simple`: a team-managed board (beyond the canonical contract's scrum/kanban).
export type { JiraBoardType };

export interface JiraBoard {
  id: string;
  name: string;
  type: JiraBoardType;
}

export interface JiraVersion {
  id: string;
  name: string;
  projectKey: string;
  released: boolean;
  /** Calendar date `YYYY-MM-DD` (the Date scalar), not an instant. */
  releaseDate: string | null;
}

/** A worklog id the deleted-worklogs feed lists, with when it was deleted. */
export interface JiraDeletedWorklog {
  worklogId: string;
  deletedAt: string;
}

export interface OpsgenieTeamRef {
  id: string;
  name: string;
}

export interface CanonicalProjectWithOpsgenieTeams {
  project: JiraProject;
  opsgenieTeams: OpsgenieTeamRef[];
}
