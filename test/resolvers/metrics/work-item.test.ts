/** Per-work-item metrics on hand-built histories: exact seconds, with "now" injected. */
import { describe, expect, it } from 'vitest';
import { categoryAt, computeWorkItemMetrics, epochMs, type CategoryOf, type StatusHistory, type StatusTransition } from '../../../resolvers/metrics/work-item.ts';
import { lookupStatus, mapStatusCatalogue } from '../../../resolvers/jira/status-catalogue.ts';
import { issueCategoryOf } from '../../../resolvers/jira/resolvers/issue-fields.ts';
import type { JiraIssue } from '../../../resolvers/jira/types.ts';

const CATEGORIES: Record<string, 'TODO' | 'IN_PROGRESS' | 'DONE'> = {
  'To Do': 'TODO',
  'In Progress': 'IN_PROGRESS',
  'In Review': 'IN_PROGRESS',
  Done: 'DONE',
  Closed: 'DONE',
};
const categoryOf: CategoryOf = (status) => CATEGORIES[status] ?? null;

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const move = (hours: number, fromStatus: string | null, toStatus: string): StatusTransition => ({ at: T0 + hours * HOUR, fromStatus, toStatus });
const history = (transitions: StatusTransition[], currentStatus: string, createdAt = T0): StatusHistory => ({ createdAt, transitions, currentStatus });

