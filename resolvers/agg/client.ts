/**
 * One AGG request: POST {query, variables, operationName} to the configured AGG URL through the
 * transport's fetch (context/info passed through so auth, budget and logging work per caller).
 * Returns data and errors as AGG sent them; deciding what errors mean is the caller's job.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { safeExcerpt } from '../../sources/transport/read-json-body.ts';
import { canonicalError } from '../shared/errors.ts';
import type { ResolverDeps } from '../shared/http.ts';
import { isObject, type RawObject } from '../shared/raw.ts';

export interface AggError {
  message: string;
  path?: Array<string | number>;
  extensions?: RawObject;
}

export interface AggResponse {
  data: RawObject | null;
  errors: AggError[];
}

export interface AggCall {
  deps: ResolverDeps;
  context: unknown;
  info?: GraphQLResolveInfo;
}

export interface AggRequest {
  operationName: string;
  query: string;
  variables: RawObject;
  /** Extra headers for this call only (e.g. X-ExperimentalApi: teams-beta); the transport merges them. */
  headers?: Readonly<Record<string, string>>;
}

export async function aggRequest(call: AggCall, request: AggRequest): Promise<AggResponse> {
  const url = call.deps.settings.upstreams.agg.baseUrl;
  const init: RequestInit = {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...request.headers },
    body: JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName }),
  };
  const response = await call.deps.fetch(url, init, call.context, call.info);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // A 2xx that is not JSON is a bad answer; an error status is the upstream failing (with a page).
    const code = response.ok ? 'UPSTREAM_BAD_RESPONSE' : 'UPSTREAM_ERROR';
    const excerpt = safeExcerpt(text);
    throw canonicalError(code, `AGG returned a body that is not JSON to ${request.operationName} (HTTP ${response.status})${excerpt ? `: ${JSON.stringify(excerpt)}` : ''}`, {
      upstream: 'agg',
      status: response.status,
      excerpt,
    });
  }
  // AGG answers validation and opt-in failures with 4xx and a GraphQL body: keep its errors.
  if (isObject(body) && (Array.isArray(body.errors) || 'data' in body)) {
    return { data: isObject(body.data) ? body.data : null, errors: parseErrors(body.errors) };
  }
  throw canonicalError(response.ok ? 'UPSTREAM_BAD_RESPONSE' : 'UPSTREAM_ERROR', `AGG answered HTTP ${response.status} to ${request.operationName} without a GraphQL result`, {
    upstream: 'agg',
    status: response.status,
  });
}

function parseErrors(value: unknown): AggError[] {
  if (!Array.isArray(value)) return [];
  return value.map((raw): AggError => {
    if (!isObject(raw)) return { message: String(raw) };
    const path = Array.isArray(raw.path) ? raw.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number') : undefined;
    return {
      message: typeof raw.message === 'string' ? raw.message : 'AGG error without a message',
      ...(path ? { path } : {}),
      ...(isObject(raw.extensions) ? { extensions: raw.extensions } : {}),
    };
  });
}
