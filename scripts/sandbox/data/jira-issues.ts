/**
 * Generates the sandbox issues with histories that agree with their fields: every
 * status, assignee, story-point, sprint and label value in `fields` is the end state
 * of the issue's changelog, so analytics over changelogs reproduce the fields.
 */
import { adfBulletList, adfDoc, adfParagraph, adfText } from './adf.ts';
import {
  API,
  ISSUE_TYPES,
  PRIORITIES,
  RESOLUTIONS,
  SPRINT_FIELD,
  START_DATE_FIELD,
  STATUSES,
  STORY_POINTS_FIELD,
  userDetails,
  type IssueTypeName,
  type StatusName,
} from './jira-catalog.ts';
import { commentText, labelPool, summaryFor, worklogNote } from './jira-text.ts';
import type {
  JiraChangeItemJson,
  JiraChangelogJson,
  JiraCommentJson,
  JiraIssueRecord,
  JiraIssueSprintJson,
  JiraProjectRecord,
  JiraSprintRecord,
  JiraUserJson,
  JiraVersionJson,
  JiraWorklogJson,
} from './jira-types.ts';
import type { Prng } from './prng.ts';
import { BASE_MS, DAY, HOUR, MINUTE, isoDate, jiraDateTime, jiraDuration } from './time.ts';

export interface IssueCounters {
  history: number;
  comment: number;
  worklog: number;
}

export interface IssueContext {
  prng: Prng;
  users: JiraUserJson[];
  versions: JiraVersionJson[];
  /** Sprints of the project's scrum board, oldest first; empty for projects without one. */
  sprints: JiraSprintRecord[];
  counters: IssueCounters;
  /** Epics generated so far in this project, for `parent` links. */
  epics: JiraIssueRecord[];
}

/** Issues whose histories are deliberately long, for changelog/worklog pagination. */
export const RICH_ISSUES: Record<string, { churn: number; worklogs: number; comments: number }> = {
  'DEV-1': { churn: 45, worklogs: 25, comments: 12 },
  'DEV-2': { churn: 15, worklogs: 8, comments: 6 },
  'API-1': { churn: 10, worklogs: 6, comments: 4 },
};

/** Team members (user numbers) who work in each project. */
const TEAMS: Record<string, number[]> = { DEV: [1, 2, 3, 4, 5, 6], API: [5, 6, 7, 8, 9], OPS: [9, 10, 11], MKT: [10, 11, 12] };

const STORY_POINTS = [1, 2, 3, 5, 8, 13];

/** Issue id scheme: project n (DEV=1, API=2, ...) times 10000 plus the issue number. */
export function issueIdFor(projectIndex: number, issueNumber: number): string {
  return String((projectIndex + 1) * 10000 + issueNumber);
}

interface PendingHistory {
  time: number;
  author: JiraUserJson;
  items: JiraChangeItemJson[];
}

function item(field: string, fieldId: string, custom: boolean, from: string | null, fromString: string | null, to: string | null, toString: string | null): JiraChangeItemJson {
  return { field, fieldtype: custom ? 'custom' : 'jira', fieldId, from, fromString, to, toString };
}

function statusItem(from: StatusName, to: StatusName): JiraChangeItemJson {
  return item('status', 'status', false, STATUSES[from].id, STATUSES[from].name, STATUSES[to].id, STATUSES[to].name);
}

function assigneeItem(from: JiraUserJson | undefined, to: JiraUserJson | undefined): JiraChangeItemJson {
  return item('assignee', 'assignee', false, from?.accountId ?? null, from?.displayName ?? null, to?.accountId ?? null, to?.displayName ?? null);
}

function sprintListStrings(sprints: JiraSprintRecord[]): [string | null, string | null] {
  if (sprints.length === 0) return [null, null];
  return [sprints.map((s) => String(s.id)).join(', '), sprints.map((s) => s.name).join(', ')];
}

