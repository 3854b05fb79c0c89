/** The Atlassian 3LO authorization URL a user opens to grant the app access. */

export const ATLASSIAN_AUDIENCE = 'api.atlassian.com';

export interface AuthorizeUrlInput {
  authorizeUrl: string;
  clientId: string;
  scopes: readonly string[];
  redirectUri: string;
  state: string;
}

export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  const url = new URL(input.authorizeUrl);
  url.searchParams.set('audience', ATLASSIAN_AUDIENCE);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('scope', input.scopes.join(' '));
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('state', input.state);
  url.searchParams.set('response_type', 'code');
  // Always show the consent screen, so a refresh token is issued even if the app was approved before.
  url.searchParams.set('prompt', 'consent');
  // URLSearchParams writes spaces as "+"; Atlassian's documented form is %20 between scopes.
  url.search = url.search.replace(/\+/g, '%20');
  return url.href;
}
