/**
 * Flow metrics over time (throughput, arrivals, WIP, cycle/lead-time percentiles) per calendar
 * interval in a time zone, from status histories of Jira issues and todo.sr.ht tickets alike. Pure:
 * no I/O, "now" is an argument. Definitions: docs/metrics-reports-section.md.
 */
import { categoryAt, computeWorkItemMetrics, type CategoryOf, type StatusHistory } from './work-item.ts';
import { wallTime, zoneFormatter } from '../shared/time-zone.ts';

export type FlowIntervalUnit = 'DAY' | 'WEEK' | 'MONTH';
/** A year of days: more intervals would be a response nobody reads and a lot of work per request. */
export const MAX_INTERVALS = 366;
export const PERCENTILE_METHOD = 'nearest-rank';

export class FlowInputError extends Error {}

/** [start, end) in epoch ms; partial when clipped by from/to rather than a whole calendar period. */
export interface IntervalBounds {
  start: number;
  end: number;
  partial: boolean;
}

export interface FlowItem {
  ref: string;
  history: StatusHistory;
  categoryOf: CategoryOf;
}

export interface DurationPercentiles {
  count: number;
  p50: number | null;
  p85: number | null;
  p95: number | null;
}

export interface FlowIntervalMetrics extends IntervalBounds {
  throughput: number;
  arrivals: number;
  /** Items in an IN_PROGRESS-category status at min(end, now). */
  wip: number;
  /** The instant WIP was read at. */
  wipAt: number;
  cycleTime: DurationPercentiles;
  leadTime: DurationPercentiles;
  /** Refs of the items counted in throughput, sorted. */
  done: string[];
}

const DAY_MS = 86_400_000;
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const formatter = zoneFormatter(timeZone);
  if (formatter === null) throw new FlowInputError(`timeZone ${JSON.stringify(timeZone)} is not an IANA time zone this gateway knows (e.g. UTC, Europe/Berlin)`);
  return formatter;
}

/**
 * The first instant of a local calendar day. Midnight read with the offsets around it; when no
 * offset gives it (a DST gap at midnight, e.g. America/Santiago), the day starts at the transition.
 */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const formatter = formatterFor(timeZone);
  const wall = Date.UTC(year, month - 1, day);
  const candidates = [...new Set([wall - DAY_MS, wall, wall + DAY_MS].map((at) => wall - (wallTime(formatter, at) - at)))].sort((a, b) => a - b);
  for (const candidate of candidates) if (wallTime(formatter, candidate) === wall) return candidate;
  let low = wall - 15 * 3_600_000;
  let high = wall + 15 * 3_600_000;
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2 / 1000) * 1000;
    if (wallTime(formatter, middle) >= wall) high = middle;
    else low = middle;
  }
  return high;
}

/** The local calendar date (y, m, d) and ISO weekday (1 = Monday) of an instant. */
function localDate(instant: number, timeZone: string): { year: number; month: number; day: number; weekday: number } {
  const wall = new Date(wallTime(formatterFor(timeZone), instant));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), weekday: ((wall.getUTCDay() + 6) % 7) + 1 };
}

/** Calendar arithmetic on dates (no zone: Date.UTC normalises overflowing days and months). */
function addCalendar(date: { year: number; month: number; day: number }, unit: FlowIntervalUnit): { year: number; month: number; day: number } {
  const next = unit === 'MONTH' ? new Date(Date.UTC(date.year, date.month, 1)) : new Date(Date.UTC(date.year, date.month - 1, date.day + (unit === 'WEEK' ? 7 : 1)));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/**
 * The calendar periods (days, Monday-based weeks, months, in `timeZone`) that overlap [from, to),
 * clipped to it. Refuses from >= to, unknown zones and more than MAX_INTERVALS periods.
 */
export function flowIntervals(from: number, to: number, unit: FlowIntervalUnit, timeZone: string): IntervalBounds[] {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new FlowInputError('from and to must be date-times');
  if (from >= to) throw new FlowInputError(`from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`);
  formatterFor(timeZone);
  const first = localDate(from, timeZone);
  let date =
    unit === 'DAY'
      ? first
      : unit === 'MONTH'
        ? { year: first.year, month: first.month, day: 1 }
        : (() => {
            const monday = new Date(Date.UTC(first.year, first.month - 1, first.day - (first.weekday - 1)));
            return { year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate() };
          })();
  let start = startOfLocalDay(date.year, date.month, date.day, timeZone);
  const intervals: IntervalBounds[] = [];
  while (start < to) {
    if (intervals.length >= MAX_INTERVALS) {
      throw new FlowInputError(`from..to spans more than ${MAX_INTERVALS} ${unit.toLowerCase()} intervals: ask for a shorter range or a longer interval`);
    }
    date = addCalendar(date, unit);
    const end = startOfLocalDay(date.year, date.month, date.day, timeZone);
    intervals.push({ start: Math.max(start, from), end: Math.min(end, to), partial: start < from || end > to });
    start = end;
  }
  return intervals;
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function nearestRank(sortedAscending: readonly number[], percentile: number): number | null {
  if (sortedAscending.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percentile / 100) * sortedAscending.length));
  return sortedAscending[rank - 1];
}

export function percentiles(values: readonly number[]): DurationPercentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: nearestRank(sorted, 50), p85: nearestRank(sorted, 85), p95: nearestRank(sorted, 95) };
}

/** The history as it stood at `at`: later transitions dropped, the status then as the current one. */
export function historyAsOf(history: StatusHistory, at: number): StatusHistory {
  const sorted = [...history.transitions].sort((a, b) => a.at - b.at);
  const kept = sorted.filter((transition) => transition.at <= at);
  if (kept.length === sorted.length) return history;
  const currentStatus = kept.length > 0 ? kept[kept.length - 1].toStatus : (sorted[0].fromStatus ?? history.currentStatus);
  return { createdAt: history.createdAt, transitions: kept, currentStatus };
}

/**
 * Per interval: throughput = items whose last entry into DONE (still done at `now`) falls in it;
 * arrivals = items created in it; WIP = items IN_PROGRESS at min(end, now); cycle and lead time
 * percentiles of the items in throughput (a done item never in progress has no cycle time).
 */
export function computeFlow(allItems: readonly FlowItem[], intervals: readonly IntervalBounds[], now: number): FlowIntervalMetrics[] {
  // An injected "now" may precede recorded changes: metrics are as of now, so later ones are cut.
  const items = allItems.filter((item) => item.history.createdAt <= now).map((item) => ({ ...item, history: historyAsOf(item.history, now) }));
  const measured = items.map((item) => ({ item, metrics: computeWorkItemMetrics(item.history, item.categoryOf, now) }));
  return intervals.map((interval) => {
    const inside = (at: number | null): at is number => at !== null && at >= interval.start && at < interval.end;
    const done = measured.filter(({ metrics }) => inside(metrics.doneAt));
    const wipAt = Math.min(interval.end, now);
    return {
      ...interval,
      throughput: done.length,
      arrivals: items.filter((item) => inside(item.history.createdAt)).length,
      wip: items.filter((item) => categoryAt(item.history, item.categoryOf, wipAt) === 'IN_PROGRESS').length,
      wipAt,
      cycleTime: percentiles(done.map(({ metrics }) => metrics.cycleTimeSeconds).filter((value): value is number => value !== null)),
      leadTime: percentiles(done.map(({ metrics }) => metrics.leadTimeSeconds).filter((value): value is number => value !== null)),
      done: done.map(({ item }) => item.ref).sort(),
    };
  });
}
