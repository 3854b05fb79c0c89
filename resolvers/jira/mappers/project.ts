import { normalizeProjectType } from '../../shared/project-type.ts';
import { asObject, optionalString, requiredString, type MapTarget } from '../../shared/raw.ts';
import type { CanonicalProjectWithOpsgenieTeams, JiraProject } from '../types.ts';

/** Jira REST Project -> JiraProject of the given cloud; the type in the canonical upper-case form (software -> SOFTWARE), as on the AGG route. */
export function mapJiraProject(raw: unknown, cloudId: string): JiraProject {
  const project = asObject(raw, { typeName: 'JiraProject', label: '(unknown key)' }, 'project');
  const key = requiredString(project.key, { typeName: 'JiraProject', label: `(id ${optionalString(project.id) ?? 'unknown'})` }, 'key');
  const target: MapTarget = { typeName: 'JiraProject', label: key };
  return { cloudId, key, name: requiredString(project.name, target, 'name'), type: normalizeProjectType(project.projectTypeKey) };
}

/** The REST route knows nothing of Opsgenie: teams stay empty (AGG is the only source of them). */
export function mapRestProjectWithOpsgenieTeams(raw: unknown, cloudId: string): CanonicalProjectWithOpsgenieTeams {
  return { project: mapJiraProject(raw, cloudId), opsgenieTeams: [] };
}
