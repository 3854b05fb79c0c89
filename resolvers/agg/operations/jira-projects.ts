/**
 * AGG documents for Jira projects with the Opsgenie teams they can link with
 * (the seed's iter_projects_with_opsgenie_linkable_teams).
 * Path: jira.allJiraProjects(cloudId, filter: {types}) -> JiraProject.opsgenieTeamsAvailableToLinkWith.
 * Neither needs an opt-in or beta header; OAuth callers may lack the scope (the resolver falls
 * back to Jira REST on InsufficientOAuthScopes).
 */
import { aggOperation } from './define.ts';

export const JIRA_PROJECTS_WITH_OPSGENIE_TEAMS = aggOperation(
  'CanonicalJiraProjectsWithOpsgenieTeams',
  /* GraphQL */ `
  query CanonicalJiraProjectsWithOpsgenieTeams(
    $cloudId: ID!
    $types: [JiraProjectType!]
    $first: Int
    $after: String
    $teamsFirst: Int
  ) {
    jira {
      allJiraProjects(cloudId: $cloudId, filter: { types: $types }, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            key
            name
            cloudId
            projectType
            opsgenieTeamsAvailableToLinkWith(first: $teamsFirst) {
              pageInfo {
                hasNextPage
                endCursor
              }
              edges {
                node {
                  id
                  name
                }
              }
            }
          }
        }
      }
    }
  }
`,
);

/** Follow-up pages of one project's linkable teams, for projects with more than one page. */
export const JIRA_PROJECT_OPSGENIE_TEAMS_PAGE = aggOperation(
  'CanonicalJiraProjectOpsgenieTeamsPage',
  /* GraphQL */ `
  query CanonicalJiraProjectOpsgenieTeamsPage($projectId: ID!, $first: Int, $after: String) {
    jira {
      jiraProject(id: $projectId) {
        id
        opsgenieTeamsAvailableToLinkWith(first: $first, after: $after) {
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              id
              name
            }
          }
        }
      }
    }
  }
`,
);
