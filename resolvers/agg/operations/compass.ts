/**
 * AGG documents for Compass components. Relationships and scorecard scores ride in the
 * same request (`@include`) when the caller selected them, so a page of components costs
 * one upstream call; `components(ids:)` batches what a later field resolver still needs.
 */
const COMPONENT_FIELDS = /* GraphQL */ `
  fragment CanonicalCompassComponentFields on CompassComponent {
    id
    name
    type
    typeId
    description
    ownerId
    ownerTeam {
      id
      displayName
    }
    labels {
      name
    }
    changeMetadata {
      createdAt
      lastUserModificationAt
    }
  }
`;

const COMPONENT_EXTRAS = /* GraphQL */ `
  fragment CanonicalCompassComponentExtras on CompassComponent {
    relationships(query: { first: $relationshipsFirst, direction: OUTWARD }) @include(if: $withRelationships) {
      ... on CompassRelationshipConnection {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          type
          relationshipType
          startNode {
            id
          }
          endNode {
            id
          }
        }
      }
      ... on QueryError {
        message
        identifier
      }
    }
    scorecardScores @include(if: $withScores) {
      scorecardId
      totalScore
      maxTotalScore
    }
    scorecards @include(if: $withScores) {
      id
      name
    }
  }
`;

export const COMPASS_SEARCH_COMPONENTS = /* GraphQL */ `
  query CanonicalCompassSearchComponents(
    $cloudId: String!
    $query: CompassSearchComponentQuery
    $withRelationships: Boolean!
    $withScores: Boolean!
    $relationshipsFirst: Int
  ) {
    compass {
      searchComponents(cloudId: $cloudId, query: $query) {
        ... on CompassSearchComponentConnection {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            cursor
            node {
              component {
                ...CanonicalCompassComponentFields
                ...CanonicalCompassComponentExtras
              }
            }
          }
        }
        ... on QueryError {
          message
          identifier
        }
      }
    }
  }
  ${COMPONENT_FIELDS}
  ${COMPONENT_EXTRAS}
`;

/** Relationships and scores of many components in one call (field resolvers, batched). */
export const COMPASS_COMPONENTS_BY_IDS = /* GraphQL */ `
  query CanonicalCompassComponentsByIds(
    $ids: [ID!]!
    $withRelationships: Boolean!
    $withScores: Boolean!
    $relationshipsFirst: Int
  ) {
    compass {
      components(ids: $ids) {
        ...CanonicalCompassComponentFields
        ...CanonicalCompassComponentExtras
      }
    }
  }
  ${COMPONENT_FIELDS}
  ${COMPONENT_EXTRAS}
`;

/** Follow-up pages of one component's relationships. */
export const COMPASS_COMPONENT_RELATIONSHIPS_PAGE = /* GraphQL */ `
  query CanonicalCompassComponentRelationshipsPage($id: ID!, $first: Int, $after: String) {
    compass {
      component(id: $id) {
        ... on CompassComponent {
          id
          relationships(query: { first: $first, after: $after, direction: OUTWARD }) {
            ... on CompassRelationshipConnection {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                type
                relationshipType
                startNode {
                  id
                }
                endNode {
                  id
                }
              }
            }
            ... on QueryError {
              message
              identifier
            }
          }
        }
        ... on QueryError {
          message
          identifier
        }
      }
    }
  }
`;
