/**
 * Errors the transport throws. All are GraphQLErrors with `extensions.code`, so resolvers, Mesh's
 * handlers and yoga pass them to the client unmasked. Their `name` stays "GraphQLError" on purpose:
 * @graphql-tools/executor-http (Mesh's graphql handler) passes an error through unchanged only
 * when `error.name === 'GraphQLError'`. Messages name the upstream and never carry a credential
 * or a query string.
 */
import { GraphQLError } from 'graphql';

export type TransportErrorCode =
  | 'RATE_LIMITED'
  | 'LOCAL_RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UNAUTHENTICATED'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_TOO_LARGE'
  | 'UPSTREAM_NOT_ALLOWED';

/** Who failed: `upstream` is a stable key (agg, jira, …, oauth), `label` its human name. */
export interface UpstreamRef {
  upstream: string;
  label: string;
}

export type RateLimitReason = 'unparseable' | 'missing-header' | 'wait-exceeds-cap' | 'retries-exhausted';

export interface RateLimitDetails extends UpstreamRef {
  reason: RateLimitReason;
  /** ISO timestamp the upstream asked to wait until (null when it could not be parsed). */
  retryAt: string | null;
  waitSeconds: number | null;
  maxWaitSeconds: number;
  /** HTTP 429 responses received for this call. */
  attempts: number;
  /** Name of the header the reset time came from. */
  header: 'Retry-After' | 'X-RateLimit-Reset' | null;
  rawHeader: string | null;
}

const MAX_HEADER_ECHO = 100;

function quoteHeader(raw: string | null): string {
  return raw === null ? 'none' : JSON.stringify(raw.slice(0, MAX_HEADER_ECHO));
}

function rateLimitMessage(details: RateLimitDetails): string {
  const prefix = `${details.label} rate limited the request (HTTP 429)`;
  switch (details.reason) {
    case 'missing-header':
      return `${prefix} without a Retry-After or X-RateLimit-Reset header, so there is no safe time to retry.`;
    case 'unparseable':
      return `${prefix} and its ${details.header} header ${quoteHeader(details.rawHeader)} is neither a timestamp nor a number of seconds.`;
    case 'wait-exceeds-cap':
      return `${prefix} until ${details.retryAt}: waiting ${details.waitSeconds}s exceeds the ${details.maxWaitSeconds}s cap (ATLASSIAN_MAX_WAIT_SECONDS).`;
    case 'retries-exhausted':
      return `${prefix} ${details.attempts} times in a row; giving up after ${details.attempts - 1} retries (ATLASSIAN_MAX_RETRIES_429). Last ${details.header ?? 'reset header'}: ${quoteHeader(details.rawHeader)}, reset at ${details.retryAt ?? 'unknown'}.`;
  }
}

export class RateLimitError extends GraphQLError {
  readonly details: RateLimitDetails;
  constructor(details: RateLimitDetails) {
    const rawHeader = details.rawHeader === null ? null : details.rawHeader.slice(0, MAX_HEADER_ECHO);
    const safe = { ...details, rawHeader };
    super(rateLimitMessage(safe), { extensions: { code: 'RATE_LIMITED', ...safe } });
    this.details = safe;
  }
}

export interface LocalRateLimitDetails extends UpstreamRef {
  cost: number;
  capacity: number;
  /** null when the call can never fit the bucket. */
  waitSeconds: number | null;
  maxWaitSeconds: number;
}

export class LocalRateLimitError extends GraphQLError {
  constructor(details: LocalRateLimitDetails) {
    const message =
      details.waitSeconds === null
        ? `Local request budget for ${details.label}: a call costing ${details.cost} points can never fit the ${details.capacity}-point bucket (ATLASSIAN_BUDGET_CAPACITY).`
        : `Local request budget for ${details.label} is exhausted: a call costing ${details.cost} points would wait ${details.waitSeconds}s, more than the ${details.maxWaitSeconds}s cap (ATLASSIAN_MAX_WAIT_SECONDS).`;
    super(message, { extensions: { code: 'LOCAL_RATE_LIMITED', ...details } });
  }
}

export class UpstreamUnavailableError extends GraphQLError {
  constructor(ref: UpstreamRef & { origin: string; cause: string }) {
    super(`${ref.label} is unavailable: the connection to ${ref.origin} failed (${ref.cause}).`, {
      extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: ref.upstream, origin: ref.origin, cause: ref.cause },
    });
  }
}

