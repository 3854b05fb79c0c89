/**
 * A disk cache for the schemas Mesh's handlers generate from the upstream documents, so a restart
 * skips the OpenAPI-to-GraphQL conversion. Keyed by a hash of everything that shapes those schemas
 * (.meshrc.yaml, the source documents, the handler package versions): a change anywhere means a new
 * key and a fresh build. Writes are atomic and unreadable entries count as missing, so parallel
 * starts and crashes never leave a half-written schema in use. `MESH_SCHEMA_CACHE=off` keeps it in
 * memory only.
 *
 * Every schema goes through its stored form (AST JSON) even on a cold start: the round trip is not
 * exactly neutral (it turns omnigraph's oneOf inputs into real `@oneOf` inputs and drops empty
 * descriptions), and the schema must not depend on whether the cache was warm.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InMemoryStoreStorageAdapter, MeshStore, type ProxyOptions, type StoreFlags, type StoreProxy, type StoreStorageAdapter } from '@graphql-mesh/store';
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

export function sourceDocuments(config: YamlConfig.Config): string[] {
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

/** A store whose values always come back through their JSON form, warm or cold. */
class RoundTripStore extends MeshStore {
  constructor(identifier: string, private readonly backing: StoreStorageAdapter, flags: StoreFlags) {
    super(identifier, backing, flags);
  }

  override child(childIdentifier: string, flags?: Partial<StoreFlags>): MeshStore {
    return new RoundTripStore(join(this.identifier, childIdentifier), this.backing, { ...this.flags, ...flags });
  }

  override proxy<TData>(id: string, options: ProxyOptions<TData>): StoreProxy<TData> {
    const base = super.proxy(id, options);
    const key = join(this.identifier, id);
    const storage = this.backing;
    let value: TData | undefined;
    return {
      ...base,
      async getWithSet(setter: () => TData | Promise<TData>): Promise<TData> {
        if (value !== undefined) return value;
        const stored = (await storage.read(key, options)) as TData | undefined;
        if (stored !== undefined) return (value = stored);
        const json: unknown = await options.toJSON(await setter(), id);
        value = await options.fromJSON(json, id);
        await storage.write(key, value, options);
        return value;
      },
    };
  }
}

/** The store for processConfig: on disk when `onDisk` (MESH_SCHEMA_CACHE is not off). Old keys are removed. */
export function openSchemaCache(root: string, config: YamlConfig.Config, onDisk: boolean): MeshStore {
  const flags = { readonly: false, validate: false };
  if (!onDisk) return new RoundTripStore('.mesh', new InMemoryStoreStorageAdapter(), flags);
  const key = schemaCacheKey(root, config);
  const cacheRoot = join(root, CACHE_ROOT);
  if (existsSync(cacheRoot)) {
    for (const entry of readdirSync(cacheRoot)) if (entry !== key) rmSync(join(cacheRoot, entry), { recursive: true, force: true });
  }
  return new RoundTripStore(join(CACHE_ROOT, key), new AtomicJsonStorage(root), flags);
}
