// GENERATED FILE - do not edit. Run `npm run sdk` to regenerate.
// Source: graphql/operations/*.graphql against graphql/schema.snapshot.graphql.
/* eslint-disable */
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * An instant as an ISO 8601 UTC string with milliseconds, e.g. 2026-01-05T09:00:00.000Z.
   * Every canonical date-time uses this one scalar; upstream forms such as Jira's
   * 2026-01-05T09:00:00.000+0000 are normalised to UTC on the way out.
   */
  DateTime: { input: string; output: string; }
  /** Any JSON value (object, array, string, number, boolean or null), as the upstream sent it. */
  JSON: { input: unknown; output: unknown; }
  /**
   * A Jira project type: SOFTWARE, SERVICE_DESK, BUSINESS, PRODUCT_DISCOVERY or CUSTOMER_SERVICE in
   * any spelling (case-insensitive, `-` or spaces for `_`: software, service_desk, service-desk,
   * Service Desk); anything else is a BAD_USER_INPUT error listing the accepted values.
   */
  JiraProjectType: { input: string; output: string; }
};

export type AtlassianTeam = {
  __typename?: 'AtlassianTeam';
  avatarUrl?: Maybe<Scalars['String']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  displayName: Scalars['String']['output'];
  /** Team ARI (ari:cloud:identity::team/...). */
  id: Scalars['String']['output'];
  /** From the team search; null for team(id), which AGG does not count. */
  memberCount?: Maybe<Scalars['Int']['output']>;
  /** Current (full) members, every page; fetched with the teams when selected. */
  members: Array<Maybe<AtlassianTeamMember>>;
  state: AtlassianTeamState;
};

