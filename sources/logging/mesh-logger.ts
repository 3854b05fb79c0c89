/**
 * Mesh's own log lines (handlers, merger, runtime) in our JSON-lines format, through the same
 * redaction as the transport's. server/mesh.ts hands it to Mesh's config processor and runtime.
 *
 * Mesh reports routine progress ("Generating GraphQL schema from OpenAPI schema") at info; that is
 * start-up chatter for a gateway, so it goes out at debug.
 */
import type { Logger as MeshLogger, LazyLoggerMessage } from '@graphql-mesh/types';
import type { Logger, LogFields } from './index.ts';

function renderValue(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // circular or BigInt: a log line must never throw into Mesh
  }
}

/** Lazy messages may return an array of parts (as Mesh's own logger accepts): flattened. */
function render(args: unknown[]): string {
  return args
    .flatMap((arg) => {
      const value = typeof arg === 'function' ? (arg as () => unknown)() : arg;
      return typeof arg === 'function' && Array.isArray(value) ? value : [value];
    })
    .map(renderValue)
    .join(' ');
}

/** Level checked before rendering: Mesh logs on the request path and most lines are below the level. */
type Level = 'debug' | 'info' | 'warn' | 'error';

/** String-named children are few (handler and source names) but asked for on every request. */
const MAX_NAMED_CHILDREN = 256;

/** The gateway's logger for Mesh, built on first use and then shared by every child. */
class LazyRoot {
  #logger: Logger | undefined;
  constructor(private readonly base: () => Logger) {}
  get(): Logger {
    return (this.#logger ??= this.base());
  }
}

/**
 * Mesh's REST handler asks for a child per resolved field (`{ operation }`) and logs debug lines
 * from it; at any level above debug that child must cost one small object, not a logger. So the
 * level is checked on the shared root first, the child's own logger is made only for a line that
 * is written, and the methods live on the prototype (Mesh always calls them as methods).
 */
class MeshLoggerAdapter implements MeshLogger {
  #out: Logger | undefined;
  #named: Map<string, MeshLoggerAdapter> | undefined;

  constructor(
    private readonly root: LazyRoot,
    private readonly fields: LogFields,
    readonly name?: string,
  ) {}

  private emit(level: Level, args: unknown[]): void {
    if (!this.root.get().isLevelEnabled(level)) return;
    const out = (this.#out ??= this.root.get().child(this.fields));
    out[level](render(args));
  }

  log(...args: unknown[]): void {
    this.emit('info', args);
  }

  info(...args: unknown[]): void {
    this.emit('debug', args);
  }

  warn(...args: unknown[]): void {
    this.emit('warn', args);
  }

  error(...args: unknown[]): void {
    this.emit('error', args);
  }

  debug(...args: LazyLoggerMessage[]): void {
    this.emit('debug', args);
  }

  child(child: string | Record<string, string | number>): MeshLogger {
    if (typeof child !== 'string') return new MeshLoggerAdapter(this.root, { ...this.fields, ...child }, this.name);
    this.#named ??= new Map();
    let named = this.#named.get(child);
    if (!named) {
      named = new MeshLoggerAdapter(this.root, { ...this.fields, scope: this.name ? `${this.name}, ${child}` : child }, child);
      if (this.#named.size < MAX_NAMED_CHILDREN) this.#named.set(child, named);
    }
    return named;
  }
}

/** `base` is called on first use, and each child's logger made for its first written line. */
export function createMeshLogger(base: () => Logger): MeshLogger {
  return new MeshLoggerAdapter(new LazyRoot(base), {});
}
