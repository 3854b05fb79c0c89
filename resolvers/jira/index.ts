/**
 * Canonical Jira resolvers (resolvers/schema/jira.graphql) as a plain resolver map for Mesh
 * additionalResolvers. Query.workItems lives in resolvers/sourcehut (it needs both trackers).
 */
import type { GraphQLResolveInfo } from 'graphql';
import { DateScalar } from '../shared/date.ts';
import type { ResolverDeps } from '../shared/http.ts';
import { JSONScalar } from '../shared/json.ts';
import { resolveJiraBoardSprints, resolveJiraBoards, resolveJiraProjectVersions } from './resolvers/agile.ts';
import { resolveJiraIssueChangelogs } from './resolvers/changelogs.ts';
import { jiraIssueFieldResolvers } from './resolvers/issue-fields.ts';
import { resolveJiraIssue, resolveJiraIssues } from './resolvers/issues.ts';
import { resolveJiraWorklogs } from './resolvers/worklogs.ts';

export type { UpstreamFetch, ResolverDeps } from '../shared/http.ts';
export { listProjectsViaRest, type ListProjectsViaRestOptions } from './projects-rest.ts';
export { describeJiraFieldIds } from './site-info.ts';

type Args<T> = T & Record<string, unknown>;
type Sync = { updatedSince?: string | null; syncCursor?: string | null };
type Page = { first?: number | null; after?: string | null };

export function createJiraResolvers(deps: ResolverDeps) {
  return {
    // Scalars only the Jira types use: release dates and any-field values.
    Date: DateScalar,
    JSON: JSONScalar,
    Query: {
      jiraIssues: (_root: unknown, args: Args<{ cloudId?: string | null; jql: string } & Sync & Page>, context: unknown, info: GraphQLResolveInfo) =>
        resolveJiraIssues(deps, args, context, info),
      jiraIssue: (_root: unknown, args: Args<{ cloudId?: string | null; key: string }>, context: unknown, info: GraphQLResolveInfo) =>
        resolveJiraIssue(deps, args, context, info),
      jiraIssueChangelogs: (
        _root: unknown,
        args: Args<{ cloudId?: string | null; issueKeys: string[]; since?: string | null; syncCursor?: string | null } & Page>,
        context: unknown,
        info: GraphQLResolveInfo,
      ) => resolveJiraIssueChangelogs(deps, args, context, info),
      jiraWorklogs: (_root: unknown, args: Args<{ cloudId?: string | null; projectKeys?: string[] | null } & Sync & Page>, context: unknown, info: GraphQLResolveInfo) =>
        resolveJiraWorklogs(deps, args, context, info),
      jiraBoards: (
        _root: unknown,
        args: Args<{ cloudId?: string | null; projectKey?: string | null; type?: string | null } & Page>,
        context: unknown,
        info: GraphQLResolveInfo,
      ) => resolveJiraBoards(deps, args, context, info),
      jiraBoardSprints: (
        _root: unknown,
        args: Args<{ cloudId?: string | null; boardId: string; state?: string[] | null } & Page>,
        context: unknown,
        info: GraphQLResolveInfo,
      ) => resolveJiraBoardSprints(deps, args, context, info),
      jiraProjectVersions: (_root: unknown, args: Args<{ cloudId?: string | null; projectKey: string } & Page>, context: unknown, info: GraphQLResolveInfo) =>
        resolveJiraProjectVersions(deps, args, context, info),
    },
    JiraIssue: jiraIssueFieldResolvers(deps),
  };
}