function pickType(prng: Prng, project: JiraProjectRecord): IssueTypeName {
  if (project.projectTypeKey === 'service_desk') return prng.chance(0.6) ? 'incident' : 'serviceRequest';
  if (project.projectTypeKey === 'business') return 'task';
  const roll = prng.next();
  return roll < 0.08 ? 'epic' : roll < 0.58 ? 'story' : roll < 0.83 ? 'bug' : 'task';
}

function pickPriority(prng: Prng) {
  const roll = prng.next();
  return PRIORITIES[roll < 0.05 ? 0 : roll < 0.25 ? 1 : roll < 0.8 ? 2 : roll < 0.95 ? 3 : 4];
}

/** Latest sprint that started at or before `time` (the one an issue is in at that moment). */
function sprintAt(sprints: JiraSprintRecord[], time: number): JiraSprintRecord | undefined {
  let found: JiraSprintRecord | undefined;
  for (const sprint of sprints) {
    if (sprint.startDate && Date.parse(sprint.startDate) <= time) found = sprint;
  }
  return found;
}

function issueSprintJson(sprint: JiraSprintRecord): JiraIssueSprintJson {
  const json: JiraIssueSprintJson = { id: sprint.id, name: sprint.name, state: sprint.state, boardId: sprint.originBoardId, goal: sprint.goal };
  if (sprint.startDate) json.startDate = sprint.startDate;
  if (sprint.endDate) json.endDate = sprint.endDate;
  if (sprint.completeDate) json.completeDate = sprint.completeDate;
  return json;
}

