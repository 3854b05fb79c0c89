/**
 * Query.jiraSprintReport and Query.flowMetrics (resolvers/schema/metrics-reports.graphql): the
 * fetching around the pure computations in sprint-report.ts and flow.ts. Upstream cost is bounded by
 * pages, never one request per issue: JQL search pages, bulk changelog pages (1000 issues each),
 * sr.ht ticket pages and aliased event requests (25 tickets each), plus cached catalogues.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../sources/context.ts';
import type {
  FlowMetrics,
  JiraSprintReport,
  JiraSprintReportTotal,
  QueryFlowMetricsArgs,
  QueryJiraSprintReportArgs,
  Resolvers,
} from '../generated/resolver-types.ts';
import { badUserInput, canonicalError } from '../shared/errors.ts';
import { normalizeDateTime } from '../shared/datetime.ts';
import type { CallContext, ResolverDeps } from '../shared/http.ts';
import { isObject, optionalObject, optionalString } from '../shared/raw.ts';
import { requireNonEmpty } from '../shared/validation.ts';
import type { JiraFieldSettings } from '../../sources/config/types.ts';
import { fetchBoard, fetchSprint, JIRA_SOFTWARE } from '../jira/fetchers/agile.ts';
import { fetchBulkChangelogs, SEARCH_PAGE_MAX } from '../jira/fetchers/platform.ts';
import { JiraIssueStream } from '../jira/issue-stream.ts';
import { jqlDateLiteral } from '../jira/jql-time.ts';
import { mapJiraSprint } from '../jira/mappers/agile.ts';
import { canonicalIssueFields } from '../jira/mappers/issue.ts';
import { refuseOrderBy, refuseUnbalancedParentheses } from '../jira/resolvers/issues.ts';
import { effectiveFieldSettings, siteInfo } from '../jira/site-info.ts';
import { loadJiraStatusCategories } from '../jira/status-catalogue.ts';
import type { JiraIssue, JiraSprint } from '../jira/types.ts';
import { agileBase, jiraBase, resolveCloudId } from '../jira/urls.ts';
import { allTicketsLoader, eventsLoader, ticketRefOf } from '../sourcehut/loaders.ts';
import { mapSourcehutTicket, sourcehutStatusCategory } from '../sourcehut/mappers/ticket.ts';
import { validateTrackerRef } from '../sourcehut/resolvers/tickets.ts';
import { MAX_TRACKERS } from '../sourcehut/resolvers/work-items.ts';
import type { SourcehutTicket, SourcehutTicketEvent } from '../sourcehut/types.ts';
import { computeFlow, flowIntervals, FlowInputError, PERCENTILE_METHOD, type DurationPercentiles, type FlowIntervalUnit, type FlowItem } from './flow.ts';
import {
  buildSprintReport,
  parseSprintIdList,
  SprintReportInputError,
  type BucketTotal,
  type KeyChange,
  type NumberChange,
  type SprintFieldChange,
  type SprintIssueInput,
  type SprintState,
} from './sprint-report.ts';
import type { CategoryOf, StatusHistory, StatusTransition } from './work-item.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const nowOf = (deps: ResolverDeps) => deps.now?.() ?? Date.now();

// ---------------------------------------------------------------------------------------------
// Jira histories out of raw bulk-changelog entries (fieldId is stable; field is the display name).

interface RawItem {
  field: string;
  fieldId: string | null;
  from: string | null;
  to: string | null;
  fromString: string | null;
  toString: string | null;
}

interface ParsedHistory {
  at: number;
  items: RawItem[];
}

function parseHistories(raw: unknown[] | undefined): ParsedHistory[] {
  const parsed: ParsedHistory[] = [];
  for (const history of raw ?? []) {
    if (!isObject(history) || !Array.isArray(history.items)) continue;
    const created = normalizeDateTime(history.created);
    if (created === null) continue;
    const items: RawItem[] = [];
    for (const item of history.items) {
      if (!isObject(item)) continue;
      const field = optionalString(item.field) ?? optionalString(item.fieldId);
      if (field === null) continue;
      items.push({ field, fieldId: optionalString(item.fieldId), from: optionalString(item.from), to: optionalString(item.to), fromString: optionalString(item.fromString), toString: optionalString(item.toString) });
    }
    parsed.push({ at: Date.parse(created), items });
  }
  return parsed.sort((a, b) => a.at - b.at);
}

const isField = (item: RawItem, id: string, names: readonly string[]) => item.fieldId === id || (item.fieldId === null && names.some((name) => name.toLowerCase() === item.field.toLowerCase()));

function numberOrNull(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

function statusTransitions(histories: ParsedHistory[]): StatusTransition[] {
  const transitions: StatusTransition[] = [];
  for (const history of histories) {
    for (const item of history.items) {
      if (item.field.toLowerCase() !== 'status') continue;
      const toStatus = item.toString ?? item.to;
      if (toStatus !== null) transitions.push({ at: history.at, fromStatus: item.fromString ?? item.from, toStatus });
    }
  }
  return transitions;
}

function jiraStatusHistory(issue: JiraIssue, histories: ParsedHistory[]): StatusHistory {
  return { createdAt: Date.parse(issue.createdAt), transitions: statusTransitions(histories), currentStatus: issue.status };
}

function sprintInput(issue: JiraIssue, histories: ParsedHistory[], fields: JiraFieldSettings): SprintIssueInput {
  const sprintChanges: SprintFieldChange[] = [];
  const storyPointChanges: NumberChange[] = [];
  const keyChanges: KeyChange[] = [];
  for (const history of histories) {
    for (const item of history.items) {
      if (isField(item, fields.sprintField, ['Sprint'])) {
        // Sprint ids are in from/to; fromString/toString hold names.
        sprintChanges.push({ at: history.at, from: parseSprintIdList(item.from), to: parseSprintIdList(item.to) });
      } else if (isField(item, fields.storyPointsField, ['Story Points', 'Story point estimate'])) {
        storyPointChanges.push({ at: history.at, from: numberOrNull(item.fromString ?? item.from), to: numberOrNull(item.toString ?? item.to) });
      } else if (item.field.toLowerCase() === 'key' && item.fromString !== null && item.toString !== null) {
        keyChanges.push({ at: history.at, from: item.fromString, to: item.toString });
      }
    }
  }
  return {
    key: issue.key,
    createdAt: Date.parse(issue.createdAt),
    currentSprintIds: issue.sprintIds,
    currentStoryPoints: issue.storyPoints,
    sprintChanges,
    storyPointChanges,
    keyChanges,
    status: jiraStatusHistory(issue, histories),
  };
}

/** Every issue of a JQL (mapped), walking search pages; unmappable ones are counted, not fatal. */
async function searchAll(call: CallContext, base: string, cloudId: string, jql: string, fieldSettings: JiraFieldSettings): Promise<{ issues: JiraIssue[]; skipped: number }> {
  const stream = new JiraIssueStream(call, base, jql, canonicalIssueFields(fieldSettings, false), cloudId, fieldSettings, { t: null, o: 0, m: SEARCH_PAGE_MAX });
  const issues: JiraIssue[] = [];
  let skipped = 0;
  for (let entry = await stream.peek(); entry !== null; entry = await stream.peek()) {
    stream.take();
    if (entry.node instanceof Error) skipped += 1;
    else issues.push(entry.node);
  }
  return { issues, skipped };
}

