/**
 * The one GraphQL context type of the gateway: what yoga builds for a request (`request`,
 * `params`), what the front door adds (`caller`), and what the canonical resolvers and the
 * transport read back. Mesh hands the same object to its handlers' fetch, so the transport reads
 * the caller's headers from it too.
 *
 * Every field is optional because the same resolvers also run outside yoga: the export tool and
 * the tests call them with `{}` or a bare `{ headers }`, and Mesh's own execution adds fields of
 * its own. Readers therefore check shapes at run time (sources/transport/request-context.ts).
 */

export type CallerKind = 'apikey' | 'jwt' | 'forwarded';

/** The authenticated caller. Holds only a derived, stable id: never a key or token. */
export interface Caller {
  /** `apikey:<8 hex of the key hash>`, `jwt:<sub>` or `forwarded:<32 hex of sha256(credential)>`. */
  id: string;
  kind: CallerKind;
  /** Scopes granted by a JWT (`scope`/`scp` claim); empty for other kinds. */
  scopes: string[];
}

export interface GatewayContext {
  /** The incoming request (yoga's Fetch Request). */
  request?: Request;
  /** Node servers' IncomingMessage-like request (only its headers are read). */
  req?: { headers?: unknown };
  /** A bare header container (Mesh's own execution, the export tool, tests). */
  headers?: unknown;
  /** The GraphQL parameters yoga parsed. */
  params?: { operationName?: string | null };
  /** Set by the front door when caller authentication knew the caller; absent for anonymous callers. */
  caller?: Caller;
}
