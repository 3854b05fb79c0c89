/**
 * Jira Software agile REST sandbox (/rest/agile/1.0): boards, sprints, board/sprint
 * issues and board versions over the shared Jira dataset, so sprint ids in issues
 * match the sprints served here.
 */
import {
  JIRA_AGILE_SELF_BASE as AGILE,
  getJiraDataset,
  indexJiraDataset,
  type JiraBoardRecord,
  type JiraDataset,
  type JiraDatasetIndex,
  type JiraIssueRecord,
  type JiraSprintRecord,
} from '../data/jira-dataset.ts';
import { jiraError } from '../http/errors.ts';
import { intParam, listParam, offsetPage } from '../http/query.ts';
import { Router } from '../http/router.ts';
import { startRestSandbox, type ListenOptions, type SandboxServerHandle } from '../http/server.ts';
import { expandSet, renderIssue, selectFields } from '../jira/issue-json.ts';
import { compileJql } from '../jira/jql-eval.ts';

export interface AgileSandboxOptions extends ListenOptions {
  dataset?: JiraDataset;
}

const BOARD_TYPES = ['scrum', 'kanban', 'simple'];
const SPRINT_STATES = ['future', 'active', 'closed'];
/** Agile issue listings answer at most 100 issues a page. */
const ISSUES_MAX = 100;

function idParam(raw: string, name: string): number {
  if (!/^\d+$/.test(raw)) throw jiraError(400, `The ${name} '${raw}' is not a valid number.`);
  return Number(raw);
}

function renderBoard(dataset: JiraDataset, index: JiraDatasetIndex, board: JiraBoardRecord): Record<string, unknown> {
  const project = index.project(board.projectKey);
  return {
    id: board.id,
    self: `${AGILE}/board/${board.id}`,
    name: board.name,
    type: board.type,
    location: project
      ? {
          projectId: Number(project.id),
          displayName: `${project.name} (${project.key})`,
          projectName: project.name,
          projectKey: project.key,
          projectTypeKey: project.projectTypeKey,
          avatarURI: project.avatarUrls['48x48'],
          name: `${project.name} (${project.key})`,
        }
      : undefined,
    isPrivate: false,
  };
}

function findBoard(index: JiraDatasetIndex, raw: string): JiraBoardRecord {
  const board = index.board(idParam(raw, 'board id'));
  if (!board) throw jiraError(404, 'Board does not exist or you do not have permission to see it.');
  return board;
}

function findSprint(index: JiraDatasetIndex, raw: string): JiraSprintRecord {
  const sprint = index.sprint(idParam(raw, 'sprint id'));
  if (!sprint) throw jiraError(404, 'Sprint does not exist or you do not have permission to see it.');
  return sprint;
}

function sprintsOf(dataset: JiraDataset, issue: JiraIssueRecord): JiraSprintRecord[] {
  const ids = ((issue.fields[dataset.sprintField] as Array<{ id: number }> | null) ?? []).map((s) => s.id);
  return dataset.sprints.filter((s) => ids.includes(s.id));
}

/** The agile view of an issue adds sprint (current), closedSprints and flagged. */
function agileFields(dataset: JiraDataset, issue: JiraIssueRecord): Record<string, unknown> {
  const sprints = sprintsOf(dataset, issue);
  const current = sprints.find((s) => s.state !== 'closed');
  return { sprint: current ?? null, closedSprints: sprints.filter((s) => s.state === 'closed'), flagged: false };
}

function issuePage(dataset: JiraDataset, index: JiraDatasetIndex, scope: JiraIssueRecord[], query: URLSearchParams): Record<string, unknown> {
  const jql = query.get('jql') ?? '';
  const compiled = compileJql(jql, dataset, index, { requireBounded: false, defaultOrder: [{ field: 'rank', direction: 'ASC' }] });
  const issues = scope.filter(compiled.matches).sort(compiled.compare);
  const startAt = intParam(query, 'startAt', 0);
  const maxResults = Math.min(intParam(query, 'maxResults', 50, 1), ISSUES_MAX);
  const selection = selectFields(dataset, listParam(query, 'fields'), ['*navigable']);
  const expand = expandSet(query.get('expand'));
  const page = offsetPage(issues, startAt, maxResults);
  return {
    expand: 'schema,names',
    startAt,
    maxResults,
    total: page.total,
    issues: page.values.map((issue) => renderIssue(dataset, issue, { selection, expand, selfBase: AGILE, extraFields: agileFields(dataset, issue) })),
  };
}

