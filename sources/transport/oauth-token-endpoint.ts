/**
 * One call to Atlassian's OAuth 2.0 token endpoint (JSON in, JSON out). Shared by the gateway's
 * token refresh and the login helper's code exchange; each decides what a failure means for its
 * user (a GraphQL error, or a CLI message).
 */
export interface TokenEndpointAnswer {
  status: number;
  ok: boolean;
  /** The answer when it is a JSON object (success and OAuth error answers both are). */
  body: Record<string, unknown> | undefined;
}

export type TokenEndpointFetch = (input: string, init?: RequestInit) => Promise<Response>;

export async function callTokenEndpoint(fetchImpl: TokenEndpointFetch, tokenUrl: string, grant: Record<string, string>, signal?: AbortSignal): Promise<TokenEndpointAnswer> {
  const response = await fetchImpl(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(grant),
    ...(signal ? { signal } : {}),
  });
  return { status: response.status, ok: response.ok, body: parseJsonObject(await response.text()) };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
