/**
 * Builds the Mesh instance from .meshrc.yaml at start-up.
 *
 * We call Mesh's config processor and runtime directly instead of `@graphql-mesh/cli`: the CLI
 * module alone takes ~2.6 s to import (it carries codegen and the TypeScript compiler).
 *
 * The endpoints in .meshrc.yaml are `{env.MESH_*_ENDPOINT}` placeholders, filled here from the
 * validated settings, so the handlers and the canonical resolvers agree on every upstream.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { processConfig } from '@graphql-mesh/config';
import { getMesh, type MeshInstance } from '@graphql-mesh/runtime';
import { createCanonicalResolvers } from '../resolvers/index.ts';
import { handleImport } from '@graphql-mesh/utils';
import type { YamlConfig } from '@graphql-mesh/types';
import { openSchemaCache } from './schema-cache.ts';
import { releaseStartupGarbage } from './release-memory.ts';
import type { GatewaySettings, UpstreamName } from '../sources/config/types.ts';

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

export async function loadMesh(root: string, settings: GatewaySettings): Promise<MeshInstance> {
  exportMeshEndpoints(settings);
  const config = readMeshConfig(root);
  const options = await processConfig(config, {
    dir: root,
    importFn: moduleImporter(root),
    throwOnInvalidConfig: true,
    // Always our store: Mesh's default reads generated .ts artifacts when NODE_ENV=production.
    store: openSchemaCache(root, config, process.env),
  });
  const fetchFn = resolveFetchExport(options.fetchFn);
  // The canonical layer over the same fetch (our transport) Mesh's handlers use.
  const canonical = createCanonicalResolvers({ fetch: fetchFn, settings });
  // ResolverMap is untyped per field until resolver types are generated from the SDL (issue 13).
  const additionalResolvers = [...asArray(options.additionalResolvers), canonical as MeshResolvers];
  const mesh = await getMesh({ ...options, additionalResolvers, fetchFn });
  releaseStartupGarbage();
  return mesh;
}

/**
 * Mesh loads our TypeScript modules (transforms, custom fetch, resolvers, logger). Importing them
 * from here, not from inside node_modules, lets whichever loader runs this file (tsx, or vitest's
 * module runner) load them too.
 */
function moduleImporter(root: string) {
  return <T>(id: string): Promise<T> => {
    const target = id.startsWith('.') ? resolve(root, id) : id;
    return import(/* @vite-ignore */ target).then(
      (module: unknown) => handleImport(module) as T,
      (error: Error & { code?: string }) => {
        // Mesh probes several candidate names and skips the ones whose error says "Cannot find module '<id>'".
        if (error.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(error.message)) {
          throw new Error(`Cannot find module '${id}'`);
        }
        throw error;
      },
    );
  };
}

/**
 * Mesh's generated artifacts take the custom fetch module's named `fetch` export, but its config
 * processor hands back the module itself when there is no default export. Accept both.
 */
function resolveFetchExport(candidate: unknown): typeof fetch {
  if (typeof candidate === 'function') return candidate as typeof fetch;
  const named = (candidate as { fetch?: unknown } | null)?.fetch;
  if (typeof named === 'function') return named as typeof fetch;
  throw new Error('customFetch in .meshrc.yaml must point at a module exporting a named `fetch` function');
}

type MeshResolvers = Exclude<Parameters<typeof getMesh>[0]['additionalResolvers'], unknown[] | undefined>;

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
