/**
 * jiraSprintReport and flowMetrics against the Jira, Jira Software and todo.sr.ht sandboxes. Expected
 * values are derived here from the raw datasets (changelog items by field id, status category keys,
 * sr.ht events), not through the gateway's mappers or metric code; the headline numbers are also
 * pinned with how each was derived, and the upstream requests are counted (pages, never per issue).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getJiraDataset, type JiraIssueRecord } from '../../scripts/sandbox/data/jira-dataset.ts';
import { getSrhtDataset } from '../../scripts/sandbox/data/srht-dataset.ts';
import { startAgileSandbox } from '../../scripts/sandbox/agile/server.ts';
import type { SandboxServerHandle } from '../../scripts/sandbox/http/server.ts';
import { startJiraSandbox } from '../../scripts/sandbox/jira/server.ts';
import { startSrhtSandbox } from '../../scripts/sandbox/srht/server.ts';
import { canonicalExecutor, testSettings } from './harness.ts';

const jiraData = getJiraDataset();
const srhtData = getSrhtDataset();
const NOW = Date.parse(jiraData.baseDate);
const parseTime = (text: string) => Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
const JIRA_CATEGORY: Record<string, string> = { new: 'TODO', indeterminate: 'IN_PROGRESS', done: 'DONE' };
const jiraCategoryByName = new Map(jiraData.statuses.map((status) => [status.name, JIRA_CATEGORY[status.statusCategory.key]]));
const SRHT_CATEGORY: Record<string, string> = { REPORTED: 'TODO', CONFIRMED: 'TODO', IN_PROGRESS: 'IN_PROGRESS', PENDING: 'IN_PROGRESS', RESOLVED: 'DONE' };

/** A value over time: the value before the first change, then each change's value from its instant on. */
function valueAt<T>(initial: T, changes: Array<{ at: number; to: T }>, at: number): T {
  let value = initial;
  for (const change of changes) if (change.at <= at) value = change.to;
  return value;
}

interface Timeline {
  ref: string;
  created: number;
  initialStatus: string;
  statusChanges: Array<{ at: number; to: string }>;
  category: (status: string) => string | undefined;
}

function jiraTimeline(issue: JiraIssueRecord): Timeline {
  const changes = issue.changelog.flatMap((history) => history.items.filter((item) => item.fieldId === 'status').map((item) => ({ at: parseTime(history.created), from: item.fromString!, to: item.toString! })));
  return { ref: issue.key, created: issue.createdMs, initialStatus: changes[0]?.from ?? (issue.fields.status as { name: string }).name, statusChanges: changes, category: (status) => jiraCategoryByName.get(status) };
}

// ---------------------------------------------------------------------------------------------

interface ExpectedIssue {
  key: string;
  buckets: string[];
}

/**
 * Jira's sprint report, by hand from the dataset: membership of the sprint from the issue's Sprint
 * changelog (sandbox issues start outside every sprint; each Sprint item's `to` is the id list from
 * then on), status categories from the status catalogue, story points from the Story Points items.
 */
