/** Canonical Jira values as resolvers/schema/jira.graphql and workitem.graphql define them. */

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

export type WorkItemStatusCategory = 'TODO' | 'IN_PROGRESS' | 'DONE';

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

export interface JiraBoard {
  id: string;
  name: string;
  type: 'scrum' | 'kanban';
}

export interface JiraVersion {
  id: string;
  name: string;
  projectKey: string;
  released: boolean;
  releaseDate: string | null;
}

export interface OpsgenieTeamRef {
  id: string;
  name: string;
}

export interface CanonicalProjectWithOpsgenieTeams {
  project: JiraProject;
  opsgenieTeams: OpsgenieTeamRef[];
}
