/**
 * Builds the Mesh instance from .meshrc.yaml at start-up.
 *
 * The endpoints in .meshrc.yaml are `{env.MESH_*_ENDPOINT}` placeholders: they are filled here from
 * the validated settings, so the openapi/graphql handlers and the canonical resolvers always agree
 * on where each upstream is.
 */
import { findAndParseConfig } from '@graphql-mesh/cli';
import { getMesh, type MeshInstance } from '@graphql-mesh/runtime';
import type { GatewaySettings, UpstreamName } from '../../sources/config/types.ts';

/** The variables .meshrc.yaml reads each source's endpoint from. */
export const MESH_ENDPOINT_VARIABLES: Record<UpstreamName, string> = {
  agg: 'MESH_AGG_ENDPOINT',
  jira: 'MESH_JIRA_ENDPOINT',
  jiraSoftware: 'MESH_JIRA_SOFTWARE_ENDPOINT',
  srht: 'MESH_SRHT_ENDPOINT',
};

export function exportMeshEndpoints(settings: GatewaySettings, env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, variable] of Object.entries(MESH_ENDPOINT_VARIABLES) as [UpstreamName, string][]) {
    env[variable] = settings.upstreams[name].baseUrl;
  }
}

export async function loadMesh(root: string, settings: GatewaySettings): Promise<MeshInstance> {
  exportMeshEndpoints(settings);
  const options = await findAndParseConfig({ dir: root });
  return getMesh(options);
}
