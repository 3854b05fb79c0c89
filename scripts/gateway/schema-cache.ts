/**
 * A disk cache for the schemas Mesh's handlers generate from the upstream documents, so a restart
 * skips the OpenAPI-to-GraphQL conversion. Keyed by a hash of everything that shapes those schemas
 * (.meshrc.yaml, the source documents, the handler package versions): a change anywhere means a new
 * key and a fresh build. Writes are atomic and unreadable entries count as missing, so parallel
 * starts and crashes never leave a half-written schema in use. `MESH_SCHEMA_CACHE=off` disables it.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MeshStore, type StoreStorageAdapter } from '@graphql-mesh/store';
import type { YamlConfig } from '@graphql-mesh/types';

const require = createRequire(import.meta.url);
const CACHE_ROOT = join('.cache', 'mesh-schemas');
/** Packages whose output is cached: a new version may generate a different schema. */
const GENERATOR_PACKAGES = ['@graphql-mesh/openapi', '@graphql-mesh/graphql', '@omnigraph/openapi', '@omnigraph/json-schema', 'graphql'];

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'unresolved';
  }
}

function sourceDocuments(config: YamlConfig.Config): string[] {
  const paths: string[] = [];
  for (const source of config.sources ?? []) {
    const handler = source.handler as Record<string, { source?: unknown } | undefined>;
    for (const options of Object.values(handler)) {
      if (typeof options?.source === 'string' && !/^https?:/.test(options.source)) paths.push(options.source);
    }
  }
  return paths;
}

export function schemaCacheKey(root: string, config: YamlConfig.Config): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(root, '.meshrc.yaml')));
  for (const path of sourceDocuments(config)) {
    hash.update(path);
    hash.update(readFileSync(join(root, path)));
  }
  for (const name of GENERATOR_PACKAGES) hash.update(`${name}@${packageVersion(name)}`);
  return hash.digest('hex').slice(0, 16);
}

class AtomicJsonStorage implements StoreStorageAdapter {
  constructor(private readonly root: string) {}

  async read(key: string, options: Parameters<StoreStorageAdapter['read']>[1]) {
    const file = join(this.root, `${key}.json`);
    if (!existsSync(file)) return undefined;
    try {
      return await options.fromJSON(JSON.parse(readFileSync(file, 'utf8')), key);
    } catch {
      return undefined; // unreadable: rebuild rather than fail start-up
    }
  }

  async write(key: string, data: unknown, options: Parameters<StoreStorageAdapter['write']>[2]) {
    const file = join(this.root, `${key}.json`);
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify(await options.toJSON(data, key)));
      renameSync(temp, file);
    } catch {
      rmSync(temp, { force: true }); // a read-only disk only costs the cache
    }
    return data;
  }

  async delete(key: string) {
    rmSync(join(this.root, `${key}.json`), { force: true });
  }
}

/** The store for processConfig, or undefined when caching is off. Old keys are removed. */
export function openSchemaCache(root: string, config: YamlConfig.Config, env: Record<string, string | undefined>): MeshStore | undefined {
  if (env.MESH_SCHEMA_CACHE === 'off') return undefined;
  const key = schemaCacheKey(root, config);
  const cacheRoot = join(root, CACHE_ROOT);
  if (existsSync(cacheRoot)) {
    for (const entry of readdirSync(cacheRoot)) if (entry !== key) rmSync(join(cacheRoot, entry), { recursive: true, force: true });
  }
  return new MeshStore(join(CACHE_ROOT, key), new AtomicJsonStorage(root), { readonly: false, validate: false });
}
