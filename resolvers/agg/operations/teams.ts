/**
 * AGG documents for Atlassian teams: `team.teamSearchV2` lists teams of an organisation,
 * `team.teamV2(id, siteId)` reads one (the deprecated `team.team(id)` is not used).
 * Member reads are sent with `X-ExperimentalApi: team-members-beta`: AGG documents team members as
 * a beta that rejects requests outright without it (Team.members), and the reference clients send
 * it with every member read. Only current members are asked for (`state: [FULL_MEMBER]`).
 */
import { aggOperation } from './define.ts';

export const TEAM_MEMBERS_BETA = 'team-members-beta';

const MEMBERS = /* GraphQL */ `
  fragment CanonicalTeamMembers on TeamMemberConnectionV2 {
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
`;

export const TEAM_SEARCH = aggOperation(
  'CanonicalTeamSearch',
  /* GraphQL */ `
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
                members(first: $membersFirst, state: [FULL_MEMBER]) @include(if: $withMembers) {
                  ...CanonicalTeamMembers
                }
              }
            }
          }
        }
      }
    }
    ${MEMBERS}
  `,
  { experimentalApis: [TEAM_MEMBERS_BETA] },
);

/** One team by ARI in a site, with a page of members (also the follow-up member pages). */
export const TEAM_BY_ID = aggOperation(
  'CanonicalTeamById',
  /* GraphQL */ `
    query CanonicalTeamById($id: ID!, $siteId: String!, $withMembers: Boolean!, $membersFirst: Int!, $membersAfter: String) {
      team {
        teamV2(id: $id, siteId: $siteId) {
          id
          displayName
          description
          state
          smallAvatarImageUrl
          members(first: $membersFirst, after: $membersAfter, state: [FULL_MEMBER]) @include(if: $withMembers) {
            ...CanonicalTeamMembers
          }
        }
      }
    }
    ${MEMBERS}
  `,
  { experimentalApis: [TEAM_MEMBERS_BETA] },
);
