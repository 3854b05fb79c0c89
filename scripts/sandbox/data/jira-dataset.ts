/**
 * The shared Jira sandbox dataset: one deterministic site that the Jira REST, Jira
 * Software agile and AGG sandboxes all serve, so the same issue looks the same on
 * every route. Raw REST shapes, as the Jira OpenAPI documents define them.
 */
import {
  AGILE,
  API,
  CLOUD_ID,
  ISSUE_TYPES,
  PRIORITIES,
  RESOLUTIONS,
  SITE_URL,
  SPRINT_FIELD,
  STATUSES,
  STORY_POINTS_FIELD,
  buildBoards,
  buildFields,
  buildProjects,
  buildSprints,
  buildUsers,
} from './jira-catalog.ts';
import { buildVersions } from './jira-catalog.ts';
import { RICH_ISSUES, buildIssue, type IssueContext } from './jira-issues.ts';
import type {
  JiraBoardRecord,
  JiraChangedWorklogJson,
  JiraFieldJson,
  JiraIssueRecord,
  JiraIssueTypeJson,
  JiraProjectRecord,
  JiraSprintRecord,
  JiraStatusJson,
  JiraUserJson,
  JiraVersionJson,
} from './jira-types.ts';
import { createPrng } from './prng.ts';
import { BASE_DATE, BASE_MS, DAY, HOUR, MINUTE, jiraDateTime } from './time.ts';

export * from './jira-types.ts';
export { CLOUD_ID, SITE_URL, API as JIRA_API_SELF_BASE, AGILE as JIRA_AGILE_SELF_BASE, SPRINT_FIELD, STORY_POINTS_FIELD, RICH_ISSUES };

/** Issues per project, in project order. */
export const ISSUE_COUNTS: Record<string, number> = { DEV: 150, API: 60, OPS: 40, MKT: 20 };

const SEED = 20260105;

export interface JiraDataset {
  cloudId: string;
  /** Site base URL used in every `self` link (`https://sandbox.atlassian.net`). */
  siteUrl: string;
  /** The dataset's fixed "now". */
  baseDate: string;
  /** The user the sandbox authenticates every caller as (GET /myself). */
  myselfAccountId: string;
  users: JiraUserJson[];
  projects: JiraProjectRecord[];
  versions: JiraVersionJson[];
  boards: JiraBoardRecord[];
  sprints: JiraSprintRecord[];
  /** All issues, ordered by project then issue number (DEV-1 ... MKT-20). */
  issues: JiraIssueRecord[];
  fields: JiraFieldJson[];
  statuses: JiraStatusJson[];
  issueTypes: JiraIssueTypeJson[];
  priorities: typeof PRIORITIES;
  resolutions: Array<(typeof RESOLUTIONS)[keyof typeof RESOLUTIONS]>;
  storyPointsField: string;
  sprintField: string;
  /** Worklogs deleted before the base date (the deleted-worklogs feed), oldest first. */
  deletedWorklogs: JiraChangedWorklogJson[];
}

/**
 * Worklogs deleted over the last 30 days: ids above every live worklog's, with their own PRNG so
 * the issues stay exactly as they were; two fall in the last day, for a nightly sync to see.
 */
function buildDeletedWorklogs(): JiraChangedWorklogJson[] {
  const prng = createPrng(SEED + 1);
  const deleted: JiraChangedWorklogJson[] = [];
  for (let i = 0; i < 14; i++) {
    const daysAgo = i < 2 ? prng.int(1, 20) / 24 : prng.int(1, 30);
    deleted.push({ worklogId: 290001 + i, updatedTime: Math.floor((BASE_MS - daysAgo * DAY) / MINUTE) * MINUTE + prng.int(0, 59) * 1000, properties: [] });
  }
  return deleted.sort((a, b) => a.updatedTime - b.updatedTime || a.worklogId - b.worklogId);
}

/**
 * Mid-sprint removals, which the issue generator never makes: in each active sprint the first issue
 * (by key) still in To Do leaves it a few days in, on DEV to the next (future) sprint, on API back to
 * the backlog, so sprint reports have a REMOVED bucket. History ids above every generated one, so
 * nothing else in the dataset changes.
 */
