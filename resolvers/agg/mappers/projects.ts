/** Raw AGG JiraProject (+ opsgenieTeamsAvailableToLinkWith) -> CanonicalProjectWithOpsgenieTeams. */
import { MappingError } from '../../shared/errors.ts';
import { normalizeProjectType } from '../../shared/project-type.ts';
import { asObject, isObject, optionalString, optionalToken, requiredString, type MapTarget } from '../../shared/raw.ts';
import type { CanonicalProjectWithOpsgenieTeams, OpsgenieTeamRef } from '../types.ts';

export { JIRA_PROJECT_TYPES as AGG_PROJECT_TYPES, parseProjectType, type JiraProjectTypeName as AggProjectType } from '../../shared/project-type.ts';

export function projectLabel(raw: unknown): string {
  if (!isObject(raw)) return '(missing project)';
  return optionalString(raw.key) ?? optionalString(raw.id) ?? '(project without key or id)';
}

export function mapOpsgenieTeam(raw: unknown, target: MapTarget, index: number): OpsgenieTeamRef {
  const team = asObject(raw, target, `opsgenieTeamsAvailableToLinkWith.edges[${index}].node`);
  const id = requiredString(team.id, target, `opsgenieTeamsAvailableToLinkWith.edges[${index}].node.id`);
  const name = optionalString(team.name);
  if (name === null) {
    throw new MappingError(target.typeName, target.label, `opsgenieTeamsAvailableToLinkWith.edges[${index}].node.name (team ${id})`);
  }
  return { id, name };
}

/**
 * @param teams raw OpsgenieTeam nodes of every page of the project's linkable teams; a team AGG
 *   returns on two pages is listed once (first occurrence), as the reference clients do
 * @param requestedCloudId the cloud the query asked for, used when AGG omits JiraProject.cloudId
 */
export function mapProjectWithOpsgenieTeams(raw: unknown, teams: unknown[], requestedCloudId: string): CanonicalProjectWithOpsgenieTeams {
  const target: MapTarget = { typeName: 'CanonicalProjectWithOpsgenieTeams', label: `project ${projectLabel(raw)}` };
  const project = asObject(raw, target, 'node');
  const seen = new Set<string>();
  const opsgenieTeams: OpsgenieTeamRef[] = [];
  teams.forEach((team, index) => {
    const mapped = mapOpsgenieTeam(team, target, index);
    if (seen.has(mapped.id)) return;
    seen.add(mapped.id);
    opsgenieTeams.push(mapped);
  });
  return {
    project: {
      cloudId: optionalString(project.cloudId) ?? requestedCloudId,
      key: requiredString(project.key, target, 'key'),
      name: requiredString(project.name, target, 'name'),
      type: normalizeProjectType(project.projectType),
    },
    opsgenieTeams,
  };
}

/** The linkable-teams connection of a raw project: its team nodes and pageInfo (empty when absent). */
export function linkableTeamsOf(raw: unknown): { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } {
  const connection = isObject(raw) && isObject(raw.opsgenieTeamsAvailableToLinkWith) ? raw.opsgenieTeamsAvailableToLinkWith : null;
  if (!connection) return { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
  const edges = Array.isArray(connection.edges) ? connection.edges : [];
  const pageInfo = isObject(connection.pageInfo) ? connection.pageInfo : {};
  return {
    nodes: edges.map((edge) => (isObject(edge) ? edge.node : null)),
    // A cursor is opaque: kept byte for byte, never trimmed.
    pageInfo: { hasNextPage: pageInfo.hasNextPage === true, endCursor: optionalToken(pageInfo.endCursor) },
  };
}
