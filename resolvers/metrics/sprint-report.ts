/**
 * Sprint report (committed / added / removed / completed / carried over) from one sprint's window and
 * each candidate issue's sprint-field, story-points and status histories. Pure: no I/O, "now" is an
 * argument. Definitions: docs/metrics-reports-section.md.
 */
import { categoryAt, computeWorkItemMetrics, type CategoryOf, type StatusCategory, type StatusHistory } from './work-item.ts';

export type SprintBucket = 'COMMITTED' | 'ADDED' | 'REMOVED' | 'COMPLETED' | 'CARRIED_OVER';
export type SprintState = 'future' | 'active' | 'closed';

export interface SprintWindow {
  id: string;
  name: string;
  state: SprintState;
  /** Epoch ms; null for a sprint that never started. */
  startAt: number | null;
  /** Planned end (epoch ms). */
  endAt: number | null;
  /** When the sprint was completed (epoch ms); null unless closed. */
  completeAt: number | null;
}

/** One change of the sprint field: the sprint ids before and after. */
export interface SprintFieldChange {
  at: number;
  from: string[];
  to: string[];
}

export interface NumberChange {
  at: number;
  from: number | null;
  to: number | null;
}

/** One issue key change (a move to another project). */
export interface KeyChange {
  at: number;
  from: string;
  to: string;
}

export interface SprintIssueInput {
  /** The current key (after any moves). */
  key: string;
  createdAt: number;
  currentSprintIds: string[];
  currentStoryPoints: number | null;
  /** In any order; sorted here. */
  sprintChanges: SprintFieldChange[];
  storyPointChanges: NumberChange[];
  keyChanges: KeyChange[];
  status: StatusHistory;
}

export interface SprintReportIssue {
  key: string;
  /** In the order COMMITTED, ADDED, REMOVED, COMPLETED, CARRIED_OVER. */
  buckets: SprintBucket[];
  /** Why, in time order, e.g. "in the sprint at start 2024-01-08T09:00Z", "added 2024-01-10T13:05Z". */
  reasons: string[];
  /** Story points when the sprint started (counted for COMMITTED). */
  pointsAtStart: number | null;
  /** Story points when it joined after the start (counted for ADDED). */
  pointsWhenAdded: number | null;
  /** Story points when it left (counted for REMOVED). */
  pointsWhenRemoved: number | null;
  /** Story points at the sprint's end (counted for COMPLETED and CARRIED_OVER). */
  pointsAtEnd: number | null;
  addedAt: number | null;
  removedAt: number | null;
  /** Entry into the DONE category that made it done at the end (the start of its final run of DONE statuses). */
  doneAt: number | null;
  statusAtEnd: string | null;
  categoryAtEnd: StatusCategory | null;
  /** The reconstructed sprint field after its last recorded change disagrees with its current value (history cut or edited). */
  historyIncomplete: boolean;
}

export interface BucketTotal {
  issues: number;
  /** Sum of the bucket's story-point snapshot; unestimated issues add 0. */
  points: number;
  unestimated: number;
}

export interface SprintReport {
  sprint: SprintWindow;
  startAt: number;
  /** completeAt for a closed sprint; now for an active one. */
  endAt: number;
  /** True for an active sprint: "completed" and "carried over" are as of now. */
  endIsNow: boolean;
  committed: BucketTotal;
  added: BucketTotal;
  removed: BucketTotal;
  completed: BucketTotal;
  carriedOver: BucketTotal;
  /** Issues that count in at least one bucket, by key (numeric issue number order within a project). */
  issues: SprintReportIssue[];
}

export class SprintReportInputError extends Error {}

