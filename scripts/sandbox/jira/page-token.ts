/**
 * Opaque page tokens (nextPageToken) for enhanced search and bulk changelogs: the next
 * offset plus a fingerprint of the request, so a token cannot be replayed on another query.
 */
import { createHash } from 'node:crypto';
import { jiraError } from '../http/errors.ts';

function fingerprint(scope: string): string {
  return createHash('sha256').update(scope).digest('base64url').slice(0, 12);
}

export function encodePageToken(offset: number, scope: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint(scope) })).toString('base64url');
}

export function decodePageToken(token: string | null | undefined, scope: string): number {
  if (token === null || token === undefined || token === '') return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const value = parsed as { o?: unknown; f?: unknown } | undefined;
  if (!value || typeof value.o !== 'number' || !Number.isInteger(value.o) || value.o < 0 || value.f !== fingerprint(scope)) {
    throw jiraError(400, 'The provided next page token is invalid or expired.');
  }
  return value.o;
}
