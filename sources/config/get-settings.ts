/** The process-wide settings for runtime modules: `.env` from the working directory, then process.env. */
import { resolve } from 'node:path';
import { loadDotEnv } from './dotenv.ts';
import { loadSettings } from './load-settings.ts';
import type { GatewaySettings } from './types.ts';

let cached: GatewaySettings | undefined;

export function getSettings(): GatewaySettings {
  if (cached === undefined) {
    loadDotEnv(resolve(process.cwd(), '.env'));
    cached = loadSettings(process.env);
  }
  return cached;
}

/** Forget the memoized settings (tests that change process.env between cases). */
export function resetSettingsCache(): void {
  cached = undefined;
}