describe('computeWorkItemMetrics', () => {
  it('simple flow: To Do 2h, In Progress 24h, In Review 4h, then Done', () => {
    const metrics = computeWorkItemMetrics(
      history([move(2, 'To Do', 'In Progress'), move(26, 'In Progress', 'In Review'), move(30, 'In Review', 'Done')], 'Done'),
      categoryOf,
      T0 + 40 * HOUR,
    );
    expect(metrics).toEqual({
      timeInStatus: [
        { status: 'To Do', category: 'TODO', seconds: 7200, visits: 1 },
        { status: 'In Progress', category: 'IN_PROGRESS', seconds: 86_400, visits: 1 },
        { status: 'In Review', category: 'IN_PROGRESS', seconds: 14_400, visits: 1 },
        { status: 'Done', category: 'DONE', seconds: 36_000, visits: 1 },
      ],
      cycleTimeSeconds: 28 * 3600,
      leadTimeSeconds: 30 * 3600,
      reopenedCount: 0,
      startedAt: T0 + 2 * HOUR,
      doneAt: T0 + 30 * HOUR,
    });
  });

  it('reopened twice: cycle and lead time run to the last entry into Done; visits add up', () => {
    const metrics = computeWorkItemMetrics(
      history(
        [
          move(1, 'To Do', 'In Progress'),
          move(5, 'In Progress', 'Done'), // done #1
          move(10, 'Done', 'In Progress'), // reopened #1
          move(12, 'In Progress', 'Done'), // done #2
          move(20, 'Done', 'To Do'), // reopened #2
          move(21, 'To Do', 'In Progress'),
          move(24, 'In Progress', 'Done'),
          move(25, 'Done', 'Closed'), // still done: no new completion
        ],
        'Closed',
      ),
      categoryOf,
      T0 + 30 * HOUR,
    );
    expect(metrics.timeInStatus).toEqual([
      { status: 'To Do', category: 'TODO', seconds: (1 + 1) * 3600, visits: 2 },
      { status: 'In Progress', category: 'IN_PROGRESS', seconds: (4 + 2 + 3) * 3600, visits: 3 },
      { status: 'Done', category: 'DONE', seconds: (5 + 8 + 1) * 3600, visits: 3 },
      { status: 'Closed', category: 'DONE', seconds: 5 * 3600, visits: 1 },
    ]);
    expect(metrics.reopenedCount).toBe(2);
    expect(metrics.startedAt).toBe(T0 + HOUR);
    expect(metrics.doneAt).toBe(T0 + 24 * HOUR);
    expect(metrics.cycleTimeSeconds).toBe(23 * 3600);
    expect(metrics.leadTimeSeconds).toBe(24 * 3600);
  });

  it('skipped in-progress (To Do -> Done): lead time, but no cycle time', () => {
    const metrics = computeWorkItemMetrics(history([move(3, 'To Do', 'Done')], 'Done'), categoryOf, T0 + 10 * HOUR);
    expect(metrics.cycleTimeSeconds).toBeNull();
    expect(metrics.startedAt).toBeNull();
    expect(metrics.leadTimeSeconds).toBe(3 * 3600);
    expect(metrics.timeInStatus).toEqual([
      { status: 'To Do', category: 'TODO', seconds: 3 * 3600, visits: 1 },
      { status: 'Done', category: 'DONE', seconds: 7 * 3600, visits: 1 },
    ]);
  });

  it('never done: no cycle or lead time; the open period ends at the injected now', () => {
    const now = T0 + 3 * DAY + 1500;
    const metrics = computeWorkItemMetrics(history([move(1, 'To Do', 'In Progress')], 'In Progress'), categoryOf, now);
    expect(metrics).toMatchObject({ cycleTimeSeconds: null, leadTimeSeconds: null, doneAt: null, reopenedCount: 0, startedAt: T0 + HOUR });
    expect(metrics.timeInStatus).toEqual([
      { status: 'To Do', category: 'TODO', seconds: 3600, visits: 1 },
      { status: 'In Progress', category: 'IN_PROGRESS', seconds: 71 * 3600 + 1.5, visits: 1 },
    ]);
  });

  it('no transitions at all: in the current status since creation', () => {
    const metrics = computeWorkItemMetrics(history([], 'To Do'), categoryOf, T0 + 90_000);
    expect(metrics.timeInStatus).toEqual([{ status: 'To Do', category: 'TODO', seconds: 90, visits: 1 }]);
    expect(computeWorkItemMetrics(history([], 'Done'), categoryOf, T0 + 90_000)).toMatchObject({ leadTimeSeconds: 0, cycleTimeSeconds: null, doneAt: T0 });
  });

  it('unknown status: category null, counts as neither in progress nor done (leaving Done for it is a reopening)', () => {
    const metrics = computeWorkItemMetrics(
      history([move(1, 'To Do', 'Blocked (old workflow)'), move(4, 'Blocked (old workflow)', 'Done'), move(6, 'Done', 'Triage')], 'Triage'),
      categoryOf,
      T0 + 8 * HOUR,
    );
    expect(metrics.timeInStatus).toEqual([
      { status: 'To Do', category: 'TODO', seconds: 3600, visits: 1 },
      { status: 'Blocked (old workflow)', category: null, seconds: 3 * 3600, visits: 1 },
      { status: 'Done', category: 'DONE', seconds: 2 * 3600, visits: 1 },
      { status: 'Triage', category: null, seconds: 2 * 3600, visits: 1 },
    ]);
    expect(metrics).toMatchObject({ startedAt: null, doneAt: null, cycleTimeSeconds: null, leadTimeSeconds: null, reopenedCount: 1 });
  });

  it('out-of-order input and a fromStatus that disagrees: sorted by time, toStatus chain trusted', () => {
    const ordered = [move(1, 'To Do', 'In Progress'), move(3, 'In Progress', 'In Review'), move(7, 'In Review', 'Done')];
    const shuffled = [ordered[2], ordered[0], ordered[1]];
    const now = T0 + 9 * HOUR;
    expect(computeWorkItemMetrics(history(shuffled, 'Done'), categoryOf, now)).toEqual(computeWorkItemMetrics(history(ordered, 'Done'), categoryOf, now));
    // The second transition claims to leave "Backlog": the item was in In Progress by then, and stays attributed so.
    const disagreeing = computeWorkItemMetrics(history([ordered[0], move(3, 'Backlog', 'In Review'), ordered[2]], 'Done'), categoryOf, now);
    expect(disagreeing.timeInStatus.map((entry) => [entry.status, entry.seconds])).toEqual([
      ['To Do', 3600],
      ['In Progress', 2 * 3600],
      ['In Review', 4 * 3600],
      ['Done', 2 * 3600],
    ]);
    expect(disagreeing.cycleTimeSeconds).toBe(6 * 3600);
  });

  it('a self-transition is no new visit', () => {
    const metrics = computeWorkItemMetrics(history([move(1, 'To Do', 'In Progress'), move(2, 'In Progress', 'In Progress')], 'In Progress'), categoryOf, T0 + 4 * HOUR);
    expect(metrics.timeInStatus[1]).toEqual({ status: 'In Progress', category: 'IN_PROGRESS', seconds: 3 * 3600, visits: 1 });
  });

  it('across a DST change written with different UTC offsets: one real hour apart', () => {
    // Europe/Berlin, 2024-03-31: 01:30 CET (+0100) and 03:30 CEST (+0200) are 00:30Z and 01:30Z.
    const createdAt = epochMs('2024-03-31T00:00:00.000+0100');
    const started = epochMs('2024-03-31T01:30:00.000+0100');
    const done = epochMs('2024-03-31T03:30:00.000+0200');
    expect(done - started).toBe(HOUR);
    const metrics = computeWorkItemMetrics(
      { createdAt, currentStatus: 'Done', transitions: [{ at: started, fromStatus: 'To Do', toStatus: 'In Progress' }, { at: done, fromStatus: 'In Progress', toStatus: 'Done' }] },
      categoryOf,
      epochMs('2024-03-31T12:00:00Z'),
    );
    expect(metrics.cycleTimeSeconds).toBe(3600);
    expect(metrics.leadTimeSeconds).toBe(2.5 * 3600);
    expect(metrics.timeInStatus.map((entry) => entry.seconds)).toEqual([1.5 * 3600, 3600, 10.5 * 3600]);
  });

  it('a first transition before creation is moved to the creation time (no negative time)', () => {
    const metrics = computeWorkItemMetrics(history([move(-2, 'To Do', 'In Progress'), move(5, 'In Progress', 'Done')], 'Done'), categoryOf, T0 + 6 * HOUR);
    expect(metrics.timeInStatus).toEqual([
      { status: 'To Do', category: 'TODO', seconds: 0, visits: 1 },
      { status: 'In Progress', category: 'IN_PROGRESS', seconds: 5 * 3600, visits: 1 },
      { status: 'Done', category: 'DONE', seconds: 3600, visits: 1 },
    ]);
    expect(metrics).toMatchObject({ startedAt: T0, cycleTimeSeconds: 5 * 3600, leadTimeSeconds: 5 * 3600 });
  });

  it('history starting without a known status: the time before the first transition is not attributed', () => {
    const metrics = computeWorkItemMetrics(history([move(2, null, 'In Progress')], 'In Progress'), categoryOf, T0 + 3 * HOUR);
    expect(metrics.timeInStatus).toEqual([{ status: 'In Progress', category: 'IN_PROGRESS', seconds: 3600, visits: 1 }]);
  });

  it('a now before the last transition gives no negative open period', () => {
    const metrics = computeWorkItemMetrics(history([move(2, 'To Do', 'In Progress')], 'In Progress'), categoryOf, T0 + HOUR);
    expect(metrics.timeInStatus.map((entry) => entry.seconds)).toEqual([7200, 0]);
  });
});