export type AtlassianTeamConnection = {
  __typename?: 'AtlassianTeamConnection';
  edges: Array<Maybe<AtlassianTeamEdge>>;
  nodes: Array<Maybe<AtlassianTeam>>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type AtlassianTeamEdge = {
  __typename?: 'AtlassianTeamEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<AtlassianTeam>;
};

export type AtlassianTeamMember = {
  __typename?: 'AtlassianTeamMember';
  accountId: Scalars['String']['output'];
  displayName?: Maybe<Scalars['String']['output']>;
  role?: Maybe<AtlassianTeamRole>;
  teamId: Scalars['String']['output'];
};

export type AtlassianTeamRole =
  | 'ADMIN'
  | 'REGULAR';

export type AtlassianTeamState =
  | 'ACTIVE'
  /** AGG DISBANDED or PURGED. */
  | 'ARCHIVED';

export type CanonicalProjectWithOpsgenieTeams = {
  __typename?: 'CanonicalProjectWithOpsgenieTeams';
  /** Opsgenie teams the project can link with; [] on the REST route, which cannot see them. */
  opsgenieTeams: Array<OpsgenieTeamRef>;
  project: JiraProject;
};

export type CanonicalProjectWithOpsgenieTeamsConnection = {
  __typename?: 'CanonicalProjectWithOpsgenieTeamsConnection';
  edges: Array<Maybe<CanonicalProjectWithOpsgenieTeamsEdge>>;
  nodes: Array<Maybe<CanonicalProjectWithOpsgenieTeams>>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type CanonicalProjectWithOpsgenieTeamsEdge = {
  __typename?: 'CanonicalProjectWithOpsgenieTeamsEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<CanonicalProjectWithOpsgenieTeams>;
};

export type CompassComponent = {
  __typename?: 'CompassComponent';
  cloudId: Scalars['String']['output'];
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  /** Component ARI. */
  id: Scalars['String']['output'];
  labels: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  ownerTeamId?: Maybe<Scalars['String']['output']>;
  ownerTeamName?: Maybe<Scalars['String']['output']>;
  /**
   * Relationships of the component: OUTWARD (this component -> others, the default), INWARD
   * (others -> this component) or BOTH. Either way startComponentId -> endComponentId reads as the
   * relationship goes, so a relationship has the same id from both of its components. Fetched in the
   * same AGG request as the component when selected; an unmappable relationship is null plus an error.
   */
  relationships: Array<Maybe<CompassRelationship>>;
  /**
   * Scores of the scorecards applied to the component (AGG appliedScorecards and each edge's score,
   * in the same AGG request when selected). Scorecards scored by maturity level have no percentage
   * score and are not listed.
   */
  scorecardScores: Array<Maybe<CompassScorecardScore>>;
  /** From AGG typeId; custom component types are OTHER. */
  type: CompassComponentType;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};


export type CompassComponentRelationshipsArgs = {
  direction?: InputMaybe<CompassRelationshipDirection>;
};

export type CompassComponentConnection = {
  __typename?: 'CompassComponentConnection';
  edges: Array<Maybe<CompassComponentEdge>>;
  nodes: Array<Maybe<CompassComponent>>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type CompassComponentEdge = {
  __typename?: 'CompassComponentEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<CompassComponent>;
};

/** Kinds of links a component can have (AGG CompassLinkType). */
export type CompassComponentLinkType =
  | 'CHAT_CHANNEL'
  | 'DASHBOARD'
  | 'DOCUMENT'
  | 'ON_CALL'
  | 'OTHER_LINK'
  | 'PROJECT'
  | 'REPOSITORY';

export type CompassComponentSort = {
  field: CompassComponentSortField;
  order?: InputMaybe<CompassSortOrder>;
};

/** Compass search fields a component list can be sorted by. */
export type CompassComponentSortField =
  /** Number of event sources (eventSourceCount). */
  | 'EVENT_SOURCE_COUNT'
  /** Component name (Compass search field title). */
  | 'NAME'
  /** Owner team (ownerId). */
  | 'OWNER_TEAM'
  /** Scorecard score (score). */
  | 'SCORE'
  /** Lifecycle state (state). */
  | 'STATE'
  /** Tier (compass:tier). */
  | 'TIER'
  /** Component type (type). */
  | 'TYPE';

export type CompassComponentType =
  | 'APPLICATION'
  | 'CAPABILITY'
  | 'CLOUD_RESOURCE'
  | 'DATA_PIPELINE'
  | 'LIBRARY'
  | 'MACHINE_LEARNING_MODEL'
  | 'OTHER'
  | 'SERVICE'
  | 'UI_ELEMENT'
  | 'WEBSITE';

export type CompassRelationship = {
  __typename?: 'CompassRelationship';
  endComponentId: Scalars['String']['output'];
  /** AGG relationships have no id: this is startComponentId|type|endComponentId. */
  id: Scalars['String']['output'];
  startComponentId: Scalars['String']['output'];
  /** AGG relationshipType, e.g. DEPENDS_ON or CHILD_OF. */
  type: Scalars['String']['output'];
};

/** Which relationships of a component to list. */
export type CompassRelationshipDirection =
  /** Both directions; a relationship of the component with itself is listed once. */
  | 'BOTH'
  /** From other components to this one (AGG INWARD). */
  | 'INWARD'
  /** From this component to others (AGG OUTWARD). */
  | 'OUTWARD';

export type CompassScorecardScore = {
  __typename?: 'CompassScorecardScore';
  componentId: Scalars['String']['output'];
  /**
   * When Compass last evaluated the score: the latest time the data of its criteria was updated
   * (AGG criteriaScores.dataSourceLastUpdated), else when its status last changed
   * (statusDuration.since); null when AGG gives neither.
   */
  evaluatedAt?: Maybe<Scalars['DateTime']['output']>;
  maxScore?: Maybe<Scalars['Float']['output']>;
  /** Percentage 0..100 (AGG totalScore). */
  score: Scalars['Float']['output'];
  scorecardId: Scalars['String']['output'];
  scorecardName?: Maybe<Scalars['String']['output']>;
};

export type CompassSortOrder =
  | 'ASC'
  | 'DESC';

export type JiraBoard = {
  __typename?: 'JiraBoard';
  id: Scalars['String']['output'];
  name: Scalars['String']['output'];
  type: JiraBoardType;
};

export type JiraBoardConnection = {
  __typename?: 'JiraBoardConnection';
  edges: Array<Maybe<JiraBoardEdge>>;
  nodes: Array<Maybe<JiraBoard>>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type JiraBoardEdge = {
  __typename?: 'JiraBoardEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<JiraBoard>;
};

/**
 * Jira Software board types. `simple` is a team-managed board (most new boards on Jira Cloud); it
 * goes beyond the canonical contract's enum (scrum, kanban), which predates team-managed projects.
 */
export type JiraBoardType =
  | 'kanban'
  | 'scrum'
  | 'simple';

export type JiraChangelogEvent = {
  __typename?: 'JiraChangelogEvent';
  author?: Maybe<JiraUser>;
  createdAt: Scalars['DateTime']['output'];
  eventId: Scalars['String']['output'];
  issueKey: Scalars['String']['output'];
  items: Array<JiraChangelogItem>;
};

export type JiraChangelogItem = {
  __typename?: 'JiraChangelogItem';
  field: Scalars['String']['output'];
  from?: Maybe<Scalars['String']['output']>;
  fromString?: Maybe<Scalars['String']['output']>;
  to?: Maybe<Scalars['String']['output']>;
  toString?: Maybe<Scalars['String']['output']>;
};

export type JiraIssue = WorkItem & {
  __typename?: 'JiraIssue';
  assignee?: Maybe<JiraUser>;
  /** The assignee as a one-element list, or empty. */
  assignees: Array<WorkItemActor>;
  /**
   * Changelog events of this issue, oldest first (bulk changelog fetch, batched per request); with
   * since, only events created at or after it (filtered here: Jira's bulk fetch has no time filter,
   * so the upstream cost is the same). Items are nullable so one unmappable event is null plus an
   * error, not the loss of the issue.
   */
  changelog: Array<Maybe<JiraChangelogEvent>>;
  cloudId: Scalars['String']['output'];
  components: Array<Scalars['String']['output']>;
  /** Same as projectKey. */
  container: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /**
   * Seconds from the first entry into an IN_PROGRESS-category status to the last entry into the
   * DONE category; null while not done, and null when never in progress (e.g. To Do -> Done).
   */
  cycleTimeSeconds?: Maybe<Scalars['Float']['output']>;
  /**
   * Any other fields of the issue, custom or system, by id (customfield_10050, duedate) or by name
   * as the site's field catalogue lists them ("Team", case-insensitive). The listing asks Jira for
   * exactly these fields in the same request (every fields() selection of the query together).
   * Returns an object keyed by each id or name as asked, holding Jira's raw value (null when the
   * issue has none). An unknown id or name, or a name several fields share, is an error on this
   * field naming it; the issue's other fields are unaffected.
   */
  fields?: Maybe<Scalars['JSON']['output']>;
  issueType: Scalars['String']['output'];
  key: Scalars['String']['output'];
  labels: Array<Scalars['String']['output']>;
  /** Seconds from creation to the last entry into the DONE category; null while not done. */
  leadTimeSeconds?: Maybe<Scalars['Float']['output']>;
  projectKey: Scalars['String']['output'];
  /** Same as key. */
  ref: Scalars['String']['output'];
  /** Times the item left a DONE-category status for a status of another (or unknown) category. */
  reopenedCount: Scalars['Int']['output'];
  reporter?: Maybe<JiraUser>;
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Always JIRA. The WorkItem fields, shared with SourcehutTicket, start here. */
  source: WorkItemSource;
  /**
   * Sprint ids from the sprint custom field: JIRA_SPRINT_FIELD, or when unset the field this site
   * calls "Sprint" (else the Jira Software sprint field type), found in its field catalogue.
   */
  sprintIds: Array<Scalars['String']['output']>;
  status: Scalars['String']['output'];
  statusCategory?: Maybe<WorkItemStatusCategory>;
  /** Status transitions taken from the changelog, oldest first. */
  statusChanges: Array<WorkItemStatusChange>;
  /**
   * Value of the story points custom field: JIRA_STORY_POINTS_FIELD, or when unset the field this
   * site calls "Story Points" (else "Story point estimate"), found in its field catalogue.
   */
  storyPoints?: Maybe<Scalars['Float']['output']>;
  /** The reporter. */
  submitter?: Maybe<WorkItemActor>;
  /** Time spent in each status (all visits of a status together), ordered by first entry; the open period ends now. See docs/metrics.md. */
  timeInStatus: Array<WorkItemStatusTime>;
  /** Jira summary. */
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /**
   * All worklogs of this issue, oldest first (taken from the search answer when complete,
   * otherwise fetched with a concurrency cap per request). Items nullable as for changelog.
   */
  worklogs: Array<Maybe<JiraWorklog>>;
};


export type JiraIssueChangelogArgs = {
  since?: InputMaybe<Scalars['DateTime']['input']>;
};


export type JiraIssueFieldsArgs = {
  ids?: InputMaybe<Array<Scalars['String']['input']>>;
  names?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type JiraIssueConnection = {
  __typename?: 'JiraIssueConnection';
  edges: Array<Maybe<JiraIssueEdge>>;
  nodes: Array<Maybe<JiraIssue>>;
  pageInfo: PageInfo;
  /**
   * With updatedSince or syncCursor, on the last page: pass it as syncCursor next time to get the
   * issues updated since (see jiraIssues). Null on other pages and without updatedSince/syncCursor.
   */
  syncCursor?: Maybe<Scalars['String']['output']>;
  /** Approximate match count (Jira approximate-count); requested upstream only when selected. */
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type JiraIssueEdge = {
  __typename?: 'JiraIssueEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<JiraIssue>;
};

export type JiraProject = {
  __typename?: 'JiraProject';
  cloudId: Scalars['String']['output'];
  key: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /**
   * Project type in the reference clients' form: upper-case with `_` (SOFTWARE, SERVICE_DESK,
   * BUSINESS, PRODUCT_DISCOVERY, CUSTOMER_SERVICE), the same on the AGG and the Jira REST route.
   */
  type?: Maybe<Scalars['String']['output']>;
};

export type JiraSprint = {
  __typename?: 'JiraSprint';
  completeAt?: Maybe<Scalars['DateTime']['output']>;
  endAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['String']['output'];
  name: Scalars['String']['output'];
  startAt?: Maybe<Scalars['DateTime']['output']>;
  /** Jira sprint state as the upstream spells it: future, active or closed. */
  state: Scalars['String']['output'];
};

export type JiraSprintConnection = {
  __typename?: 'JiraSprintConnection';
  edges: Array<Maybe<JiraSprintEdge>>;
  nodes: Array<Maybe<JiraSprint>>;
  pageInfo: PageInfo;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type JiraSprintEdge = {
  __typename?: 'JiraSprintEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<JiraSprint>;
};

/** Sprint states accepted by jiraBoardSprints(state:). */
export type JiraSprintState =
  | 'ACTIVE'
  | 'CLOSED'
  | 'FUTURE';

export type JiraUser = {
  __typename?: 'JiraUser';
  accountId: Scalars['String']['output'];
  displayName: Scalars['String']['output'];
  email?: Maybe<Scalars['String']['output']>;
};

export type JiraWorklog = {
  __typename?: 'JiraWorklog';
  author?: Maybe<JiraUser>;
  createdAt: Scalars['DateTime']['output'];
  issueKey: Scalars['String']['output'];
  startedAt: Scalars['DateTime']['output'];
  timeSpentSeconds: Scalars['Int']['output'];
  updatedAt: Scalars['DateTime']['output'];
  worklogId: Scalars['String']['output'];
};

export type OpsgenieTeamRef = {
  __typename?: 'OpsgenieTeamRef';
  id: Scalars['String']['output'];
  name: Scalars['String']['output'];
};

/** Relay-style page information for every canonical connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Opaque cursor of the last edge; pass it as `after` to get the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Opaque cursor of the first edge of this page. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /**
   * Compass components (AGG compass.searchComponents). query matches names; every other given
   * argument filters (all apply), each one of the search filters AGG offers: types (type), labels,
   * ownerTeamId (ownerId), tiers (compass:tier), states (state), linkTypes, linkUrls (links),
   * minScore/maxScore (score, 0..100), minEventSourceCount/maxEventSourceCount (eventSourceCount).
   * sort lists fields in order of precedence; the name always breaks ties (AGG says the sort is
   * essential for proper pagination), and without sort components come by name. cloudId defaults to
   * the gateway's cloud id.
   */
  compassComponents: CompassComponentConnection;
  /** Sprints of one board (/rest/agile/1.0/board/{boardId}/sprint). */
  jiraBoardSprints: JiraSprintConnection;
  /** Jira Software boards (/rest/agile/1.0/board), team-managed ones (type simple) included. */
  jiraBoards: JiraBoardConnection;
  /** One issue by key; a NOT_FOUND error names the key when Jira has no such issue. */
  jiraIssue?: Maybe<JiraIssue>;
  /**
   * Issues matching a JQL query (Jira enhanced search /rest/api/3/search/jql).
   * cloudId defaults to the gateway's configured cloud id (as on every query here).
   *
   * Incremental sync: with updatedSince (or the syncCursor the previous walk returned), only issues
   * updated at or after that time, in a stable order: updated descending, then key descending (jql
   * must then not carry its own ORDER BY). The last page returns syncCursor; store it and pass it as
   * syncCursor next time (same cloudId and jql). For the first full load pass
   * updatedSince: "1970-01-01T00:00:00Z" to get a cursor.
   * Guarantees: no gap: every issue updated after the previous walk's newest update minus 5 minutes
   * is returned next time (the 5 minutes cover Jira's search index catching up and updates made
   * during the walk). Possible overlap: issues updated in that window, or updated while a walk is
   * paged, come again (upsert by key). The lower bound is sent as JQL in the searching account's
   * time zone (GET /myself), so it holds west and east of UTC. Deleted issues do not appear: Jira
   * has no deleted-issues feed.
   */
  jiraIssues: JiraIssueConnection;
  /**
   * Jira projects of the given types with their linkable Opsgenie teams (AGG; each team listed once).
   * When AGG answers InsufficientOAuthScopes (normal 3LO tokens), the Jira REST project search serves
   * the page instead, with empty opsgenieTeams; response extensions.canonicalRoutes says which route
   * served it and why. On both routes project.type is upper-case (SOFTWARE, SERVICE_DESK...) and the
   * gateway applies the type filter itself too (Jira REST filters only software, service_desk and
   * business). cloudId defaults to the gateway's configured cloud id.
   */
  jiraProjects: CanonicalProjectWithOpsgenieTeamsConnection;
  /**
   * Teams of an organisation (AGG team.teamSearchV2). siteId defaults to the gateway's cloud id
   * ("None" when there is none, as AGG asks); query filters by name.
   */
  teams: AtlassianTeamConnection;
  /**
   * Jira issues (jql) and todo.sr.ht tickets (sourcehut trackers) in one list, merged by
   * updatedAt descending (ties: Jira before sr.ht, then source order; Jira issues by key
   * descending, tickets by ref). The jql must not carry its own ORDER BY (the gateway appends
   * ORDER BY updated DESC, key DESC). The cursor carries the position in every source, so `after`
   * resumes each one exactly.
   *
   * Incremental sync: with updatedSince (or the syncCursor the previous walk returned), only items
   * updated at or after that time; the last page returns syncCursor, holding one lower bound per
   * source (same cloudId, jql and trackers next time). Guarantees as for jiraIssues and
   * sourcehutTickets: no gap, possible overlap of 5 minutes before each source's newest update.
   */
  workItems: WorkItemConnection;
};


export type QueryCompassComponentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  cloudId?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  linkTypes?: InputMaybe<Array<CompassComponentLinkType>>;
  linkUrls?: InputMaybe<Array<Scalars['String']['input']>>;
  maxEventSourceCount?: InputMaybe<Scalars['Int']['input']>;
  maxScore?: InputMaybe<Scalars['Float']['input']>;
  minEventSourceCount?: InputMaybe<Scalars['Int']['input']>;
  minScore?: InputMaybe<Scalars['Float']['input']>;
  ownerTeamId?: InputMaybe<Scalars['String']['input']>;
  query?: InputMaybe<Scalars['String']['input']>;
  sort?: InputMaybe<Array<CompassComponentSort>>;
  states?: InputMaybe<Array<Scalars['String']['input']>>;
  tiers?: InputMaybe<Array<Scalars['Int']['input']>>;
  types?: InputMaybe<Array<CompassComponentType>>;
};


export type QueryJiraBoardSprintsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  boardId: Scalars['ID']['input'];
  cloudId?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  state?: InputMaybe<Array<JiraSprintState>>;
};


export type QueryJiraBoardsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  cloudId?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  projectKey?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<JiraBoardType>;
};


export type QueryJiraIssueArgs = {
  cloudId?: InputMaybe<Scalars['String']['input']>;
  key: Scalars['String']['input'];
};


export type QueryJiraIssuesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  cloudId?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  jql: Scalars['String']['input'];
  syncCursor?: InputMaybe<Scalars['String']['input']>;
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryJiraProjectsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  cloudId?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  projectTypes: Array<Scalars['JiraProjectType']['input']>;
};


export type QueryTeamsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  organizationId: Scalars['String']['input'];
  query?: InputMaybe<Scalars['String']['input']>;
  siteId?: InputMaybe<Scalars['String']['input']>;
};


export type QueryWorkItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  cloudId?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  jql?: InputMaybe<Scalars['String']['input']>;
  sourcehut?: InputMaybe<Array<SourcehutTrackerRef>>;
  syncCursor?: InputMaybe<Scalars['String']['input']>;
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

export type SourcehutTicket = WorkItem & {
  __typename?: 'SourcehutTicket';
  assignees: Array<WorkItemActor>;
  body?: Maybe<Scalars['String']['output']>;
  container: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /**
   * Seconds from the first entry into an IN_PROGRESS-category status to the last entry into the
   * DONE category; null while not done, and null when never in progress (e.g. To Do -> Done).
   */
  cycleTimeSeconds?: Maybe<Scalars['Float']['output']>;
  /** All events of the ticket, oldest first, one row per change (nullable items: an unmappable one is null plus an error). */
  events: Array<Maybe<SourcehutTicketEvent>>;
  labels: Array<Scalars['String']['output']>;
  /** Seconds from creation to the last entry into the DONE category; null while not done. */
  leadTimeSeconds?: Maybe<Scalars['Float']['output']>;
  /** Tracker owner canonical name, e.g. ~sandbox. */
  owner: Scalars['String']['output'];
  ref: Scalars['String']['output'];
  /** Times the item left a DONE-category status for a status of another (or unknown) category. */
  reopenedCount: Scalars['Int']['output'];
  /** sr.ht TicketResolution (UNRESOLVED, FIXED, ...). */
  resolution: Scalars['String']['output'];
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  source: WorkItemSource;
  status: Scalars['String']['output'];
  statusCategory?: Maybe<WorkItemStatusCategory>;
  statusChanges: Array<WorkItemStatusChange>;
  submitter?: Maybe<WorkItemActor>;
  /** Ticket number, unique within its tracker. */
  ticketId: Scalars['Int']['output'];
  /** Time spent in each status (all visits of a status together), ordered by first entry; the open period ends now. See docs/metrics.md. */
  timeInStatus: Array<WorkItemStatusTime>;
  title: Scalars['String']['output'];
  tracker: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

/**
 * One change inside a todo.sr.ht ticket event. An upstream event with several changes gives
 * several rows sharing eventId.
 */
export type SourcehutTicketEvent = {
  __typename?: 'SourcehutTicketEvent';
  /** Author, editor, assigner or labeler, by event type. */
  actor?: Maybe<WorkItemActor>;
  /** ASSIGNED_USER / UNASSIGNED_USER: the (un)assigned person. */
  assignee?: Maybe<WorkItemActor>;
  createdAt: Scalars['DateTime']['output'];
  eventId: Scalars['String']['output'];
  /** LABEL_ADDED / LABEL_REMOVED: the label name. */
  label?: Maybe<Scalars['String']['output']>;
  newResolution?: Maybe<Scalars['String']['output']>;
  newStatus?: Maybe<Scalars['String']['output']>;
  oldResolution?: Maybe<Scalars['String']['output']>;
  oldStatus?: Maybe<Scalars['String']['output']>;
  ticketRef: Scalars['String']['output'];
  type: SourcehutTicketEventType;
};

export type SourcehutTicketEventType =
  | 'ASSIGNED_USER'
  | 'COMMENT'
  | 'CREATED'
  | 'LABEL_ADDED'
  | 'LABEL_REMOVED'
  | 'STATUS_CHANGE'
  | 'TICKET_MENTIONED'
  | 'UNASSIGNED_USER'
  | 'USER_MENTIONED';

export type SourcehutTrackerRef = {
  /** Owner canonical name, with or without the leading ~. */
  owner: Scalars['String']['input'];
  tracker: Scalars['String']['input'];
};

export type WorkItem = {
  assignees: Array<WorkItemActor>;
  /** Jira project key, or ~owner/tracker. */
  container: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /**
   * Seconds from the first entry into an IN_PROGRESS-category status to the last entry into the
   * DONE category; null while not done, and null when never in progress (e.g. To Do -> Done).
   */
  cycleTimeSeconds?: Maybe<Scalars['Float']['output']>;
  labels: Array<Scalars['String']['output']>;
  /** Seconds from creation to the last entry into the DONE category; null while not done. */
  leadTimeSeconds?: Maybe<Scalars['Float']['output']>;
  /** Jira issue key (DEV-1) or sr.ht ticket ref (~owner/tracker#1). */
  ref: Scalars['String']['output'];
  /** Times the item left a DONE-category status for a status of another (or unknown) category. */
  reopenedCount: Scalars['Int']['output'];
  /** Jira resolution date; for sr.ht the time of the latest status change to RESOLVED while still resolved. */
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  source: WorkItemSource;
  /** Jira status name, or sr.ht TicketStatus (REPORTED, CONFIRMED, IN_PROGRESS, PENDING, RESOLVED). */
  status: Scalars['String']['output'];
  statusCategory?: Maybe<WorkItemStatusCategory>;
  statusChanges: Array<WorkItemStatusChange>;
  submitter?: Maybe<WorkItemActor>;
  /** Time spent in each status (all visits of a status together), ordered by first entry; the open period ends now. See docs/metrics.md. */
  timeInStatus: Array<WorkItemStatusTime>;
  title: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

/** A person on either tracker. */
export type WorkItemActor = {
  __typename?: 'WorkItemActor';
  /** Jira display name, or the sr.ht canonical name. */
  displayName: Scalars['String']['output'];
  /** Jira accountId, or the sr.ht canonical name (~user). */
  id: Scalars['String']['output'];
};

export type WorkItemConnection = {
  __typename?: 'WorkItemConnection';
  edges: Array<Maybe<WorkItemEdge>>;
  nodes: Array<Maybe<WorkItem>>;
  pageInfo: PageInfo;
  /** With updatedSince or syncCursor, on the last page: pass it as syncCursor next time (see workItems). */
  syncCursor?: Maybe<Scalars['String']['output']>;
  totalCount?: Maybe<Scalars['Int']['output']>;
};

export type WorkItemEdge = {
  __typename?: 'WorkItemEdge';
  cursor: Scalars['String']['output'];
  node?: Maybe<WorkItem>;
};

export type WorkItemSource =
  | 'JIRA'
  | 'SOURCEHUT';

/** Coarse status bucket comparable across trackers. */
export type WorkItemStatusCategory =
  | 'DONE'
  | 'IN_PROGRESS'
  | 'TODO';

/** One status transition. */
export type WorkItemStatusChange = {
  __typename?: 'WorkItemStatusChange';
  actor?: Maybe<WorkItemActor>;
  at: Scalars['DateTime']['output'];
  fromStatus?: Maybe<Scalars['String']['output']>;
  toStatus: Scalars['String']['output'];
};

/** Time one work item spent in one status (all visits together). */
export type WorkItemStatusTime = {
  __typename?: 'WorkItemStatusTime';
  /** The status's category; null when unknown (e.g. a Jira status no longer in the site's catalogue). */
  category?: Maybe<WorkItemStatusCategory>;
  /** Seconds in this status over all visits; a visit still open counts until now. */
  seconds: Scalars['Float']['output'];
  /** Status name (Jira) or TicketStatus (todo.sr.ht). */
  status: Scalars['String']['output'];
  /** Times the item entered this status (creation in it counts as one). */
  visits: Scalars['Int']['output'];
};

export type JiraIssuesQueryVariables = Exact<{
  jql: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  cloudId?: InputMaybe<Scalars['String']['input']>;
}>;


export type JiraIssuesQuery = { __typename?: 'Query', jiraIssues: { __typename?: 'JiraIssueConnection', totalCount?: number | null, nodes: Array<{ __typename?: 'JiraIssue', key: string, projectKey: string, issueType: string, status: string, statusCategory?: WorkItemStatusCategory | null, createdAt: string, updatedAt: string, resolvedAt?: string | null, storyPoints?: number | null, sprintIds: Array<string>, labels: Array<string>, assignee?: { __typename?: 'JiraUser', accountId: string, displayName: string } | null, changelog: Array<{ __typename?: 'JiraChangelogEvent', createdAt: string, author?: { __typename?: 'JiraUser', accountId: string } | null, items: Array<{ __typename?: 'JiraChangelogItem', field: string, from?: string | null, to?: string | null, fromString?: string | null, toString?: string | null }> } | null>, worklogs: Array<{ __typename?: 'JiraWorklog', startedAt: string, timeSpentSeconds: number } | null> } | null>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type JiraIssueQueryVariables = Exact<{
  key: Scalars['String']['input'];
  cloudId?: InputMaybe<Scalars['String']['input']>;
}>;


export type JiraIssueQuery = { __typename?: 'Query', jiraIssue?: { __typename?: 'JiraIssue', key: string, status: string, title: string, createdAt: string, updatedAt: string, statusChanges: Array<{ __typename?: 'WorkItemStatusChange', at: string, fromStatus?: string | null, toStatus: string }> } | null };

export type JiraBoardsQueryVariables = Exact<{
  projectKey?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type JiraBoardsQuery = { __typename?: 'Query', jiraBoards: { __typename?: 'JiraBoardConnection', nodes: Array<{ __typename?: 'JiraBoard', id: string, name: string, type: JiraBoardType } | null>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type JiraBoardSprintsQueryVariables = Exact<{
  boardId: Scalars['ID']['input'];
  state?: InputMaybe<Array<JiraSprintState> | JiraSprintState>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type JiraBoardSprintsQuery = { __typename?: 'Query', jiraBoardSprints: { __typename?: 'JiraSprintConnection', nodes: Array<{ __typename?: 'JiraSprint', id: string, name: string, state: string, startAt?: string | null, endAt?: string | null, completeAt?: string | null } | null>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type ProjectsWithOpsgenieTeamsQueryVariables = Exact<{
  projectTypes: Array<Scalars['JiraProjectType']['input']> | Scalars['JiraProjectType']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ProjectsWithOpsgenieTeamsQuery = { __typename?: 'Query', jiraProjects: { __typename?: 'CanonicalProjectWithOpsgenieTeamsConnection', nodes: Array<{ __typename?: 'CanonicalProjectWithOpsgenieTeams', project: { __typename?: 'JiraProject', key: string, name: string, type?: string | null }, opsgenieTeams: Array<{ __typename?: 'OpsgenieTeamRef', id: string, name: string }> } | null>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type TeamsQueryVariables = Exact<{
  organizationId: Scalars['String']['input'];
  query?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type TeamsQuery = { __typename?: 'Query', teams: { __typename?: 'AtlassianTeamConnection', totalCount?: number | null, nodes: Array<{ __typename?: 'AtlassianTeam', id: string, displayName: string, state: AtlassianTeamState, memberCount?: number | null, members: Array<{ __typename?: 'AtlassianTeamMember', accountId: string, displayName?: string | null, role?: AtlassianTeamRole | null } | null> } | null>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type CompassComponentsQueryVariables = Exact<{
  cloudId?: InputMaybe<Scalars['String']['input']>;
  query?: InputMaybe<Scalars['String']['input']>;
  types?: InputMaybe<Array<CompassComponentType> | CompassComponentType>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type CompassComponentsQuery = { __typename?: 'Query', compassComponents: { __typename?: 'CompassComponentConnection', nodes: Array<{ __typename?: 'CompassComponent', id: string, name: string, type: CompassComponentType, ownerTeamId?: string | null, labels: Array<string>, relationships: Array<{ __typename?: 'CompassRelationship', type: string, startComponentId: string, endComponentId: string } | null>, scorecardScores: Array<{ __typename?: 'CompassScorecardScore', scorecardName?: string | null, score: number, maxScore?: number | null } | null> } | null>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type WorkItemsQueryVariables = Exact<{
  jql?: InputMaybe<Scalars['String']['input']>;
  sourcehut?: InputMaybe<Array<SourcehutTrackerRef> | SourcehutTrackerRef>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type WorkItemsQuery = { __typename?: 'Query', workItems: { __typename?: 'WorkItemConnection', nodes: Array<
      | { __typename: 'JiraIssue', key: string, storyPoints?: number | null, source: WorkItemSource, ref: string, title: string, container: string, status: string, statusCategory?: WorkItemStatusCategory | null, createdAt: string, updatedAt: string, assignees: Array<{ __typename?: 'WorkItemActor', id: string, displayName: string }> }
      | { __typename: 'SourcehutTicket', ticketId: number, tracker: string, source: WorkItemSource, ref: string, title: string, container: string, status: string, statusCategory?: WorkItemStatusCategory | null, createdAt: string, updatedAt: string, assignees: Array<{ __typename?: 'WorkItemActor', id: string, displayName: string }> }
     | null>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };


export const JiraIssuesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JiraIssues"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jql"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cloudId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jiraIssues"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jql"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jql"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"cloudId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cloudId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"projectKey"}},{"kind":"Field","name":{"kind":"Name","value":"issueType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusCategory"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resolvedAt"}},{"kind":"Field","name":{"kind":"Name","value":"storyPoints"}},{"kind":"Field","name":{"kind":"Name","value":"sprintIds"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changelog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"fromString"}},{"kind":"Field","name":{"kind":"Name","value":"toString"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"worklogs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"timeSpentSeconds"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<JiraIssuesQuery, JiraIssuesQueryVariables>;
export const JiraIssueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JiraIssue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"key"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cloudId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jiraIssue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"key"},"value":{"kind":"Variable","name":{"kind":"Name","value":"key"}}},{"kind":"Argument","name":{"kind":"Name","value":"cloudId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cloudId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"statusChanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}}]}}]}}]}}]} as unknown as DocumentNode<JiraIssueQuery, JiraIssueQueryVariables>;
export const JiraBoardsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JiraBoards"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"projectKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jiraBoards"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"projectKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"projectKey"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<JiraBoardsQuery, JiraBoardsQueryVariables>;
export const JiraBoardSprintsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JiraBoardSprints"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"state"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JiraSprintState"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jiraBoardSprints"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"boardId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"boardId"}}},{"kind":"Argument","name":{"kind":"Name","value":"state"},"value":{"kind":"Variable","name":{"kind":"Name","value":"state"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"startAt"}},{"kind":"Field","name":{"kind":"Name","value":"endAt"}},{"kind":"Field","name":{"kind":"Name","value":"completeAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<JiraBoardSprintsQuery, JiraBoardSprintsQueryVariables>;
export const ProjectsWithOpsgenieTeamsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProjectsWithOpsgenieTeams"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"projectTypes"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JiraProjectType"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jiraProjects"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"projectTypes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"projectTypes"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"project"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"opsgenieTeams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ProjectsWithOpsgenieTeamsQuery, ProjectsWithOpsgenieTeamsQueryVariables>;
export const TeamsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Teams"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"query"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"teams"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"organizationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"query"},"value":{"kind":"Variable","name":{"kind":"Name","value":"query"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accountId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<TeamsQuery, TeamsQueryVariables>;
export const CompassComponentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompassComponents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cloudId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"query"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"types"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CompassComponentType"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"compassComponents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cloudId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cloudId"}}},{"kind":"Argument","name":{"kind":"Name","value":"query"},"value":{"kind":"Variable","name":{"kind":"Name","value":"query"}}},{"kind":"Argument","name":{"kind":"Name","value":"types"},"value":{"kind":"Variable","name":{"kind":"Name","value":"types"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"ownerTeamId"}},{"kind":"Field","name":{"kind":"Name","value":"labels"}},{"kind":"Field","name":{"kind":"Name","value":"relationships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"startComponentId"}},{"kind":"Field","name":{"kind":"Name","value":"endComponentId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scorecardScores"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scorecardName"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"maxScore"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<CompassComponentsQuery, CompassComponentsQueryVariables>;
export const WorkItemsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WorkItems"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jql"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sourcehut"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SourcehutTrackerRef"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workItems"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jql"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jql"}}},{"kind":"Argument","name":{"kind":"Name","value":"sourcehut"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sourcehut"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"ref"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"container"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusCategory"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"assignees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"JiraIssue"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"storyPoints"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SourcehutTicket"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ticketId"}},{"kind":"Field","name":{"kind":"Name","value":"tracker"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<WorkItemsQuery, WorkItemsQueryVariables>;