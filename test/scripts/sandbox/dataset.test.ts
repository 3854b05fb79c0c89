import { describe, expect, it } from 'vitest';
import { buildJiraDataset, getJiraDataset, indexJiraDataset, RICH_ISSUES } from '../../../scripts/sandbox/data/jira-dataset.ts';
import { buildSrhtDataset, getSrhtDataset } from '../../../scripts/sandbox/data/srht-dataset.ts';
import { createPrng } from '../../../scripts/sandbox/data/prng.ts';

type Named = { id: string | number; name: string };

describe('Jira sandbox dataset', () => {
  const dataset = getJiraDataset();
  const index = indexJiraDataset(dataset);

  it('is deterministic: two builds are deep-equal and the memo is stable', () => {
    expect(buildJiraDataset()).toEqual(buildJiraDataset());
    expect(getJiraDataset()).toBe(dataset);
    expect(buildJiraDataset()).toEqual(dataset);
  });

  it('has the contract projects, counts, users and boards', () => {
    expect(dataset.cloudId).toBe('11111111-2222-4333-8444-555555555555');
    expect(dataset.baseDate).toBe('2026-01-05T09:00:00.000Z');
    expect(dataset.projects.map((p) => [p.key, p.id, p.projectTypeKey, p.name])).toEqual([
      ['DEV', '10000', 'software', 'Developer Platform'],
      ['API', '10001', 'software', 'Public API'],
      ['OPS', '10002', 'service_desk', 'Operations Desk'],
      ['MKT', '10003', 'business', 'Marketing'],
    ]);
    const counts = Object.fromEntries(dataset.projects.map((p) => [p.key, index.issuesOfProject(p.key).length]));
    expect(counts).toEqual({ DEV: 150, API: 60, OPS: 40, MKT: 20 });
    expect(index.issue('DEV-150')?.id).toBe('10150');
    expect(index.issue('MKT-20')?.id).toBe('40020');
    expect(dataset.users).toHaveLength(12);
    expect(dataset.users[0].accountId).toBe('5b10ac8d82e05b22cc7d4e01');
    expect(dataset.users[11].accountId).toBe('5b10ac8d82e05b22cc7d4e12');
    expect(dataset.boards.map((b) => [b.id, b.projectKey, b.type, b.name])).toEqual([
      [1, 'DEV', 'scrum', 'DEV board'],
      [2, 'API', 'scrum', 'API board'],
      [3, 'OPS', 'kanban', 'OPS board'],
      [4, 'MKT', 'simple', 'MKT team board'],
    ]);
    // Site-specific custom field ids (not the common 10016/10020), as the field catalogue names them.
    expect([dataset.storyPointsField, dataset.sprintField]).toEqual(['customfield_10028', 'customfield_10104']);
    const byId = new Map(dataset.fields.map((f) => [f.id, f.name]));
    expect([byId.get(dataset.storyPointsField), byId.get(dataset.sprintField), byId.get('customfield_10016')]).toEqual(['Story Points', 'Sprint', 'Story point estimate']);
    for (const boardId of [1, 2]) {
      const states = dataset.sprints.filter((s) => s.originBoardId === boardId).map((s) => s.state);
      expect(new Set(states)).toEqual(new Set(['closed', 'active', 'future']));
    }
  });

  it('spot-checks fixed values', () => {
    const dev1 = index.issue('DEV-1');
    expect(dev1?.changelog.length).toBeGreaterThan(100);
    expect(dev1?.worklogs).toHaveLength(RICH_ISSUES['DEV-1'].worklogs);
    // Fixed values: a change here means every consumer's expectations shift too.
    expect(dev1?.fields.created).toBe('2025-07-29T12:58:00.000+0000');
    expect(dev1?.fields.summary).toBe('Add invoice PDF export');
    expect(dev1?.changelog).toHaveLength(136);
    expect((dev1?.fields[dataset.sprintField] as Array<{ id: number }>).map((s) => s.id)).toEqual([1, 2]);
    expect(index.issue('DEV-42')?.fields.created).toBe('2025-10-18T15:04:00.000+0000');
    expect(index.issue('API-7')?.fields.summary).toBe('Migrate field-level permissions');
    expect((dev1?.fields.issuetype as Named).name).toBe('Story');
    const active = dataset.sprints.filter((s) => s.state === 'active');
    for (const sprint of active) {
      expect(Date.parse(sprint.startDate ?? '')).toBeLessThanOrEqual(Date.parse(dataset.baseDate));
      expect(Date.parse(sprint.endDate ?? '')).toBeGreaterThan(Date.parse(dataset.baseDate));
    }
  });

  it('keeps fields consistent with changelogs and nothing after the base date', () => {
    const base = Date.parse(dataset.baseDate);
    const parse = (s: string) => Date.parse(s.replace('+0000', 'Z'));
    for (const issue of dataset.issues) {
      const statusChanges = issue.changelog.flatMap((h) => h.items.filter((i) => i.fieldId === 'status'));
      const status = issue.fields.status as Named;
      if (statusChanges.length > 0) expect(statusChanges[statusChanges.length - 1].to).toBe(status.id);
      else expect(status.name).toBe('To Do');
      const sprintChanges = issue.changelog.flatMap((h) => h.items.filter((i) => i.fieldId === dataset.sprintField));
      const sprints = (issue.fields[dataset.sprintField] as Array<{ id: number }> | null) ?? [];
      if (sprintChanges.length > 0) expect(sprintChanges[sprintChanges.length - 1].to).toBe(sprints.map((s) => s.id).join(', '));
      for (const history of issue.changelog) {
        expect(parse(history.created)).toBeLessThan(base);
        expect(parse(history.created)).toBeGreaterThanOrEqual(issue.createdMs);
      }
      expect(issue.updatedMs).toBeLessThanOrEqual(base);
      for (const sprint of sprints) expect(index.sprint(sprint.id)).toBeDefined();
    }
    const histories = dataset.issues.flatMap((i) => i.changelog.map((h) => h.id));
    expect(new Set(histories).size).toBe(histories.length);
  });

  it('deleted worklogs: ids no live worklog has, oldest first, two in the last day', () => {
    const live = new Set(dataset.issues.flatMap((i) => i.worklogs.map((w) => Number(w.id))));
    const base = Date.parse(dataset.baseDate);
    expect(dataset.deletedWorklogs.length).toBe(14);
    expect(dataset.deletedWorklogs.some((d) => live.has(d.worklogId))).toBe(false);
    const times = dataset.deletedWorklogs.map((d) => d.updatedTime);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.filter((t) => t >= base - 86_400_000 && t < base)).toHaveLength(2);
  });

  it('covers every workflow status and recent activity', () => {
    const statuses = new Set(dataset.issues.map((i) => (i.fields.status as Named).name));
    expect(statuses).toEqual(new Set(['To Do', 'In Progress', 'In Review', 'Done']));
    const recent = dataset.issues.filter((i) => i.updatedMs >= Date.parse(dataset.baseDate) - 7 * 86_400_000);
    expect(recent.length).toBeGreaterThan(10);
    expect(recent.length).toBeLessThan(dataset.issues.length);
  });
});

describe('todo.sr.ht sandbox dataset', () => {
  it('is deterministic and has the contract trackers', () => {
    expect(buildSrhtDataset()).toEqual(getSrhtDataset());
    const data = getSrhtDataset();
    expect(data.me).toBe('~sandbox');
    expect(data.trackers.map((t) => t.name)).toEqual(['gateway', 'docs']);
    expect(data.tickets.filter((t) => t.trackerId === 1)).toHaveLength(60);
    const kinds = new Set(data.events.flatMap((e) => e.changes.map((c) => c.eventType)));
    for (const kind of ['CREATED', 'COMMENT', 'STATUS_CHANGE', 'ASSIGNED_USER', 'LABEL_ADDED']) expect(kinds.has(kind as never)).toBe(true);
  });
});

describe('seeded PRNG', () => {
  it('repeats for a seed and differs across seeds', () => {
    const a = createPrng(7);
    const b = createPrng(7);
    const c = createPrng(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(() => a.pick([])).toThrow(RangeError);
  });
});