// ---------------------------------------------------------------------------------------------
// jiraSprintReport

function numericId(argument: string, value: string): string {
  const id = requireNonEmpty(argument, value);
  if (!/^\d+$/.test(id)) throw badUserInput(`${argument} must be a numeric Jira ${argument === 'boardId' ? 'board' : 'sprint'} id, got ${JSON.stringify(value)}`);
  return id;
}

function sprintState(state: string): SprintState {
  if (state === 'active' || state === 'closed' || state === 'future') return state;
  throw canonicalError('UPSTREAM_ERROR', `${JIRA_SOFTWARE} answered sprint state ${JSON.stringify(state)}, not future, active or closed`, { upstream: 'jiraSoftware' });
}

const millis = (value: string | null) => (value === null ? null : Date.parse(value));

const totalOut = (total: BucketTotal): JiraSprintReportTotal => ({ ...total });

export async function resolveJiraSprintReport(
  deps: ResolverDeps,
  args: QueryJiraSprintReportArgs,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<JiraSprintReport> {
  const cloudId = resolveCloudId(deps.settings, args.cloudId);
  const boardId = numericId('boardId', args.boardId);
  const sprintId = numericId('sprintId', args.sprintId);
  const call: CallContext = { deps, context, info };
  const agile = agileBase(deps.settings, cloudId);
  const base = jiraBase(deps.settings, cloudId);

  const [rawSprint, rawBoard, fieldSettings, accountZone] = await Promise.all([
    fetchSprint(call, agile, sprintId),
    fetchBoard(call, agile, boardId),
    effectiveFieldSettings(call, base),
    siteInfo(call).accountTimeZone(call, base),
  ]);
  let sprint: JiraSprint;
  try {
    sprint = mapJiraSprint(rawSprint);
  } catch (error) {
    throw canonicalError('UPSTREAM_ERROR', `${JIRA_SOFTWARE} answered sprint ${sprintId} in an unexpected shape: ${error instanceof Error ? error.message : String(error)}`, { upstream: 'jiraSoftware' });
  }
  const state = sprintState(sprint.state);
  const startAt = millis(sprint.startAt);
  if (state === 'future' || startAt === null) throw badUserInput(`sprint ${sprintId} (${sprint.name}) has not started: a sprint report needs an active or closed sprint`);
  const now = nowOf(deps);

  // 1. Issues in the sprint now.
  const members = await searchAll(call, base, cloudId, `sprint = ${sprintId}`, fieldSettings);
  // 2. Issues that left it: they no longer match `sprint = id`. Leaving a sprint updates an issue,
  //    so they are among the issues of the board's project(s) updated since the sprint started;
  //    their sprint-field changelog decides (read below).
  const boardProject = isObject(rawBoard) ? optionalString(optionalObject(rawBoard.location)?.projectKey) : null;
  const projects = [...new Set([...(boardProject ? [boardProject] : []), ...members.issues.map((issue) => issue.projectKey)])].filter((key) => /^[A-Za-z][A-Za-z0-9_]*$/.test(key));
  const others =
    projects.length === 0
      ? { issues: [], skipped: 0 }
      : await searchAll(call, base, cloudId, `project in (${projects.map((key) => `"${key}"`).join(', ')}) AND updated >= "${jqlDateLiteral(startAt, accountZone)}"`, fieldSettings);
  const memberIds = new Set(members.issues.map((issue) => issue.issueId));
  const candidates = [...members.issues, ...others.issues.filter((issue) => !memberIds.has(issue.issueId))];

  const changelogs = candidates.length === 0 ? new Map<string, unknown[]>() : await fetchBulkChangelogs(call, base, candidates.map((issue) => issue.issueId));
  const inputs: SprintIssueInput[] = [];
  const statuses = new Set<string>();
  for (const issue of candidates) {
    const input = sprintInput(issue, parseHistories(changelogs.get(issue.issueId)), fieldSettings);
    const mentioned = input.currentSprintIds.includes(sprintId) || input.sprintChanges.some((change) => change.from.includes(sprintId) || change.to.includes(sprintId));
    if (!mentioned) continue;
    inputs.push(input);
    statuses.add(input.status.currentStatus);
    for (const transition of input.status.transitions) {
      statuses.add(transition.toStatus);
      if (transition.fromStatus !== null) statuses.add(transition.fromStatus);
    }
  }
  const categoryOf = await loadJiraStatusCategories(call, cloudId, [...statuses]);

  let report;
  try {
    report = buildSprintReport({ id: sprintId, name: sprint.name, state, startAt, endAt: millis(sprint.endAt), completeAt: millis(sprint.completeAt) }, inputs, categoryOf, now);
  } catch (error) {
    if (error instanceof SprintReportInputError) throw badUserInput(error.message);
    throw error;
  }
  const at = (ms: number | null) => (ms === null ? null : iso(ms));
  return {
    sprint,
    boardId,
    startAt: iso(report.startAt),
    endAt: iso(report.endAt),
    endIsNow: report.endIsNow,
    committed: totalOut(report.committed),
    added: totalOut(report.added),
    removed: totalOut(report.removed),
    completed: totalOut(report.completed),
    carriedOver: totalOut(report.carriedOver),
    issues: report.issues.map((issue) => ({
      key: issue.key,
      buckets: issue.buckets,
      reasons: issue.reasons,
      pointsAtStart: issue.pointsAtStart,
      pointsWhenAdded: issue.pointsWhenAdded,
      pointsWhenRemoved: issue.pointsWhenRemoved,
      pointsAtEnd: issue.pointsAtEnd,
      addedAt: at(issue.addedAt),
      removedAt: at(issue.removedAt),
      doneAt: at(issue.doneAt),
      statusAtEnd: issue.statusAtEnd,
      statusCategoryAtEnd: issue.categoryAtEnd,
      historyIncomplete: issue.historyIncomplete,
    })),
    candidatesScanned: candidates.length,
    skippedIssues: members.skipped + others.skipped,
  };
}

// ---------------------------------------------------------------------------------------------
// flowMetrics

const FLOW_UNITS: readonly FlowIntervalUnit[] = ['DAY', 'WEEK', 'MONTH'];

const percentilesOut = (value: DurationPercentiles) => ({ count: value.count, p50Seconds: value.p50, p85Seconds: value.p85, p95Seconds: value.p95 });

function parseInstant(argument: string, value: string): number {
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) throw badUserInput(`${argument} must be an ISO 8601 date-time, got ${JSON.stringify(value)}`);
  return instant;
}

