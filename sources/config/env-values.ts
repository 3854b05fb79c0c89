/**
 * Readers for single environment variables. Each one either returns a checked value or throws a
 * ConfigError naming the variable. Values are never echoed, because any variable may hold a secret
 * (a token pasted into the wrong slot, a password inside REDIS_URL).
 */
import { ConfigError } from './types.ts';

export type Env = Record<string, string | undefined>;

/** The trimmed value, or undefined when the variable is unset or blank. */
export function readString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = readString(env, name);
  if (value === undefined) return fallback;
  const normalised = value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  throw new ConfigError(`${name} must be a boolean (true/false, 1/0, yes/no, on/off).`);
}

interface NumberRules {
  integer?: boolean;
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** When true the minimum itself is not allowed (e.g. "> 0"). */
  exclusiveMin?: boolean;
  max?: number;
}

export function readNumber(env: Env, name: string, fallback: number, rules: NumberRules = {}): number {
  const value = readString(env, name);
  if (value === undefined) return fallback;
  return checkNumber(name, value, rules);
}

export function checkNumber(label: string, value: string, rules: NumberRules): number {
  const kind = rules.integer ? 'an integer' : 'a number';
  const pattern = rules.integer ? /^[+-]?\d+$/ : /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  if (!pattern.test(value)) throw new ConfigError(`${label} must be ${kind}${describeRange(rules)}.`);
  const parsed = Number(value);
  const belowMin =
    rules.min !== undefined && (rules.exclusiveMin ? parsed <= rules.min : parsed < rules.min);
  const aboveMax = rules.max !== undefined && parsed > rules.max;
  if (!Number.isFinite(parsed) || belowMin || aboveMax) {
    throw new ConfigError(`${label} must be ${kind}${describeRange(rules)}.`);
  }
  return parsed;
}

function describeRange(rules: NumberRules): string {
  const parts: string[] = [];
  if (rules.min !== undefined) parts.push(`${rules.exclusiveMin ? '>' : '>='} ${rules.min}`);
  if (rules.max !== undefined) parts.push(`<= ${rules.max}`);
  return parts.length ? ` ${parts.join(' and ')}` : '';
}

export function readChoice<T extends string>(
  env: Env,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = readString(env, name);
  if (value === undefined) return fallback;
  const normalised = value.toLowerCase();
  const match = choices.find((choice) => choice === normalised);
  if (match === undefined) throw new ConfigError(`${name} must be one of: ${choices.join(', ')}.`);
  return match;
}

/** A whole number in [min, max]; the fallback when unset. */
export function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  return readNumber(env, name, fallback, { integer: true, min, max });
}

/** Comma-separated (or `separator`) list: trimmed, blanks dropped, first occurrence kept. */
export function readList(env: Env, name: string, separator: RegExp = /,/): string[] {
  const value = readString(env, name);
  if (value === undefined) return [];
  return [...new Set(value.split(separator).map((item) => item.trim()).filter((item) => item !== ''))];
}

/**
 * An https URL (plain http only for loopback hosts: local tests and sandboxes), so a key set or
 * token endpoint is never fetched in clear text over a network.
 */
export function readHttpsUrl(env: Env, name: string): string | undefined {
  const value = readString(env, name);
  return value === undefined ? undefined : checkHttpsUrl(name, value);
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

/** A JSON object; `checkValue` validates each property and returns the stored form. */
export function readJsonObject<T>(
  env: Env,
  name: string,
  checkValue: (key: string, value: unknown) => T,
): Record<string, T> | undefined {
  const value = readString(env, name);
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ConfigError(`${name} is not valid JSON; it must be a JSON object, e.g. {"name":"value"}.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${name} must be a JSON object, e.g. {"name":"value"}.`);
  }
  const result: Record<string, T> = {};
  for (const [key, entry] of Object.entries(parsed as Record<string, unknown>)) {
    result[key] = checkValue(key, entry);
  }
  return result;
}

/**
 * An http(s) URL without credentials, query string or fragment, returned without a trailing slash.
 * Base URLs are matched by prefix against every outgoing request, so they must be plain.
 */
export function checkBaseUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL; expected e.g. https://yourteam.atlassian.net.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${name} must be an http:// or https:// URL.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(`${name} must not contain a user name or password; configure credentials separately.`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(`${name} must not contain a query string or fragment.`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** URL as a string without a trailing slash (URL.href keeps "/" for an empty path). */
export function formatBaseUrl(url: URL): string {
  return url.pathname === '/' || url.pathname === '' ? url.origin : `${url.origin}${url.pathname}`;
}
