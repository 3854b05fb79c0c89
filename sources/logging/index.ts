/** Logger wired to the settings: level from LOG_LEVEL, every configured secret registered for scrubbing. */
import type { GatewaySettings } from '../config/types.ts';
import { type Logger, type LoggerOptions, createLogger } from './logger.ts';
import { Redactor } from './redactor.ts';
import { secretsOfSettings } from './settings-secrets.ts';

export { type Logger, type LogFields, type LogLevel, createLogger, silentLogger } from './logger.ts';
export { Redactor } from './redactor.ts';
export { secretsOfAuth, secretsOfSettings, cookieHeader } from './settings-secrets.ts';

export function createSettingsLogger(
  settings: GatewaySettings,
  options: Omit<LoggerOptions, 'level' | 'redactor'> = {},
): { logger: Logger; redactor: Redactor } {
  const redactor = new Redactor(secretsOfSettings(settings));
  return { logger: createLogger({ ...options, level: settings.logLevel, redactor }), redactor };
}
