/**
 * Every AGG operation the canonical resolvers send, by operation name. The AGG client only sends
 * AggOperation values, and test/resolvers/agg-operations.test.ts checks that every document
 * under resolvers/agg is one of these and that each follows what the AGG SDL documents.
 */
import {
  COMPASS_COMPONENT,
  COMPASS_COMPONENT_RELATIONSHIPS_PAGE,
  COMPASS_COMPONENT_SCORECARDS_PAGE,
  COMPASS_COMPONENTS_BY_IDS,
  COMPASS_SEARCH_COMPONENTS,
} from './compass.ts';
import type { AggOperation } from './define.ts';
import { JIRA_PROJECT_OPSGENIE_TEAMS_PAGE, JIRA_PROJECTS_WITH_OPSGENIE_TEAMS } from './jira-projects.ts';
import { TEAM_BY_ID, TEAM_SEARCH } from './teams.ts';
import { TEAMWORK_TEAM_ACTIVE_PROJECTS, TEAMWORK_TEAM_PROJECTS, TEAMWORK_TEAM_USERS, TEAMWORK_USER_RELATIONS } from './teamwork.ts';

export type { AggOperation } from './define.ts';

const ALL: readonly AggOperation[] = [
  JIRA_PROJECTS_WITH_OPSGENIE_TEAMS,
  JIRA_PROJECT_OPSGENIE_TEAMS_PAGE,
  COMPASS_SEARCH_COMPONENTS,
  COMPASS_COMPONENT,
  COMPASS_COMPONENTS_BY_IDS,
  COMPASS_COMPONENT_RELATIONSHIPS_PAGE,
  COMPASS_COMPONENT_SCORECARDS_PAGE,
  TEAM_SEARCH,
  TEAM_BY_ID,
  TEAMWORK_TEAM_PROJECTS,
  TEAMWORK_TEAM_ACTIVE_PROJECTS,
  TEAMWORK_TEAM_USERS,
  TEAMWORK_USER_RELATIONS,
];

/** Operation definitions (document and headers) by name. */
export const AGG_OPERATION_DEFINITIONS: Readonly<Record<string, AggOperation>> = Object.fromEntries(ALL.map((operation) => [operation.name, operation]));

/** Documents by operation name (what the sandbox counts requests by). */
export const AGG_OPERATIONS: Readonly<Record<string, string>> = Object.fromEntries(ALL.map((operation) => [operation.name, operation.document]));
