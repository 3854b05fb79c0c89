/**
 * Per-work-item metrics (timeInStatus, cycleTimeSeconds, leadTimeSeconds, reopenedCount) against
 * the Jira and todo.sr.ht sandboxes: every item of a page is checked against values computed here,
 * independently, from the raw sandbox datasets (status ids and category keys, not the gateway's
 * mappers), and the upstream requests are counted: one status catalogue request per cloud, and no
 * changelog or events request beyond what statusChanges costs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getJiraDataset } from '../../scripts/sandbox/data/jira-dataset.ts';
import { getSrhtDataset } from '../../scripts/sandbox/data/srht-dataset.ts';
import type { SandboxServerHandle } from '../../scripts/sandbox/http/server.ts';
import { startJiraSandbox } from '../../scripts/sandbox/jira/server.ts';
import { startSrhtSandbox } from '../../scripts/sandbox/srht/server.ts';
import { JiraStatusCatalogues, STATUS_REFRESH_MIN_MS } from '../../resolvers/jira/status-catalogue.ts';
import { canonicalExecutor, CLOUD_ID, plainFetch, testSettings } from './harness.ts';

const jiraData = getJiraDataset();
const srhtData = getSrhtDataset();
/** "Now" for the metrics: two hours after the datasets' fixed present, so open periods have an exact end. */
const NOW = Date.parse(jiraData.baseDate) + 2 * 3_600_000;

interface StatusTimeNode {
  status: string;
  category: string | null;
  seconds: number;
  visits: number;
}
interface MetricsNode {
  timeInStatus: StatusTimeNode[];
  cycleTimeSeconds: number | null;
  leadTimeSeconds: number | null;
  reopenedCount: number;
}
const METRICS = 'timeInStatus { status category seconds visits } cycleTimeSeconds leadTimeSeconds reopenedCount';

/** Jira's `+0000` / `+hhmm` offsets and sr.ht's `Z` -> epoch ms. */
const parseTime = (text: string) => Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

/**
 * The expected metrics from a raw status timeline, written straight from docs/metrics.md:
 * periods between transitions (the first starts at creation), summed per status in order of first
 * entry; started = first entry into an in-progress category; done = the item ends in a done
 * category, since its last entry into that category; reopened = done -> not done.
 */
function expectedMetrics(
  createdAt: number,
  initialStatus: string,
  transitions: Array<{ at: number; to: string }>,
  nameOf: (status: string) => string,
  categoryOf: (status: string) => string | null,
): MetricsNode {
  const order: string[] = [];
  const totals = new Map<string, { ms: number; visits: number }>();
  let status = initialStatus;
  let since = createdAt;
  let startedAt: number | null = categoryOf(status) === 'IN_PROGRESS' ? createdAt : null;
  let doneSince: number | null = categoryOf(status) === 'DONE' ? createdAt : null;
  let reopenedCount = 0;
  const enter = (entered: string) => {
    if (!totals.has(entered)) {
      order.push(entered);
      totals.set(entered, { ms: 0, visits: 0 });
    }
    totals.get(entered)!.visits += 1;
  };
  const leave = (at: number) => {
    totals.get(status)!.ms += at - since;
  };
  enter(status);
  for (const transition of [...transitions].sort((a, b) => a.at - b.at)) {
    leave(transition.at);
    const wasDone = categoryOf(status) === 'DONE';
    status = transition.to;
    since = transition.at;
    enter(status);
    const isDone = categoryOf(status) === 'DONE';
    if (wasDone && !isDone) reopenedCount += 1;
    if (!wasDone && isDone) doneSince = transition.at;
    if (!isDone) doneSince = null;
    if (startedAt === null && categoryOf(status) === 'IN_PROGRESS') startedAt = transition.at;
  }
  leave(NOW);
  return {
    timeInStatus: order.map((entered) => ({ status: nameOf(entered), category: categoryOf(entered), seconds: totals.get(entered)!.ms / 1000, visits: totals.get(entered)!.visits })),
    cycleTimeSeconds: doneSince !== null && startedAt !== null ? (doneSince - startedAt) / 1000 : null,
    leadTimeSeconds: doneSince !== null ? (doneSince - createdAt) / 1000 : null,
    reopenedCount,
  };
}

