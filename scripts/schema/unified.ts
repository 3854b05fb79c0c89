/**
 * Builds the unified schema exactly as the gateway serves it, without contacting any upstream
 * (endpoints are placeholders: building a schema sends no request).
 */
import type { GraphQLSchema } from 'graphql';
import { loadMesh } from '../../server/mesh.ts';
import { loadSettings } from '../../sources/config/load-settings.ts';
import { silentLogger } from '../../sources/logging/index.ts';

const PLACEHOLDER = 'http://127.0.0.1:9';

export async function buildUnifiedSchema(root: string): Promise<{ schema: GraphQLSchema; destroy(): void }> {
  // Endpoints nowhere real, and a fetch that refuses: building the schema must send nothing.
  const settings = loadSettings({
    ATLASSIAN_MESH_MODE: 'sandbox',
    ATLASSIAN_GQL_BASE_URL: `${PLACEHOLDER}/graphql`,
    ATLASSIAN_JIRA_BASE_URL: PLACEHOLDER,
    ATLASSIAN_JIRA_SOFTWARE_BASE_URL: PLACEHOLDER,
    SRHT_TODO_URL: `${PLACEHOLDER}/query`,
  });
  const fetch = (url: string) => Promise.reject(new Error(`building the schema must not call ${url}`));
  const mesh = await loadMesh(root, { settings, fetch, logger: silentLogger });
  return { schema: mesh.schema, destroy: () => mesh.destroy() };
}

// The gateway serves the same print at /schema.graphql.
export { printSortedSchema } from '../../server/schema-document.ts';

export const SNAPSHOT_PATH = 'graphql/schema.snapshot.graphql';
