/**
 * The credential one upstream call is sent with: the server's own (from settings) or, with
 * ATLASSIAN_FORWARD_CALLER_CREDENTIALS, the caller's Authorization/Cookie headers. Each credential
 * also yields a budget bucket key: a hash, so the credential itself is never stored or logged.
 */
import { createHash } from 'node:crypto';
import type { AuthSettings, UpstreamSettings } from '../config/types.ts';
import { cookieHeader } from '../logging/settings-secrets.ts';
import type { AccessTokenProvider } from './oauth-token-provider.ts';
import { UnauthenticatedError } from './errors.ts';
import { UPSTREAM_LABELS } from './upstreams.ts';

export interface RequestCredential {
  /** Budget bucket key: upstream name plus a SHA-256 of the credential. */
  bucketKey: string;
  /**
   * Headers for one attempt (Authorization and/or Cookie), plus the bearer token used, if any.
   * `refreshedToken` is the token a 401 refresh just returned; OAuth refresh credentials use it.
   */
  headers(refreshedToken?: string): Promise<{ headers: Record<string, string>; bearerToken?: string }>;
  /** Present for OAuth refresh credentials: get a new token after a 401. */
  provider?: AccessTokenProvider;
  /** The caller's own credential, forwarded (not the server's). */
  forwarded?: boolean;
}

function hashKey(upstream: string, material: string): string {
  const digest = createHash('sha256').update(material).digest('hex').slice(0, 32);
  return `${upstream}:${digest}`;
}

export function serverCredential(
  upstream: UpstreamSettings,
  providerFor: (auth: Extract<AuthSettings, { kind: 'oauthRefresh' }>) => AccessTokenProvider,
): RequestCredential {
  const auth = upstream.auth;
  const fixed = (headers: Record<string, string>, material: string): RequestCredential => ({
    bucketKey: hashKey(upstream.name, material),
    headers: async () => ({ headers }),
  });
  switch (auth.kind) {
    case 'none':
      return fixed({}, 'none');
    case 'oauthBearer':
      return {
        bucketKey: hashKey(upstream.name, `bearer\n${auth.accessToken}`),
        headers: async () => ({ headers: { authorization: `Bearer ${auth.accessToken}` }, bearerToken: auth.accessToken }),
      };
    case 'bearer':
      return {
        bucketKey: hashKey(upstream.name, `bearer\n${auth.token}`),
        headers: async () => ({ headers: { authorization: `Bearer ${auth.token}` }, bearerToken: auth.token }),
      };
    case 'basic': {
      const encoded = Buffer.from(`${auth.email}:${auth.apiToken}`, 'utf8').toString('base64');
      return fixed({ authorization: `Basic ${encoded}` }, `basic\n${auth.email}\n${auth.apiToken}`);
    }
    case 'cookies': {
      const cookie = cookieHeader(auth.cookies);
      return fixed({ cookie }, `cookies\n${cookie}`);
    }
    case 'oauthRefresh': {
      const provider = providerFor(auth);
      return {
        // Keyed by the app and the configured refresh token: stable while access tokens rotate.
        bucketKey: hashKey(upstream.name, `oauth\n${auth.tokenUrl}\n${auth.clientId}\n${auth.refreshToken}`),
        provider,
        headers: async (refreshedToken) => {
          const token = refreshedToken ?? (await provider.getAccessToken());
          return { headers: { authorization: `Bearer ${token}` }, bearerToken: token };
        },
      };
    }
  }
}

/** The caller's own Atlassian credential, or UNAUTHENTICATED (never the server's as a fallback). */
export function callerCredential(upstream: UpstreamSettings, callerHeaders: Headers): RequestCredential {
  const authorization = callerHeaders.get('authorization');
  const cookie = callerHeaders.get('cookie');
  if (authorization === null && cookie === null) {
    throw new UnauthenticatedError({
      upstream: upstream.name,
      label: UPSTREAM_LABELS[upstream.name],
      reason:
        'This gateway forwards callers\' own Atlassian credentials (ATLASSIAN_FORWARD_CALLER_CREDENTIALS=true): send an Authorization header (Bearer OAuth token or Basic email:API token) or your Atlassian session Cookie.',
    });
  }
  const headers: Record<string, string> = {};
  if (authorization !== null) headers.authorization = authorization;
  if (cookie !== null) headers.cookie = cookie;
  return {
    bucketKey: hashKey(upstream.name, `caller\n${authorization ?? ''}\n${cookie ?? ''}`),
    headers: async () => ({ headers }),
    forwarded: true,
  };
}
