/**
 * Readers for the plugins' environment variables. Each returns a checked value or throws a
 * one-line ConfigError naming the variable; values are never echoed, since any of them may hold
 * a secret pasted into the wrong slot.
 */
import { ConfigError } from '../../../sources/config/types.ts';
import { readString, type Env } from '../../../sources/config/env-values.ts';

export type { Env };

/** Trimmed value, or undefined when unset or blank (the settings loader's reader). */
export const envString = readString;

export function envBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = envString(env, name);
  if (value === undefined) return fallback;
  const normalised = value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  throw new ConfigError(`${name} must be true or false (also accepted: 1/0, yes/no, on/off).`);
}

/** A whole number in [min, max]; the fallback when unset. */
export function envInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = envString(env, name);
  if (value === undefined) return fallback;
  const parsed = /^\+?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}.`);
  }
  return parsed;
}

/** Comma- (or whitespace-) separated list, blanks dropped, duplicates removed. */
export function envList(env: Env, name: string, separator: RegExp = /,/): string[] {
  const value = envString(env, name);
  if (value === undefined) return [];
  return [...new Set(value.split(separator).map((item) => item.trim()).filter((item) => item !== ''))];
}

/**
 * An http(s) URL. Plain http is allowed only for loopback hosts (local tests and sandboxes), so a
 * key set or token endpoint is never fetched in clear text over a network.
 */
export function envHttpsUrl(env: Env, name: string): string | undefined {
  const value = envString(env, name);
  if (value === undefined) return undefined;
  return checkHttpsUrl(name, value);
}

export function checkHttpsUrl(label: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${label} is not a valid URL (expected e.g. https://example.com/path).`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigError(`${label} must be an https:// URL (plain http only for localhost or 127.0.0.1).`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(`${label} must not contain a user name or password.`);
  }
  return url.href;
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
