/**
 * Whose answer a cached response is. Upstream answers depend on the credential they were fetched
 * with, so the cache key always carries the caller: the authenticated caller id, plus either the
 * forwarded Atlassian credential (hashed) or the fixed "server" identity when the gateway's own
 * credentials are used. When forwarding is on and the caller sent no credential there is no
 * identity and nothing is cached.
 */
import { createHash } from 'node:crypto';
import { readCallerRequest } from '../../sources/transport/request-context.ts';
import { getCaller } from '../auth/caller.ts';
import type { GatewayContext } from '../../sources/context.ts';

export function cacheIdentity(context: GatewayContext, forwardCallerCredentials: boolean): string | undefined {
  const caller = getCaller(context)?.id ?? 'anonymous';
  if (!forwardCallerCredentials) return `${caller}|server`;
  // The same view of the caller's headers the transport forwards (gateway API keys/JWTs removed).
  const { headers } = readCallerRequest(context, undefined);
  const authorization = headers.get('authorization');
  const cookie = headers.get('cookie');
  if (authorization === null && cookie === null) return undefined;
  const credential = createHash('sha256').update(`${authorization ?? ''}\n${cookie ?? ''}`).digest('hex');
  return `${caller}|forwarded:${credential}`;
}
