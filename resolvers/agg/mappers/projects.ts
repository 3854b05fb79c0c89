/** Raw AGG JiraProject (+ opsgenieTeamsAvailableToLinkWith) -> CanonicalProjectWithOpsgenieTeams. */
import { MappingError } from '../../shared/errors.ts';
import { asObject, isObject, optionalString, requiredString, type MapTarget } from '../../shared/raw.ts';
import type { CanonicalProjectWithOpsgenieTeams, OpsgenieTeamRef } from '../types.ts';

/** AGG's JiraProjectType tokens; the canonical JiraProject.type uses the REST type keys. */
export const AGG_PROJECT_TYPES = ['SOFTWARE', 'SERVICE_DESK', 'BUSINESS', 'PRODUCT_DISCOVERY', 'CUSTOMER_SERVICE'] as const;
export type AggProjectType = (typeof AGG_PROJECT_TYPES)[number];

export function projectTypeKey(aggType: unknown): string | null {
  return typeof aggType === 'string' && aggType.length > 0 ? aggType.toLowerCase() : null;
}

/** Accepts SOFTWARE / software / service_desk / service-desk; null when not a Jira project type. */
export function parseProjectType(token: string): AggProjectType | null {
  const normalized = token.trim().toUpperCase().replace(/-/g, '_');
  return (AGG_PROJECT_TYPES as readonly string[]).includes(normalized) ? (normalized as AggProjectType) : null;
}

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
 * @param teams raw OpsgenieTeam nodes of every page of the project's linkable teams
 * @param requestedCloudId the cloud the query asked for, used when AGG omits JiraProject.cloudId
 */
export function mapProjectWithOpsgenieTeams(raw: unknown, teams: unknown[], requestedCloudId: string): CanonicalProjectWithOpsgenieTeams {
  const target: MapTarget = { typeName: 'CanonicalProjectWithOpsgenieTeams', label: `project ${projectLabel(raw)}` };
  const project = asObject(raw, target, 'node');
  return {
    project: {
      cloudId: optionalString(project.cloudId) ?? requestedCloudId,
      key: requiredString(project.key, target, 'key'),
      name: requiredString(project.name, target, 'name'),
      type: projectTypeKey(project.projectType),
    },
    opsgenieTeams: teams.map((team, index) => mapOpsgenieTeam(team, target, index)),
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
    pageInfo: { hasNextPage: pageInfo.hasNextPage === true, endCursor: optionalString(pageInfo.endCursor) },
  };
}
