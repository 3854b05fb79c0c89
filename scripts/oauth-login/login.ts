/**
 * The whole login: callback server up, authorization URL shown (and handed to `openBrowser`), code
 * checked and exchanged, tokens written or printed, sites listed. Everything outside the process
 * goes through `io`, so the test drives it against a fake authorization server.
 */
import { randomBytes } from 'node:crypto';
import { buildAuthorizeUrl } from './authorize-url.ts';
import { type AccessibleResource, exchangeAuthorizationCode, type FetchFn, listAccessibleResources } from './atlassian-oauth-api.ts';
import { startCallbackServer } from './callback-server.ts';
import { OAuthLoginError } from './errors.ts';
import { checkSomethingToDo, type OAuthLoginOptions } from './options.ts';
import { checkTokenFileTarget, formatTokens, writeTokenFile } from './token-file.ts';

export interface OAuthLoginIO {
  /** Results a script may capture: tokens (only with --print-tokens) and the site list. */
  stdout(line: string): void;
  /** Progress and instructions for the person at the terminal. */
  stderr(line: string): void;
  /** Shows the authorization URL to the user; the test "visits" it and follows the redirect. */
  openBrowser(url: string): Promise<void> | void;
  fetch?: FetchFn;
  now?: () => Date;
  /** Random `state`; replaceable so a test can predict it. */
  createState?: () => string;
}

export interface OAuthLoginResult {
  /** Where the tokens were written, if anywhere. */
  outputPath?: string;
  scope?: string;
  /** ISO time the access token expires. */
  expiresAt?: string;
  hasRefreshToken: boolean;
  accessibleResources?: AccessibleResource[];
}

export async function runOAuthLogin(options: OAuthLoginOptions, io: OAuthLoginIO): Promise<OAuthLoginResult> {
  checkSomethingToDo(options);
  if (options.output !== undefined) await checkTokenFileTarget(options.output, options.force);
  const fetchFn = io.fetch ?? fetch;
  const now = io.now ?? (() => new Date());
  const state = (io.createState ?? (() => randomBytes(32).toString('base64url')))();

  const server = await startCallbackServer(options.redirectUri, state, options.timeoutMs);
  let code: string;
  try {
    // Observe the outcome now: the callback may fail while openBrowser is still running.
    const outcome = server.code.then(
      (value) => ({ code: value }),
      (error: unknown) => ({ error }),
    );
    const url = buildAuthorizeUrl({
      authorizeUrl: options.authorizeUrl,
      clientId: options.clientId,
      scopes: options.scopes,
      redirectUri: server.redirectUri,
      state,
    });
    io.stderr(`Waiting for the OAuth callback on ${server.redirectUri}`);
    io.stderr('Open this URL in a browser, sign in and approve access:');
    io.stderr(url);
    try {
      await io.openBrowser(url);
    } catch (error) {
      io.stderr(`Could not open a browser (${(error as Error).message}); open the URL above yourself.`);
    }
    const result = await outcome;
    if ('error' in result) throw result.error;
    code = result.code;
  } finally {
    await server.close();
  }

  io.stderr('Authorization granted; exchanging the code for tokens.');
  const obtainedAt = now();
  const tokens = await exchangeAuthorizationCode(
    { tokenUrl: options.tokenUrl, clientId: options.clientId, clientSecret: options.clientSecret, code, redirectUri: server.redirectUri },
    fetchFn,
  );
  const result: OAuthLoginResult = { hasRefreshToken: tokens.refreshToken !== undefined };
  if (tokens.scope !== undefined) result.scope = tokens.scope;
  if (tokens.expiresIn !== undefined) result.expiresAt = new Date(obtainedAt.getTime() + tokens.expiresIn * 1000).toISOString();
  if (!result.hasRefreshToken) {
    io.stderr('Warning: no refresh token was issued (is offline_access among the app\'s scopes?); the access token will expire.');
  }

  if (options.output !== undefined) {
    await writeTokenFile(options.output, formatTokens({ tokens, clientId: options.clientId, obtainedAt }, options.format), options.force);
    result.outputPath = options.output;
    io.stderr(`Tokens written to ${options.output} (mode 0600).`);
  }
  if (options.printTokens) {
    for (const line of formatTokens({ tokens, clientId: options.clientId, obtainedAt }, options.format).trimEnd().split('\n')) {
      io.stdout(line);
    }
  }
  if (options.printAccessibleResources) {
    const resources = await listAccessibleResources(options.apiBaseUrl, tokens.accessToken, fetchFn);
    result.accessibleResources = resources;
    if (resources.length === 0) {
      io.stderr('The tokens reach no Atlassian site: was a site selected on the consent screen?');
    } else {
      io.stderr('Accessible sites (cloud id, name, url):');
      for (const resource of resources) io.stdout(`${resource.id}\t${resource.name}\t${resource.url}`);
      io.stderr('Set ATLASSIAN_CLOUD_ID to the cloud id of the site the gateway should use.');
    }
  }
  return result;
}

export { OAuthLoginError };
