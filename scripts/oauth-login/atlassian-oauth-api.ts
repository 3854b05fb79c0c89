/**
 * The two Atlassian calls a login needs: exchanging the authorization code for tokens, and listing
 * the sites (cloud ids) the tokens can reach. Errors name the endpoint and status, never a token.
 */
import { callTokenEndpoint, type TokenEndpointAnswer, type TokenEndpointFetch } from '../../sources/transport/oauth-token-endpoint.ts';
import { OAuthLoginError, scrubSecrets } from './errors.ts';

export type FetchFn = TokenEndpointFetch;

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Lifetime of the access token in seconds. */
  expiresIn?: number;
  scope?: string;
  tokenType?: string;
}

export interface CodeExchangeInput {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  code: string;
  redirectUri: string;
}

export async function exchangeAuthorizationCode(input: CodeExchangeInput, fetchFn: FetchFn = fetch): Promise<TokenSet> {
  const secrets = [input.clientSecret, input.code];
  let response: TokenEndpointAnswer;
  try {
    const grant = { grant_type: 'authorization_code', client_id: input.clientId, client_secret: input.clientSecret, code: input.code, redirect_uri: input.redirectUri };
    response = await callTokenEndpoint(fetchFn, input.tokenUrl, grant);
  } catch (error) {
    throw new OAuthLoginError(
      scrubSecrets(`Could not reach the token endpoint ${input.tokenUrl}: ${describeCause(error)}`, secrets),
    );
  }
  const { body } = response;
  if (!response.ok) {
    throw new OAuthLoginError(
      scrubSecrets(`The token endpoint ${input.tokenUrl} refused the code: HTTP ${response.status}${describeOAuthError(body)}.`, secrets),
    );
  }
  const accessToken = field(body, 'access_token');
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new OAuthLoginError(`The token endpoint ${input.tokenUrl} answered HTTP ${response.status} without an access_token.`);
  }
  const refreshToken = field(body, 'refresh_token');
  const expiresIn = field(body, 'expires_in');
  const scope = field(body, 'scope');
  const tokenType = field(body, 'token_type');
  return {
    accessToken,
    ...(typeof refreshToken === 'string' && refreshToken !== '' ? { refreshToken } : {}),
    ...(typeof expiresIn === 'number' && Number.isFinite(expiresIn) ? { expiresIn } : {}),
    ...(typeof scope === 'string' ? { scope } : {}),
    ...(typeof tokenType === 'string' ? { tokenType } : {}),
  };
}

export interface AccessibleResource {
  /** The cloud id. */
  id: string;
  name: string;
  url: string;
  scopes: string[];
}

export async function listAccessibleResources(
  apiBaseUrl: string,
  accessToken: string,
  fetchFn: FetchFn = fetch,
): Promise<AccessibleResource[]> {
  const url = `${apiBaseUrl.replace(/\/+$/, '')}/oauth/token/accessible-resources`;
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
  } catch (error) {
    throw new OAuthLoginError(scrubSecrets(`Could not reach ${url}: ${describeCause(error)}`, [accessToken]));
  }
  const body = await readJson(response);
  if (!response.ok) {
    throw new OAuthLoginError(scrubSecrets(`${url} answered HTTP ${response.status}${describeOAuthError(body)}.`, [accessToken]));
  }
  if (!Array.isArray(body)) throw new OAuthLoginError(`${url} did not answer with a JSON array of sites.`);
  return body.map((item, index) => {
    const id = field(item, 'id');
    if (typeof id !== 'string' || id === '') throw new OAuthLoginError(`${url}: site ${index + 1} has no id.`);
    const name = field(item, 'name');
    const siteUrl = field(item, 'url');
    const scopes = field(item, 'scopes');
    return {
      id,
      name: typeof name === 'string' ? name : '',
      url: typeof siteUrl === 'string' ? siteUrl : '',
      scopes: Array.isArray(scopes) ? scopes.filter((scope): scope is string => typeof scope === 'string') : [],
    };
  });
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

/** `: invalid_grant (Invalid authorization code)` from an OAuth error body; only those two fields are shown. */
function describeOAuthError(body: unknown): string {
  const error = field(body, 'error');
  const description = field(body, 'error_description') ?? field(body, 'message');
  const parts = [typeof error === 'string' ? error.slice(0, 100) : '', typeof description === 'string' ? `(${description.slice(0, 200)})` : '']
    .filter((part) => part !== '')
    .join(' ');
  return parts === '' ? '' : `: ${parts}`;
}

function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
