/**
 * Per-work-item developer-health metrics (time in status, cycle time, lead time, reopened count)
 * from a status history. Pure: no I/O, the time "now" is an argument. Definitions and edge cases
 * are written down in docs/metrics.md; the comments here say only why the code does what it does.
 */
import { normalizeDateTime } from '../shared/datetime.ts';

export type StatusCategory = 'TODO' | 'IN_PROGRESS' | 'DONE';
export type CategoryOf = (status: string) => StatusCategory | null;
/** One status change; `at` is epoch ms. */
export interface StatusTransition {
  at: number;
  fromStatus: string | null;
  toStatus: string;
}
/** createdAt in epoch ms; transitions oldest first (out-of-order input is sorted again). */
export interface StatusHistory {
  createdAt: number;
  transitions: StatusTransition[];
  currentStatus: string;
}
export interface StatusTime {
  status: string;
  category: StatusCategory | null;
  seconds: number;
  visits: number;
}
export interface WorkItemMetrics {
  /** Ordered by first entry. */
  timeInStatus: StatusTime[];
  cycleTimeSeconds: number | null;
  leadTimeSeconds: number | null;
  reopenedCount: number;
  /** First entry into an IN_PROGRESS-category status (epoch ms), null if never. */
  startedAt: number | null;
  /** Last entry into the DONE category while still done (epoch ms), null while not done. */
  doneAt: number | null;
}

/** One uninterrupted stay in one status: [start, end), end null for the open period that runs until now. */
interface Period {
  status: string | null;
  start: number;
  end: number | null;
}

/**
 * The history as consecutive periods from creation on. Transitions are sorted by time (stable for
 * equal times); their fromStatus only names the status before the first one, since a fromStatus that
 * disagrees with the previous toStatus cannot be placed in time. Transitions before creation are
 * moved to the creation time, so no period is negative. A transition into the status the item is
 * already in (a self-transition) is no new visit.
 */
function periodsOf(history: StatusHistory): Period[] {
  const transitions = history.transitions
    .filter((transition) => Number.isFinite(transition.at))
    .map((transition, index) => ({ transition, index }))
    .sort((a, b) => a.transition.at - b.transition.at || a.index - b.index)
    .map(({ transition }) => transition);
  // No history at all: the item has been in its current status since creation.
  const initialStatus = transitions.length === 0 ? history.currentStatus : transitions[0].fromStatus;
  const periods: Period[] = [{ status: initialStatus, start: history.createdAt, end: null }];
  for (const transition of transitions) {
    const current = periods[periods.length - 1];
    if (transition.toStatus === current.status) continue;
    const at = Math.max(transition.at, history.createdAt);
    current.end = at;
    periods.push({ status: transition.toStatus, start: at, end: null });
  }
  return periods;
}

const seconds = (fromMs: number, toMs: number) => Math.max(0, toMs - fromMs) / 1000;

export function computeWorkItemMetrics(history: StatusHistory, categoryOf: CategoryOf, now: number): WorkItemMetrics {
  const periods = periodsOf(history);
  const categories = periods.map((period) => (period.status === null ? null : categoryOf(period.status)));

  const byStatus = new Map<string, StatusTime>();
  periods.forEach((period, index) => {
    // A status unknown because the history starts without one: its time is not attributed.
    if (period.status === null) return;
    let entry = byStatus.get(period.status);
    if (!entry) {
      entry = { status: period.status, category: categories[index], seconds: 0, visits: 0 };
      byStatus.set(period.status, entry);
    }
    entry.seconds += seconds(period.start, period.end ?? Math.max(now, period.start));
    entry.visits += 1;
  });

  let reopenedCount = 0;
  for (let index = 1; index < periods.length; index++) {
    if (categories[index - 1] === 'DONE' && categories[index] !== 'DONE') reopenedCount += 1;
  }

  const startedIndex = categories.indexOf('IN_PROGRESS');
  const startedAt = startedIndex === -1 ? null : periods[startedIndex].start;

  // Done = the last period is DONE; done since the start of the final run of DONE periods
  // (Done -> Closed is no new completion).
  let doneAt: number | null = null;
  if (categories[categories.length - 1] === 'DONE') {
    let first = categories.length - 1;
    while (first > 0 && categories[first - 1] === 'DONE') first -= 1;
    doneAt = periods[first].start;
  }

  return {
    timeInStatus: [...byStatus.values()],
    // Never in progress (e.g. To Do -> Done directly): no cycle time rather than a zero one.
    cycleTimeSeconds: doneAt !== null && startedAt !== null ? seconds(startedAt, doneAt) : null,
    leadTimeSeconds: doneAt !== null ? seconds(history.createdAt, doneAt) : null,
    reopenedCount,
    startedAt,
    doneAt,
  };
}

/** The category a work item was in at `at` (null before it was created or when unknown). */
export function categoryAt(history: StatusHistory, categoryOf: CategoryOf, at: number): StatusCategory | null {
  if (!Number.isFinite(at) || at < history.createdAt) return null;
  const periods = periodsOf(history);
  // Periods are [start, end): at a transition's instant the new status applies.
  let containing = periods[0];
  for (const period of periods) {
    if (period.start <= at) containing = period;
    else break;
  }
  return containing.status === null ? null : categoryOf(containing.status);
}

/** A canonical or upstream timestamp (any offset) -> epoch ms; NaN when it is not one. */
export function epochMs(timestamp: string): number {
  const iso = normalizeDateTime(timestamp);
  return iso === null ? Number.NaN : Date.parse(iso);
}