/** An item could count somewhere in [from, to) unless it was done before `from` and untouched since (then it stayed done). */
const mayCount = (createdAt: number, updatedAt: number, done: boolean, from: number, to: number) => createdAt < to && (updatedAt >= from || !done);

async function jiraFlowItems(call: CallContext, cloudId: string, jql: string, from: number, to: number): Promise<{ items: FlowItem[]; skipped: number }> {
  const base = jiraBase(call.deps.settings, cloudId);
  const [fieldSettings, zone] = await Promise.all([effectiveFieldSettings(call, base), siteInfo(call).accountTimeZone(call, base)]);
  // created bound written a day late (literals may read up to half a day early in unknown zones): a superset, filtered below.
  // Two disjoint searches rather than one with OR: updated since from, and older but not done.
  const scope = `(${jql}) AND created <= "${jqlDateLiteral(to + 86_400_000, zone)}"`;
  const fromLiteral = jqlDateLiteral(from, zone);
  const recent = await searchAll(call, base, cloudId, `${scope} AND updated >= "${fromLiteral}"`, fieldSettings);
  const open = await searchAll(call, base, cloudId, `${scope} AND updated < "${fromLiteral}" AND statusCategory != Done`, fieldSettings);
  // Disjoint by their updated bounds, unless an issue is updated between the two searches: once each.
  const seen = new Set(recent.issues.map((issue) => issue.issueId));
  const found = { issues: [...recent.issues, ...open.issues.filter((issue) => !seen.has(issue.issueId))], skipped: recent.skipped + open.skipped };
  const issues = found.issues.filter((issue) => mayCount(Date.parse(issue.createdAt), Date.parse(issue.updatedAt), issue.statusCategory === 'DONE', from, to));
  const changelogs = issues.length === 0 ? new Map<string, unknown[]>() : await fetchBulkChangelogs(call, base, issues.map((issue) => issue.issueId));
  const histories = issues.map((issue) => ({ issue, history: jiraStatusHistory(issue, parseHistories(changelogs.get(issue.issueId))) }));
  const statuses = new Set<string>();
  for (const { history } of histories) {
    statuses.add(history.currentStatus);
    for (const transition of history.transitions) statuses.add(transition.toStatus);
  }
  const categoryOf = await loadJiraStatusCategories(call, cloudId, [...statuses]);
  return { items: histories.map(({ issue, history }) => ({ ref: issue.key, history, categoryOf })), skipped: found.skipped };
}

