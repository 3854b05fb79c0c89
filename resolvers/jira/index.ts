/**
 * Canonical Jira resolvers (resolvers/schema/jira.graphql) as a plain resolver map for Mesh
 * additionalResolvers. Query.workItems lives in resolvers/sourcehut (it needs both trackers).
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { ResolverDeps } from '../shared/http.ts';
import { resolveJiraBoardSprints, resolveJiraBoards, resolveJiraProjectVersions } from './resolvers/agile.ts';
import { jiraIssueFieldResolvers } from './resolvers/issue-fields.ts';
import { resolveJiraIssue, resolveJiraIssueChangelogs, resolveJiraIssues } from './resolvers/issues.ts';

export type { UpstreamFetch, ResolverDeps } from '../shared/http.ts';
export { listProjectsViaRest, type ListProjectsViaRestOptions } from './projects-rest.ts';

type Args<T> = T & Record<string, unknown>;

export function createJiraResolvers(deps: ResolverDeps) {
  return {
    Query: {
      jiraIssues: (_root: unknown, args: Args<{ cloudId?: string | null; jql: string; first?: number | null; after?: string | null }>, context: unknown, info: GraphQLResolveInfo) =>
        resolveJiraIssues(deps, args, context, info),
      jiraIssue: (_root: unknown, args: Args<{ cloudId?: string | null; key: string }>, context: unknown, info: GraphQLResolveInfo) =>
        resolveJiraIssue(deps, args, context, info),
      jiraIssueChangelogs: (_root: unknown, args: Args<{ cloudId?: string | null; issueKeys: string[] }>, context: unknown, info: GraphQLResolveInfo) =>
        resolveJiraIssueChangelogs(deps, args, context, info),
      jiraBoards: (
        _root: unknown,
        args: Args<{ cloudId?: string | null; projectKey?: string | null; type?: string | null; first?: number | null; after?: string | null }>,
        context: unknown,
        info: GraphQLResolveInfo,
      ) => resolveJiraBoards(deps, args, context, info),
      jiraBoardSprints: (
        _root: unknown,
        args: Args<{ boardId: string; state?: string[] | null; first?: number | null; after?: string | null }>,
        context: unknown,
        info: GraphQLResolveInfo,
      ) => resolveJiraBoardSprints(deps, args, context, info),
      jiraProjectVersions: (_root: unknown, args: Args<{ projectKey: string; first?: number | null; after?: string | null }>, context: unknown, info: GraphQLResolveInfo) =>
        resolveJiraProjectVersions(deps, args, context, info),
    },
    JiraIssue: jiraIssueFieldResolvers(deps),
  };
}
