/** Every AGG document the canonical resolvers send, by operation name (validated in tests). */
import { COMPASS_COMPONENT_RELATIONSHIPS_PAGE, COMPASS_COMPONENTS_BY_IDS, COMPASS_SEARCH_COMPONENTS } from './compass.ts';
import { JIRA_PROJECT_OPSGENIE_TEAMS_PAGE, JIRA_PROJECTS_WITH_OPSGENIE_TEAMS } from './jira-projects.ts';
import { TEAM_BY_ID, TEAM_SEARCH } from './teams.ts';
import { TEAMWORK_TEAM_ACTIVE_PROJECTS, TEAMWORK_TEAM_PROJECTS, TEAMWORK_USER_RELATIONS } from './teamwork.ts';

export const AGG_OPERATIONS: Readonly<Record<string, string>> = {
  CanonicalJiraProjectsWithOpsgenieTeams: JIRA_PROJECTS_WITH_OPSGENIE_TEAMS,
  CanonicalJiraProjectOpsgenieTeamsPage: JIRA_PROJECT_OPSGENIE_TEAMS_PAGE,
  CanonicalCompassSearchComponents: COMPASS_SEARCH_COMPONENTS,
  CanonicalCompassComponentsByIds: COMPASS_COMPONENTS_BY_IDS,
  CanonicalCompassComponentRelationshipsPage: COMPASS_COMPONENT_RELATIONSHIPS_PAGE,
  CanonicalTeamSearch: TEAM_SEARCH,
  CanonicalTeamById: TEAM_BY_ID,
  CanonicalTeamworkTeamProjects: TEAMWORK_TEAM_PROJECTS,
  CanonicalTeamworkTeamActiveProjects: TEAMWORK_TEAM_ACTIVE_PROJECTS,
  CanonicalTeamworkUserRelations: TEAMWORK_USER_RELATIONS,
};
