/**
 * One call to Atlassian's OAuth 2.0 token endpoint (JSON in, JSON out). Shared by the gateway's
 * token refresh and the login helper's code exchange; each decides what a failure means for its
 * user (a GraphQL error, or a CLI message).
 */
import { UpstreamRedirectError, UpstreamTooLargeError } from './errors.ts';
import { readAtMost } from './read-at-most.ts';

export interface TokenEndpointAnswer {
  status: number;
  ok: boolean;
  /** The answer when it is a JSON object (success and OAuth error answers both are). */
  body: Record<string, unknown> | undefined;
}

export type TokenEndpointFetch = (input: string, init?: RequestInit) => Promise<Response>;

/** How errors name the token endpoint (`upstream` is the stable key). */
export const TOKEN_ENDPOINT = { upstream: 'oauth', label: 'Atlassian OAuth token endpoint' };
/** A token answer is a few KB; anything near this is not one. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * The grant carries the client secret and the refresh token: a redirect is never followed (a 307
 * would post them to wherever it points), and the answer is read only up to MAX_ANSWER_BYTES.
 */
export async function callTokenEndpoint(fetchImpl: TokenEndpointFetch, tokenUrl: string, grant: Record<string, string>, signal?: AbortSignal): Promise<TokenEndpointAnswer> {
  const response = await fetchImpl(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(grant),
    redirect: 'manual',
    ...(signal ? { signal } : {}),
  });
  if (response.status >= 300 && response.status < 400 && response.status !== 304) {
    await response.body?.cancel().catch(() => undefined);
    throw new UpstreamRedirectError({ ...TOKEN_ENDPOINT, status: response.status, location: response.headers.get('location'), base: tokenUrl });
  }
  const bytes = await readAtMost(response.body, MAX_ANSWER_BYTES);
  if (bytes === undefined) throw new UpstreamTooLargeError({ ...TOKEN_ENDPOINT, maxBytes: MAX_ANSWER_BYTES });
  return { status: response.status, ok: response.ok, body: parseJsonObject(bytes.toString('utf8')) };
}


function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
