/**
 * Builds the unified schema exactly as the gateway serves it, without contacting any upstream
 * (endpoints are placeholders: building a schema sends no request).
 */
import type { GraphQLSchema } from 'graphql';
import { loadMesh } from '../../server/mesh.ts';
import { getSettings } from '../../sources/config/get-settings.ts';

const PLACEHOLDER = 'http://127.0.0.1:9';

export async function buildUnifiedSchema(root: string): Promise<{ schema: GraphQLSchema; destroy(): void }> {
  // The canonical resolvers and the transport read the process settings; point them nowhere real.
  Object.assign(process.env, {
    ATLASSIAN_MESH_MODE: 'sandbox',
    ATLASSIAN_GQL_BASE_URL: `${PLACEHOLDER}/graphql`,
    ATLASSIAN_JIRA_BASE_URL: PLACEHOLDER,
    ATLASSIAN_JIRA_SOFTWARE_BASE_URL: PLACEHOLDER,
    SRHT_TODO_URL: `${PLACEHOLDER}/query`,
  });
  const mesh = await loadMesh(root, getSettings());
  return { schema: mesh.schema, destroy: () => mesh.destroy() };
}

// The gateway serves the same print at /schema.graphql.
export { printSortedSchema } from '../../server/schema-document.ts';

export const SNAPSHOT_PATH = 'graphql/schema.snapshot.graphql';
