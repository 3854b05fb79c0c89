/**
 * Which credential a call goes out with: the caller's own (forwarding mode, Atlassian upstreams),
 * or the server's, lent only to callers the gateway itself authenticated.
 */
import type { GatewaySettings, UpstreamSettings } from '../config/types.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from './clock.ts';
import { callerCredential, type RequestCredential, serverCredential } from './credentials.ts';
import { UnauthenticatedError } from './errors.ts';
import { type AccessTokenProvider, OAuthRefreshTokenProvider, type OAuthRefreshAuth } from './oauth-token-provider.ts';
import type { CallerRequest } from './request-context.ts';
import { UPSTREAM_LABELS, isAtlassianUpstream } from './upstreams.ts';

export interface CredentialResolverOptions {
  settings: GatewaySettings;
  fetchImpl: typeof fetch;
  clock: Clock;
  logger: Logger;
  /** Replaces the built-in OAuth refresh for every oauthRefresh upstream. */
  tokenProvider?: AccessTokenProvider;
}

export type CredentialResolver = (upstream: UpstreamSettings, caller: CallerRequest) => RequestCredential;

export function createCredentialResolver(options: CredentialResolverOptions): CredentialResolver {
  const { settings } = options;
  // One refresh-token provider per OAuth client and refresh token, shared by every call.
  const providers = new Map<string, AccessTokenProvider>();
  const providerFor = (upstream: UpstreamSettings) => (auth: OAuthRefreshAuth): AccessTokenProvider => {
    if (options.tokenProvider !== undefined) return options.tokenProvider;
    const key = `${auth.tokenUrl}\n${auth.clientId}\n${auth.refreshToken}`;
    let provider = providers.get(key);
    if (provider === undefined) {
      provider = new OAuthRefreshTokenProvider({ auth, fetchImpl: options.fetchImpl, clock: options.clock, logger: options.logger, timeoutMs: upstream.timeoutMs });
      providers.set(key, provider);
    }
    return provider;
  };

  // The server's credential for an upstream never changes: made (encoded, hashed) once, not per call.
  const serverCredentials = new Map<UpstreamSettings, RequestCredential>();
  return (upstream, caller) => {
    if (settings.forwardCallerCredentials && isAtlassianUpstream(upstream.name)) return callerCredential(upstream, caller.headers);
    // A forwarded Atlassian credential proves nothing to the gateway (and is not valid for this
    // upstream anyway): the server's credential is never lent for it.
    if (caller.callerKind === 'forwarded') {
      throw new UnauthenticatedError({
        upstream: upstream.name,
        label: UPSTREAM_LABELS[upstream.name],
        reason: `the gateway calls it with its own credential, which it lends only to callers authenticated with a gateway API key or JWT; a forwarded Atlassian credential is not valid for ${UPSTREAM_LABELS[upstream.name]}.`,
      });
    }
    let credential = serverCredentials.get(upstream);
    if (credential === undefined) {
      credential = serverCredential(upstream, providerFor(upstream));
      serverCredentials.set(upstream, credential);
    }
    return credential;
  };
}
