/**
 * Options of `npm run oauth:login`, from command-line flags with environment fallbacks. The client
 * secret is read only from the environment (or .env): on a command line it would land in shell
 * history and process listings.
 */
import { parseArgs } from 'node:util';
import { OAuthLoginError } from './errors.ts';
import type { TokenFileFormat } from './token-file.ts';

export const DEFAULT_AUTHORIZE_URL = 'https://auth.atlassian.com/authorize';
export const DEFAULT_TOKEN_URL = 'https://auth.atlassian.com/oauth/token';
export const DEFAULT_API_BASE_URL = 'https://api.atlassian.com';
export const DEFAULT_REDIRECT_URI = 'http://localhost:8080/callback';
export const DEFAULT_SCOPES = ['read:jira-work', 'read:jira-user', 'offline_access'];
export const DEFAULT_TIMEOUT_SECONDS = 300;

export interface OAuthLoginOptions {
  clientId: string;
  clientSecret: string;
  /** Always includes offline_access, so a refresh token is issued. */
  scopes: string[];
  redirectUri: string;
  authorizeUrl: string;
  tokenUrl: string;
  apiBaseUrl: string;
  /** Token file to create (mode 0600). */
  output?: string;
  force: boolean;
  format: TokenFileFormat;
  printTokens: boolean;
  printAccessibleResources: boolean;
  timeoutMs: number;
  /** Try to open the authorization URL in the default browser (CLI only). */
  openBrowser: boolean;
}

export const USAGE = `Usage: npm run oauth:login -- [options]

Runs the Atlassian OAuth 2.0 (3LO) authorization-code flow with a local callback server.
Needs ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET (environment or .env).

  --output <file>                 write the tokens to <file> (created with mode 0600)
  --force                         replace <file> if it exists
  --format env|json               token file format (default env: ATLASSIAN_OAUTH_* lines)
  --print-tokens                  print the tokens to stdout (nothing else ever prints them)
  --print-accessible-resources    list the sites (cloud ids) the tokens can reach
  --scope <scopes>                space-separated scopes (default "${DEFAULT_SCOPES.join(' ')}";
                                  offline_access is always added)   env ATLASSIAN_OAUTH_SCOPES
  --redirect-uri <uri>            must match the app's callback URL (default ${DEFAULT_REDIRECT_URI})
                                  env ATLASSIAN_OAUTH_REDIRECT_URI
  --client-id <id>                env ATLASSIAN_CLIENT_ID
  --authorize-url <url>           env ATLASSIAN_OAUTH_AUTHORIZE_URL (default ${DEFAULT_AUTHORIZE_URL})
  --token-url <url>               env ATLASSIAN_OAUTH_TOKEN_URL (default ${DEFAULT_TOKEN_URL})
  --api-base-url <url>            env ATLASSIAN_API_BASE_URL (default ${DEFAULT_API_BASE_URL})
  --timeout-seconds <n>           how long to wait for the browser callback (default ${DEFAULT_TIMEOUT_SECONDS})
  --open                          open the URL in the default browser
  --help                          show this text`;

export class UsageRequested extends Error {}

