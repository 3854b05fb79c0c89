/**
 * OAuth 2.0 (3LO) access tokens from a refresh token. One refresh runs at a time however many
 * requests wait for it; a rotated refresh token replaces the old one in memory (Atlassian rotates
 * them, and the old one stops working).
 */
import { GraphQLError } from 'graphql';
import { decodeJwt } from 'jose';
import type { AuthSettings } from '../config/types.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from './clock.ts';
import { UnauthenticatedError, UpstreamTimeoutError, UpstreamUnavailableError } from './errors.ts';
import { callTokenEndpoint, TOKEN_ENDPOINT, type TokenEndpointAnswer } from './oauth-token-endpoint.ts';

export interface AccessTokenProvider {
  /** A valid access token, refreshing first when there is none or it is about to expire. */
  getAccessToken(): Promise<string>;
  /**
   * Called after an upstream rejected `rejectedToken` with 401. Returns a newer token; when a
   * concurrent request already refreshed, returns that token without another refresh.
   */
  refreshAfterUnauthorized(rejectedToken: string): Promise<string>;
}

export type OAuthRefreshAuth = Extract<AuthSettings, { kind: 'oauthRefresh' }>;

export interface OAuthRefreshTokenProviderOptions {
  auth: OAuthRefreshAuth;
  fetchImpl: typeof fetch;
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
}

/** Refresh this long before expiry (at most a tenth of the token's lifetime). */
const EXPIRY_MARGIN_MS = 60_000;
const DEFAULT_LIFETIME_SECONDS = 3600;

export class OAuthRefreshTokenProvider implements AccessTokenProvider {
  private accessToken: string | undefined;
  private expiresAtMs = Number.POSITIVE_INFINITY;
  private refreshToken: string;
  private inFlight: Promise<string> | undefined;

  constructor(private readonly options: OAuthRefreshTokenProviderOptions) {
    this.refreshToken = options.auth.refreshToken;
    const initial = options.auth.accessToken;
    if (initial !== undefined) {
      this.accessToken = initial;
      this.expiresAtMs = jwtExpiry(initial) ?? Number.POSITIVE_INFINITY;
      options.logger.registerSecret?.(initial);
    }
  }

  async getAccessToken(): Promise<string> {
    if (this.accessToken !== undefined && this.options.clock.now() < this.expiresAtMs) return this.accessToken;
    return this.refresh();
  }

  async refreshAfterUnauthorized(rejectedToken: string): Promise<string> {
    if (this.accessToken !== undefined && this.accessToken !== rejectedToken && this.options.clock.now() < this.expiresAtMs) {
      return this.accessToken;
    }
    if (this.accessToken === rejectedToken && this.inFlight === undefined) this.accessToken = undefined;
    return this.refresh();
  }

  private refresh(): Promise<string> {
    this.inFlight ??= this.requestToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async requestToken(): Promise<string> {
    const { auth, fetchImpl, clock, logger, timeoutMs } = this.options;
    const tokenUrl = new URL(auth.tokenUrl);
    const origin = `${tokenUrl.origin}${tokenUrl.pathname}`;
    logger.debug('refreshing OAuth access token', { endpoint: origin });
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: TokenEndpointAnswer;
    try {
      const grant = { grant_type: 'refresh_token', client_id: auth.clientId, client_secret: auth.clientSecret, refresh_token: this.refreshToken };
      response = await callTokenEndpoint(fetchImpl, auth.tokenUrl, grant, timeout);
    } catch (error) {
      if (timeout.aborted) throw new UpstreamTimeoutError({ ...TOKEN_ENDPOINT, timeoutMs, timeoutVariable: 'ATLASSIAN_MESH_TIMEOUT_MS' });
      // A refused redirect or an oversized answer already says what happened.
      if (error instanceof GraphQLError) throw error;
      throw new UpstreamUnavailableError({ ...TOKEN_ENDPOINT, origin: tokenUrl.origin, cause: networkCause(error) });
    }
    const { body } = response;
    if (!response.ok) {
      // `error` is an OAuth error code such as invalid_grant; descriptions are not echoed.
      const code = typeof body?.error === 'string' && /^[a-z_]{1,64}$/.test(body.error) ? ` (${body.error})` : '';
      logger.warn('OAuth token refresh failed', { endpoint: origin, status: response.status, oauthError: code.slice(2, -1) || undefined });
      throw new UnauthenticatedError({
        ...TOKEN_ENDPOINT,
        status: response.status,
        reason: `Refreshing the OAuth access token failed: HTTP ${response.status}${code}. Check ATLASSIAN_OAUTH_REFRESH_TOKEN, ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET (a refresh token is single-use once rotated).`,
      });
    }
    const accessToken = body?.access_token;
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new UnauthenticatedError({
        ...TOKEN_ENDPOINT,
        status: response.status,
        reason: 'The OAuth token endpoint answered without an access_token.',
      });
    }
    logger.registerSecret?.(accessToken);
    const rotated = body?.refresh_token;
    if (typeof rotated === 'string' && rotated !== '') {
      logger.registerSecret?.(rotated);
      this.refreshToken = rotated;
    }
    const lifetimeSeconds =
      typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_LIFETIME_SECONDS;
    const margin = Math.min(EXPIRY_MARGIN_MS, lifetimeSeconds * 100);
    this.accessToken = accessToken;
    this.expiresAtMs = clock.now() + lifetimeSeconds * 1000 - margin;
    logger.info('OAuth access token refreshed', {
      endpoint: origin,
      expiresInSeconds: lifetimeSeconds,
      refreshRotated: typeof rotated === 'string' && rotated !== '',
    });
    return accessToken;
  }

  /** The refresh token currently in use (rotated ones replace the configured one). */
  currentRefreshToken(): string {
    return this.refreshToken;
  }
}

/** Atlassian access tokens are JWTs; their `exp` says when to refresh a configured starting token. */
function jwtExpiry(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 - EXPIRY_MARGIN_MS : undefined;
  } catch {
    return undefined;
  }
}

/** A short, secret-free reason for a failed connection (ECONNREFUSED, ECONNRESET, …). */
export function networkCause(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return 'connection failed';
}
