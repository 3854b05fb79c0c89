/**
 * Canonical Jira resolvers (resolvers/schema/jira.graphql) as a plain resolver map for Mesh
 * additionalResolvers. Query.workItems lives in resolvers/sourcehut (it needs both trackers).
 */
import type { Resolvers } from '../generated/resolver-types.ts';
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

export function createJiraResolvers(deps: ResolverDeps): Resolvers {
  return {
    // Scalars only the Jira types use: release dates and any-field values.
    Date: DateScalar,
    JSON: JSONScalar,
    Query: {
      jiraIssues: (_root, args, context, info) => resolveJiraIssues(deps, args, context, info),
      jiraIssue: (_root, args, context, info) => resolveJiraIssue(deps, args, context, info),
      jiraIssueChangelogs: (_root, args, context, info) => resolveJiraIssueChangelogs(deps, args, context, info),
      jiraWorklogs: (_root, args, context, info) => resolveJiraWorklogs(deps, args, context, info),
      jiraBoards: (_root, args, context, info) => resolveJiraBoards(deps, args, context, info),
      jiraBoardSprints: (_root, args, context, info) => resolveJiraBoardSprints(deps, args, context, info),
      jiraProjectVersions: (_root, args, context, info) => resolveJiraProjectVersions(deps, args, context, info),
    },
    JiraIssue: jiraIssueFieldResolvers(deps),
  };
}