function expectedSprintReport(sprintId: number, now: number) {
  const sprint = jiraData.sprints.find((candidate) => candidate.id === sprintId)!;
  const start = Date.parse(sprint.startDate!);
  const end = sprint.state === 'active' ? now : Date.parse(sprint.completeDate!);
  const id = String(sprintId);
  const totals = { committed: [0, 0], added: [0, 0], removed: [0, 0], completed: [0, 0], carriedOver: [0, 0] };
  const issues: ExpectedIssue[] = [];
  for (const issue of jiraData.issues) {
    const sprintChanges = issue.changelog.flatMap((history) => history.items.filter((item) => item.fieldId === jiraData.sprintField).map((item) => ({ at: parseTime(history.created), to: (item.to ?? '').split(', ').filter(Boolean) })));
    const pointChanges = issue.changelog.flatMap((history) => history.items.filter((item) => item.fieldId === jiraData.storyPointsField).map((item) => ({ at: parseTime(history.created), from: Number(item.fromString), to: Number(item.toString) })));
    const member = (at: number) => valueAt<string[]>([], sprintChanges, at).includes(id);
    const points = (at: number) => valueAt<number | null>(pointChanges[0]?.from ?? (issue.fields[jiraData.storyPointsField] as number | null), pointChanges, at) ?? 0;
    const inside = sprintChanges.filter((change) => change.at > start && change.at <= end);
    const joins = inside.filter((change, index) => change.to.includes(id) && !(index === 0 ? member(start) : inside[index - 1].to.includes(id)));
    const leaves = inside.filter((change) => !change.to.includes(id));
    if (!member(start) && joins.length === 0) continue;
    const timeline = jiraTimeline(issue);
    const doneAtEnd = timeline.category(valueAt(timeline.initialStatus, timeline.statusChanges, end)) === 'DONE';
    const buckets: string[] = [];
    if (member(start)) { buckets.push('COMMITTED'); totals.committed[0] += 1; totals.committed[1] += points(start); }
    if (!member(start)) { buckets.push('ADDED'); totals.added[0] += 1; totals.added[1] += points(joins[0].at); }
    if (!member(end)) { buckets.push('REMOVED'); totals.removed[0] += 1; totals.removed[1] += points(leaves[leaves.length - 1].at); }
    else if (doneAtEnd) { buckets.push('COMPLETED'); totals.completed[0] += 1; totals.completed[1] += points(end); }
    else { buckets.push('CARRIED_OVER'); totals.carriedOver[0] += 1; totals.carriedOver[1] += points(end); }
    issues.push({ key: issue.key, buckets });
  }
  const total = ([issueCount, pointSum]: number[]) => ({ issues: issueCount, points: pointSum });
  return {
    committed: total(totals.committed),
    added: total(totals.added),
    removed: total(totals.removed),
    completed: total(totals.completed),
    carriedOver: total(totals.carriedOver),
    issues: issues.sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true })),
  };
}

const REPORT = `query($board: ID!, $sprint: ID!) { jiraSprintReport(boardId: $board, sprintId: $sprint) {
  sprint { id state } startAt endAt endIsNow candidatesScanned skippedIssues
  committed { issues points } added { issues points } removed { issues points } completed { issues points } carriedOver { issues points }
  issues { key buckets reasons pointsAtStart pointsWhenAdded pointsWhenRemoved pointsAtEnd addedAt removedAt doneAt statusAtEnd statusCategoryAtEnd historyIncomplete }
} }`;

interface ReportData {
  jiraSprintReport: {
    sprint: { id: string; state: string };
    endAt: string;
    endIsNow: boolean;
    candidatesScanned: number;
    skippedIssues: number;
    committed: { issues: number; points: number };
    added: { issues: number; points: number };
    removed: { issues: number; points: number };
    completed: { issues: number; points: number };
    carriedOver: { issues: number; points: number };
    issues: Array<{ key: string; buckets: string[]; reasons: string[]; historyIncomplete: boolean; removedAt: string | null; pointsWhenRemoved: number | null }>;
  };
}

