/**
 * AGG Teamwork Graph documents. These fields are EXPERIMENTAL in AGG and need the
 * `@optIn(to: "TeamworkGraphContextAPIs")` query directive; userManager/userDirectReports
 * also need the `X-Force-Dynamo: true` header (AGG field docs, GI-1964).
 */
export const TEAMWORK_FORCE_DYNAMO_HEADERS: Readonly<Record<string, string>> = { 'X-Force-Dynamo': 'true' };

const CYPHER_ROWS = /* GraphQL */ `
  fragment CanonicalTeamworkRows on GraphStoreCypherQueryV2Connection {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        columns {
          key
          value {
            __typename
            ... on GraphStoreCypherQueryV2AriNode {
              id
              data {
                __typename
                ... on TownsquareProject {
                  id
                  key
                  name
                }
                ... on JiraProject {
                  id
                  key
                  name
                }
                ... on TeamV2 {
                  id
                  displayName
                }
                ... on AtlassianAccountUser {
                  accountId
                  name
                }
              }
            }
            ... on GraphStoreCypherQueryV2NodeList {
              nodes {
                id
              }
            }
          }
        }
      }
    }
  }
`;

/** Projects a team works on during a window (teamworkGraph_teamProjects: Atlas projects). */
export const TEAMWORK_TEAM_PROJECTS = /* GraphQL */ `
  query CanonicalTeamworkTeamProjects(
    $teamId: ID!
    $startDate: DateTime!
    $endDate: DateTime!
    $first: Int
    $after: String
  ) @optIn(to: "TeamworkGraphContextAPIs") {
    teamworkGraph_teamProjects(teamId: $teamId, startDate: $startDate, endDate: $endDate, first: $first, after: $after) {
      ...CanonicalTeamworkRows
    }
  }
  ${CYPHER_ROWS}
`;

/** Projects a team is actively working on now (teamworkGraph_teamActiveProjects). */
export const TEAMWORK_TEAM_ACTIVE_PROJECTS = /* GraphQL */ `
  query CanonicalTeamworkTeamActiveProjects($teamId: ID!, $first: Int, $after: String)
  @optIn(to: "TeamworkGraphContextAPIs") {
    teamworkGraph_teamActiveProjects(teamId: $teamId, first: $first, after: $after) {
      ...CanonicalTeamworkRows
    }
  }
  ${CYPHER_ROWS}
`;

/** A user's teams (paged), manager and direct reports in one request. */
export const TEAMWORK_USER_RELATIONS = /* GraphQL */ `
  query CanonicalTeamworkUserRelations(
    $userId: ID!
    $teamsFirst: Int
    $teamsAfter: String
    $withTeams: Boolean!
    $withManager: Boolean!
    $withReports: Boolean!
  ) @optIn(to: "TeamworkGraphContextAPIs") {
    teams: teamworkGraph_userTeams(userId: $userId, first: $teamsFirst, after: $teamsAfter) @include(if: $withTeams) {
      ...CanonicalTeamworkRows
    }
    manager: teamworkGraph_userManager(userId: $userId) @include(if: $withManager) {
      ...CanonicalTeamworkRows
    }
    reports: teamworkGraph_userDirectReports(userId: $userId) @include(if: $withReports) {
      ...CanonicalTeamworkRows
    }
  }
  ${CYPHER_ROWS}
`;