describe('per-work-item metrics against the Jira sandbox', () => {
  let jira: SandboxServerHandle;
  beforeAll(async () => {
    jira = await startJiraSandbox({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => jira.close());
  beforeEach(() => jira.resetStats());

  // Status ids and category keys straight from the dataset's catalogue.
  const JIRA_CATEGORY: Record<string, string> = { new: 'TODO', indeterminate: 'IN_PROGRESS', done: 'DONE' };
  const statusById = new Map(jiraData.statuses.map((status) => [status.id, status]));
  const jiraCategory = (id: string) => JIRA_CATEGORY[statusById.get(id)!.statusCategory.key] ?? null;
  const jiraName = (id: string) => statusById.get(id)!.name;

  function expectedForIssue(key: string): MetricsNode {
    const record = jiraData.issues.find((issue) => issue.key === key)!;
    const transitions = record.changelog.flatMap((history) =>
      history.items.filter((item) => item.field === 'status').map((item) => ({ at: parseTime(history.created), from: item.from!, to: item.to! })),
    );
    const current = (record.fields.status as { id: string }).id;
    const initial = transitions.length === 0 ? current : [...transitions].sort((a, b) => a.at - b.at)[0].from;
    return expectedMetrics(parseTime(record.fields.created as string), initial, transitions, jiraName, jiraCategory);
  }

  it('matches metrics computed from the raw changelogs, for a page of issues, with one status catalogue request', async () => {
    const run = canonicalExecutor(testSettings({ jira: jira.url }), undefined, { now: () => NOW });
    const result = await run(`{ jiraIssues(jql: "project = DEV ORDER BY key ASC", first: 100) { nodes { key status ${METRICS} } } }`);
    expect(result.errors).toBeUndefined();
    const nodes = (result.data as { jiraIssues: { nodes: Array<MetricsNode & { key: string; status: string }> } }).jiraIssues.nodes;
    expect(nodes.length).toBeGreaterThan(20);
    for (const node of nodes) expect({ key: node.key, ...pick(node) }).toEqual({ key: node.key, ...expectedForIssue(node.key) });

    // The page covers done, in-progress and not-started issues, so each rule was exercised.
    expect(nodes.some((node) => node.leadTimeSeconds !== null && node.cycleTimeSeconds !== null)).toBe(true);
    expect(nodes.some((node) => node.leadTimeSeconds === null && node.timeInStatus.some((entry) => entry.category === 'IN_PROGRESS'))).toBe(true);
    expect(nodes.some((node) => node.timeInStatus.length === 1 && node.timeInStatus[0].category === 'TODO')).toBe(true);

    const { byRoute } = jira.stats();
    expect(byRoute['GET /rest/api/3/status']).toBe(1);
    // The same one batched changelog fetch that statusChanges uses, not one per issue.
    expect(byRoute['POST /rest/api/3/changelog/bulkfetch']).toBe(1);
    expect(byRoute['GET /rest/api/3/issue/{issueIdOrKey}/changelog']).toBeUndefined();

    // The catalogue is cached per settings and cloud: the next request does not read it again.
    jira.resetStats();
    const again = await run(`{ jiraIssues(jql: "key = DEV-1") { nodes { key reopenedCount timeInStatus { status category } } } }`);
    expect(again.errors).toBeUndefined();
    expect(jira.stats().byRoute['GET /rest/api/3/status']).toBeUndefined();
  });

  it('a done issue in numbers: lead time is creation to Done, cycle time first In Progress to Done', async () => {
    const run = canonicalExecutor(testSettings({ jira: jira.url }), undefined, { now: () => NOW });
    const done = jiraData.issues.find((issue) => issue.projectKey === 'DEV' && (issue.fields.status as { id: string }).id === '10002')!;
    const result = await run(`query($jql: String!) { jiraIssues(jql: $jql) { nodes { key ${METRICS} } } }`, { jql: `key = ${done.key}` });
    expect(result.errors).toBeUndefined();
    const node = (result.data as { jiraIssues: { nodes: MetricsNode[] } }).jiraIssues.nodes[0];
    const statusTimes = done.changelog.flatMap((history) => history.items.filter((item) => item.field === 'status').map((item) => ({ at: parseTime(history.created), to: item.to })));
    const firstInProgress = statusTimes.find((change) => change.to === '3')!.at;
    const lastDone = statusTimes.filter((change) => change.to === '10002').at(-1)!.at;
    expect(node.leadTimeSeconds).toBe((lastDone - parseTime(done.fields.created as string)) / 1000);
    expect(node.cycleTimeSeconds).toBe((lastDone - firstInProgress) / 1000);
    expect(node.timeInStatus.find((entry) => entry.status === 'Done')).toEqual({ status: 'Done', category: 'DONE', seconds: (NOW - lastDone) / 1000, visits: 1 });
  });
});

describe('Jira status catalogue cache against the sandbox', () => {
  let jira: SandboxServerHandle;
  beforeAll(async () => {
    jira = await startJiraSandbox({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => jira.close());

  it('shares one request between concurrent callers and reads again on a miss at most once a minute', async () => {
    let clock = 1_000_000;
    const catalogues = new JiraStatusCatalogues(() => clock);
    const call = { deps: { fetch: plainFetch, settings: testSettings({ jira: jira.url }) }, context: {} };
    const statusRequests = () => jira.stats().byRoute['GET /rest/api/3/status'] ?? 0;
    jira.resetStats();
    const [first] = await Promise.all([catalogues.categoriesOf(call, CLOUD_ID, []), catalogues.categoriesOf(call, CLOUD_ID, ['In Review'])]);
    expect(statusRequests()).toBe(1);
    expect([first('3'), first('In Review'), first('Done'), first('To Do')]).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'DONE', 'TODO']);
    // A status the catalogue does not list: unknown, and no new request within the minute.
    await catalogues.categoriesOf(call, CLOUD_ID, ['Archived']);
    expect(first('Archived')).toBeNull();
    clock += STATUS_REFRESH_MIN_MS - 1;
    await catalogues.categoriesOf(call, CLOUD_ID, []);
    expect(statusRequests()).toBe(1);
    // A minute after the last read, the earlier miss makes it read again.
    clock += 1;
    await catalogues.categoriesOf(call, CLOUD_ID, []);
    expect(statusRequests()).toBe(2);
    // Known statuses only: no more reads, however late.
    clock += 10 * STATUS_REFRESH_MIN_MS;
    await catalogues.categoriesOf(call, CLOUD_ID, ['Done', '10001']);
    expect(statusRequests()).toBe(2);
  });
});

describe('per-work-item metrics against the todo.sr.ht sandbox', () => {
  let srht: SandboxServerHandle;
  beforeAll(async () => {
    srht = await startSrhtSandbox({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => srht.close());
  beforeEach(() => srht.resetStats());

  // todo.sr.ht's statuses in their categories, as docs/metrics.md lists them.
  const SRHT_CATEGORY: Record<string, string> = { REPORTED: 'TODO', CONFIRMED: 'TODO', IN_PROGRESS: 'IN_PROGRESS', PENDING: 'IN_PROGRESS', RESOLVED: 'DONE' };

  function expectedForTicket(trackerName: string, ticketId: number): MetricsNode {
    const tracker = srhtData.trackers.find((candidate) => candidate.name === trackerName)!;
    const ticket = srhtData.tickets.find((candidate) => candidate.trackerId === tracker.id && candidate.id === ticketId)!;
    const transitions = srhtData.events
      .filter((event) => event.trackerId === tracker.id && event.ticketId === ticketId)
      .flatMap((event) => event.changes.flatMap((change) => (change.eventType === 'STATUS_CHANGE' ? [{ at: parseTime(event.created), from: change.oldStatus, to: change.newStatus }] : [])));
    const initial = transitions.length === 0 ? ticket.status : transitions[0].from;
    return expectedMetrics(parseTime(ticket.created), initial, transitions, (status) => status, (status) => SRHT_CATEGORY[status] ?? null);
  }

  it('matches metrics computed from the raw ticket events for every ticket of a tracker', async () => {
    const run = canonicalExecutor(testSettings({ srht: srht.url }), undefined, { now: () => NOW });
    const owner = srhtData.trackers[0].owner;
    const result = await run(`query($owner: String!) { sourcehutTickets(owner: $owner, tracker: "gateway", first: 100) { nodes { ticketId ${METRICS} statusChanges { toStatus } } } }`, { owner });
    expect(result.errors).toBeUndefined();
    const nodes = (result.data as { sourcehutTickets: { nodes: Array<MetricsNode & { ticketId: number }> } }).sourcehutTickets.nodes;
    expect(nodes).toHaveLength(60);
    for (const node of nodes) expect({ ticketId: node.ticketId, ...pick(node) }).toEqual({ ticketId: node.ticketId, ...expectedForTicket('gateway', node.ticketId) });
    // The rich ticket was resolved and reopened (RESOLVED -> REPORTED) and is open now: no lead or cycle time.
    expect(nodes.find((node) => node.ticketId === 1)).toMatchObject({ cycleTimeSeconds: null, leadTimeSeconds: null });
    expect(nodes.find((node) => node.ticketId === 1)!.reopenedCount).toBeGreaterThan(0);
    expect(nodes.find((node) => node.ticketId === 1)!.timeInStatus.find((entry) => entry.status === 'RESOLVED')).toMatchObject({ category: 'DONE' });
    // Tickets the sandbox works through to RESOLVED have both times, cycle never longer than lead;
    // some of them were reopened and resolved again on the way.
    const done = nodes.filter((node) => node.leadTimeSeconds !== null);
    expect(done.length).toBeGreaterThan(10);
    expect(done.every((node) => node.cycleTimeSeconds !== null && node.cycleTimeSeconds > 0 && node.cycleTimeSeconds <= node.leadTimeSeconds!)).toBe(true);
    expect(done.some((node) => node.reopenedCount > 0)).toBe(true);
    // Metrics share the batched events request with statusChanges: 60 tickets = 1 ticket page + 3 aliased event requests (25 a request) + the rich ticket's further pages.
    const withMetrics = srht.stats().requests;
    srht.resetStats();
    await run(`query($owner: String!) { sourcehutTickets(owner: $owner, tracker: "gateway", first: 100) { nodes { ticketId statusChanges { toStatus } } } }`, { owner });
    expect(withMetrics).toBe(srht.stats().requests);
  });
});

function pick(node: MetricsNode): MetricsNode {
  return { timeInStatus: node.timeInStatus, cycleTimeSeconds: node.cycleTimeSeconds, leadTimeSeconds: node.leadTimeSeconds, reopenedCount: node.reopenedCount };
}