function removeMidSprint(issues: JiraIssueRecord[], sprints: JiraSprintRecord[]): void {
  const plans = [
    { sprintId: 5, afterStart: 2 * DAY + 3 * HOUR, toFuture: true },
    { sprintId: 10, afterStart: 4 * DAY + 5 * HOUR, toFuture: false },
  ];
  let historyId = 900000;
  for (const plan of plans) {
    const sprint = sprints.find((s) => s.id === plan.sprintId)!;
    const at = Date.parse(sprint.startDate ?? '') + plan.afterStart;
    const sprintIdsOf = (issue: JiraIssueRecord) => ((issue.fields[SPRINT_FIELD] as Array<{ id: number }> | null) ?? []).map((s) => s.id);
    const issue = issues.find((candidate) => sprintIdsOf(candidate).includes(sprint.id) && (candidate.fields.status as { id: string }).id === '10000' && candidate.createdMs < at);
    if (!issue) continue;
    const before = (issue.fields[SPRINT_FIELD] as Array<{ id: number; name: string }>) ?? [];
    const future = plan.toFuture ? sprints.find((s) => s.originBoardId === sprint.originBoardId && s.state === 'future') : undefined;
    const after: Array<Record<string, unknown>> = before.filter((s) => s.id !== sprint.id);
    if (future) after.push({ id: future.id, name: future.name, state: future.state, boardId: future.originBoardId, goal: future.goal });
    const ids = (list: Array<{ id: unknown }>) => (list.length === 0 ? null : list.map((s) => String(s.id)).join(', '));
    const names = (list: Array<{ name?: unknown }>) => (list.length === 0 ? null : list.map((s) => String(s.name)).join(', '));
    const planner = issue.changelog.find((h) => h.items.some((i) => i.fieldId === SPRINT_FIELD))!.author;
    issue.changelog.push({
      id: String(++historyId),
      author: planner,
      created: jiraDateTime(at),
      items: [{ field: 'Sprint', fieldtype: 'custom', fieldId: SPRINT_FIELD, from: ids(before), fromString: names(before), to: ids(after as Array<{ id: unknown }>), toString: names(after as Array<{ name?: unknown }>) }],
    });
    issue.changelog.sort((a, b) => Date.parse(a.created.replace('+0000', 'Z')) - Date.parse(b.created.replace('+0000', 'Z')));
    issue.fields[SPRINT_FIELD] = after.length > 0 ? after : null;
    if (at > issue.updatedMs) {
      issue.updatedMs = at;
      issue.fields.updated = jiraDateTime(at);
    }
  }
}

function build(): JiraDataset {
  const prng = createPrng(SEED);
  const users = buildUsers();
  const projects = buildProjects();
  const versions = buildVersions(projects);
  const boards = buildBoards();
  const sprints = buildSprints();
  const counters = { history: 100000, comment: 10000, worklog: 200000 };
  const issues: JiraIssueRecord[] = [];
  projects.forEach((project, projectIndex) => {
    const count = ISSUE_COUNTS[project.key];
    const ctx: IssueContext = {
      prng,
      users,
      versions,
      sprints: sprints.filter((s) => s.originBoardId === project.boardId),
      counters,
      epics: [],
    };
    for (let n = 1; n <= count; n++) issues.push(buildIssue(ctx, project, projectIndex, n, count));
  });
  removeMidSprint(issues, sprints);
  return {
    cloudId: CLOUD_ID,
    siteUrl: SITE_URL,
    baseDate: BASE_DATE,
    myselfAccountId: users[0].accountId,
    users,
    projects,
    versions,
    boards,
    sprints,
    issues,
    fields: buildFields(),
    statuses: Object.values(STATUSES),
    issueTypes: Object.values(ISSUE_TYPES),
    priorities: PRIORITIES,
    resolutions: Object.values(RESOLUTIONS),
    storyPointsField: STORY_POINTS_FIELD,
    sprintField: SPRINT_FIELD,
    deletedWorklogs: buildDeletedWorklogs(),
  };
}

let memo: JiraDataset | undefined;

/** The dataset, built once per process. Treat it as read-only: servers share it. */
export function getJiraDataset(): JiraDataset {
  memo ??= deepFreeze(build());
  return memo;
}

/** Builds a fresh copy without the memo (tests use it to prove determinism). */
export function buildJiraDataset(): JiraDataset {
  return build();
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

/** Lookups over a dataset, built once per dataset. */
export interface JiraDatasetIndex {
  issue(idOrKey: string): JiraIssueRecord | undefined;
  project(idOrKey: string): JiraProjectRecord | undefined;
  user(accountId: string): JiraUserJson | undefined;
  board(id: number): JiraBoardRecord | undefined;
  sprint(id: number): JiraSprintRecord | undefined;
  issuesOfProject(key: string): JiraIssueRecord[];
  versionsOfProject(projectId: string): JiraVersionJson[];
}

const indexes = new WeakMap<JiraDataset, JiraDatasetIndex>();

export function indexJiraDataset(dataset: JiraDataset): JiraDatasetIndex {
  const cached = indexes.get(dataset);
  if (cached) return cached;
  const issues = new Map<string, JiraIssueRecord>();
  for (const issue of dataset.issues) {
    issues.set(issue.id, issue);
    issues.set(issue.key, issue);
  }
  const projects = new Map<string, JiraProjectRecord>();
  for (const project of dataset.projects) {
    projects.set(project.id, project);
    projects.set(project.key, project);
  }
  const index: JiraDatasetIndex = {
    // Jira matches issue and project keys case-insensitively.
    issue: (idOrKey) => issues.get(idOrKey) ?? issues.get(idOrKey.toUpperCase()),
    project: (idOrKey) => projects.get(idOrKey) ?? projects.get(idOrKey.toUpperCase()),
    user: (accountId) => dataset.users.find((u) => u.accountId === accountId),
    board: (id) => dataset.boards.find((b) => b.id === id),
    sprint: (id) => dataset.sprints.find((s) => s.id === id),
    issuesOfProject: (key) => dataset.issues.filter((i) => i.projectKey === key),
    versionsOfProject: (projectId) => dataset.versions.filter((v) => String(v.projectId) === projectId),
  };
  indexes.set(dataset, index);
  return index;
}
