/** Which configured upstream a URL belongs to, and how upstreams are named in messages. */
import type { UpstreamName, UpstreamSettings } from '../config/types.ts';

export const UPSTREAM_LABELS: Record<UpstreamName, string> = {
  agg: 'Atlassian GraphQL Gateway (AGG)',
  jira: 'Jira REST',
  jiraSoftware: 'Jira Software REST',
  srht: 'todo.sr.ht',
};

export const TIMEOUT_VARIABLES: Record<UpstreamName, string> = {
  agg: 'AGG_TIMEOUT_MS',
  jira: 'JIRA_TIMEOUT_MS',
  jiraSoftware: 'JIRA_SOFTWARE_TIMEOUT_MS',
  srht: 'SRHT_TIMEOUT_MS',
};

/** Upstreams that accept Atlassian credentials (the caller's, when forwarding is on). */
export function isAtlassianUpstream(name: UpstreamName): boolean {
  return name !== 'srht';
}

/** Matches the OAuth Jira base `…/ex/jira/{cloudId}`: other cloud ids of the same user are allowed. */
const OAUTH_JIRA_PATH = /^\/ex\/jira\/[^/]+$/;

interface Candidate {
  upstream: UpstreamSettings;
  /** Length of the matched base path; the most specific base wins. */
  score: number;
  /** Path below the base, e.g. /rest/api/3/issue/DEV-1. */
  relativePath: string;
}

export interface UpstreamMatch {
  upstream: UpstreamSettings;
  relativePath: string;
}

/** Base URLs are fixed settings: parsed once per upstream object, not on every call. */
const parsedBases = new WeakMap<UpstreamSettings, { baseUrl: string; origin: string; basePath: string }>();

function parsedBase(upstream: UpstreamSettings): { origin: string; basePath: string } {
  let parsed = parsedBases.get(upstream);
  // Keyed by object, checked by value: a caller that edits baseUrl in place still gets the right answer.
  if (parsed === undefined || parsed.baseUrl !== upstream.baseUrl) {
    const base = new URL(upstream.baseUrl);
    parsed = { baseUrl: upstream.baseUrl, origin: base.origin, basePath: base.pathname.replace(/\/+$/, '') };
    parsedBases.set(upstream, parsed);
  }
  return parsed;
}

/**
 * What each upstream's API is, below its base URL. Jira's base is a whole site (`https://x.atlassian.net`,
 * or `/ex/jira/{cloudId}` on api.atlassian.com) that also serves Confluence (`/wiki/...`) and more
 * with the same credential; only `/rest/...` is Jira's API. AGG and todo.sr.ht are one endpoint each.
 */
function isApiPath(upstream: UpstreamName, relativePath: string): boolean {
  switch (upstream) {
    case 'jira':
    case 'jiraSoftware':
      return relativePath.startsWith('/rest/');
    case 'agg':
    case 'srht':
      return relativePath === '/';
  }
}

/** Encoded separators and NUL: an upstream that decodes them before routing would see other segments. */
const ENCODED_SEPARATOR = /%(2f|5c|00)/i;

/** The path of an absolute URL as written: from the first `/` after the authority to `?` or `#`. */
function rawPathOf(raw: string): string | undefined {
  const schemeEnd = raw.indexOf('://');
  if (schemeEnd <= 0) return undefined;
  let start = schemeEnd + 3;
  while (start < raw.length && raw[start] !== '/' && raw[start] !== '?' && raw[start] !== '#') start++;
  let end = start;
  while (end < raw.length && raw[end] !== '?' && raw[end] !== '#') end++;
  if (raw.indexOf('#', end) !== -1) return undefined;
  return start === end ? '/' : raw.slice(start, end);
}

/**
 * Why the URL as written is not safe to send, or undefined. Judged on the raw string: `new URL`
 * resolves `..`, `%2e%2e` and `\` before anyone could look, so a path that changes when parsed,
 * holds an empty segment, an encoded separator, or a fragment is refused.
 */
export function rawPathProblem(raw: string, parsed: URL): string | undefined {
  const path = rawPathOf(raw);
  if (path === undefined) return 'it is not a plain absolute URL (or carries a #fragment)';
  if (path !== parsed.pathname) return 'its path changes when resolved (dot segments, backslashes or unencoded characters)';
  // An empty segment anywhere but a trailing slash.
  const doubled = path.indexOf('//');
  if (doubled !== -1) return 'its path has an empty segment';
  if (ENCODED_SEPARATOR.test(path)) return 'its path holds an encoded separator (%2F, %5C or %00)';
  return undefined;
}

export function matchUpstream(target: URL, upstreams: Record<UpstreamName, UpstreamSettings>): UpstreamMatch | undefined {
  const candidates: Candidate[] = [];
  for (const upstream of Object.values(upstreams)) {
    const { origin, basePath } = parsedBase(upstream);
    if (origin !== target.origin) continue;
    if (pathIsUnder(target.pathname, basePath)) {
      candidates.push({ upstream, score: basePath.length, relativePath: target.pathname.slice(basePath.length) });
      continue;
    }
    if (upstream.name !== 'agg' && OAUTH_JIRA_PATH.test(basePath)) {
      const other = /^\/ex\/jira\/[A-Za-z0-9-]+/.exec(target.pathname);
      if (other !== null && pathIsUnder(target.pathname, other[0])) {
        candidates.push({ upstream, score: other[0].length - 1, relativePath: target.pathname.slice(other[0].length) });
      }
    }
  }
  if (candidates.length === 0) return undefined;
  const best = Math.max(...candidates.map((candidate) => candidate.score));
  const top = candidates.filter((candidate) => candidate.score === best);
  // Jira and Jira Software usually share one base; the agile API path tells them apart.
  const wanted: UpstreamName = /^\/rest\/agile\//.test(top[0].relativePath) ? 'jiraSoftware' : 'jira';
  const chosen = top.find((candidate) => candidate.upstream.name === wanted) ?? top[0];
  const relativePath = chosen.relativePath || '/';
  return isApiPath(chosen.upstream.name, relativePath) ? { upstream: chosen.upstream, relativePath } : undefined;
}

function pathIsUnder(path: string, basePath: string): boolean {
  return basePath === '' || path === basePath || path.startsWith(`${basePath}/`);
}

/** origin + path: safe to log and to show (a query string may carry anything). */
export function describeEndpoint(target: URL): string {
  return `${target.origin}${target.pathname}`;
}
