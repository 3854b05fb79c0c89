/**
 * The authenticated caller as the gateway's plugins see it. Set by the front door (from caller-auth.ts) on the GraphQL
 * context; read by the rate limiter and caches. Holds only a derived, stable id: never a key or token.
 */
import { createHash } from 'node:crypto';
import type { Caller, GatewayContext } from '../../sources/context.ts';

export type { Caller, CallerKind } from '../../sources/context.ts';

/** The caller the front door authenticated, if any (anonymous requests have none). */
export function getCaller(context: GatewayContext | undefined): Caller | undefined {
  if (context === null || typeof context !== 'object') return undefined;
  const caller = (context as GatewayContext).caller;
  return caller !== undefined && typeof caller.id === 'string' ? caller : undefined;
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The id of a caller known only by the Atlassian credential it forwards. 128 bits of the digest:
 * the rate limiter trusts this id once Atlassian accepted the credential, so nobody may be able to
 * find another credential with the same id.
 */
export function forwardedCallerId(authorization: string): string {
  return `forwarded:${sha256Hex(authorization).slice(0, 32)}`;
}

/**
 * Forwarded callers whose credential an Atlassian upstream has accepted, by caller id (bounded:
 * the oldest are forgotten first, and are then treated as unverified again until their next call).
 */
export interface AcceptedForwardedCallers {
  /** Records that an upstream accepted this Authorization header. */
  accept(authorization: string): void;
  has(callerId: string): boolean;
}

export function createAcceptedForwardedCallers(maxEntries = 10_000): AcceptedForwardedCallers {
  const ids = new Set<string>();
  return {
    accept(authorization) {
      const id = forwardedCallerId(authorization);
      // Re-inserted, so a caller in use is never the oldest.
      ids.delete(id);
      ids.add(id);
      if (ids.size > maxEntries) ids.delete(ids.values().next().value as string);
    },
    has: (callerId) => ids.has(callerId),
  };
}
