/**
 * Structured JSON-lines logger. Every line passes through a Redactor, so a credential that slips
 * into a message or field is scrubbed before it is written.
 */
import { Redactor } from './redactor.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
  isLevelEnabled(level: LogLevel): boolean;
  /** Scrub this value (e.g. a freshly issued access token) from every later line. */
  registerSecret?(secret: string): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Receives one JSON line (without newline). Default: process.stderr. */
  write?: (line: string) => void;
  redactor?: Redactor;
  now?: () => number;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const redactor = options.redactor ?? new Redactor();
  const now = options.now ?? Date.now;
  const threshold = LEVEL_ORDER[options.level];

  const build = (bound: LogFields): Logger => {
    const emit = (level: LogLevel, message: string, fields?: LogFields): void => {
      if (LEVEL_ORDER[level] < threshold) return;
      const record = redactor.redactValue({ ...bound, ...fields }) as LogFields;
      const line = { time: new Date(now()).toISOString(), level, msg: redactor.redactText(message), ...record };
      try {
        write(JSON.stringify(line));
      } catch {
        // A broken log sink must never fail the request being logged.
      }
    };
    return {
      debug: (message, fields) => emit('debug', message, fields),
      info: (message, fields) => emit('info', message, fields),
      warn: (message, fields) => emit('warn', message, fields),
      error: (message, fields) => emit('error', message, fields),
      child: (fields) => build({ ...bound, ...fields }),
      isLevelEnabled: (level) => LEVEL_ORDER[level] >= threshold,
      registerSecret: (secret) => redactor.addSecret(secret),
    };
  };
  return build({});
}

/** A logger that drops everything (tests and tools that do not care). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
  isLevelEnabled: () => false,
};
