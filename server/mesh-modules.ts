/**
 * Every module Mesh's config processor may load for .meshrc.yaml, named once and imported
 * statically. Two reasons: Mesh probes up to ~20 spellings per handler, transform and cache, and
 * each miss was a failed module resolution on the start path (~1 s of the start-up profile); and a
 * bundler sees these imports, so the built gateway (`npm run build`) carries one copy of each
 * package, not a second graphql loaded from node_modules behind its back.
 *
 * A module .meshrc.yaml names that is not listed here is an error that says so.
 */
import { relative, resolve, sep } from 'node:path';

type ModuleLoader = () => Promise<unknown>;

const PACKAGES: Record<string, ModuleLoader> = {
  '@graphql-mesh/cache-localforage': () => import('@graphql-mesh/cache-localforage'),
  '@graphql-mesh/graphql': () => import('@graphql-mesh/graphql'),
  '@graphql-mesh/openapi': () => import('@graphql-mesh/openapi'),
};

/** Our own modules, by path from the project root as .meshrc.yaml names them. */
const PROJECT_FILES: Record<string, ModuleLoader> = {
  'transforms/namespace.ts': () => import('../transforms/namespace.ts'),
  'transforms/path-parameters.ts': () => import('../transforms/path-parameters.ts'),
};

/** Mesh skips a candidate name when the error says exactly this (config/esm/utils.js getPackage). */
function notFound(id: string): Error {
  return Object.assign(new Error(`Cannot find module '${id}'`), { code: 'ERR_MODULE_NOT_FOUND' });
}

/**
 * The loader for one id Mesh asks for, or a "Cannot find module" error Mesh understands as "try the
 * next spelling". Project files are matched by their path inside `root`, however Mesh spells it.
 */
export function loadMeshModule(root: string, id: string): Promise<unknown> {
  const pkg = PACKAGES[id];
  if (pkg !== undefined) return pkg();
  if (id.startsWith('.') || id.startsWith(sep) || id.startsWith('/')) {
    const inProject = relative(root, resolve(root, id)).split(sep).join('/');
    const file = PROJECT_FILES[inProject];
    if (file !== undefined) return file();
    if (/\.(ts|js|mjs)$/.test(inProject) && !inProject.startsWith('..')) {
      return Promise.reject(new Error(`.meshrc.yaml names ${inProject}, which server/mesh-modules.ts does not list; add it there`));
    }
  }
  return Promise.reject(notFound(id));
}