describe('jiraSprintReport on the sandbox sprints', () => {
  let jira: SandboxServerHandle;
  let agile: SandboxServerHandle;
  let run: ReturnType<typeof canonicalExecutor>;
  beforeAll(async () => {
    jira = await startJiraSandbox({ host: '127.0.0.1', port: 0 });
    agile = await startAgileSandbox({ host: '127.0.0.1', port: 0 });
    const settings = testSettings({ jira: jira.url, jiraSoftware: agile.url });
    // The sandbox's story points and sprint fields are not the defaults: discovered from GET /field.
    run = canonicalExecutor({ ...settings, jira: { ...settings.jira, discover: { storyPoints: true, sprint: true } } }, undefined, { now: () => NOW });
  });
  afterAll(async () => {
    await jira.close();
    await agile.close();
  });
  beforeEach(() => {
    jira.resetStats();
    agile.resetStats();
  });

  async function report(board: number, sprint: number): Promise<ReportData['jiraSprintReport']> {
    const result = await run(REPORT, { board: String(board), sprint: String(sprint) });
    expect(result.errors).toBeUndefined();
    return (result.data as unknown as ReportData).jiraSprintReport;
  }

  it('matches the hand derivation for every started sprint', async () => {
    for (const sprint of jiraData.sprints.filter((candidate) => candidate.state !== 'future')) {
      const got = await report(sprint.originBoardId, sprint.id);
      const expected = expectedSprintReport(sprint.id, NOW);
      expect({ sprint: sprint.id, committed: got.committed, added: got.added, removed: got.removed, completed: got.completed, carriedOver: got.carriedOver }).toEqual({
        sprint: sprint.id,
        committed: expected.committed,
        added: expected.added,
        removed: expected.removed,
        completed: expected.completed,
        carriedOver: expected.carriedOver,
      });
      expect(got.issues.map(({ key, buckets }) => ({ key, buckets }))).toEqual(expected.issues);
      expect(got.skippedIssues).toBe(0);
      expect(got.issues.every((issue) => !issue.historyIncomplete)).toBe(true);
    }
  });

  it('DEV Sprint 4 (closed): the numbers Jira\'s sprint report shows', async () => {
    const got = await report(1, 4);
    PINNED_DEV_4(got);
  });

  it('DEV Sprint 5 (active, ends now) with DEV-7 moved to the next sprint mid-sprint; requests bounded', async () => {
    const got = await report(1, 5);
    PINNED_DEV_5(got);
    const dev7 = got.issues.find((issue) => issue.key === 'DEV-7')!;
    expect(dev7).toMatchObject({ buckets: ['COMMITTED', 'REMOVED'], removedAt: '2025-12-31T12:00:00.000Z', pointsWhenRemoved: 5 });
    expect(dev7.reasons).toEqual(['in the sprint at start 2025-12-29T09:00Z', 'removed 2025-12-31T12:00Z']);
    // One sprint, one board, the field catalogue, the account zone, the status catalogue (first use
    // of each per process), the two JQL listings (sprint = 5: 49 issues; DEV issues updated since the
    // start; one page each) and one bulk changelog request for all candidates.
    expect(agile.stats().byRoute).toEqual({ 'GET /rest/agile/1.0/sprint/{sprintId}': 1, 'GET /rest/agile/1.0/board/{boardId}': 1 });
    const { byRoute } = jira.stats();
    expect(byRoute['GET /rest/api/3/search/jql']).toBe(2);
    expect(byRoute['POST /rest/api/3/changelog/bulkfetch']).toBe(1);
    expect(Object.keys(byRoute).filter((route) => !['GET /rest/api/3/search/jql', 'POST /rest/api/3/changelog/bulkfetch', 'GET /rest/api/3/field', 'GET /rest/api/3/myself', 'GET /rest/api/3/status'].includes(route))).toEqual([]);
  });

  it('API Sprint 4 (id 10, active): API-50 back to the backlog mid-sprint', async () => {
    const got = await report(2, 10);
    PINNED_API_10(got);
    expect(got.issues.find((issue) => issue.key === 'API-50')).toMatchObject({ buckets: ['COMMITTED', 'REMOVED'], removedAt: '2025-12-28T14:00:00.000Z', pointsWhenRemoved: 2 });
  });

  it('refuses future sprints, bad ids and unknown sprints', async () => {
    const future = await run(REPORT, { board: '1', sprint: '6' });
    expect(future.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(future.errors?.[0].message).toMatch(/has not started/);
    const bad = await run(REPORT, { board: '1', sprint: '5; DROP' });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const missing = await run(REPORT, { board: '1', sprint: '404' });
    expect(missing.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('ids that would walk out of the agile API path never reach an upstream', async () => {
    jira.resetStats();
    agile.resetStats();
    const walks: Array<Record<string, string>> = [
      { board: '../../api/3/myself', sprint: '5' },
      { board: '1', sprint: '..' },
      { board: '1', sprint: '5/../../../api/3/field' },
      { board: '1%2F..', sprint: '5' },
      { board: '1', sprint: '5?expand=all' },
      { board: '1', sprint: '5#x' },
    ];
    for (const variables of walks) {
      const result = await run(REPORT, variables);
      expect(result.errors?.[0], JSON.stringify(variables)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    }
    expect(agile.stats().requests + jira.stats().requests).toBe(0);
  });
});

/*
 * Pinned numbers, as Jira's sprint report for these sprints would show them. How each was derived from
 * the dataset (scripts/sandbox/data: sprints of 14 days starting 09:00Z, completed 2 hours before
 * the planned end; issues planned into a sprint the day before it starts, carried over into the next
 * sprint at the completion instant, added a minute after creation when created mid-sprint).
 */
function PINNED_DEV_4(got: ReportData['jiraSprintReport']): void {
  // Sprint 4 ran 2025-12-15T09:00Z .. completed 2025-12-29T07:00Z.
  expect(got.endAt).toBe('2025-12-29T07:00:00.000Z');
  // Committed 44: 30 issues put into sprint 4 at sprint 3's completion (2025-12-15T07:00Z), 12 planned
  // the day before the start (2025-12-14T09:00Z), 2 created in the last day before the start and
  // planned a minute after creation. 205 points: their Story Points at 09:00Z on the 15th.
  expect(got.committed).toEqual({ issues: 44, points: 205 });
  // Added 16: DEV-122, 124, 125, 126, 127, 128, 129, 130, 131, 132, 134, 135, 139, 141, 143, 145,
  // created after the start and put into the sprint a minute later; 88 points at those instants.
  expect(got.added).toEqual({ issues: 16, points: 88 });
  expect(got.issues.filter((issue) => issue.buckets.includes('ADDED')).map((issue) => issue.key)).toEqual(
    ['DEV-122', 'DEV-124', 'DEV-125', 'DEV-126', 'DEV-127', 'DEV-128', 'DEV-129', 'DEV-130', 'DEV-131', 'DEV-132', 'DEV-134', 'DEV-135', 'DEV-139', 'DEV-141', 'DEV-143', 'DEV-145'],
  );
  // Removed 0: no Sprint changelog item takes 4 out of an issue's list before the completion.
  expect(got.removed).toEqual({ issues: 0, points: 0 });
  // Completed 15: of the 60, those whose last status item before 2025-12-29T07:00Z is "Done"; 78 points at the end.
  expect(got.completed).toEqual({ issues: 15, points: 78 });
  // Carried over 45 (227 points): 60 - 15; the same 45 get "4, 5" in their Sprint field at the completion instant.
  expect(got.carriedOver).toEqual({ issues: 45, points: 227 });
  // Candidates: the 60 issues holding 4 in their Sprint field (closed sprints stay in it) plus the other DEV issues updated since the start: 81 distinct.
  expect(got.candidatesScanned).toBe(81);
}

function PINNED_DEV_5(got: ReportData['jiraSprintReport']): void {
  // Active: the end is "now", the dataset's 2026-01-05T09:00Z.
  expect(got).toMatchObject({ endAt: '2026-01-05T09:00:00.000Z', endIsNow: true });
  // Committed 47 (229 points): the 45 carried over from sprint 4 at 2025-12-29T07:00Z plus 2 planned the day before.
  expect(got.committed).toEqual({ issues: 47, points: 229 });
  // Added 3 (15 points): DEV-147, DEV-148, DEV-150, created after 2025-12-29T09:00Z.
  expect(got.added).toEqual({ issues: 3, points: 15 });
  // Removed 1 (5 points): DEV-7, moved to sprint 6 at 2025-12-31T12:00Z (the dataset's one mid-sprint move on DEV), 5 points then.
  expect(got.removed).toEqual({ issues: 1, points: 5 });
  // Completed 8 (40 points): in sprint 5 and in "Done" now.
  expect(got.completed).toEqual({ issues: 8, points: 40 });
  // Not completed (yet) 41 (211 points): 47 + 3 - 1 - 8.
  expect(got.carriedOver).toEqual({ issues: 41, points: 211 });
}

function PINNED_API_10(got: ReportData['jiraSprintReport']): void {
  // API sprint 4 (id 10), active since 2025-12-24T09:00Z.
  // Committed 14 (49 points): 8 carried from sprint 9 at its completion (2025-12-24T07:00Z) and 6 planned the day before.
  expect(got.committed).toEqual({ issues: 14, points: 49 });
  // Added 4 (23 points): API-56, API-57, API-59, API-60, created after the start.
  expect(got.added).toEqual({ issues: 4, points: 23 });
  expect(got.issues.filter((issue) => issue.buckets.includes('ADDED')).map((issue) => issue.key)).toEqual(['API-56', 'API-57', 'API-59', 'API-60']);
  // Removed 1 (2 points): API-50 back to the backlog at 2025-12-28T14:00Z.
  expect(got.removed).toEqual({ issues: 1, points: 2 });
  // Completed 5 (49 points) and not completed 12 (32 points): 14 + 4 - 1 = 17 = 5 + 12.
  expect(got.completed).toEqual({ issues: 5, points: 49 });
  expect(got.carriedOver).toEqual({ issues: 12, points: 32 });
}

// ---------------------------------------------------------------------------------------------

interface FlowData {
  flowMetrics: {
    itemCount: number;
    skippedItems: number;
    percentileMethod: string;
    intervals: Array<{
      start: string;
      end: string;
      partial: boolean;
      throughput: number;
      arrivals: number;
      wip: number;
      wipAt: string;
      cycleTime: { count: number; p50Seconds: number | null; p85Seconds: number | null; p95Seconds: number | null };
      leadTime: { count: number; p50Seconds: number | null; p85Seconds: number | null; p95Seconds: number | null };
      done: string[];
    }>;
  };
}

const FLOW = `query($jql: String, $sourcehut: [SourcehutTrackerRef!], $from: DateTime!, $to: DateTime!, $interval: FlowInterval!, $timeZone: String) {
  flowMetrics(jql: $jql, sourcehut: $sourcehut, from: $from, to: $to, interval: $interval, timeZone: $timeZone) {
    itemCount skippedItems percentileMethod
    intervals { start end partial throughput arrivals wip wipAt done
      cycleTime { count p50Seconds p85Seconds p95Seconds } leadTime { count p50Seconds p85Seconds p95Seconds } }
  }
}`;

/** Nearest rank, written out: the value at position ceil(p/100 * n) of the sorted list. */
function rank(values: number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/** The flow numbers per [start, end) from raw timelines: the definitions of docs/metrics.md, written out. */
function expectedFlow(timelines: Timeline[], bounds: Array<{ start: number; end: number }>, now: number) {
  const facts = timelines.map((timeline) => {
    const categories = [timeline.initialStatus, ...timeline.statusChanges.map((change) => change.to)].map((status) => timeline.category(status));
    const starts = [timeline.created, ...timeline.statusChanges.map((change) => change.at)];
    let doneAt: number | null = null;
    if (categories[categories.length - 1] === 'DONE') {
      let first = categories.length - 1;
      while (first > 0 && categories[first - 1] === 'DONE') first -= 1;
      doneAt = starts[first];
    }
    const startedIndex = categories.indexOf('IN_PROGRESS');
    const startedAt = startedIndex === -1 ? null : starts[startedIndex];
    return { timeline, doneAt, startedAt };
  });
  return bounds.map(({ start, end }) => {
    const done = facts.filter((fact) => fact.doneAt !== null && fact.doneAt >= start && fact.doneAt < end);
    const wipAt = Math.min(end, now);
    const cycle = done.filter((fact) => fact.startedAt !== null).map((fact) => (fact.doneAt! - fact.startedAt!) / 1000);
    const lead = done.map((fact) => (fact.doneAt! - fact.timeline.created) / 1000);
    return {
      throughput: done.length,
      arrivals: timelines.filter((timeline) => timeline.created >= start && timeline.created < end).length,
      wip: timelines.filter((timeline) => timeline.created <= wipAt && timeline.category(valueAt(timeline.initialStatus, timeline.statusChanges, wipAt)) === 'IN_PROGRESS').length,
      done: done.map((fact) => fact.timeline.ref).sort(),
      cycleTime: { count: cycle.length, p50Seconds: rank(cycle, 50), p85Seconds: rank(cycle, 85), p95Seconds: rank(cycle, 95) },
      leadTime: { count: lead.length, p50Seconds: rank(lead, 50), p85Seconds: rank(lead, 85), p95Seconds: rank(lead, 95) },
    };
  });
}

describe('flowMetrics on sandbox data', () => {
  let jira: SandboxServerHandle;
  let srht: SandboxServerHandle;
  let run: ReturnType<typeof canonicalExecutor>;
  beforeAll(async () => {
    jira = await startJiraSandbox({ host: '127.0.0.1', port: 0 });
    srht = await startSrhtSandbox({ host: '127.0.0.1', port: 0 });
    run = canonicalExecutor(testSettings({ jira: jira.url, srht: srht.url }), undefined, { now: () => NOW });
  });
  afterAll(async () => {
    await jira.close();
    await srht.close();
  });
  beforeEach(() => {
    jira.resetStats();
    srht.resetStats();
  });

  it('Jira DEV by Berlin week: five Monday-to-Monday weeks computed from the raw changelogs; requests bounded', async () => {
    // Monday 1 December 2025 00:00 CET = 30 Nov 23:00Z; five weeks to Monday 5 January 2026 00:00 CET.
    const result = await run(FLOW, { jql: 'project = DEV', from: '2025-11-30T23:00:00Z', to: '2026-01-04T23:00:00Z', interval: 'WEEK', timeZone: 'Europe/Berlin' });
    expect(result.errors).toBeUndefined();
    const flow = (result.data as unknown as FlowData).flowMetrics;
    expect(flow.percentileMethod).toBe('nearest-rank');
    expect(flow.intervals.map((interval) => [interval.start, interval.end, interval.partial])).toEqual([
      ['2025-11-30T23:00:00.000Z', '2025-12-07T23:00:00.000Z', false],
      ['2025-12-07T23:00:00.000Z', '2025-12-14T23:00:00.000Z', false],
      ['2025-12-14T23:00:00.000Z', '2025-12-21T23:00:00.000Z', false],
      ['2025-12-21T23:00:00.000Z', '2025-12-28T23:00:00.000Z', false],
      ['2025-12-28T23:00:00.000Z', '2026-01-04T23:00:00.000Z', false],
    ]);
    const dev = jiraData.issues.filter((issue) => issue.projectKey === 'DEV').map(jiraTimeline);
    const expected = expectedFlow(dev, flow.intervals.map((interval) => ({ start: Date.parse(interval.start), end: Date.parse(interval.end) })), NOW);
    expect(flow.intervals.map(({ throughput, arrivals, wip, done, cycleTime, leadTime }) => ({ throughput, arrivals, wip, done, cycleTime, leadTime }))).toEqual(expected);
    expect(expected.reduce((sum, interval) => sum + interval.throughput, 0)).toBeGreaterThan(0);
    PINNED_FLOW_JIRA(flow);
    expect(flow.skippedItems).toBe(0);
    // Two JQL listings (updated since from; older and not done), one bulk changelog for all, the
    // status catalogue and the account zone: no request per issue.
    const { byRoute } = jira.stats();
    expect(byRoute['POST /rest/api/3/changelog/bulkfetch']).toBe(1);
    expect(byRoute['GET /rest/api/3/search/jql']).toBe(2);
    expect(byRoute).toEqual({ 'GET /rest/api/3/myself': 1, 'GET /rest/api/3/search/jql': 2, 'POST /rest/api/3/changelog/bulkfetch': 1, 'GET /rest/api/3/status': 1 });
  });

  it('todo.sr.ht trackers by New York day: computed from the raw ticket events; requests bounded', async () => {
    const from = '2025-12-22T05:00:00Z'; // 22 December 00:00 EST
    const to = '2026-01-05T05:00:00Z';
    const owner = srhtData.trackers[0].owner;
    const result = await run(FLOW, { sourcehut: [{ owner, tracker: 'gateway' }, { owner, tracker: 'docs' }], from, to, interval: 'DAY', timeZone: 'America/New_York' });
    expect(result.errors).toBeUndefined();
    const flow = (result.data as unknown as FlowData).flowMetrics;
    expect(flow.intervals).toHaveLength(14);
    expect(flow.intervals[0]).toMatchObject({ start: '2025-12-22T05:00:00.000Z', end: '2025-12-23T05:00:00.000Z', partial: false });
    const timelines: Timeline[] = srhtData.tickets.map((ticket) => {
      const tracker = srhtData.trackers.find((candidate) => candidate.id === ticket.trackerId)!;
      const changes = srhtData.events
        .filter((event) => event.trackerId === ticket.trackerId && event.ticketId === ticket.id)
        .flatMap((event) => event.changes.flatMap((change) => (change.eventType === 'STATUS_CHANGE' ? [{ at: parseTime(event.created), from: change.oldStatus, to: change.newStatus }] : [])))
        .sort((a, b) => a.at - b.at);
      return { ref: `${tracker.owner}/${tracker.name}#${ticket.id}`, created: parseTime(ticket.created), initialStatus: changes[0]?.from ?? ticket.status, statusChanges: changes, category: (status) => SRHT_CATEGORY[status] };
    });
    const expected = expectedFlow(timelines, flow.intervals.map((interval) => ({ start: Date.parse(interval.start), end: Date.parse(interval.end) })), NOW);
    expect(flow.intervals.map(({ throughput, arrivals, wip, done, cycleTime, leadTime }) => ({ throughput, arrivals, wip, done, cycleTime, leadTime }))).toEqual(expected);
    PINNED_FLOW_SRHT(flow);
    // Ticket pages of both trackers, then aliased events requests (25 tickets a request) for the 43
    // tickets read, and the rich ticket's further event pages: 8 in all, where one request per
    // ticket would be more than 43.
    expect(srht.stats().requests).toBe(8);
  });

  it('refuses bad input with BAD_USER_INPUT', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ from: '2025-12-01T00:00:00Z', to: '2025-12-02T00:00:00Z', interval: 'DAY' }, /needs a source/],
      [{ jql: 'project = DEV', from: '2025-12-02T00:00:00Z', to: '2025-12-01T00:00:00Z', interval: 'DAY' }, /must be before/],
      [{ jql: 'project = DEV', from: '2025-12-01T00:00:00Z', to: '2025-12-02T00:00:00Z', interval: 'DAY', timeZone: 'Europe/Nowhere' }, /not an IANA time zone/],
      [{ jql: 'project = DEV', from: '2024-01-01T00:00:00Z', to: '2025-12-02T00:00:00Z', interval: 'DAY' }, /more than 366 day intervals/],
      [{ jql: 'project = DEV ORDER BY key', from: '2025-12-01T00:00:00Z', to: '2025-12-02T00:00:00Z', interval: 'DAY' }, /ORDER BY/],
    ];
    for (const [variables, message] of cases) {
      const result = await run(FLOW, variables);
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(result.errors?.[0].message).toMatch(message);
    }
    expect(jira.stats().requests).toBe(0);
  });
});

function PINNED_FLOW_JIRA(flow: FlowData['flowMetrics']): void {
  // Per Berlin week (Monday 00:00 CET): throughput = DEV issues whose last status item into "Done"
  // falls in the week (keys listed), arrivals = DEV issues created in the week, WIP = DEV issues in
  // "In Progress" or "In Review" at the week's end (the last week's end is after now: read at now).
  expect(flow.intervals.map((interval) => [interval.throughput, interval.arrivals, interval.wip])).toEqual([
    [3, 12, 22],
    [8, 11, 20],
    [8, 12, 23],
    [9, 14, 31],
    [8, 4, 29],
  ]);
  expect(flow.intervals[0].done).toEqual(['DEV-32', 'DEV-40', 'DEV-80']);
  // Week 1 cycle times of DEV-32, DEV-40, DEV-80: the median (2nd of 3) is 2,394,480 s (27.7 days).
  expect(flow.intervals[0].cycleTime).toMatchObject({ count: 3, p50Seconds: 2394480 });
  expect(flow.intervals[4].wipAt).toBe('2026-01-04T23:00:00.000Z');
  // 96 DEV issues read: 150 minus those done before 1 December and not updated since.
  expect(flow.itemCount).toBe(96);
}

function PINNED_FLOW_SRHT(flow: FlowData['flowMetrics']): void {
  // The sandbox works 30 of the 72 tickets through to RESOLVED (srht-dataset.ts, "worked through"),
  // most of them before this range; the one resolved inside it is ~sandbox/gateway#59, on
  // 26 December (New York time). Two tickets were created in the range (24 and 28 December); 3
  // tickets are IN_PROGRESS or PENDING throughout. 43 tickets are read: 72 minus the 29 resolved
  // before 22 December and not updated since.
  expect(flow.intervals.map((interval) => interval.throughput)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  expect(flow.intervals[4].done).toEqual(['~sandbox/gateway#59']);
  expect(flow.intervals.map((interval) => interval.arrivals)).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  expect(flow.intervals.map((interval) => interval.wip)).toEqual(Array(14).fill(3));
  expect(flow.itemCount).toBe(43);
}
