/** Project routes: project/search, project/{key}, its versions (list and paginated). */
import type { JiraDataset, JiraDatasetIndex, JiraProjectRecord } from '../data/jira-dataset.ts';
import { JIRA_API_SELF_BASE as API } from '../data/jira-dataset.ts';
import { jiraError } from '../http/errors.ts';
import { intParam, listParam, offsetPage } from '../http/query.ts';
import type { Router } from '../http/router.ts';
import { expandSet } from './issue-json.ts';
import { renderProject, renderVersion } from './project-json.ts';

const PROJECT_TYPES = ['software', 'service_desk', 'business'];

export function findProject(index: JiraDatasetIndex, idOrKey: string): JiraProjectRecord {
  const project = index.project(idOrKey);
  if (!project) {
    throw jiraError(404, /^\d+$/.test(idOrKey) ? `No project could be found with id '${idOrKey}'.` : `No project could be found with key '${idOrKey}'.`);
  }
  return project;
}

function pageLinks(path: string, query: URLSearchParams, startAt: number, maxResults: number, isLast: boolean): { self: string; nextPage?: string } {
  const self = new URL(`${API}${path}`);
  query.forEach((value, key) => self.searchParams.append(key, value));
  const links: { self: string; nextPage?: string } = { self: self.toString() };
  if (!isLast) {
    const next = new URL(self);
    next.searchParams.set('startAt', String(startAt + maxResults));
    next.searchParams.set('maxResults', String(maxResults));
    links.nextPage = next.toString();
  }
  return links;
}

export function addProjectRoutes(router: Router, dataset: JiraDataset, index: JiraDatasetIndex): void {
  router.get('/rest/api/3/project/search', ({ query }) => {
    const startAt = intParam(query, 'startAt', 0);
    // Jira silently caps maxResults at 100 here.
    const maxResults = Math.min(intParam(query, 'maxResults', 50, 1), 100);
    const typeKeys = listParam(query, 'typeKey');
    for (const type of typeKeys) {
      if (!PROJECT_TYPES.includes(type)) throw jiraError(400, `Invalid project type key '${type}'. Valid values: ${PROJECT_TYPES.join(', ')}.`);
    }
    const keys = listParam(query, 'keys').map((k) => k.toUpperCase());
    const ids = listParam(query, 'id');
    const text = (query.get('query') ?? '').toLowerCase();
    const orderBy = query.get('orderBy') ?? 'key';
    const order = /^([+-]?)(key|name|issueCount|category)$/.exec(orderBy);
    if (!order) throw jiraError(400, `The sandbox cannot order projects by '${orderBy}'. Use key, name, category or issueCount (optionally prefixed with + or -).`);
    const projects = dataset.projects
      .filter((p) => typeKeys.length === 0 || typeKeys.includes(p.projectTypeKey))
      .filter((p) => keys.length === 0 || keys.includes(p.key))
      .filter((p) => ids.length === 0 || ids.includes(p.id))
      .filter((p) => text === '' || p.key.toLowerCase().includes(text) || p.name.toLowerCase().includes(text));
    const sortKey = (p: JiraProjectRecord): string | number =>
      order[2] === 'name' ? p.name : order[2] === 'issueCount' ? index.issuesOfProject(p.key).length : order[2] === 'category' ? p.category.name : p.key;
    const sign = order[1] === '-' ? -1 : 1;
    projects.sort((a, b) => (sortKey(a) < sortKey(b) ? -sign : sortKey(a) > sortKey(b) ? sign : 0));
    const expand = expandSet(query.get('expand'));
    const page = offsetPage(projects, startAt, maxResults);
    return {
      ...pageLinks('/project/search', query, startAt, maxResults, page.isLast),
      maxResults,
      startAt,
      total: page.total,
      isLast: page.isLast,
      values: page.values.map((p) => renderProject(dataset, index, p, expand)),
    };
  });

  router.get('/rest/api/3/project/{projectIdOrKey}', ({ params, query }) => {
    const project = findProject(index, params.projectIdOrKey);
    return renderProject(dataset, index, project, expandSet(query.get('expand')), true);
  });

  router.get('/rest/api/3/project/{projectIdOrKey}/versions', ({ params, query }) => {
    const project = findProject(index, params.projectIdOrKey);
    const expand = expandSet(query.get('expand'));
    return index.versionsOfProject(project.id).map((v) => renderVersion(index, project.key, v, expand));
  });

  router.get('/rest/api/3/project/{projectIdOrKey}/version', ({ params, query }) => {
    const project = findProject(index, params.projectIdOrKey);
    const startAt = intParam(query, 'startAt', 0);
    const maxResults = intParam(query, 'maxResults', 50, 1);
    const statuses = listParam(query, 'status');
    for (const s of statuses) {
      if (!['released', 'unreleased', 'archived'].includes(s)) throw jiraError(400, `Invalid version status '${s}'. Valid values: released, unreleased, archived.`);
    }
    const text = (query.get('query') ?? '').toLowerCase();
    const orderBy = query.get('orderBy');
    let versions = index
      .versionsOfProject(project.id)
      .filter((v) => text === '' || v.name.toLowerCase().includes(text) || v.description.toLowerCase().includes(text))
      .filter((v) => statuses.length === 0 || statuses.some((s) => (s === 'archived' ? v.archived : s === 'released' ? v.released && !v.archived : !v.released && !v.archived)));
    if (orderBy) {
      const order = /^([+-]?)(sequence|name|releaseDate|startDate|description)$/.exec(orderBy);
      if (!order) throw jiraError(400, `Invalid orderBy '${orderBy}'. Valid values: description, name, releaseDate, sequence, startDate.`);
      const field = order[2] === 'sequence' ? 'id' : order[2];
      const sign = order[1] === '-' ? -1 : 1;
      const value = (v: (typeof versions)[number]) => String((v as unknown as Record<string, unknown>)[field] ?? '');
      versions = [...versions].sort((a, b) => (value(a) < value(b) ? -sign : value(a) > value(b) ? sign : 0));
    }
    const expand = expandSet(query.get('expand'));
    const page = offsetPage(versions, startAt, maxResults);
    return {
      ...pageLinks(`/project/${project.key}/version`, query, startAt, maxResults, page.isLast),
      maxResults,
      startAt,
      total: page.total,
      isLast: page.isLast,
      values: page.values.map((v) => renderVersion(index, project.key, v, expand)),
    };
  });
}
