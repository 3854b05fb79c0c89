import { describe, expect, it } from 'vitest';
import { computeFlow, FlowInputError, flowIntervals, MAX_INTERVALS, nearestRank, percentiles, startOfLocalDay, type FlowItem } from '../../../resolvers/metrics/flow.ts';
import type { CategoryOf } from '../../../resolvers/metrics/work-item.ts';
import { sourcehutStatusCategory } from '../../../resolvers/sourcehut/mappers/ticket.ts';

const t = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const jiraCategory: CategoryOf = (status) => ({ 'To Do': 'TODO', 'In Progress': 'IN_PROGRESS', Done: 'DONE' }) [status] as 'TODO' | 'IN_PROGRESS' | 'DONE' | undefined ?? null;
const iso = (ms: number) => new Date(ms).toISOString();

describe('flowIntervals', () => {
  it('days across the spring DST change in Europe/Berlin: a 23-hour day', () => {
    const intervals = flowIntervals(t('2024-03-29T23:00:00Z'), t('2024-03-31T22:00:00Z'), 'DAY', 'Europe/Berlin');
    expect(intervals.map((i) => [iso(i.start), iso(i.end), i.partial])).toEqual([
      ['2024-03-29T23:00:00.000Z', '2024-03-30T23:00:00.000Z', false],
      ['2024-03-30T23:00:00.000Z', '2024-03-31T22:00:00.000Z', false],
    ]);
    expect(intervals[1].end - intervals[1].start).toBe(23 * HOUR);
  });

  it('Monday weeks across the autumn DST change, clipped at both ends', () => {
    const intervals = flowIntervals(t('2024-10-23T12:00:00Z'), t('2024-11-06T00:00:00Z'), 'WEEK', 'Europe/Berlin');
    expect(intervals.map((i) => [iso(i.start), iso(i.end), i.partial])).toEqual([
      // The week of Monday 21 October (00:00 CEST = 20 Oct 22:00Z) runs to Monday 28 October 00:00 CET.
      ['2024-10-23T12:00:00.000Z', '2024-10-27T23:00:00.000Z', true],
      ['2024-10-27T23:00:00.000Z', '2024-11-03T23:00:00.000Z', false],
      ['2024-11-03T23:00:00.000Z', '2024-11-06T00:00:00.000Z', true],
    ]);
    // The unclipped week holding the change is 169 hours long.
    const whole = flowIntervals(t('2024-10-20T22:00:00Z'), t('2024-10-27T23:00:00Z'), 'WEEK', 'Europe/Berlin');
    expect(whole).toEqual([{ start: t('2024-10-20T22:00:00Z'), end: t('2024-10-27T23:00:00Z'), partial: false }]);
    expect(whole[0].end - whole[0].start).toBe(169 * HOUR);
  });

  it('months: a one-day partial January and a leap February in UTC; local months in Berlin', () => {
    expect(flowIntervals(t('2024-01-31T00:00:00Z'), t('2024-03-01T00:00:00Z'), 'MONTH', 'UTC').map((i) => [iso(i.start), iso(i.end), i.partial])).toEqual([
      ['2024-01-31T00:00:00.000Z', '2024-02-01T00:00:00.000Z', true],
      ['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', false],
    ]);
    expect(flowIntervals(t('2024-03-01T00:00:00Z'), t('2024-04-15T00:00:00Z'), 'MONTH', 'Europe/Berlin').map((i) => [iso(i.start), iso(i.end), i.partial])).toEqual([
      // 1 March 00:00 CET is 29 Feb 23:00Z: from is after it, so the first month is clipped.
      ['2024-03-01T00:00:00.000Z', '2024-03-31T22:00:00.000Z', true],
      ['2024-03-31T22:00:00.000Z', '2024-04-15T00:00:00.000Z', true],
    ]);
  });

  it('a day that starts at 01:00 because midnight is skipped (America/Santiago, 8 Sep 2024)', () => {
    expect(iso(startOfLocalDay(2024, 9, 8, 'America/Santiago'))).toBe('2024-09-08T04:00:00.000Z');
    expect(iso(startOfLocalDay(2024, 9, 7, 'America/Santiago'))).toBe('2024-09-07T04:00:00.000Z');
    expect(iso(startOfLocalDay(2024, 9, 9, 'America/Santiago'))).toBe('2024-09-09T03:00:00.000Z');
  });

  it('refuses more than 366 intervals, from >= to and unknown zones', () => {
    expect(flowIntervals(t('2023-01-01T00:00:00Z'), t('2024-01-02T00:00:00Z'), 'DAY', 'UTC')).toHaveLength(MAX_INTERVALS);
    expect(() => flowIntervals(t('2023-01-01T00:00:00Z'), t('2024-01-03T00:00:00Z'), 'DAY', 'UTC')).toThrow(/more than 366 day intervals/);
    expect(() => flowIntervals(t('2024-01-02T00:00:00Z'), t('2024-01-02T00:00:00Z'), 'DAY', 'UTC')).toThrow(FlowInputError);
    expect(() => flowIntervals(t('2024-01-01T00:00:00Z'), t('2024-01-02T00:00:00Z'), 'DAY', 'Mars/Olympus')).toThrow(/not an IANA time zone/);
  });
});