export class UpstreamTimeoutError extends GraphQLError {
  constructor(ref: UpstreamRef & { timeoutMs: number; timeoutVariable: string }) {
    super(`${ref.label} did not answer within ${ref.timeoutMs} ms (${ref.timeoutVariable}).`, {
      extensions: { code: 'UPSTREAM_TIMEOUT', upstream: ref.upstream, timeoutMs: ref.timeoutMs },
    });
  }
}

export class UnauthenticatedError extends GraphQLError {
  constructor(ref: UpstreamRef & { reason: string; status?: number }) {
    super(`${ref.label}: not authenticated. ${ref.reason}`, {
      extensions: {
        code: 'UNAUTHENTICATED',
        upstream: ref.upstream,
        ...(ref.status !== undefined ? { status: ref.status } : {}),
      },
    });
  }
}

export class UpstreamBadResponseError extends GraphQLError {
  constructor(ref: UpstreamRef & { status: number; contentType: string | null; excerpt: string; problem: string }) {
    super(`${ref.label} returned ${ref.problem} (HTTP ${ref.status}, ${ref.contentType ?? 'no content type'}): ${JSON.stringify(ref.excerpt)}`, {
      extensions: {
        code: 'UPSTREAM_BAD_RESPONSE',
        upstream: ref.upstream,
        status: ref.status,
        contentType: ref.contentType,
        excerpt: ref.excerpt,
      },
    });
  }
}

/** The upstream's answer passed the byte limit; it was cut off, not read whole. */
export class UpstreamTooLargeError extends GraphQLError {
  constructor(ref: UpstreamRef & { maxBytes: number }) {
    super(
      `${ref.label} answered more than ${ref.maxBytes} bytes (UPSTREAM_MAX_BODY_BYTES): ask for less (fewer fields, a smaller page) or raise the limit.`,
      { extensions: { code: 'UPSTREAM_TOO_LARGE', upstream: ref.upstream, maxBytes: ref.maxBytes } },
    );
  }
}

/** The upstream answered with a redirect: credentials and request bodies must not follow it. */
export class UpstreamRedirectError extends GraphQLError {
  constructor(ref: UpstreamRef & { status: number; location: string | null; base: string }) {
    let target = 'an unreadable location';
    try {
      if (ref.location !== null) target = new URL(ref.location, ref.base).origin;
    } catch {
      // Keep the generic wording: the Location header is not a URL.
    }
    super(
      `${ref.label} answered HTTP ${ref.status}, a redirect to ${target}: the gateway does not follow redirects (its credential and the request body must not leave the upstream it is configured for).`,
      { extensions: { code: 'UPSTREAM_BAD_RESPONSE', upstream: ref.upstream, status: ref.status, redirectTo: target } },
    );
  }
}

/** Which caller arguments put a refused value into the URL (when the transport can tell). */
export interface RefusedUrlSource {
  /** The GraphQL field whose resolver built the URL. */
  field?: string;
  /** Its arguments whose values appear in the URL's path. */
  arguments: string[];
}

function sourceNote(source: RefusedUrlSource | undefined): string {
  if (source === undefined || source.arguments.length === 0) return '';
  const field = source.field === undefined ? '' : ` of ${source.field}`;
  return ` The value of argument ${source.arguments.join(', ')}${field} put it there.`;
}

/** The URL is not under a configured upstream's API: the gateway is not an open proxy. */
export class UpstreamNotAllowedError extends GraphQLError {
  constructor(target: string, source?: RefusedUrlSource) {
    super(
      `Refused to fetch ${target}: it is not under any configured upstream's API (ATLASSIAN_GQL_BASE_URL, ATLASSIAN_JIRA_BASE_URL, ATLASSIAN_JIRA_SOFTWARE_BASE_URL, SRHT_TODO_URL).${sourceNote(source)}`,
      { extensions: { code: 'UPSTREAM_NOT_ALLOWED', target, ...(source !== undefined && source.arguments.length > 0 ? { arguments: source.arguments, ...(source.field !== undefined ? { field: source.field } : {}) } : {}) } },
    );
  }
}

/** The URL as written would not stay where it says (dot segments, encoded separators...). */
export class UnsafeUpstreamPathError extends GraphQLError {
  constructor(path: string, reason: string, source?: RefusedUrlSource) {
    const shown = JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}...` : path);
    super(`Refused to send a request for path ${shown}: ${reason}.${sourceNote(source)}`, {
      extensions: { code: 'UPSTREAM_NOT_ALLOWED', reason, ...(source !== undefined && source.arguments.length > 0 ? { arguments: source.arguments, ...(source.field !== undefined ? { field: source.field } : {}) } : {}) },
    });
  }
}
