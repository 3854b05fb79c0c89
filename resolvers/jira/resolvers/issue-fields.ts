import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { changelogLoader, worklogLoader } from '../loaders.ts';
import { statusChangesFromChangelog } from '../mappers/changelog.ts';
import type { JiraChangelogEvent, JiraIssue, JiraWorklog, WorkItemStatusChange } from '../types.ts';
import { jiraBase } from '../urls.ts';

/** JiraIssue.fields: the raw values of the asked fields, keyed by the id or name as asked (null when the issue has none). */
export function readIssueFields(issue: JiraIssue, args: { ids?: readonly string[] | null; names?: readonly string[] | null }): Record<string, unknown> | GraphQLError {
  const ids = args.ids ?? [];
  const names = args.names ?? [];
  if (ids.length === 0 && names.length === 0) {
    return new GraphQLError('JiraIssue.fields needs ids or names, e.g. fields(names: ["Team"])', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const problems = issue.fieldLookup?.problems ?? new Map();
  const idByName = issue.fieldLookup?.idByName ?? new Map<string, string>();
  const values: Record<string, unknown> = {};
  const failed: Array<{ code: string; message: string }> = [];
  const read = (id: string) => (Object.hasOwn(issue.rawFields, id) ? (issue.rawFields[id] ?? null) : null);
  for (const asked of ids) {
    const problem = problems.get(`id:${asked.trim()}`);
    if (problem) failed.push(problem);
    else values[asked] = read(asked.trim());
  }
  for (const asked of names) {
    const problem = problems.get(`name:${asked.trim()}`);
    const id = idByName.get(asked.trim());
    if (problem) failed.push(problem);
    else if (id === undefined) failed.push({ code: 'BAD_USER_INPUT', message: `field "${asked}" was not resolved for this request` });
    else values[asked] = read(id);
  }
  if (failed.length > 0) {
    // One error for the field: the issue's other fields are unaffected.
    return new GraphQLError(`Cannot read fields of Jira issue ${issue.key}: ${failed.map((problem) => problem.message).join('; ')}`, {
      extensions: { code: failed.some((problem) => problem.code === 'UPSTREAM_ERROR') ? 'UPSTREAM_ERROR' : 'BAD_USER_INPUT' },
    });
  }
  return values;
}

/** Field resolvers of JiraIssue beyond plain properties: history, loaded in batches per request, and any field. */
export function jiraIssueFieldResolvers(deps: ResolverDeps) {
  const load = (issue: JiraIssue, context: unknown, info: GraphQLResolveInfo) => {
    const call: CallContext = { deps, context, info };
    return changelogLoader(call).load({ issueId: issue.issueId, key: issue.key, base: jiraBase(deps.settings, issue.cloudId) });
  };
  return {
    changelog: async (issue: JiraIssue, args: { since?: string | null }, context: unknown, info: GraphQLResolveInfo): Promise<Array<JiraChangelogEvent | Error>> => {
      const events = await load(issue, context, info);
      if (args.since == null) return events;
      // Jira's bulk changelog has no time filter: the same request, fewer events out.
      const since = args.since;
      return events.filter((event) => event instanceof Error || event.createdAt >= since);
    },
    statusChanges: async (issue: JiraIssue, _args: unknown, context: unknown, info: GraphQLResolveInfo): Promise<WorkItemStatusChange[]> => {
      const events = await load(issue, context, info);
      return statusChangesFromChangelog(events.filter((event): event is JiraChangelogEvent => !(event instanceof Error)));
    },
    worklogs: (issue: JiraIssue, _args: unknown, context: unknown, info: GraphQLResolveInfo): Promise<Array<JiraWorklog | Error>> | JiraWorklog[] => {
      if (issue.embeddedWorklogs) return issue.embeddedWorklogs;
      const call: CallContext = { deps, context, info };
      return worklogLoader(call).load({ key: issue.key, base: jiraBase(deps.settings, issue.cloudId) });
    },
    fields: (issue: JiraIssue, args: { ids?: string[] | null; names?: string[] | null }) => readIssueFields(issue, args),
  };
}