/** `2024-01-08T09:00Z`: minute precision is what people compare with Jira's board. */
export function shortTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** Sprint field changelog values are id lists: "12, 13" (Cloud), sometimes without spaces. */
export function parseSprintIdList(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(/[,\s]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

const byTime = <T extends { at: number }>(changes: T[]): T[] =>
  changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => a.change.at - b.change.at || a.index - b.index)
    .map(({ change }) => change);

/** Membership of `sprintId` over time: not a member before creation; before the first change, that change's `from`. */
function memberAt(issue: SprintIssueInput, changes: SprintFieldChange[], sprintId: string, at: number): boolean {
  if (at < issue.createdAt) return false;
  let ids = changes.length > 0 ? changes[0].from : issue.currentSprintIds;
  for (const change of changes) {
    if (change.at > at) break;
    ids = change.to;
  }
  return ids.includes(sprintId);
}

function pointsAt(issue: SprintIssueInput, changes: NumberChange[], at: number): number | null {
  let points = changes.length > 0 ? changes[0].from : issue.currentStoryPoints;
  for (const change of changes) {
    if (change.at > at) break;
    points = change.to;
  }
  return points;
}

function statusAt(history: StatusHistory, at: number): string | null {
  const transitions = byTime(history.transitions);
  let status = transitions.length > 0 ? transitions[0].fromStatus : history.currentStatus;
  for (const transition of transitions) {
    if (transition.at > at) break;
    status = transition.toStatus;
  }
  return status;
}

/** Instants in (start, end] where membership flips, with the direction. Creation counts as joining. */
function membershipFlips(issue: SprintIssueInput, changes: SprintFieldChange[], sprintId: string, start: number, end: number): Array<{ at: number; joined: boolean }> {
  const instants = [issue.createdAt, ...changes.map((change) => change.at)].filter((at) => at > start && at <= end);
  const flips: Array<{ at: number; joined: boolean }> = [];
  let member = memberAt(issue, changes, sprintId, start);
  for (const at of [...new Set(instants)].sort((a, b) => a - b)) {
    const now = memberAt(issue, changes, sprintId, at);
    if (now !== member) flips.push({ at, joined: now });
    member = now;
  }
  return flips;
}

function total(issues: SprintReportIssue[], bucket: SprintBucket, points: (issue: SprintReportIssue) => number | null): BucketTotal {
  const inBucket = issues.filter((issue) => issue.buckets.includes(bucket));
  return {
    issues: inBucket.length,
    points: inBucket.reduce((sum, issue) => sum + (points(issue) ?? 0), 0),
    unestimated: inBucket.filter((issue) => points(issue) === null).length,
  };
}

function compareKeys(a: string, b: string): number {
  const [projectA, numberA] = a.split('-');
  const [projectB, numberB] = b.split('-');
  return projectA.localeCompare(projectB) || Number(numberA) - Number(numberB) || a.localeCompare(b);
}

/** One issue's place in the sprint, or null when it was never in the sprint between start and end. */
export function classifySprintIssue(issue: SprintIssueInput, sprintId: string, start: number, end: number, categoryOf: CategoryOf): SprintReportIssue | null {
  const sprintChanges = byTime(issue.sprintChanges);
  const pointChanges = byTime(issue.storyPointChanges);
  const atStart = memberAt(issue, sprintChanges, sprintId, start);
  const atEnd = memberAt(issue, sprintChanges, sprintId, end);
  const flips = membershipFlips(issue, sprintChanges, sprintId, start, end);
  if (!atStart && flips.length === 0) return null;

  const reasons: string[] = [];
  if (atStart) reasons.push(`in the sprint at start ${shortTime(start)}`);
  let addedAt: number | null = null;
  let removedAt: number | null = null;
  for (const flip of flips) {
    if (flip.joined) {
      const first = !atStart && addedAt === null;
      if (first) addedAt = flip.at;
      // Jira records no sprint-field change when an issue is created straight into a sprint.
      const how = flip.at === issue.createdAt && !sprintChanges.some((change) => change.at === flip.at) ? ' (created in the sprint)' : '';
      reasons.push(`${first ? 'added' : 're-added'} ${shortTime(flip.at)}${how}`);
    } else {
      removedAt = flip.at;
      reasons.push(`removed ${shortTime(flip.at)}`);
    }
  }
  for (const move of byTime(issue.keyChanges)) {
    if (move.at > start && move.at <= end) reasons.push(`moved ${move.from} -> ${move.to} ${shortTime(move.at)}`);
  }

  // Status as of the end: the history cut at the end, so later reopenings or completions do not count.
  const statusAtEnd = statusAt(issue.status, end);
  const categoryAtEnd = categoryAt(issue.status, categoryOf, end);
  const cut: StatusHistory = {
    createdAt: issue.status.createdAt,
    transitions: issue.status.transitions.filter((transition) => transition.at <= end),
    currentStatus: statusAtEnd ?? issue.status.currentStatus,
  };
  const metricsAtEnd = computeWorkItemMetrics(cut, categoryOf, end);
  const doneAt = categoryAtEnd === 'DONE' ? metricsAtEnd.doneAt : null;

  const buckets: SprintBucket[] = [];
  if (atStart) buckets.push('COMMITTED');
  if (addedAt !== null) buckets.push('ADDED');
  if (!atEnd) buckets.push('REMOVED');
  else if (categoryAtEnd === 'DONE') {
    buckets.push('COMPLETED');
    reasons.push(doneAt !== null && doneAt < start ? `done at ${shortTime(doneAt)} (before the sprint started)` : `done at ${doneAt === null ? 'an unknown time' : shortTime(doneAt)}`);
  } else {
    buckets.push('CARRIED_OVER');
    if (metricsAtEnd.reopenedCount > 0) reasons.push(`reopened; ${statusAtEnd ?? 'unknown status'} at the end`);
    else reasons.push(`not done at the end (${statusAtEnd ?? 'unknown status'})`);
  }
  if (!atEnd && categoryAtEnd === 'DONE') reasons.push(`${statusAtEnd ?? 'done'} at the end, outside the sprint`);

  const lastRecorded = sprintChanges.length > 0 ? sprintChanges[sprintChanges.length - 1].to : issue.currentSprintIds;
  const historyIncomplete = lastRecorded.includes(sprintId) !== issue.currentSprintIds.includes(sprintId);
  if (historyIncomplete) reasons.push('sprint-field history disagrees with the current sprint field (history incomplete)');

  return {
    key: issue.key,
    buckets,
    reasons,
    pointsAtStart: atStart ? pointsAt(issue, pointChanges, start) : null,
    pointsWhenAdded: addedAt !== null ? pointsAt(issue, pointChanges, addedAt) : null,
    pointsWhenRemoved: removedAt !== null && !atEnd ? pointsAt(issue, pointChanges, removedAt) : null,
    pointsAtEnd: pointsAt(issue, pointChanges, end),
    addedAt,
    removedAt: atEnd ? null : removedAt,
    doneAt,
    statusAtEnd,
    categoryAtEnd,
    historyIncomplete,
  };
}

/**
 * The report of one sprint over candidate issues (a superset is fine: issues never in the sprint
 * between its start and end are left out). Active sprint: the end is `now`. Future sprint: refused.
 */
export function buildSprintReport(sprint: SprintWindow, candidates: SprintIssueInput[], categoryOf: CategoryOf, now: number): SprintReport {
  if (sprint.state === 'future' || sprint.startAt === null) throw new SprintReportInputError(`sprint ${sprint.id} (${sprint.name}) has not started: a sprint report needs a started sprint`);
  const start = sprint.startAt;
  const endIsNow = sprint.state === 'active';
  const end = endIsNow ? now : (sprint.completeAt ?? sprint.endAt ?? now);
  if (end < start) throw new SprintReportInputError(`sprint ${sprint.id} ends (${shortTime(end)}) before it starts (${shortTime(start)})`);
  const seen = new Set<string>();
  const issues: SprintReportIssue[] = [];
  for (const candidate of candidates) {
    if (seen.has(candidate.key)) continue;
    seen.add(candidate.key);
    const classified = classifySprintIssue(candidate, sprint.id, start, end, categoryOf);
    if (classified) issues.push(classified);
  }
  issues.sort((a, b) => compareKeys(a.key, b.key));
  return {
    sprint,
    startAt: start,
    endAt: end,
    endIsNow,
    committed: total(issues, 'COMMITTED', (issue) => issue.pointsAtStart),
    added: total(issues, 'ADDED', (issue) => issue.pointsWhenAdded),
    removed: total(issues, 'REMOVED', (issue) => issue.pointsWhenRemoved),
    completed: total(issues, 'COMPLETED', (issue) => issue.pointsAtEnd),
    carriedOver: total(issues, 'CARRIED_OVER', (issue) => issue.pointsAtEnd),
    issues,
  };
}
