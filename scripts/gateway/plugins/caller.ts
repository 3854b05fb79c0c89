/**
 * The authenticated caller as the gateway's plugins see it. Set by useCallerAuth on the GraphQL
 * context; read by the rate limiter and caches. Holds only a derived, stable id: never a key or token.
 */
import { createHash } from 'node:crypto';

export type CallerKind = 'apikey' | 'jwt' | 'forwarded';

export interface Caller {
  /** `apikey:<8 hex of the key hash>`, `jwt:<sub>` or `forwarded:<12 hex of sha256(credential)>`. */
  id: string;
  kind: CallerKind;
  /** Scopes granted by a JWT (`scope`/`scp` claim); empty for other kinds. */
  scopes: string[];
}

export interface CallerContext {
  caller?: Caller;
}

/** The caller set by useCallerAuth, if any (anonymous requests have none). */
export function getCaller(context: unknown): Caller | undefined {
  if (context === null || typeof context !== 'object') return undefined;
  const caller = (context as CallerContext).caller;
  return caller !== undefined && typeof caller.id === 'string' ? caller : undefined;
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}