const sourcehutCategoryOf: CategoryOf = (status) => sourcehutStatusCategory(status);

async function sourcehutFlowItems(call: CallContext, trackers: Array<{ owner: string; tracker: string }>, from: number, to: number): Promise<{ items: FlowItem[]; skipped: number }> {
  const tickets: SourcehutTicket[] = [];
  let skipped = 0;
  const raws = await Promise.all(trackers.map(({ owner, tracker }) => allTicketsLoader(call).load(`${owner}/${tracker}`)));
  trackers.forEach(({ owner, tracker }, index) => {
    for (const raw of raws[index]) {
      let ticket: SourcehutTicket;
      try {
        ticket = mapSourcehutTicket(raw, owner, tracker);
      } catch {
        skipped += 1;
        continue;
      }
      if (mayCount(Date.parse(ticket.createdAt), Date.parse(ticket.updatedAt), ticket.statusCategory === 'DONE', from, to)) tickets.push(ticket);
    }
  });
  const events = await eventsLoader(call).loadMany(tickets.map(ticketRefOf));
  const items: FlowItem[] = [];
  tickets.forEach((ticket, index) => {
    const loaded = events[index];
    if (loaded instanceof Error) throw loaded;
    const transitions: StatusTransition[] = loaded
      .filter((event): event is SourcehutTicketEvent => !(event instanceof Error) && event.type === 'STATUS_CHANGE' && event.newStatus !== null)
      .map((event) => ({ at: Date.parse(event.createdAt), fromStatus: event.oldStatus, toStatus: event.newStatus as string }));
    items.push({ ref: ticket.ref, history: { createdAt: Date.parse(ticket.createdAt), transitions, currentStatus: ticket.status }, categoryOf: sourcehutCategoryOf });
  });
  return { items, skipped };
}