describe('the worked example of docs/metrics.md', () => {
  it('gives the numbers the document states', () => {
    const at = (day: number, hour: number) => Date.parse(`2026-01-0${5 + day}T${String(hour).padStart(2, '0')}:00:00.000Z`);
    const metrics = computeWorkItemMetrics(
      {
        createdAt: at(0, 9),
        currentStatus: 'Closed',
        transitions: [
          { at: at(0, 11), fromStatus: 'To Do', toStatus: 'In Progress' },
          { at: at(1, 11), fromStatus: 'In Progress', toStatus: 'In Review' },
          { at: at(1, 15), fromStatus: 'In Review', toStatus: 'Done' },
          { at: at(2, 9), fromStatus: 'Done', toStatus: 'In Progress' },
          { at: at(2, 12), fromStatus: 'In Progress', toStatus: 'Done' },
          { at: at(3, 9), fromStatus: 'Done', toStatus: 'Closed' },
        ],
      },
      categoryOf,
      at(4, 9),
    );
    expect(metrics.timeInStatus.map((entry) => [entry.status, entry.seconds, entry.visits])).toEqual([
      ['To Do', 7200, 1],
      ['In Progress', 97_200, 2],
      ['In Review', 14_400, 1],
      ['Done', 140_400, 2],
      ['Closed', 86_400, 1],
    ]);
    expect(metrics.timeInStatus.reduce((sum, entry) => sum + entry.seconds, 0)).toBe(96 * 3600);
    expect(metrics).toMatchObject({ cycleTimeSeconds: 176_400, leadTimeSeconds: 183_600, reopenedCount: 1 });
  });
});

