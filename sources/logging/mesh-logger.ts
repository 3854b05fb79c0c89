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

/** `base` is called on first use, and its child made once. */
export function createMeshLogger(base: () => Logger, fields: LogFields = {}, name?: string): MeshLogger {
  let logger: Logger | undefined;
  const target = () => (logger ??= base().child(fields));
  const emit = (level: Level, args: unknown[]) => {
    const out = target();
    if (out.isLevelEnabled(level)) out[level](render(args));
  };
  const namedChildren = new Map<string, MeshLogger>();
  return {
    name,
    log: (...args: unknown[]) => emit('info', args),
    info: (...args: unknown[]) => emit('debug', args),
    warn: (...args: unknown[]) => emit('warn', args),
    error: (...args: unknown[]) => emit('error', args),
    debug: (...args: LazyLoggerMessage[]) => emit('debug', args),
    child: (child) => {
      if (typeof child !== 'string') return createMeshLogger(base, { ...fields, ...child }, name);
      let named = namedChildren.get(child);
      if (!named) {
        named = createMeshLogger(base, { ...fields, scope: name ? `${name}, ${child}` : child }, child);
        if (namedChildren.size < MAX_NAMED_CHILDREN) namedChildren.set(child, named);
      }
      return named;
    },
  };
}

