import type { GraphQLResolveInfo } from 'graphql';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { changelogLoader, worklogLoader } from '../loaders.ts';
import { statusChangesFromChangelog } from '../mappers/changelog.ts';
import type { JiraChangelogEvent, JiraIssue, JiraWorklog, WorkItemStatusChange } from '../types.ts';
import { jiraBase } from '../urls.ts';

/** Field resolvers of JiraIssue beyond plain properties: history, loaded in batches per request. */
export function jiraIssueFieldResolvers(deps: ResolverDeps) {
  const load = (issue: JiraIssue, context: unknown, info: GraphQLResolveInfo) => {
    const call: CallContext = { deps, context, info };
    return changelogLoader(call).load({ issueId: issue.issueId, key: issue.key, base: jiraBase(deps.settings, issue.cloudId) });
  };
  return {
    changelog: (issue: JiraIssue, _args: unknown, context: unknown, info: GraphQLResolveInfo): Promise<Array<JiraChangelogEvent | Error>> =>
      load(issue, context, info),
    statusChanges: async (issue: JiraIssue, _args: unknown, context: unknown, info: GraphQLResolveInfo): Promise<WorkItemStatusChange[]> => {
      const events = await load(issue, context, info);
      return statusChangesFromChangelog(events.filter((event): event is JiraChangelogEvent => !(event instanceof Error)));
    },
    worklogs: (issue: JiraIssue, _args: unknown, context: unknown, info: GraphQLResolveInfo): Promise<Array<JiraWorklog | Error>> | JiraWorklog[] => {
      if (issue.embeddedWorklogs) return issue.embeddedWorklogs;
      const call: CallContext = { deps, context, info };
      return worklogLoader(call).load({ key: issue.key, base: jiraBase(deps.settings, issue.cloudId) });
    },
  };
}