export function parseOAuthLoginArgs(argv: readonly string[], env: Record<string, string | undefined>): OAuthLoginOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        output: { type: 'string' },
        force: { type: 'boolean' },
        format: { type: 'string' },
        'print-tokens': { type: 'boolean' },
        'print-accessible-resources': { type: 'boolean' },
        scope: { type: 'string' },
        'redirect-uri': { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'authorize-url': { type: 'string' },
        'token-url': { type: 'string' },
        'api-base-url': { type: 'string' },
        'timeout-seconds': { type: 'string' },
        open: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new OAuthLoginError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  if (values['help'] === true) throw new UsageRequested(USAGE);
  if (values['client-secret'] !== undefined) {
    throw new OAuthLoginError('Pass the client secret as ATLASSIAN_CLIENT_SECRET (environment or .env), not on the command line.');
  }
  const text = (flag: string, variable: string | undefined): string | undefined => {
    const value = (values[flag] as string | undefined) ?? (variable === undefined ? undefined : env[variable]);
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const clientId = text('client-id', 'ATLASSIAN_CLIENT_ID');
  if (clientId === undefined) throw new OAuthLoginError('Set ATLASSIAN_CLIENT_ID (or --client-id) to the app\'s client id from the Atlassian developer console.');
  const clientSecret = env['ATLASSIAN_CLIENT_SECRET']?.trim();
  if (!clientSecret) throw new OAuthLoginError('Set ATLASSIAN_CLIENT_SECRET (environment or .env) to the app\'s client secret.');

  const scopes = (text('scope', 'ATLASSIAN_OAUTH_SCOPES')?.split(/[\s,]+/) ?? DEFAULT_SCOPES).filter((scope) => scope !== '');
  if (!scopes.includes('offline_access')) scopes.push('offline_access');

  const format = text('format', undefined) ?? 'env';
  if (format !== 'env' && format !== 'json') throw new OAuthLoginError('--format must be env or json.');
  const timeoutText = text('timeout-seconds', undefined);
  const timeoutSeconds = timeoutText === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(timeoutText);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 3600) {
    throw new OAuthLoginError('--timeout-seconds must be a whole number from 1 to 3600.');
  }

  const options: OAuthLoginOptions = {
    clientId,
    clientSecret,
    scopes,
    redirectUri: checkRedirectUri(text('redirect-uri', 'ATLASSIAN_OAUTH_REDIRECT_URI') ?? DEFAULT_REDIRECT_URI),
    authorizeUrl: checkServiceUrl('--authorize-url / ATLASSIAN_OAUTH_AUTHORIZE_URL', text('authorize-url', 'ATLASSIAN_OAUTH_AUTHORIZE_URL') ?? DEFAULT_AUTHORIZE_URL),
    tokenUrl: checkServiceUrl('--token-url / ATLASSIAN_OAUTH_TOKEN_URL', text('token-url', 'ATLASSIAN_OAUTH_TOKEN_URL') ?? DEFAULT_TOKEN_URL),
    apiBaseUrl: checkServiceUrl('--api-base-url / ATLASSIAN_API_BASE_URL', text('api-base-url', 'ATLASSIAN_API_BASE_URL') ?? DEFAULT_API_BASE_URL),
    force: values['force'] === true,
    format,
    printTokens: values['print-tokens'] === true,
    printAccessibleResources: values['print-accessible-resources'] === true,
    timeoutMs: timeoutSeconds * 1000,
    openBrowser: values['open'] === true,
  };
  const output = text('output', undefined);
  if (output !== undefined) options.output = output;
  checkSomethingToDo(options);
  return options;
}

/** A login whose tokens go nowhere would only waste the user's time. */
export function checkSomethingToDo(options: Pick<OAuthLoginOptions, 'output' | 'printTokens' | 'printAccessibleResources'>): void {
  if (options.output === undefined && !options.printTokens && !options.printAccessibleResources) {
    throw new OAuthLoginError('Nothing to do: pass --output <file>, --print-tokens and/or --print-accessible-resources.');
  }
}

/** The callback is served here over plain http, so it must stay on this machine. */
export function checkRedirectUri(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OAuthLoginError(`Redirect URI "${value}" is not a URL; expected e.g. ${DEFAULT_REDIRECT_URI}.`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'http:' || !loopback) {
    throw new OAuthLoginError(`Redirect URI must be http://localhost, http://127.0.0.1 or http://[::1] (with a port and path), e.g. ${DEFAULT_REDIRECT_URI}.`);
  }
  return url.href;
}

function checkServiceUrl(label: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OAuthLoginError(`${label} is not a valid URL.`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new OAuthLoginError(`${label} must be https:// (plain http only for localhost or 127.0.0.1).`);
  }
  return url.href.replace(/\/+$/, '');
}