describe('Jira status categories', () => {
  // Two team-managed projects each have a "Done"-named status: one in Done, one (oddly) in In Progress.
  const catalogue = mapStatusCatalogue([
    { id: '10000', name: 'To Do', statusCategory: { key: 'new' } },
    { id: '3', name: 'In Progress', statusCategory: { key: 'indeterminate' } },
    { id: '10002', name: 'Done', statusCategory: { key: 'done' } },
    { id: '20002', name: 'done', statusCategory: { key: 'indeterminate' } },
    { id: '1', name: 'Legacy', statusCategory: { key: 'undefined' } },
    'not a status',
  ])!;

  it('maps new / indeterminate / done, by id and case-insensitively by name; a name shared across categories is unknown', () => {
    expect(lookupStatus(catalogue, '10000')).toBe('TODO');
    expect(lookupStatus(catalogue, 'in progress')).toBe('IN_PROGRESS');
    expect(lookupStatus(catalogue, '10002')).toBe('DONE');
    expect(lookupStatus(catalogue, '20002')).toBe('IN_PROGRESS');
    expect(lookupStatus(catalogue, 'Done')).toBeNull();
    expect(lookupStatus(catalogue, 'Legacy')).toBeNull();
    expect(lookupStatus(catalogue, 'Nowhere')).toBeUndefined();
    expect(mapStatusCatalogue({ values: [] })).toBeNull();
  });

  it('an issue moved between projects: historical statuses by the id its changelog recorded, the current one from the issue', () => {
    const issue = { status: 'Review', statusCategory: 'IN_PROGRESS' } as JiraIssue;
    const byCatalogue: CategoryOf = (status) => lookupStatus(catalogue, status) ?? null;
    const categoryOfIssue = issueCategoryOf(issue, byCatalogue, new Map([['Done', '10002']]));
    expect(categoryOfIssue('Done')).toBe('DONE');
    expect(categoryOfIssue('Review')).toBe('IN_PROGRESS');
    expect(categoryOfIssue('To Do')).toBe('TODO');
    expect(categoryOfIssue('Gone')).toBeNull();
  });
});

describe('categoryAt', () => {
  const flow = history([move(1, 'To Do', 'In Progress'), move(3, 'In Progress', 'Done'), move(5, 'Done', 'In Progress')], 'In Progress');
  it('is null before creation and the initial category from creation on', () => {
    expect(categoryAt(flow, categoryOf, T0 - 1)).toBeNull();
    expect(categoryAt(flow, categoryOf, T0)).toBe('TODO');
    expect(categoryAt(flow, categoryOf, T0 + HOUR - 1)).toBe('TODO');
  });
  it('switches at the transition instant (periods are [start, end))', () => {
    expect(categoryAt(flow, categoryOf, T0 + HOUR)).toBe('IN_PROGRESS');
    expect(categoryAt(flow, categoryOf, T0 + 3 * HOUR - 1)).toBe('IN_PROGRESS');
    expect(categoryAt(flow, categoryOf, T0 + 3 * HOUR)).toBe('DONE');
    expect(categoryAt(flow, categoryOf, T0 + 5 * HOUR - 1)).toBe('DONE');
    expect(categoryAt(flow, categoryOf, T0 + 5 * HOUR)).toBe('IN_PROGRESS');
    expect(categoryAt(flow, categoryOf, T0 + 100 * DAY)).toBe('IN_PROGRESS');
  });
  it('uses the same ordering as the metrics, and null for unknown statuses', () => {
    const shuffled = history([move(3, 'In Progress', 'Mystery'), move(1, 'To Do', 'In Progress')], 'Mystery');
    expect(categoryAt(shuffled, categoryOf, T0 + 2 * HOUR)).toBe('IN_PROGRESS');
    expect(categoryAt(shuffled, categoryOf, T0 + 3 * HOUR)).toBeNull();
  });
});