describe('percentiles (nearest rank)', () => {
  it('takes exact values from small sets', () => {
    expect(percentiles([50, 10, 40, 30, 20])).toEqual({ count: 5, p50: 30, p85: 50, p95: 50 });
    expect(percentiles(Array.from({ length: 20 }, (_, i) => 20 - i))).toEqual({ count: 20, p50: 10, p85: 17, p95: 19 });
    expect(percentiles([7])).toEqual({ count: 1, p50: 7, p85: 7, p95: 7 });
    expect(percentiles([])).toEqual({ count: 0, p50: null, p85: null, p95: null });
    expect(nearestRank([1, 2], 50)).toBe(1);
    expect(nearestRank([1, 2], 51)).toBe(2);
  });
});

describe('computeFlow', () => {
  const items: FlowItem[] = [
    // X: started 30 Mar 08:00Z, done 31 Mar 10:00Z.
    { ref: 'DEV-1', categoryOf: jiraCategory, history: { createdAt: t('2024-03-29T10:00:00Z'), currentStatus: 'Done', transitions: [
      { at: t('2024-03-30T08:00:00Z'), fromStatus: 'To Do', toStatus: 'In Progress' },
      { at: t('2024-03-31T10:00:00Z'), fromStatus: 'In Progress', toStatus: 'Done' },
    ] } },
    // Y: created and done on 30 March (22:30Z is 23:30 CET, still 30 March in Berlin).
    { ref: 'DEV-2', categoryOf: jiraCategory, history: { createdAt: t('2024-03-30T12:00:00Z'), currentStatus: 'Done', transitions: [
      { at: t('2024-03-30T20:00:00Z'), fromStatus: 'To Do', toStatus: 'In Progress' },
      { at: t('2024-03-30T22:30:00Z'), fromStatus: 'In Progress', toStatus: 'Done' },
    ] } },
    // Z: created 31 March, in progress since.
    { ref: 'DEV-3', categoryOf: jiraCategory, history: { createdAt: t('2024-03-31T05:00:00Z'), currentStatus: 'In Progress', transitions: [
      { at: t('2024-03-31T06:00:00Z'), fromStatus: 'To Do', toStatus: 'In Progress' },
    ] } },
    // R: done 30 March, reopened 31 March, done again 2 April: its last entry into DONE is outside the range.
    { ref: 'DEV-4', categoryOf: jiraCategory, history: { createdAt: t('2024-03-20T10:00:00Z'), currentStatus: 'Done', transitions: [
      { at: t('2024-03-25T10:00:00Z'), fromStatus: 'To Do', toStatus: 'In Progress' },
      { at: t('2024-03-30T10:00:00Z'), fromStatus: 'In Progress', toStatus: 'Done' },
      { at: t('2024-03-31T12:00:00Z'), fromStatus: 'Done', toStatus: 'In Progress' },
      { at: t('2024-04-02T12:00:00Z'), fromStatus: 'In Progress', toStatus: 'Done' },
    ] } },
    // S: an sr.ht ticket resolved straight from REPORTED (skipped in-progress): lead time, no cycle time.
    { ref: '~sandbox/docs#1', categoryOf: sourcehutStatusCategory, history: { createdAt: t('2024-03-25T09:00:00Z'), currentStatus: 'RESOLVED', transitions: [
      { at: t('2024-03-31T09:00:00Z'), fromStatus: 'REPORTED', toStatus: 'RESOLVED' },
    ] } },
  ];
  const intervals = flowIntervals(t('2024-03-29T23:00:00Z'), t('2024-03-31T22:00:00Z'), 'DAY', 'Europe/Berlin');
  const flow = computeFlow(items, intervals, t('2024-04-10T00:00:00Z'));

  it('counts throughput, arrivals and WIP per Berlin day', () => {
    expect(flow.map((i) => ({ throughput: i.throughput, arrivals: i.arrivals, wip: i.wip, done: i.done }))).toEqual([
      // 30 March: DEV-2 done; DEV-2 arrived; at 23:00Z DEV-1 in progress (DEV-4 is done then).
      { throughput: 1, arrivals: 1, wip: 1, done: ['DEV-2'] },
      // 31 March: DEV-1 and the ticket done; DEV-3 arrived; at 22:00Z DEV-3 and the reopened DEV-4 in progress.
      { throughput: 2, arrivals: 1, wip: 2, done: ['DEV-1', '~sandbox/docs#1'] },
    ]);
  });

  it('takes cycle and lead time percentiles of the items done in the interval', () => {
    expect(flow[0].cycleTime).toEqual({ count: 1, p50: 9000, p85: 9000, p95: 9000 });
    expect(flow[0].leadTime).toEqual({ count: 1, p50: 37800, p85: 37800, p95: 37800 });
    // DEV-1: 30 Mar 08:00 -> 31 Mar 10:00 = 26 h; the ticket has no cycle time.
    expect(flow[1].cycleTime).toEqual({ count: 1, p50: 93600, p85: 93600, p95: 93600 });
    // Lead times 48 h (DEV-1) and 6 days (ticket): nearest rank p50 = 1st, p85 = p95 = 2nd.
    expect(flow[1].leadTime).toEqual({ count: 2, p50: 172800, p85: 518400, p95: 518400 });
  });

  it('an instant on a boundary belongs to the interval it starts', () => {
    // Berlin midnight 31 March = 30 Mar 23:00Z: created and done exactly then -> 31 March only.
    const boundary = t('2024-03-30T23:00:00Z');
    const onEdge: FlowItem = { ref: 'DEV-9', categoryOf: jiraCategory, history: { createdAt: boundary, currentStatus: 'Done', transitions: [{ at: boundary, fromStatus: 'To Do', toStatus: 'Done' }] } };
    const edged = computeFlow([onEdge], intervals, t('2024-04-10T00:00:00Z'));
    expect(edged.map((i) => [i.throughput, i.arrivals])).toEqual([[0, 0], [1, 1]]);
    // In progress from the boundary on: WIP at the end of 30 March (that same instant) counts it.
    const started: FlowItem = { ...onEdge, history: { createdAt: t('2024-03-30T10:00:00Z'), currentStatus: 'In Progress', transitions: [{ at: boundary, fromStatus: 'To Do', toStatus: 'In Progress' }] } };
    expect(computeFlow([started], intervals, t('2024-04-10T00:00:00Z')).map((i) => i.wip)).toEqual([1, 1]);
  });

  it('reads WIP at now when the interval ends later', () => {
    const [only] = computeFlow(items, [{ start: t('2024-03-31T00:00:00Z'), end: t('2024-04-05T00:00:00Z'), partial: true }], t('2024-04-01T00:00:00Z'));
    expect(only.wipAt).toBe(t('2024-04-01T00:00:00Z'));
    expect(only.wip).toBe(2);
    // DEV-4 is not done as of now (1 April), so nothing of its counts; DEV-1 and the ticket do.
    expect(only.done).toEqual(['DEV-1', '~sandbox/docs#1']);
  });
});
