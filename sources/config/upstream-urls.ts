/** Normalisation of the upstream base URLs the settings loader accepts. */
import { ConfigError } from './types.ts';
import { checkBaseUrl, formatBaseUrl } from './env-values.ts';

export const OAUTH_AGG_URL = 'https://api.atlassian.com/graphql';
export const DEFAULT_SRHT_URL = 'https://todo.sr.ht/query';

/**
 * AGG may be given as a host (`https://api.atlassian.com`, `https://x.atlassian.net/gateway/api`)
 * or as the full GraphQL URL; the settings always hold the full URL ending in /graphql.
 */
export function normaliseAggUrl(name: string, value: string): string {
  const url = checkBaseUrl(name, value);
  // An empty path reads back as "/", hence the strip before appending.
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/graphql')) url.pathname = `${path}/graphql`;
  return formatBaseUrl(url);
}

/** Jira bases are the site root; a pasted `/rest/api/3` (or `/rest/agile/1.0`) suffix is dropped. */
export function normaliseJiraUrl(name: string, value: string, restSuffix: RegExp): string {
  const url = checkBaseUrl(name, value);
  url.pathname = url.pathname.replace(restSuffix, '');
  return formatBaseUrl(url);
}

export const JIRA_REST_SUFFIX = /\/rest\/api\/[23]$/;
export const JIRA_AGILE_SUFFIX = /\/rest\/agile\/1\.0$/;

export function normaliseSrhtUrl(name: string, value: string): string {
  return formatBaseUrl(checkBaseUrl(name, value));
}

export function oauthJiraUrl(cloudId: string): string {
  return `https://api.atlassian.com/ex/jira/${cloudId}`;
}

/** Cloud ids become a URL path segment, so only id characters are allowed. */
export function checkCloudId(name: string, value: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(value)) {
    throw new ConfigError(`${name} must be an Atlassian cloud id (letters, digits and '-'), e.g. 11111111-2222-4333-8444-555555555555.`);
  }
  return value;
}
