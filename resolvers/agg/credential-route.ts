/**
 * Which AGG fields a request's credential can reach. AGG documents the Teamwork Graph fields as
 * "not available for OAuth authenticated requests": with an OAuth token (the server's, or a
 * caller's forwarded Bearer token) they are refused, with tenanted credentials (API token via
 * Basic auth, or session cookies, against the site's /gateway/api) they work. The Teamwork
 * resolvers ask here before calling AGG, like the project listing picks its route, and leave a
 * canonicalRoutes note instead of a call AGG would refuse.
 */
import { readCallerRequest } from '../../sources/transport/request-context.ts';
import type { GatewayContext } from '../../sources/context.ts';
import type { ResolverDeps } from '../shared/http.ts';
import type { AggError } from './client.ts';
import { errorClassification } from './errors.ts';

export type CredentialKind = 'oauth' | 'tenanted' | 'none';

/** The kind of credential an AGG call of this request goes out with. */
export function aggCredentialKind(deps: ResolverDeps, context: GatewayContext): CredentialKind {
  if (deps.settings.forwardCallerCredentials) {
    const headers = readCallerRequest(context, undefined).headers;
    const authorization = headers.get('authorization')?.trim() ?? '';
    if (/^bearer\s/i.test(authorization)) return 'oauth';
    return authorization !== '' || headers.get('cookie') !== null ? 'tenanted' : 'none';
  }
  const auth = deps.settings.upstreams.agg.auth;
  if (auth.kind === 'oauthRefresh' || auth.kind === 'oauthBearer' || auth.kind === 'bearer') return 'oauth';
  return auth.kind === 'none' ? 'none' : 'tenanted';
}

/** The note a Teamwork field leaves when the credential cannot reach it (response extensions.canonicalRoutes). */
export const TEAMWORK_OAUTH_REASON =
  'AGG documents the Teamwork Graph fields as not available for OAuth authenticated requests; configure tenanted credentials ' +
  '(ATLASSIAN_EMAIL + ATLASSIAN_API_TOKEN, or ATLASSIAN_COOKIES_JSON, with ATLASSIAN_GQL_BASE_URL=https://<site>.atlassian.net/gateway/api) ' +
  'or forward a caller credential that is not an OAuth token';

/** An AGG error refusing a field to an OAuth caller (what AGG answers when the pre-check could not tell). */
export function isOAuthRefusal(error: AggError): boolean {
  return errorClassification(error) === 'InsufficientOAuthScopes' || /not available for OAuth/i.test(error.message);
}
