/**
 * AGG documents for Atlassian teams. `team.teamSearchV2` lists teams of an organisation;
 * `team.team(id)` is a beta field: requests carrying it need `X-ExperimentalApi: teams-beta`
 * (see TEAMS_BETA_HEADERS), or AGG rejects the whole request.
 */
export const TEAMS_BETA_HEADERS: Readonly<Record<string, string>> = { 'X-ExperimentalApi': 'teams-beta' };

export const TEAM_SEARCH = /* GraphQL */ `
  query CanonicalTeamSearch(
    $organizationId: ID!
    $siteId: String!
    $filter: TeamSearchFilter
    $first: Int
    $after: String
    $withMembers: Boolean!
    $membersFirst: Int!
  ) {
    team {
      teamSearchV2(organizationId: $organizationId, siteId: $siteId, filter: $filter, first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            memberCount
            team {
              id
              displayName
              description
              state
              smallAvatarImageUrl
              members(first: $membersFirst) @include(if: $withMembers) {
                pageInfo {
                  hasNextPage
                  endCursor
                }
                nodes {
                  role
                  state
                  member {
                    accountId
                    name
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

/** One team by ARI, with a page of members (beta field: send TEAMS_BETA_HEADERS). */
export const TEAM_BY_ID = /* GraphQL */ `
  query CanonicalTeamById($id: ID!, $withMembers: Boolean!, $membersFirst: Int!, $membersAfter: String) {
    team {
      team(id: $id) {
        id
        displayName
        description
        state
        smallAvatarImageUrl
        members(first: $membersFirst, after: $membersAfter) @include(if: $withMembers) {
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            role
            state
            member {
              accountId
              name
            }
          }
        }
      }
    }
  }
`;
