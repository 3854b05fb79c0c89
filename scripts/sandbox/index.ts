/**
 * Starts every sandbox upstream (AGG, Jira REST, Jira Software, todo.sr.ht) on 127.0.0.1
 * and returns their URLs in the shape settings.upstreams expects.
 */
import { join } from 'node:path';
import type { UpstreamName } from '../../sources/config/types.ts';
import { startAgileSandbox } from './agile/server.ts';
import type { ListenOptions } from './http/server.ts';
import { startJiraSandbox } from './jira/server.ts';
import { startSrhtSandbox } from './srht/server.ts';

export type { SandboxServerHandle, SandboxStats } from './http/server.ts';

/** The part of a server handle the launcher needs; stats are optional (AGG may not have them). */
export interface StartedSandbox {
  url: string;
  close(): Promise<void>;
  stats?: () => { requests: number; byRoute: Record<string, number> };
  resetStats?: () => void;
}

/** `root`: the project whose graphql/ holds the SDLs the GraphQL sandboxes serve (default: this one). */
export type SandboxStarter = (options: ListenOptions & { root?: string }) => Promise<StartedSandbox>;

export type SandboxStarters = Record<UpstreamName, SandboxStarter>;

/**
 * The AGG sandbox is loaded lazily so the other three can start (and be tested) while
 * scripts/sandbox/agg/server.ts is absent or broken.
 */
async function startAgg({ root, ...listen }: ListenOptions & { root?: string }): Promise<StartedSandbox> {
  const module = (await import('./agg/server.ts')) as { startAggSandbox(options?: ListenOptions & { sdlPath?: string }): Promise<StartedSandbox> };
  return module.startAggSandbox({ ...listen, ...(root !== undefined ? { sdlPath: join(root, 'graphql', 'agg.graphql') } : {}) });
}

function startSrht({ root, ...listen }: ListenOptions & { root?: string }): Promise<StartedSandbox> {
  return startSrhtSandbox({ ...listen, ...(root !== undefined ? { sdlPath: join(root, 'graphql', 'todo-srht.graphql') } : {}) });
}

export const DEFAULT_SANDBOX_STARTERS: SandboxStarters = {
  agg: startAgg,
  jira: startJiraSandbox,
  jiraSoftware: startAgileSandbox,
  srht: startSrht,
};

export interface StartSandboxOptions {
  host?: string;
  /** Fixed ports per upstream; 0 or absent picks a free port. */
  ports?: Partial<Record<UpstreamName, number>>;
  /**
   * The project root, for the SDL files. Needed when this code runs from a bundle (dist/), where
   * a path relative to the module's own file no longer leads into the project.
   */
  root?: string;
  /** Replace some or all servers (tests). */
  starters?: Partial<SandboxStarters>;
}

export interface RunningSandbox {
  /** agg: …/graphql, jira and jiraSoftware: site base, srht: …/query — ready for settings.upstreams[*].baseUrl. */
  urls: Record<UpstreamName, string>;
  servers: Record<UpstreamName, StartedSandbox>;
  close(): Promise<void>;
}

const ORDER: UpstreamName[] = ['agg', 'jira', 'jiraSoftware', 'srht'];

/** Starts all four servers; if one fails, the ones already started are closed and the error names the failing one. */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const starters: SandboxStarters = { ...DEFAULT_SANDBOX_STARTERS, ...options.starters };
  const host = options.host ?? '127.0.0.1';
  const settled = await Promise.allSettled(ORDER.map((name) => starters[name]({ host, port: options.ports?.[name] ?? 0, ...(options.root !== undefined ? { root: options.root } : {}) })));
  const started = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failures = settled.flatMap((result, i) => (result.status === 'rejected' ? [`${ORDER[i]}: ${String(result.reason instanceof Error ? result.reason.message : result.reason)}`] : []));
  if (failures.length > 0) {
    await Promise.allSettled(started.map((server) => server.close()));
    throw new Error(`Sandbox failed to start (${failures.join('; ')})`);
  }
  const servers = Object.fromEntries(ORDER.map((name, i) => [name, (settled[i] as PromiseFulfilledResult<StartedSandbox>).value])) as Record<UpstreamName, StartedSandbox>;
  const urls = Object.fromEntries(ORDER.map((name) => [name, servers[name].url])) as Record<UpstreamName, string>;
  let closing: Promise<void> | undefined;
  return {
    urls,
    servers,
    close: () => {
      closing ??= Promise.all(ORDER.map((name) => servers[name].close())).then(() => undefined);
      return closing;
    },
  };
}
