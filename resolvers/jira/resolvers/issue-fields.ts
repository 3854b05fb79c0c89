import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../../sources/context.ts';
import type { JiraIssueFieldsArgs, JiraIssueResolvers } from '../../generated/resolver-types.ts';
import type { CallContext, ResolverDeps } from '../../shared/http.ts';
import { changelogLoader, worklogLoader } from '../loaders.ts';
import { statusChangesFromChangelog } from '../mappers/changelog.ts';
import type { JiraChangelogEvent, JiraIssue } from '../types.ts';
import { jiraBase } from '../urls.ts';
import { computeWorkItemMetrics, epochMs, type CategoryOf, type StatusHistory, type WorkItemMetrics } from '../../metrics/work-item.ts';
import { perContext } from '../../shared/per-context.ts';
import { loadJiraStatusCategories } from '../status-catalogue.ts';

/** JiraIssue.fields: the raw values of the asked fields, keyed by the id or name as asked (null when the issue has none). */
export function readIssueFields(issue: JiraIssue, args: JiraIssueFieldsArgs): Record<string, unknown> | GraphQLError {
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
export function jiraIssueFieldResolvers(deps: ResolverDeps): JiraIssueResolvers {
  const load = (issue: JiraIssue, context: GatewayContext, info: GraphQLResolveInfo) => {
    const call: CallContext = { deps, context, info };
    return changelogLoader(call).load({ issueId: issue.issueId, key: issue.key, base: jiraBase(deps.settings, issue.cloudId) });
  };
  return {
    changelog: async (issue, args, context, info) => {
      const events = await load(issue, context, info);
      if (args.since == null) return events;
      // Jira's bulk changelog has no time filter: the same request, fewer events out.
      const since = args.since;
      return events.filter((event) => event instanceof Error || event.createdAt >= since);
    },
    statusChanges: async (issue, _args, context, info) => {
      const events = await load(issue, context, info);
      return statusChangesFromChangelog(events.filter((event): event is JiraChangelogEvent => !(event instanceof Error)));
    },
    worklogs: (issue, _args, context, info) => {
      if (issue.embeddedWorklogs) return issue.embeddedWorklogs;
      const call: CallContext = { deps, context, info };
      return worklogLoader(call).load({ key: issue.key, base: jiraBase(deps.settings, issue.cloudId) });
    },
    fields: (issue, args) => readIssueFields(issue, args),
    timeInStatus: async (issue, _args, context, info) => (await metrics(issue, context, info)).timeInStatus,
    cycleTimeSeconds: async (issue, _args, context, info) => (await metrics(issue, context, info)).cycleTimeSeconds,
    leadTimeSeconds: async (issue, _args, context, info) => (await metrics(issue, context, info)).leadTimeSeconds,
    reopenedCount: async (issue, _args, context, info) => (await metrics(issue, context, info)).reopenedCount,
  };

  /** The metrics of one issue, computed once per request for all four fields. */
  function metrics(issue: JiraIssue, context: GatewayContext, info: GraphQLResolveInfo): Promise<WorkItemMetrics> {
    const computed = perContext(context, 'jira.workItemMetrics', () => new Map<string, Promise<WorkItemMetrics>>());
    const cacheKey = `${issue.cloudId} ${issue.issueId}`;
    let pending = computed.get(cacheKey);
    if (!pending) {
      pending = computeIssueMetrics(issue, context, info);
      computed.set(cacheKey, pending);
    }
    return pending;
  }

  async function computeIssueMetrics(issue: JiraIssue, context: GatewayContext, info: GraphQLResolveInfo): Promise<WorkItemMetrics> {
    // The same batched changelog load as statusChanges: no request of its own.
    const events = (await load(issue, context, info)).filter((event): event is JiraChangelogEvent => !(event instanceof Error));
    const { history, statusIds } = issueStatusHistory(issue, events);
    const expected = [...new Set([...history.transitions.flatMap((transition) => [transition.fromStatus, transition.toStatus]), history.currentStatus])]
      .filter((status): status is string => status !== null)
      .map((status) => statusIds.get(status) ?? status);
    const catalogue = await loadJiraStatusCategories({ deps, context, info }, issue.cloudId, expected);
    return computeWorkItemMetrics(history, issueCategoryOf(issue, catalogue, statusIds), deps.now?.() ?? Date.now());
  }
}

/** An issue's status history from its changelog, and the status id per status name the changelog names. */
export function issueStatusHistory(issue: JiraIssue, events: JiraChangelogEvent[]): { history: StatusHistory; statusIds: Map<string, string> } {
  const statusIds = new Map<string, string>();
  for (const event of events) {
    for (const item of event.items) {
      if (item.field.toLowerCase() !== 'status') continue;
      if (item.fromString !== null && item.from !== null) statusIds.set(item.fromString, item.from);
      if (item.toString !== null && item.to !== null) statusIds.set(item.toString, item.to);
    }
  }
  const history: StatusHistory = {
    createdAt: epochMs(issue.createdAt),
    transitions: statusChangesFromChangelog(events).map((change) => ({ at: epochMs(change.at), fromStatus: change.fromStatus, toStatus: change.toStatus })),
    currentStatus: issue.status,
  };
  return { history, statusIds };
}

/**
 * Category of a status of this issue: the current status's category as the issue itself carries it,
 * else the catalogue by the status id the changelog recorded (names may repeat across
 * team-managed projects), else by name.
 */
export function issueCategoryOf(issue: JiraIssue, catalogue: CategoryOf, statusIds: Map<string, string>): CategoryOf {
  return (status) => {
    if (status === issue.status && issue.statusCategory !== null) return issue.statusCategory;
    const id = statusIds.get(status);
    return (id !== undefined ? catalogue(id) : null) ?? catalogue(status);
  };
}
