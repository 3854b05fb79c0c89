/**
 * Picks the server's Atlassian credential from the environment, with the seed client's precedence:
 * OAuth refresh > OAuth bearer > Basic (email + API token) > browser cookies.
 */
import { type AuthSettings, ConfigError } from './types.ts';
import { type Env, readJsonObject, readString } from './env-values.ts';

export const DEFAULT_OAUTH_TOKEN_URL = 'https://auth.atlassian.com/oauth/token';

/** Every variable that carries (part of) an Atlassian credential. */
export const ATLASSIAN_CREDENTIAL_VARIABLES = [
  'ATLASSIAN_OAUTH_REFRESH_TOKEN',
  'ATLASSIAN_CLIENT_ID',
  'ATLASSIAN_CLIENT_SECRET',
  'ATLASSIAN_OAUTH_ACCESS_TOKEN',
  'ATLASSIAN_EMAIL',
  'ATLASSIAN_API_TOKEN',
  'ATLASSIAN_COOKIES_JSON',
] as const;

export function hasAnyAtlassianCredential(env: Env): boolean {
  return ATLASSIAN_CREDENTIAL_VARIABLES.some((name) => readString(env, name) !== undefined);
}

export function isOAuth(auth: AuthSettings): boolean {
  return auth.kind === 'oauthRefresh' || auth.kind === 'oauthBearer';
}

/**
 * Throws when a group of variables that only works together is partly set, naming what is missing.
 * Returns the values when the whole group is set, undefined when none of it is.
 */
function readGroup<const Names extends readonly string[]>(
  env: Env,
  names: Names,
  purpose: string,
): Record<Names[number], string> | undefined {
  const values = names.map((name) => readString(env, name));
  const setCount = values.filter((value) => value !== undefined).length;
  if (setCount === 0) return undefined;
  if (setCount < names.length) {
    const missing = names.filter((_, index) => values[index] === undefined);
    const present = names.filter((_, index) => values[index] !== undefined);
    throw new ConfigError(
      `${purpose} needs ${names.join(' + ')}: ${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing.`,
    );
  }
  return Object.fromEntries(names.map((name, index) => [name, values[index]])) as Record<Names[number], string>;
}

function readCookies(env: Env): Record<string, string> | undefined {
  const cookies = readJsonObject(env, 'ATLASSIAN_COOKIES_JSON', (key, value) => {
    if (typeof value !== 'string' || value === '') {
      throw new ConfigError(`ATLASSIAN_COOKIES_JSON: the value of cookie "${key}" must be a non-empty string.`);
    }
    // A cookie name is an HTTP token; anything else would corrupt the Cookie header.
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) {
      throw new ConfigError(`ATLASSIAN_COOKIES_JSON: "${key}" is not a valid cookie name.`);
    }
    if (/[;\r\n]/.test(value)) {
      throw new ConfigError(`ATLASSIAN_COOKIES_JSON: the value of cookie "${key}" contains ';' or a line break.`);
    }
    return value;
  });
  if (cookies !== undefined && Object.keys(cookies).length === 0) {
    throw new ConfigError('ATLASSIAN_COOKIES_JSON is an empty object; give at least one cookie or unset it.');
  }
  return cookies;
}

/** The server's Atlassian credential, or undefined when no credential variable is set. */
export function readAtlassianCredential(env: Env): AuthSettings | undefined {
  const refresh = readGroup(
    env,
    ['ATLASSIAN_OAUTH_REFRESH_TOKEN', 'ATLASSIAN_CLIENT_ID', 'ATLASSIAN_CLIENT_SECRET'] as const,
    'OAuth token refresh',
  );
  const basic = readGroup(env, ['ATLASSIAN_EMAIL', 'ATLASSIAN_API_TOKEN'] as const, 'Basic API-token auth');
  const accessToken = readString(env, 'ATLASSIAN_OAUTH_ACCESS_TOKEN');
  // Parse cookies even when a higher-precedence credential wins, so a malformed value never hides.
  const cookies = readCookies(env);

  if (refresh !== undefined && accessToken !== undefined && accessToken === refresh.ATLASSIAN_CLIENT_SECRET) {
    throw new ConfigError(
      "ATLASSIAN_OAUTH_ACCESS_TOKEN equals ATLASSIAN_CLIENT_SECRET: the access token is an OAuth 2.0 access token, not the app's client secret.",
    );
  }

  if (refresh !== undefined) {
    const tokenUrl = readString(env, 'ATLASSIAN_OAUTH_TOKEN_URL') ?? DEFAULT_OAUTH_TOKEN_URL;
    checkTokenUrl(tokenUrl);
    return {
      kind: 'oauthRefresh',
      clientId: refresh.ATLASSIAN_CLIENT_ID,
      clientSecret: refresh.ATLASSIAN_CLIENT_SECRET,
      refreshToken: refresh.ATLASSIAN_OAUTH_REFRESH_TOKEN,
      ...(accessToken !== undefined ? { accessToken } : {}),
      tokenUrl,
    };
  }
  if (accessToken !== undefined) return { kind: 'oauthBearer', accessToken };
  if (basic !== undefined) {
    if (basic.ATLASSIAN_EMAIL.includes(':')) {
      throw new ConfigError('ATLASSIAN_EMAIL must not contain ":" (it is the Basic auth user name).');
    }
    return { kind: 'basic', email: basic.ATLASSIAN_EMAIL, apiToken: basic.ATLASSIAN_API_TOKEN };
  }
  if (cookies !== undefined) return { kind: 'cookies', cookies };
  return undefined;
}

function checkTokenUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('ATLASSIAN_OAUTH_TOKEN_URL is not a valid URL; expected e.g. https://auth.atlassian.com/oauth/token.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError('ATLASSIAN_OAUTH_TOKEN_URL must be an http:// or https:// URL.');
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError('ATLASSIAN_OAUTH_TOKEN_URL must not contain a user name or password.');
  }
}
