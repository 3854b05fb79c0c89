// GENERATED FILE - do not edit. Run `npm run sdk` to regenerate.
// Source: graphql/operations/*.graphql against graphql/schema.snapshot.graphql.
/* eslint-disable */
import type { DocumentNode } from 'graphql';
import * as Operations from './graphql.ts';

export type Requester<C = {}> = <R, V>(doc: DocumentNode, vars?: V, options?: C) => Promise<R> | AsyncIterable<R>
export function getSdk<C>(requester: Requester<C>) {
  return {
    JiraIssues(variables: Operations.JiraIssuesQueryVariables, options?: C): Promise<Operations.JiraIssuesQuery> {
      return requester<Operations.JiraIssuesQuery, Operations.JiraIssuesQueryVariables>(Operations.JiraIssuesDocument, variables, options) as Promise<Operations.JiraIssuesQuery>;
    },
    JiraIssue(variables: Operations.JiraIssueQueryVariables, options?: C): Promise<Operations.JiraIssueQuery> {
      return requester<Operations.JiraIssueQuery, Operations.JiraIssueQueryVariables>(Operations.JiraIssueDocument, variables, options) as Promise<Operations.JiraIssueQuery>;
    },
    JiraBoards(variables?: Operations.JiraBoardsQueryVariables, options?: C): Promise<Operations.JiraBoardsQuery> {
      return requester<Operations.JiraBoardsQuery, Operations.JiraBoardsQueryVariables>(Operations.JiraBoardsDocument, variables, options) as Promise<Operations.JiraBoardsQuery>;
    },
    JiraBoardSprints(variables: Operations.JiraBoardSprintsQueryVariables, options?: C): Promise<Operations.JiraBoardSprintsQuery> {
      return requester<Operations.JiraBoardSprintsQuery, Operations.JiraBoardSprintsQueryVariables>(Operations.JiraBoardSprintsDocument, variables, options) as Promise<Operations.JiraBoardSprintsQuery>;
    },
    ProjectsWithOpsgenieTeams(variables: Operations.ProjectsWithOpsgenieTeamsQueryVariables, options?: C): Promise<Operations.ProjectsWithOpsgenieTeamsQuery> {
      return requester<Operations.ProjectsWithOpsgenieTeamsQuery, Operations.ProjectsWithOpsgenieTeamsQueryVariables>(Operations.ProjectsWithOpsgenieTeamsDocument, variables, options) as Promise<Operations.ProjectsWithOpsgenieTeamsQuery>;
    },
    Teams(variables: Operations.TeamsQueryVariables, options?: C): Promise<Operations.TeamsQuery> {
      return requester<Operations.TeamsQuery, Operations.TeamsQueryVariables>(Operations.TeamsDocument, variables, options) as Promise<Operations.TeamsQuery>;
    },
    CompassComponents(variables?: Operations.CompassComponentsQueryVariables, options?: C): Promise<Operations.CompassComponentsQuery> {
      return requester<Operations.CompassComponentsQuery, Operations.CompassComponentsQueryVariables>(Operations.CompassComponentsDocument, variables, options) as Promise<Operations.CompassComponentsQuery>;
    },
    WorkItems(variables?: Operations.WorkItemsQueryVariables, options?: C): Promise<Operations.WorkItemsQuery> {
      return requester<Operations.WorkItemsQuery, Operations.WorkItemsQueryVariables>(Operations.WorkItemsDocument, variables, options) as Promise<Operations.WorkItemsQuery>;
    }
  };
}
export type Sdk = ReturnType<typeof getSdk>;