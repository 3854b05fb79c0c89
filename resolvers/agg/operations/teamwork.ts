/**
 * AGG Teamwork Graph documents. These fields are EXPERIMENTAL and need
 * `@optIn(to: "TeamworkGraphContextAPIs")` on the field; AGG documents them as not available for
 * OAuth authenticated requests (the resolvers route them by credential, see
 * resolvers/agg/credential-route.ts); userManager/userDirectReports also need the
 * `X-Force-Dynamo: true` header (AGG field docs, GI-1964). User and team arguments are identity
 * ARIs (`ari:cloud:identity::user/{accountId}`, `ari:cloud:identity::team/{id}`), the id form
 * the graph's own nodes carry.
 */
import { aggOperation } from './define.ts';

const TEAMWORK_OPT_IN = 'TeamworkGraphContextAPIs';

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
                  id
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
export const TEAMWORK_TEAM_PROJECTS = aggOperation(
  'CanonicalTeamworkTeamProjects',
  /* GraphQL */ `
    query CanonicalTeamworkTeamProjects($teamId: ID!, $startDate: DateTime!, $endDate: DateTime!, $first: Int, $after: String) {
      teamworkGraph_teamProjects(teamId: $teamId, startDate: $startDate, endDate: $endDate, first: $first, after: $after) @optIn(to: "${TEAMWORK_OPT_IN}") {
        ...CanonicalTeamworkRows
      }
    }
    ${CYPHER_ROWS}
  `,
  { credentials: 'tenanted' },
);

/** Projects a team is actively working on now (teamworkGraph_teamActiveProjects). */
export const TEAMWORK_TEAM_ACTIVE_PROJECTS = aggOperation(
  'CanonicalTeamworkTeamActiveProjects',
  /* GraphQL */ `
    query CanonicalTeamworkTeamActiveProjects($teamId: ID!, $first: Int, $after: String) {
      teamworkGraph_teamActiveProjects(teamId: $teamId, first: $first, after: $after) @optIn(to: "${TEAMWORK_OPT_IN}") {
        ...CanonicalTeamworkRows
      }
    }
    ${CYPHER_ROWS}
  `,
  { credentials: 'tenanted' },
);

/** Users of a team (teamworkGraph_teamUsers). */
export const TEAMWORK_TEAM_USERS = aggOperation(
  'CanonicalTeamworkTeamUsers',
  /* GraphQL */ `
    query CanonicalTeamworkTeamUsers($teamId: ID!, $first: Int, $after: String) {
      teamworkGraph_teamUsers(teamId: $teamId, first: $first, after: $after) @optIn(to: "${TEAMWORK_OPT_IN}") {
        ...CanonicalTeamworkRows
      }
    }
    ${CYPHER_ROWS}
  `,
  { credentials: 'tenanted' },
);

/**
 * A user's teams (paged), manager and direct reports in one request. X-Force-Dynamo goes with
 * every request of it: AGG documents it for the manager and reports fields, and it is harmless
 * for the teams field.
 */
export const TEAMWORK_USER_RELATIONS = aggOperation(
  'CanonicalTeamworkUserRelations',
  /* GraphQL */ `
    query CanonicalTeamworkUserRelations(
      $userId: ID!
      $teamsFirst: Int
      $teamsAfter: String
      $withTeams: Boolean!
      $withManager: Boolean!
      $withReports: Boolean!
    ) {
      teams: teamworkGraph_userTeams(userId: $userId, first: $teamsFirst, after: $teamsAfter) @include(if: $withTeams) @optIn(to: "${TEAMWORK_OPT_IN}") {
        ...CanonicalTeamworkRows
      }
      manager: teamworkGraph_userManager(userId: $userId) @include(if: $withManager) @optIn(to: "${TEAMWORK_OPT_IN}") {
        ...CanonicalTeamworkRows
      }
      reports: teamworkGraph_userDirectReports(userId: $userId) @include(if: $withReports) @optIn(to: "${TEAMWORK_OPT_IN}") {
        ...CanonicalTeamworkRows
      }
    }
    ${CYPHER_ROWS}
  `,
  { headers: { 'X-Force-Dynamo': 'true' }, credentials: 'tenanted' },
);