export function createAgileRouter(dataset: JiraDataset): Router {
  const index = indexJiraDataset(dataset);
  const router = new Router();

  router.get('/rest/agile/1.0/board', ({ query }) => {
    const startAt = intParam(query, 'startAt', 0);
    const maxResults = intParam(query, 'maxResults', 50, 1);
    const types = listParam(query, 'type');
    for (const type of types) if (!BOARD_TYPES.includes(type)) throw jiraError(400, `Invalid board type '${type}'. Valid values: ${BOARD_TYPES.join(', ')}.`);
    const name = (query.get('name') ?? '').toLowerCase();
    const projectKeyOrId = query.get('projectKeyOrId');
    let projectKey: string | undefined;
    if (projectKeyOrId) {
      const project = index.project(projectKeyOrId);
      if (!project) throw jiraError(400, `No project could be found with key or id '${projectKeyOrId}'.`);
      projectKey = project.key;
    }
    const boards = dataset.boards
      .filter((b) => types.length === 0 || types.includes(b.type))
      .filter((b) => name === '' || b.name.toLowerCase().includes(name))
      .filter((b) => projectKey === undefined || b.projectKey === projectKey);
    const page = offsetPage(boards, startAt, maxResults);
    return { maxResults, startAt, total: page.total, isLast: page.isLast, values: page.values.map((b) => renderBoard(dataset, index, b)) };
  });

  router.get('/rest/agile/1.0/board/{boardId}', ({ params }) => renderBoard(dataset, index, findBoard(index, params.boardId)));

  router.get('/rest/agile/1.0/board/{boardId}/sprint', ({ params, query }) => {
    const board = findBoard(index, params.boardId);
    if (board.type !== 'scrum') throw jiraError(400, 'The board does not support sprints');
    const states = listParam(query, 'state');
    for (const state of states) if (!SPRINT_STATES.includes(state)) throw jiraError(400, `Invalid sprint state '${state}'. Valid values: ${SPRINT_STATES.join(', ')}.`);
    const startAt = intParam(query, 'startAt', 0);
    const maxResults = intParam(query, 'maxResults', 50, 1);
    const sprints = dataset.sprints.filter((s) => s.originBoardId === board.id && (states.length === 0 || states.includes(s.state)));
    const page = offsetPage(sprints, startAt, maxResults);
    return { maxResults, startAt, total: page.total, isLast: page.isLast, values: page.values };
  });

  router.get('/rest/agile/1.0/sprint/{sprintId}', ({ params }) => findSprint(index, params.sprintId));

  router.get('/rest/agile/1.0/sprint/{sprintId}/issue', ({ params, query }) => {
    const sprint = findSprint(index, params.sprintId);
    const scope = dataset.issues.filter((issue) => sprintsOf(dataset, issue).some((s) => s.id === sprint.id));
    return issuePage(dataset, index, scope, query);
  });

  router.get('/rest/agile/1.0/board/{boardId}/issue', ({ params, query }) => {
    const board = findBoard(index, params.boardId);
    return issuePage(dataset, index, index.issuesOfProject(board.projectKey), query);
  });

  router.get('/rest/agile/1.0/board/{boardId}/version', ({ params, query }) => {
    const board = findBoard(index, params.boardId);
    const project = index.project(board.projectKey);
    const released = query.get('released');
    if (released !== null && released !== 'true' && released !== 'false') throw jiraError(400, `Invalid 'released' value '${released}'. Use true or false.`);
    const startAt = intParam(query, 'startAt', 0);
    const maxResults = intParam(query, 'maxResults', 50, 1);
    const versions = (project ? index.versionsOfProject(project.id) : []).filter((v) => released === null || String(v.released) === released);
    const page = offsetPage(versions, startAt, maxResults);
    return {
      maxResults,
      startAt,
      total: page.total,
      isLast: page.isLast,
      values: page.values.map((v) => ({
        self: `${AGILE.replace('/rest/agile/1.0', '')}/rest/api/2/version/${v.id}`,
        id: Number(v.id),
        projectId: v.projectId,
        name: v.name,
        description: v.description,
        archived: v.archived,
        released: v.released,
        ...(v.releaseDate ? { releaseDate: `${v.releaseDate}T00:00:00.000Z` } : {}),
      })),
    };
  });

  return router;
}

/** Starts the agile sandbox; `url` is the site base (append /rest/agile/1.0/...). */
export async function startAgileSandbox(options: AgileSandboxOptions = {}): Promise<SandboxServerHandle> {
  const router = createAgileRouter(options.dataset ?? getJiraDataset());
  return startRestSandbox({
    ...options,
    router,
    notFound: (method, path) => ({
      errorMessages: [`The Jira Software sandbox does not implement ${method} ${path}. Implemented routes: ${router.names().join(', ')}.`],
      errors: {},
    }),
  });
}
