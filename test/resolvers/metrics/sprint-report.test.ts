import { describe, expect, it } from 'vitest';
import { buildSprintReport, parseSprintIdList, SprintReportInputError, type SprintIssueInput, type SprintWindow } from '../../../resolvers/metrics/sprint-report.ts';
import type { CategoryOf, StatusTransition } from '../../../resolvers/metrics/work-item.ts';

const t = (iso: string) => Date.parse(iso);
const CATEGORIES: Record<string, 'TODO' | 'IN_PROGRESS' | 'DONE'> = { 'To Do': 'TODO', 'In Progress': 'IN_PROGRESS', 'In Review': 'IN_PROGRESS', Done: 'DONE', Closed: 'DONE' };
const categoryOf: CategoryOf = (status) => CATEGORIES[status] ?? null;

const SPRINT: SprintWindow = { id: '5', name: 'DEV Sprint 5', state: 'closed', startAt: t('2024-01-08T09:00:00Z'), endAt: t('2024-01-22T09:00:00Z'), completeAt: t('2024-01-22T07:00:00Z') };

function issue(key: string, options: Partial<SprintIssueInput> & { transitions?: StatusTransition[]; currentStatus?: string }): SprintIssueInput {
  const createdAt = options.createdAt ?? t('2024-01-01T10:00:00Z');
  return {
    key,
    createdAt,
    currentSprintIds: options.currentSprintIds ?? ['5'],
    currentStoryPoints: options.currentStoryPoints ?? null,
    sprintChanges: options.sprintChanges ?? [{ at: t('2024-01-05T10:00:00Z'), from: [], to: ['5'] }],
    storyPointChanges: options.storyPointChanges ?? [],
    keyChanges: options.keyChanges ?? [],
    status: { createdAt, transitions: options.transitions ?? [], currentStatus: options.currentStatus ?? 'To Do' },
  };
}

const move = (at: string, fromStatus: string, toStatus: string): StatusTransition => ({ at: t(at), fromStatus, toStatus });

const ISSUES: SprintIssueInput[] = [
  // A: committed, done mid-sprint.
  issue('DEV-1', { currentStoryPoints: 3, currentStatus: 'Done', transitions: [move('2024-01-09T10:00:00Z', 'To Do', 'In Progress'), move('2024-01-15T10:00:00Z', 'In Progress', 'Done')] }),
  // B: added mid-sprint, still in progress at the end.
  issue('DEV-2', {
    currentStoryPoints: 5,
    currentStatus: 'In Progress',
    sprintChanges: [{ at: t('2024-01-10T13:05:00Z'), from: [], to: ['5'] }],
    transitions: [move('2024-01-11T10:00:00Z', 'To Do', 'In Progress')],
  }),
  // C: committed, removed, re-added, done: committed + completed (not removed: it is in the sprint at the end).
  issue('DEV-3', {
    currentStoryPoints: 1,
    currentStatus: 'Done',
    sprintChanges: [
      { at: t('2024-01-05T10:00:00Z'), from: [], to: ['5'] },
      { at: t('2024-01-12T10:00:00Z'), from: ['5'], to: [] },
      { at: t('2024-01-14T10:00:00Z'), from: [], to: ['5'] },
    ],
    transitions: [move('2024-01-15T10:00:00Z', 'To Do', 'In Progress'), move('2024-01-20T10:00:00Z', 'In Progress', 'Done')],
  }),
  // D: committed with 8 points, re-estimated to 13, moved to the next sprint mid-sprint: removed with 13.
  issue('DEV-4', {
    currentStoryPoints: 13,
    currentSprintIds: ['6'],
    sprintChanges: [
      { at: t('2024-01-05T10:00:00Z'), from: [], to: ['5'] },
      { at: t('2024-01-12T11:00:00Z'), from: ['5'], to: ['6'] },
    ],
    storyPointChanges: [{ at: t('2024-01-11T10:00:00Z'), from: 8, to: 13 }],
  }),
  // E: committed, done, reopened before the end: carried over.
  issue('DEV-5', {
    currentStoryPoints: 2,
    currentStatus: 'In Progress',
    transitions: [move('2024-01-09T10:00:00Z', 'To Do', 'In Progress'), move('2024-01-12T10:00:00Z', 'In Progress', 'Done'), move('2024-01-18T10:00:00Z', 'Done', 'In Progress')],
  }),
  // F: committed with 2 points, re-estimated to 5 during the sprint, done: committed 2, completed 5.
  issue('DEV-6', {
    currentStoryPoints: 5,
    currentStatus: 'Done',
    storyPointChanges: [{ at: t('2024-01-10T10:00:00Z'), from: 2, to: 5 }],
    transitions: [move('2024-01-09T10:00:00Z', 'To Do', 'In Progress'), move('2024-01-16T10:00:00Z', 'In Progress', 'Done')],
  }),
  // G: moved DEV-7 -> OPS-3 mid-sprint, done in the other project's "Closed" (a DONE status).
  issue('OPS-3', {
    currentStoryPoints: 5,
    currentStatus: 'Closed',
    keyChanges: [{ at: t('2024-01-13T10:00:00Z'), from: 'DEV-7', to: 'OPS-3' }],
    transitions: [move('2024-01-09T10:00:00Z', 'To Do', 'In Progress'), move('2024-01-17T10:00:00Z', 'In Progress', 'Closed')],
  }),
  // H: put into the sprint after it was completed: not in the report.
  issue('DEV-8', { currentStoryPoints: 8, sprintChanges: [{ at: t('2024-01-23T10:00:00Z'), from: [], to: ['5'] }] }),
  // I: created straight into the sprint mid-sprint (no sprint-field change), unestimated, not done.
  issue('DEV-9', { createdAt: t('2024-01-15T08:00:00Z'), sprintChanges: [] }),
  // J: committed, done only after the sprint completed: carried over with its end-of-sprint status.
  issue('DEV-10', {
    currentStoryPoints: 3,
    currentStatus: 'Done',
    transitions: [move('2024-01-09T10:00:00Z', 'To Do', 'In Progress'), move('2024-01-23T10:00:00Z', 'In Progress', 'Done')],
  }),
];

