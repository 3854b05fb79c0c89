/** Every credential string the settings hold, in the forms in which it is sent upstream. */
import type { AuthSettings, GatewaySettings } from '../config/types.ts';

export function secretsOfAuth(auth: AuthSettings): string[] {
  switch (auth.kind) {
    case 'none':
      return [];
    case 'oauthBearer':
      return [auth.accessToken];
    case 'oauthRefresh':
      return [auth.clientSecret, auth.refreshToken, ...(auth.accessToken !== undefined ? [auth.accessToken] : [])];
    case 'basic':
      return [auth.apiToken, `${auth.email}:${auth.apiToken}`];
    case 'cookies':
      return [...Object.values(auth.cookies), cookieHeader(auth.cookies)];
    case 'bearer':
      return [auth.token];
  }
}

export function secretsOfSettings(settings: GatewaySettings): string[] {
  const secrets = Object.values(settings.upstreams).flatMap((upstream) => secretsOfAuth(upstream.auth));
  if (settings.redisUrl !== undefined) {
    const password = safePassword(settings.redisUrl);
    if (password !== '') secrets.push(password, decodeURIComponent(password));
  }
  return [...new Set(secrets)];
}

export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

function safePassword(url: string): string {
  try {
    return new URL(url).password;
  } catch {
    return '';
  }
}
