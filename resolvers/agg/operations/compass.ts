/**
 * AGG documents for Compass components. Relationships (either direction) and scorecard scores
 * ride in the same request (`@include`) when the caller selected them, so a page of components
 * costs one upstream call; `components(ids:)` batches what a later field resolver still needs.
 *
 * AGG rules these follow (graphql/agg.graphql descriptions, checked by the operation rules test):
 * `ownerTeam`, `appliedScorecards` and its edges' `score` are EXPERIMENTAL and need
 * `@optIn(to: "compass-beta")` on the field; `CompassComponent.scorecardScores` was removed on
 * 31 December 2025 in favour of `appliedScorecards` edges' `score`; `type` (component and
 * relationship) is deprecated for `typeId` / `relationshipType`.
 */
import { aggOperation } from './define.ts';

const COMPONENT_FIELDS = /* GraphQL */ `
  fragment CanonicalCompassComponentFields on CompassComponent {
    id
    name
    typeId
    description
    ownerId
    ownerTeam @optIn(to: "compass-beta") {
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

const RELATIONSHIPS = /* GraphQL */ `
  fragment CanonicalCompassRelationships on CompassRelationshipConnectionResult {
    __typename
    ... on CompassRelationshipConnection {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
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
`;

/** Applied scorecards with their score (percentage scorecards) and what dates the evaluation. */
const SCORECARDS = /* GraphQL */ `
  fragment CanonicalCompassScorecards on CompassComponentHasScorecardsAppliedConnection {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        name
      }
      score {
        __typename
        ... on CompassScorecardScore {
          scorecardId
          totalScore
          maxTotalScore
          statusDuration {
            since
          }
          criteriaScores {
            dataSourceLastUpdated
          }
        }
        ... on CompassScorecardMaturityLevelAwarded {
          scorecardId
        }
        ... on QueryError {
          message
          identifier
        }
      }
    }
  }
`;

const COMPONENT_EXTRAS = /* GraphQL */ `
  fragment CanonicalCompassComponentExtras on CompassComponent {
    outwardRelationships: relationships(query: { first: $relationshipsFirst, direction: OUTWARD }) @include(if: $withOutward) {
      ...CanonicalCompassRelationships
    }
    inwardRelationships: relationships(query: { first: $relationshipsFirst, direction: INWARD }) @include(if: $withInward) {
      ...CanonicalCompassRelationships
    }
    appliedScorecards(first: $scorecardsFirst) @include(if: $withScores) @optIn(to: "compass-beta") {
      ...CanonicalCompassScorecards
    }
  }
  ${RELATIONSHIPS}
  ${SCORECARDS}
`;

export const COMPASS_SEARCH_COMPONENTS = aggOperation(
  'CanonicalCompassSearchComponents',
  /* GraphQL */ `
    query CanonicalCompassSearchComponents(
      $cloudId: String!
      $query: CompassSearchComponentQuery
      $withOutward: Boolean!
      $withInward: Boolean!
      $withScores: Boolean!
      $relationshipsFirst: Int
      $scorecardsFirst: Int
    ) {
      compass {
        searchComponents(cloudId: $cloudId, query: $query) {
          __typename
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
  `,
);

/** One component by id (compass.component), with the extras the caller selected. */
export const COMPASS_COMPONENT = aggOperation(
  'CanonicalCompassComponent',
  /* GraphQL */ `
    query CanonicalCompassComponent(
      $id: ID!
      $withOutward: Boolean!
      $withInward: Boolean!
      $withScores: Boolean!
      $relationshipsFirst: Int
      $scorecardsFirst: Int
    ) {
      compass {
        component(id: $id) {
          __typename
          ... on CompassComponent {
            ...CanonicalCompassComponentFields
            ...CanonicalCompassComponentExtras
          }
          ... on QueryError {
            message
            identifier
            extensions {
              statusCode
              errorType
            }
          }
        }
      }
    }
    ${COMPONENT_FIELDS}
    ${COMPONENT_EXTRAS}
  `,
);

/** Relationships (both directions) and scores of many components in one call (field resolvers, batched). */
export const COMPASS_COMPONENTS_BY_IDS = aggOperation(
  'CanonicalCompassComponentsByIds',
  /* GraphQL */ `
    query CanonicalCompassComponentsByIds(
      $ids: [ID!]!
      $withOutward: Boolean!
      $withInward: Boolean!
      $withScores: Boolean!
      $relationshipsFirst: Int
      $scorecardsFirst: Int
    ) {
      compass {
        components(ids: $ids) {
          id
          ...CanonicalCompassComponentExtras
        }
      }
    }
    ${COMPONENT_EXTRAS}
  `,
);

/** Follow-up pages of one component's relationships in one direction. */
export const COMPASS_COMPONENT_RELATIONSHIPS_PAGE = aggOperation(
  'CanonicalCompassComponentRelationshipsPage',
  /* GraphQL */ `
    query CanonicalCompassComponentRelationshipsPage($id: ID!, $direction: CompassRelationshipDirection!, $first: Int, $after: String) {
      compass {
        component(id: $id) {
          __typename
          ... on CompassComponent {
            id
            relationships(query: { first: $first, after: $after, direction: $direction }) {
              ...CanonicalCompassRelationships
            }
          }
          ... on QueryError {
            message
            identifier
          }
        }
      }
    }
    ${RELATIONSHIPS}
  `,
);

/** Follow-up pages of one component's applied scorecards. */
export const COMPASS_COMPONENT_SCORECARDS_PAGE = aggOperation(
  'CanonicalCompassComponentScorecardsPage',
  /* GraphQL */ `
    query CanonicalCompassComponentScorecardsPage($id: ID!, $first: Int, $after: String) {
      compass {
        component(id: $id) {
          __typename
          ... on CompassComponent {
            id
            appliedScorecards(first: $first, after: $after) @optIn(to: "compass-beta") {
              ...CanonicalCompassScorecards
            }
          }
          ... on QueryError {
            message
            identifier
          }
        }
      }
    }
    ${SCORECARDS}
  `,
);
