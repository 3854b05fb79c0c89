/**
 * Builds the Mesh instance from .meshrc.yaml at start-up, with the dependencies the gateway built
 * once (server/start-gateway.ts): the transport's fetch for every handler and the canonical
 * resolvers, the gateway's redacting logger for Mesh's own lines, and each source's endpoint set on
 * the parsed configuration from the validated settings. Nothing here reads the environment.
 *
 * We call Mesh's config processor and runtime directly instead of `@graphql-mesh/cli`: the CLI
 * module alone takes ~2.6 s to import (it carries codegen and the TypeScript compiler).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { processConfig } from '@graphql-mesh/config';
import { getMesh, type MeshInstance } from '@graphql-mesh/runtime';
import { handleImport } from '@graphql-mesh/utils';
import type { YamlConfig } from '@graphql-mesh/types';
import { createCanonicalResolvers } from '../resolvers/index.ts';
import type { GatewaySettings } from '../sources/config/types.ts';
import type { Logger } from '../sources/logging/index.ts';
import { createMeshLogger } from '../sources/logging/mesh-logger.ts';
import type { UpstreamFetch } from '../sources/transport/create-transport.ts';
import { DisjointMerger } from './composition/disjoint-merger.ts';
import { loadMeshModule } from './mesh-modules.ts';
import { openSchemaCache } from './schema-cache.ts';
import { UPSTREAM_OF_SOURCE } from './upstream-error-codes.ts';

export interface MeshDependencies {
  settings: GatewaySettings;
  /** The gateway's transport: every upstream call of Mesh's handlers and of the canonical layer. */
  fetch: UpstreamFetch;
  logger: Logger;
  /** Keep the generated handler schemas on disk between starts (default true). */
  schemaCache?: boolean;
}

/** The names Mesh's config processor asks our importer for when it loads `logger:` and `merger:`. */
const INJECTED_LOGGER = 'atlassian-mesh-gateway-logger';
const INJECTED_MERGER = 'atlassian-mesh-disjoint-merger';

export function readMeshConfig(root: string): YamlConfig.Config {
  const path = join(root, '.meshrc.yaml');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing; it ships with the project (git checkout .meshrc.yaml)`);
  }
  try {
    return parseYaml(text) as YamlConfig.Config;
  } catch (error) {
    throw new Error(`.meshrc.yaml is not valid YAML: ${(error as Error).message}`);
  }
}

/**
 * Each source's endpoint from the settings, by source name. A source .meshrc.yaml adds without an
 * upstream in the settings is an error: the transport would refuse every call it makes.
 */
export function withEndpoints(config: YamlConfig.Config, settings: GatewaySettings): YamlConfig.Config {
  const sources = (config.sources ?? []).map((source) => {
    const upstream = UPSTREAM_OF_SOURCE[source.name];
    if (upstream === undefined) throw new Error(`.meshrc.yaml source "${source.name}" has no upstream in the gateway's settings`);
    const handler = Object.fromEntries(
      Object.entries(source.handler).map(([kind, options]) => [kind, { ...(options as object), endpoint: settings.upstreams[upstream].baseUrl }]),
    ) as YamlConfig.Handler;
    return { ...source, handler };
  });
  return { ...config, sources };
}

export async function loadMesh(root: string, deps: MeshDependencies): Promise<MeshInstance> {
  const { settings, fetch, logger } = deps;
  const parsed = readMeshConfig(root);
  // Our merger, not Mesh's stitching: the sources share no type (server/composition/).
  const config = { ...withEndpoints(parsed, settings), logger: INJECTED_LOGGER, merger: INJECTED_MERGER };
  const meshLogger = createMeshLogger(() => logger.child({ component: 'mesh' }));
  const options = await processConfig(config, {
    dir: root,
    importFn: moduleImporter(root, { [INJECTED_LOGGER]: meshLogger, [INJECTED_MERGER]: DisjointMerger }),
    throwOnInvalidConfig: true,
    // Always our store: Mesh's default reads generated .ts artifacts when NODE_ENV=production.
    // Keyed by .meshrc.yaml's text, not the endpoints: the handlers take the endpoint from the
    // configuration above at run time, whatever the stored schema says.
    store: openSchemaCache(root, parsed, deps.schemaCache !== false),
  });
  // The canonical layer over the same fetch (our transport) Mesh's handlers use.
  const canonical = createCanonicalResolvers({ fetch, settings });
  const additionalResolvers = [...asArray(options.additionalResolvers), canonical];
  const mesh = await getMesh({ ...options, additionalResolvers, fetchFn: fetch as typeof globalThis.fetch, logger: meshLogger });
  return mesh;
}

/** Our injected logger and merger by name, every other module from the static list. */
function moduleImporter(root: string, injected: Record<string, unknown>) {
  return <T>(id: string): Promise<T> => {
    // Mesh tries `@graphql-mesh/<name>` first for a named module; either spelling finds ours.
    const own = injected[id.replace(/^@graphql-mesh\//, '')];
    if (own !== undefined) return Promise.resolve(own as T);
    return loadMeshModule(root, id).then((module) => handleImport(module) as T);
  };
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