export async function resolveFlowMetrics(
  deps: ResolverDeps,
  args: QueryFlowMetricsArgs,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): Promise<FlowMetrics> {
  const jql = args.jql == null ? null : requireNonEmpty('jql', args.jql);
  const trackerArgs = args.sourcehut ?? [];
  if (jql === null && trackerArgs.length === 0) throw badUserInput('flowMetrics needs a source: pass jql (Jira issues), sourcehut (todo.sr.ht trackers) or both');
  if (trackerArgs.length > MAX_TRACKERS) throw badUserInput(`sourcehut takes at most ${MAX_TRACKERS} trackers, got ${trackerArgs.length}`);
  const trackers = trackerArgs.map((ref, index) => validateTrackerRef(ref.owner, ref.tracker, `sourcehut[${index}].`));
  const unique = [...new Map(trackers.map((ref) => [`${ref.owner}/${ref.tracker}`, ref])).values()];
  if (jql !== null) {
    refuseOrderBy(jql, 'in flowMetrics: the order does not matter to the metrics');
    refuseUnbalancedParentheses(jql);
  }
  const unit: FlowIntervalUnit = args.interval;
  if (!FLOW_UNITS.includes(unit)) throw badUserInput(`interval must be DAY, WEEK or MONTH, got ${JSON.stringify(args.interval)}`);
  const timeZone = args.timeZone ?? 'UTC';
  const from = parseInstant('from', args.from);
  const to = parseInstant('to', args.to);
  let intervals;
  try {
    intervals = flowIntervals(from, to, unit, timeZone);
  } catch (error) {
    if (error instanceof FlowInputError) throw badUserInput(error.message);
    throw error;
  }
  const call: CallContext = { deps, context, info };
  const cloudId = jql === null ? null : resolveCloudId(deps.settings, args.cloudId);
  const [jira, srht] = await Promise.all([
    cloudId === null || jql === null ? { items: [], skipped: 0 } : jiraFlowItems(call, cloudId, jql, from, to),
    unique.length === 0 ? { items: [], skipped: 0 } : sourcehutFlowItems(call, unique, from, to),
  ]);
  const items = [...jira.items, ...srht.items];
  const metrics = computeFlow(items, intervals, nowOf(deps));
  return {
    interval: unit,
    timeZone,
    from: iso(from),
    to: iso(to),
    percentileMethod: PERCENTILE_METHOD,
    itemCount: items.length,
    skippedItems: jira.skipped + srht.skipped,
    intervals: metrics.map((interval) => ({
      start: iso(interval.start),
      end: iso(interval.end),
      partial: interval.partial,
      throughput: interval.throughput,
      arrivals: interval.arrivals,
      wip: interval.wip,
      wipAt: iso(interval.wipAt),
      cycleTime: percentilesOut(interval.cycleTime),
      leadTime: percentilesOut(interval.leadTime),
      done: interval.done,
    })),
  };
}

export function createMetricsResolvers(deps: ResolverDeps): Resolvers {
  return {
    Query: {
      jiraSprintReport: (_root, args, context, info) => resolveJiraSprintReport(deps, args, context, info),
      flowMetrics: (_root, args, context, info) => resolveFlowMetrics(deps, args, context, info),
    },
  };
}
