import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLError } from 'graphql';
import type { GatewaySettings, UpstreamName } from '../../sources/config/types.ts';
import type { GatewayContext } from '../../sources/context.ts';
import { readJsonBody, safeExcerpt } from '../../sources/transport/read-json-body.ts';
import { UPSTREAM_LABELS } from '../../sources/transport/upstreams.ts';

/** The transport's fetch: context and info pass through so auth, budget and logging work per caller. */
export type UpstreamFetch = (url: string, init?: RequestInit, context?: GatewayContext, info?: GraphQLResolveInfo) => Promise<Response>;

export interface ResolverDeps {
  fetch: UpstreamFetch;
  settings: GatewaySettings;
  /** The time metrics are computed at (epoch ms); injected so tests are exact. Default Date.now. */
  now?: () => number;
}

/** What every fetcher needs besides its own arguments. */
export interface CallContext {
  deps: ResolverDeps;
  /** The request's context; a fresh `{}` for a call outside any GraphQL request (start-up field discovery). */
  context: GatewayContext;
  info?: GraphQLResolveInfo;
}

/**
 * Reads a JSON response body. An error status -> GraphQLError naming the upstream and status with
 * Jira's/GraphQL's own error messages (never headers); a 2xx that is not JSON -> the transport's
 * readJsonBody error (UPSTREAM_BAD_RESPONSE with a redacted excerpt).
 */
export async function readUpstreamJson(response: Response, upstream: UpstreamName): Promise<unknown> {
  if (!response.ok) {
    const text = await response.text();
    throw new GraphQLError(`${UPSTREAM_LABELS[upstream]} answered HTTP ${response.status}${describeBody(text)}`, {
      extensions: { code: 'UPSTREAM_ERROR', upstream, status: response.status },
    });
  }
  return readJsonBody(response, upstream);
}

// Jira error bodies carry errorMessages/errors; a short excerpt helps without echoing headers.
function describeBody(text: string): string {
  try {
    const parsed = JSON.parse(text) as { errorMessages?: unknown; errors?: unknown; message?: unknown };
    const messages: string[] = [];
    if (Array.isArray(parsed.errorMessages)) messages.push(...parsed.errorMessages.map(String));
    if (parsed.errors && typeof parsed.errors === 'object' && !Array.isArray(parsed.errors)) {
      messages.push(...Object.entries(parsed.errors).map(([field, message]) => `${field}: ${String(message)}`));
    } else if (Array.isArray(parsed.errors)) {
      messages.push(...parsed.errors.map((error: { message?: unknown }) => String(error?.message ?? error)));
    }
    if (typeof parsed.message === 'string') messages.push(parsed.message);
    return messages.length > 0 ? `: ${safeExcerpt(messages.join('; '))}` : '';
  } catch {
    return text.trim() === '' ? '' : `: ${safeExcerpt(text)}`;
  }
}

export interface JsonRequest {
  upstream: UpstreamName;
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Turns an HTTP 404 into this error instead of the generic upstream error. */
  onNotFound?: () => GraphQLError;
}

export async function requestJson(call: CallContext, request: JsonRequest): Promise<unknown> {
  const init: RequestInit = {
    method: request.method ?? 'GET',
    headers: request.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  };
  const response = await call.deps.fetch(request.url, init, call.context, call.info);
  if (response.status === 404 && request.onNotFound) {
    await response.body?.cancel();
    throw request.onNotFound();
  }
  return readUpstreamJson(response, request.upstream);
}

export function withQuery(base: string, path: string, query: Record<string, string | number | boolean | string[] | undefined | null>): string {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query)) {
    if (value == null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) url.searchParams.set(name, value.join(','));
    } else url.searchParams.set(name, String(value));
  }
  return url.toString();
}