export function buildIssue(ctx: IssueContext, project: JiraProjectRecord, projectIndex: number, n: number, count: number): JiraIssueRecord {
  const { prng, users } = ctx;
  const key = `${project.key}-${n}`;
  const id = issueIdFor(projectIndex, n);
  const rich = RICH_ISSUES[key];
  const team = (TEAMS[project.key] ?? [1]).map((i) => users[i - 1]);
  const activeTeam = team.filter((u) => u.active);
  const software = project.projectTypeKey === 'software';

  const createdMs = Math.floor((BASE_MS - 160 * DAY + Math.sqrt((n - 1) / count) * 155 * DAY + prng.int(0, 8 * 60) * MINUTE) / MINUTE) * MINUTE;
  const type: IssueTypeName = rich ? 'story' : pickType(prng, project);
  const reporter = prng.pick(team);
  let assignee: JiraUserJson | undefined = prng.chance(0.7) ? prng.pick(activeTeam) : undefined;
  let storyPoints: number | undefined = software && (type === 'story' || type === 'bug') ? prng.pick(STORY_POINTS) : undefined;
  let labels = prng.sample(labelPool(project.key), prng.int(0, 2));
  const histories: PendingHistory[] = [];
  const lead = users.find((u) => u.accountId === project.leadAccountId) ?? reporter;

  // Status timeline: walk the workflow until the fixed "now"; each issue has its own
  // backlog wait and pace, so recent issues are spread over To Do / In Progress / In Review.
  const pace = rich ? Math.max(2 * HOUR, Math.floor((BASE_MS - createdMs) / (rich.churn * 1.4))) : prng.pick([2, 4, 8, 15, 30, 45]) * DAY;
  const stepMin = rich ? 30 * MINUTE : 2 * HOUR;
  const step = () => prng.int(stepMin / MINUTE, pace / MINUTE) * MINUTE;
  const deadline = BASE_MS - 30 * MINUTE;
  let status: StatusName = 'toDo';
  const waitRoll = prng.next();
  const backlogWait = rich ? prng.int(60, 240) * MINUTE : waitRoll < 0.55 ? prng.int(60, 3 * 24 * 60) * MINUTE : waitRoll < 0.88 ? prng.int(3, 30) * DAY : Infinity;
  let time = createdMs + backlogWait;
  let workStart: number | undefined;
  let doneAt: number | undefined;
  let resolution: (typeof RESOLUTIONS)[keyof typeof RESOLUTIONS] | undefined;
  let statusCategoryChangedMs = createdMs;
  const churnCycles = rich ? rich.churn : software && prng.chance(0.15) ? 1 : 0;

  const transition = (to: StatusName, extra: JiraChangeItemJson[] = []) => {
    const by = assignee ?? reporter;
    histories.push({ time, author: by, items: [statusItem(status, to), ...extra] });
    if (STATUSES[status].statusCategory.key !== STATUSES[to].statusCategory.key) statusCategoryChangedMs = time;
    status = to;
  };

  if (time < deadline) {
    if (!assignee) {
      const next = prng.pick(activeTeam);
      histories.push({ time: time - 5 * MINUTE, author: lead, items: [assigneeItem(undefined, next)] });
      assignee = next;
    }
    if (storyPoints !== undefined && prng.chance(rich ? 1 : 0.2)) {
      const next = prng.pick(STORY_POINTS.filter((p) => p !== storyPoints));
      histories.push({ time: time - 10 * MINUTE, author: lead, items: [item('Story Points', STORY_POINTS_FIELD, true, null, String(storyPoints), null, String(next))] });
      storyPoints = next;
    }
    workStart = time;
    transition('inProgress');
    let cycles = churnCycles;
    const path: StatusName[] = software ? ['inReview', 'done'] : ['done'];
    for (let i = 0; i < path.length && time < deadline; i++) {
      time += step();
      if (time >= deadline) break;
      const target = path[i];
      if (target === 'done') {
        resolution = prng.chance(0.07) && !rich ? RESOLUTIONS.wontDo : RESOLUTIONS.done;
        transition('done', [item('resolution', 'resolution', false, null, null, resolution.id, resolution.name)]);
        doneAt = time;
        break;
      }
      transition(target);
      // Review sends the work back; rich issues bounce many times with side changes.
      while (target === 'inReview' && cycles > 0 && time < deadline) {
        time += step();
        if (time >= deadline) break;
        transition('inProgress');
        cycles -= 1;
        if (prng.chance(rich ? 0.5 : 0.1)) {
          const next = prng.pick(activeTeam.filter((u) => u !== assignee));
          time += 10 * MINUTE;
          histories.push({ time, author: lead, items: [assigneeItem(assignee, next)] });
          assignee = next;
        }
        if (storyPoints !== undefined && prng.chance(rich ? 0.3 : 0.1)) {
          const next = prng.pick(STORY_POINTS.filter((p) => p !== storyPoints));
          time += 5 * MINUTE;
          histories.push({ time, author: lead, items: [item('Story Points', STORY_POINTS_FIELD, true, null, String(storyPoints), null, String(next))] });
          storyPoints = next;
        }
        if (prng.chance(rich ? 0.2 : 0.05)) {
          const pool = labelPool(project.key).filter((l) => !labels.includes(l));
          if (pool.length > 0) {
            const next = [...labels, prng.pick(pool)].sort();
            time += 5 * MINUTE;
            histories.push({ time, author: assignee ?? reporter, items: [item('labels', 'labels', false, null, labels.join(' '), null, next.join(' '))] });
            labels = next;
          }
        }
        time += step();
        if (time >= deadline) break;
        transition('inReview');
      }
    }
  }

  // Sprints: the issue sits in every sprint from the one it was pulled into until it was done.
  const sprintIds: JiraSprintRecord[] = [];
  if (ctx.sprints.length > 0 && type !== 'epic') {
    const started = ctx.sprints.filter((s) => s.startDate);
    const end = doneAt ?? BASE_MS;
    const from = sprintAt(started, Math.max(createdMs, workStart ?? createdMs)) ?? started.find((s) => Date.parse(s.startDate ?? '') >= createdMs);
    if (from && Date.parse(from.startDate ?? '') <= end && (workStart !== undefined || prng.chance(0.5))) {
      for (const sprint of started) {
        if (sprint.id < from.id) continue;
        if (Date.parse(sprint.startDate ?? '') > end) break;
        sprintIds.push(sprint);
        if (doneAt !== undefined && Date.parse(sprint.completeDate ?? sprint.endDate ?? '') >= doneAt) break;
      }
    } else if (workStart === undefined && prng.chance(0.4)) {
      const future = ctx.sprints.find((s) => s.state === 'future');
      if (future) sprintIds.push(future);
    }
    // Changelog: added when planned, then carried over at each sprint completion.
    for (let i = 0; i < sprintIds.length; i++) {
      const before = sprintListStrings(sprintIds.slice(0, i));
      const after = sprintListStrings(sprintIds.slice(0, i + 1));
      const sprint = sprintIds[i];
      const previous = sprintIds[i - 1];
      const when =
        i === 0
          ? Math.max(createdMs + MINUTE, Date.parse(sprint.startDate ?? '') - DAY || createdMs + HOUR)
          : Date.parse(previous.completeDate ?? previous.endDate ?? '');
      if (when < deadline) histories.push({ time: Math.min(when, deadline), author: lead, items: [item('Sprint', SPRINT_FIELD, true, before[0], before[1], after[0], after[1])] });
    }
  }

  histories.sort((a, b) => a.time - b.time);
  const changelog: JiraChangelogJson[] = histories.map((h) => ({
    id: String(++ctx.counters.history),
    author: userDetails(h.author),
    created: jiraDateTime(h.time),
    items: h.items,
  }));

  // Worklogs while the issue was being worked on.
  const worklogs: JiraWorklogJson[] = [];
  if (workStart !== undefined) {
    const workEnd = Math.min(doneAt ?? deadline, deadline);
    const count = rich ? rich.worklogs : prng.int(0, 4);
    for (let i = 0; i < count; i++) {
      const author = i % 3 === 2 ? prng.pick(activeTeam) : (assignee ?? reporter);
      const seconds = prng.int(1, 16) * 1800;
      const started = Math.floor((workStart + ((workEnd - workStart) * i) / Math.max(1, count) + prng.int(0, 120) * MINUTE) / MINUTE) * MINUTE;
      const logged = Math.min(started + seconds * 1000 + prng.int(5, 90) * MINUTE, deadline);
      const worklogId = String(++ctx.counters.worklog);
      worklogs.push({
        self: `${API}/issue/${id}/worklog/${worklogId}`,
        author: userDetails(author),
        updateAuthor: userDetails(author),
        comment: adfDoc(adfParagraph(adfText(worklogNote(prng)))),
        created: jiraDateTime(logged),
        updated: jiraDateTime(logged),
        started: jiraDateTime(started),
        timeSpent: jiraDuration(seconds),
        timeSpentSeconds: seconds,
        id: worklogId,
        issueId: id,
      });
    }
  }

  const lastHistory = histories.length > 0 ? histories[histories.length - 1].time : createdMs;
  const comments: JiraCommentJson[] = [];
  const commentCount = rich ? rich.comments : prng.int(0, 3);
  for (let i = 0; i < commentCount; i++) {
    const author = prng.pick(team);
    const commentWindowEnd = doneAt !== undefined ? Math.min(doneAt + DAY, deadline) : deadline;
    const at = Math.min(deadline, createdMs + Math.floor(((commentWindowEnd - createdMs) * (i + 1)) / (commentCount + 1)));
    const commentId = String(++ctx.counters.comment);
    comments.push({
      self: `${API}/issue/${id}/comment/${commentId}`,
      id: commentId,
      author: userDetails(author),
      body: adfDoc(adfParagraph(adfText(commentText(prng)))),
      updateAuthor: userDetails(author),
      created: jiraDateTime(at),
      updated: jiraDateTime(at),
      jsdPublic: true,
    });
  }

  const updatedMs = Math.max(
    createdMs,
    lastHistory,
    ...comments.map((c) => Date.parse(c.updated.replace('+0000', 'Z'))),
    ...worklogs.map((w) => Date.parse(w.updated.replace('+0000', 'Z'))),
  );

  const projectVersions = ctx.versions.filter((v) => v.projectId === Number(project.id) && !v.archived);
  let fixVersions: JiraVersionJson[] = [];
  if (projectVersions.length > 0 && type !== 'epic') {
    if (doneAt !== undefined) {
      const doneDate = new Date(doneAt).toISOString().slice(0, 10);
      const version = projectVersions.find((v) => v.releaseDate !== undefined && v.releaseDate >= doneDate) ?? projectVersions.find((v) => !v.released);
      if (version) fixVersions = [version];
    } else if (prng.chance(0.3)) {
      const next = projectVersions.find((v) => !v.released);
      if (next) fixVersions = [next];
    }
  }

  const summary = summaryFor(prng, project.key, type);
  const description = adfDoc(
    adfParagraph(adfText(`${summary}.`)),
    ...(software && type !== 'epic' ? [adfParagraph(adfText('Acceptance criteria:', [{ type: 'strong' }])), adfBulletList(['Covered by automated tests', 'Documented in the changelog'])] : []),
  );
  const components = project.components.length > 0 && prng.chance(0.7) ? [prng.pick(project.components)] : [];
  const parentEpic = software && type !== 'epic' && ctx.epics.length > 0 && prng.chance(0.5) ? prng.pick(ctx.epics) : undefined;
  const timeSpentSeconds = worklogs.reduce((sum, w) => sum + w.timeSpentSeconds, 0);

  const fields: Record<string, unknown> = {
    summary,
    issuetype: ISSUE_TYPES[type],
    project: {
      self: `${API}/project/${project.id}`,
      id: project.id,
      key: project.key,
      name: project.name,
      projectTypeKey: project.projectTypeKey,
      simplified: false,
      avatarUrls: project.avatarUrls,
      projectCategory: { self: project.category.self, id: project.category.id, name: project.category.name, description: project.category.description },
    },
    status: STATUSES[status],
    priority: pickPriority(prng),
    resolution: resolution ?? null,
    resolutiondate: doneAt !== undefined ? jiraDateTime(doneAt) : null,
    assignee: assignee ? userDetails(assignee) : null,
    reporter: userDetails(reporter),
    creator: userDetails(reporter),
    created: jiraDateTime(createdMs),
    updated: jiraDateTime(updatedMs),
    statuscategorychangedate: jiraDateTime(statusCategoryChangedMs),
    labels,
    components: components.map((c) => ({ self: c.self, id: c.id, name: c.name })),
    fixVersions,
    description,
    comment: { comments, self: `${API}/issue/${id}/comment`, maxResults: comments.length, total: comments.length, startAt: 0 },
    worklog: { startAt: 0, maxResults: 20, total: worklogs.length, worklogs: worklogs.slice(0, 20) },
    timetracking: timeSpentSeconds > 0 ? { timeSpent: jiraDuration(timeSpentSeconds), timeSpentSeconds } : {},
    [STORY_POINTS_FIELD]: storyPoints ?? null,
    [SPRINT_FIELD]: sprintIds.length > 0 ? sprintIds.map(issueSprintJson) : null,
    // A calendar date, explicit null until work starts (as Jira sends unset custom fields).
    [START_DATE_FIELD]: workStart !== undefined ? isoDate(workStart) : null,
  };
  if (parentEpic) {
    const epicFields = parentEpic.fields as { summary: string; status: unknown; priority: unknown; issuetype: unknown };
    fields.parent = {
      id: parentEpic.id,
      key: parentEpic.key,
      self: `${API}/issue/${parentEpic.id}`,
      fields: { summary: epicFields.summary, status: epicFields.status, priority: epicFields.priority, issuetype: epicFields.issuetype },
    };
  }

  const record: JiraIssueRecord = { id, key, projectKey: project.key, fields, changelog, worklogs, createdMs, updatedMs };
  if (type === 'epic') ctx.epics.push(record);
  return record;
}