describe('buildSprintReport on hand-built histories', () => {
  const report = buildSprintReport(SPRINT, ISSUES, categoryOf, t('2024-02-01T00:00:00Z'));
  const byKey = new Map(report.issues.map((entry) => [entry.key, entry]));

  it('puts each issue in the expected buckets', () => {
    expect(Object.fromEntries(report.issues.map((entry) => [entry.key, entry.buckets]))).toEqual({
      'DEV-1': ['COMMITTED', 'COMPLETED'],
      'DEV-2': ['ADDED', 'CARRIED_OVER'],
      'DEV-3': ['COMMITTED', 'COMPLETED'],
      'DEV-4': ['COMMITTED', 'REMOVED'],
      'DEV-5': ['COMMITTED', 'CARRIED_OVER'],
      'DEV-6': ['COMMITTED', 'COMPLETED'],
      'DEV-9': ['ADDED', 'CARRIED_OVER'],
      'DEV-10': ['COMMITTED', 'CARRIED_OVER'],
      'OPS-3': ['COMMITTED', 'COMPLETED'],
    });
    expect(byKey.has('DEV-8')).toBe(false);
  });

  it('totals issues and the right story-point snapshot per bucket', () => {
    // committed: DEV-1 3, DEV-3 1, DEV-4 8 (at start), DEV-5 2, DEV-6 2 (at start), OPS-3 5, DEV-10 3 = 24
    expect(report.committed).toEqual({ issues: 7, points: 24, unestimated: 0 });
    // added: DEV-2 5, DEV-9 unestimated
    expect(report.added).toEqual({ issues: 2, points: 5, unestimated: 1 });
    // removed: DEV-4 with 13 (re-estimated before it left)
    expect(report.removed).toEqual({ issues: 1, points: 13, unestimated: 0 });
    // completed: DEV-1 3, DEV-3 1, DEV-6 5 (at end), OPS-3 5 = 14
    expect(report.completed).toEqual({ issues: 4, points: 14, unestimated: 0 });
    // carried over: DEV-2 5, DEV-5 2, DEV-9 -, DEV-10 3 = 10
    expect(report.carriedOver).toEqual({ issues: 4, points: 10, unestimated: 1 });
    expect(report.endAt).toBe(SPRINT.completeAt);
    expect(report.endIsNow).toBe(false);
  });

  it('says why', () => {
    expect(byKey.get('DEV-1')!.reasons).toEqual(['in the sprint at start 2024-01-08T09:00Z', 'done at 2024-01-15T10:00Z']);
    expect(byKey.get('DEV-2')!.reasons).toEqual(['added 2024-01-10T13:05Z', 'not done at the end (In Progress)']);
    expect(byKey.get('DEV-3')!.reasons).toEqual(['in the sprint at start 2024-01-08T09:00Z', 'removed 2024-01-12T10:00Z', 're-added 2024-01-14T10:00Z', 'done at 2024-01-20T10:00Z']);
    expect(byKey.get('DEV-4')!.reasons).toEqual(['in the sprint at start 2024-01-08T09:00Z', 'removed 2024-01-12T11:00Z']);
    expect(byKey.get('DEV-5')!.reasons).toEqual(['in the sprint at start 2024-01-08T09:00Z', 'reopened; In Progress at the end']);
    expect(byKey.get('DEV-9')!.reasons).toEqual(['added 2024-01-15T08:00Z (created in the sprint)', 'not done at the end (To Do)']);
    expect(byKey.get('OPS-3')!.reasons).toEqual(['in the sprint at start 2024-01-08T09:00Z', 'moved DEV-7 -> OPS-3 2024-01-13T10:00Z', 'done at 2024-01-17T10:00Z']);
    expect(byKey.get('DEV-10')!.reasons).toEqual(['in the sprint at start 2024-01-08T09:00Z', 'not done at the end (In Progress)']);
  });

  it('keeps point snapshots and times per issue', () => {
    expect(byKey.get('DEV-6')).toMatchObject({ pointsAtStart: 2, pointsAtEnd: 5, doneAt: t('2024-01-16T10:00:00Z'), statusAtEnd: 'Done', categoryAtEnd: 'DONE' });
    expect(byKey.get('DEV-4')).toMatchObject({ pointsAtStart: 8, pointsWhenRemoved: 13, removedAt: t('2024-01-12T11:00:00Z'), historyIncomplete: false });
    expect(byKey.get('DEV-3')).toMatchObject({ addedAt: null, removedAt: null, doneAt: t('2024-01-20T10:00:00Z') });
    expect(byKey.get('DEV-2')).toMatchObject({ addedAt: t('2024-01-10T13:05:00Z'), pointsWhenAdded: 5, pointsAtStart: null });
    expect(byKey.get('DEV-10')).toMatchObject({ statusAtEnd: 'In Progress', categoryAtEnd: 'IN_PROGRESS', doneAt: null });
  });

  it('an active sprint ends now: DEV-5 is still done before its reopening', () => {
    const active = buildSprintReport({ ...SPRINT, state: 'active', completeAt: null }, ISSUES, categoryOf, t('2024-01-15T12:00:00Z'));
    const buckets = Object.fromEntries(active.issues.map((entry) => [entry.key, entry.buckets]));
    expect(active.endIsNow).toBe(true);
    expect(active.endAt).toBe(t('2024-01-15T12:00:00Z'));
    expect(buckets['DEV-5']).toEqual(['COMMITTED', 'COMPLETED']);
    // Removed on the 12th, re-added on the 14th: in the sprint now, not done yet.
    expect(buckets['DEV-3']).toEqual(['COMMITTED', 'CARRIED_OVER']);
    // Created at 08:00 on the 15th, before now.
    expect(buckets['DEV-9']).toEqual(['ADDED', 'CARRIED_OVER']);
    expect(buckets['DEV-1']).toEqual(['COMMITTED', 'COMPLETED']);
  });

  it('added then removed counts in both; missing history means "in it since creation"; a disagreeing history is flagged', () => {
    const report2 = buildSprintReport(
      SPRINT,
      [
        issue('DEV-20', { currentSprintIds: [], currentStoryPoints: 2, sprintChanges: [{ at: t('2024-01-10T10:00:00Z'), from: [], to: ['5'] }, { at: t('2024-01-11T10:00:00Z'), from: ['5'], to: [] }] }),
        issue('DEV-21', { currentStoryPoints: 3, sprintChanges: [] }),
        issue('DEV-22', { currentStoryPoints: 1, sprintChanges: [{ at: t('2024-01-05T10:00:00Z'), from: [], to: ['6'] }] }),
      ],
      categoryOf,
      t('2024-02-01T00:00:00Z'),
    );
    const byKey2 = new Map(report2.issues.map((entry) => [entry.key, entry]));
    expect(byKey2.get('DEV-20')).toMatchObject({ buckets: ['ADDED', 'REMOVED'], pointsWhenAdded: 2, pointsWhenRemoved: 2 });
    expect(byKey2.get('DEV-21')).toMatchObject({ buckets: ['COMMITTED', 'CARRIED_OVER'], pointsAtStart: 3, historyIncomplete: false });
    // Its history says sprint 6, the field says 5: it was never in 5 by the history, but flagged when it shows up.
    expect(byKey2.has('DEV-22')).toBe(false);
    const report3 = buildSprintReport(SPRINT, [issue('DEV-23', { sprintChanges: [{ at: t('2024-01-05T10:00:00Z'), from: [], to: ['5'] }, { at: t('2024-01-06T10:00:00Z'), from: ['5'], to: ['6'] }], currentSprintIds: ['6'] }), issue('DEV-24', { sprintChanges: [{ at: t('2024-01-05T10:00:00Z'), from: [], to: ['5'] }], currentSprintIds: [] })], categoryOf, t('2024-02-01T00:00:00Z'));
    expect(report3.issues.map((entry) => [entry.key, entry.historyIncomplete])).toEqual([['DEV-24', true]]);
  });

  it('refuses a future sprint and parses sprint id lists', () => {
    expect(() => buildSprintReport({ ...SPRINT, state: 'future', startAt: null, completeAt: null }, ISSUES, categoryOf, 0)).toThrow(SprintReportInputError);
    expect(parseSprintIdList('12, 13')).toEqual(['12', '13']);
    expect(parseSprintIdList('12,13')).toEqual(['12', '13']);
    expect(parseSprintIdList(null)).toEqual([]);
  });
});
