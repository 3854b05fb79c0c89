/** Renders dataset projects and versions as Jira `Project` / `Version` JSON. */
import type { JiraDataset, JiraDatasetIndex, JiraProjectRecord, JiraVersionJson } from '../data/jira-dataset.ts';
import { JIRA_API_SELF_BASE as API } from '../data/jira-dataset.ts';
import { userDetails } from '../data/jira-catalog.ts';

/** The short project of project/search; `expand` adds description, lead, issueTypes, url, insight. */
export function renderProject(dataset: JiraDataset, index: JiraDatasetIndex, project: JiraProjectRecord, expand: Set<string>, full = false): Record<string, unknown> {
  const json: Record<string, unknown> = {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${API}/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    avatarUrls: project.avatarUrls,
    projectCategory: project.category,
    projectTypeKey: project.projectTypeKey,
    simplified: false,
    style: 'classic',
    isPrivate: false,
    properties: {},
    uuid: project.uuid,
  };
  const lead = index.user(project.leadAccountId);
  if (full || expand.has('description')) json.description = project.description;
  if ((full || expand.has('lead')) && lead) json.lead = userDetails(lead);
  if (full || expand.has('issueTypes')) json.issueTypes = dataset.issueTypes.filter((t) => project.issueTypeIds.includes(t.id));
  if (full || expand.has('url')) json.url = `${dataset.siteUrl}/browse/${project.key}`;
  if (expand.has('insight')) {
    const issues = index.issuesOfProject(project.key);
    const last = Math.max(...issues.map((i) => i.updatedMs));
    json.insight = { totalIssueCount: issues.length, lastIssueUpdateTime: new Date(last).toISOString().replace('Z', '+0000') };
  }
  if (full) {
    json.components = project.components.map((c) => ({ ...c, project: project.key, projectId: Number(project.id), assigneeType: 'PROJECT_DEFAULT', isAssigneeTypeValid: false }));
    json.assigneeType = 'UNASSIGNED';
    json.versions = index.versionsOfProject(project.id);
    json.roles = {
      Administrators: `${API}/project/${project.id}/role/10002`,
      Developers: `${API}/project/${project.id}/role/10001`,
    };
  }
  return json;
}

/** `Version` JSON; `expand=issuesstatus` adds issue counts per status category. */
export function renderVersion(index: JiraDatasetIndex, projectKey: string, version: JiraVersionJson, expand: Set<string>): Record<string, unknown> {
  const json: Record<string, unknown> = { ...version };
  if (expand.has('issuesstatus')) {
    const counts = { unmapped: 0, toDo: 0, inProgress: 0, done: 0 };
    for (const issue of index.issuesOfProject(projectKey)) {
      if (!(issue.fields.fixVersions as JiraVersionJson[]).some((v) => v.id === version.id)) continue;
      const category = (issue.fields.status as { statusCategory: { key: string } }).statusCategory.key;
      if (category === 'new') counts.toDo += 1;
      else if (category === 'indeterminate') counts.inProgress += 1;
      else counts.done += 1;
    }
    json.issuesStatusForFixVersion = counts;
  }
  return json;
}
