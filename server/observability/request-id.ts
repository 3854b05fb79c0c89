/**
 * Every request gets an id: the caller's X-Request-Id when it is well-formed, else a new UUID.
 * It is written back onto the incoming headers, so yoga, the plugins and the transport (which
 * sends it upstream) all see the same value, and it is returned on the response.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const WELL_FORMED = /^[\w.:-]{1,128}$/;

export function assignRequestId(req: IncomingMessage, generate: () => string = randomUUID): string {
  const presented = req.headers[REQUEST_ID_HEADER];
  const id = typeof presented === 'string' && WELL_FORMED.test(presented) ? presented : generate();
  req.headers[REQUEST_ID_HEADER] = id;
  return id;
}
