/**
 * Mesh's own log lines (handlers, merger, runtime) in our JSON-lines format, through the same
 * redaction as the transport's. Wired as `logger:` in .meshrc.yaml.
 *
 * Mesh reports routine progress ("Generating GraphQL schema from OpenAPI schema") at info; that is
 * start-up chatter for a gateway, so it goes out at debug.
 */
import type { Logger as MeshLogger, LazyLoggerMessage } from '@graphql-mesh/types';
import { getSettings } from '../config/get-settings.ts';
import { createSettingsLogger, type Logger, type LogFields } from './index.ts';

let base: Logger | undefined;
function baseLogger(): Logger {
  base ??= createSettingsLogger(getSettings()).logger.child({ component: 'mesh' });
  return base;
}

function render(args: unknown[]): string {
  return args
    .map((arg) => {
      const value = typeof arg === 'function' ? (arg as () => unknown)() : arg;
      if (value instanceof Error) return value.message;
      return typeof value === 'string' ? value : JSON.stringify(value);
    })
    .join(' ');
}

function meshLogger(fields: LogFields, name?: string): MeshLogger {
  const target = () => baseLogger().child(fields);
  return {
    name,
    log: (...args: unknown[]) => target().info(render(args)),
    info: (...args: unknown[]) => target().debug(render(args)),
    warn: (...args: unknown[]) => target().warn(render(args)),
    error: (...args: unknown[]) => target().error(render(args)),
    debug: (...args: LazyLoggerMessage[]) => {
      const logger = target();
      if (logger.isLevelEnabled('debug')) logger.debug(render(args));
    },
    child: (child) => {
      const extra = typeof child === 'string' ? { scope: name ? `${name}, ${child}` : child } : child;
      return meshLogger({ ...fields, ...extra }, typeof child === 'string' ? child : name);
    },
  };
}

export default meshLogger({});
