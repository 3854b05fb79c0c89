/**
 * One AGG request: POST {query, variables, operationName} to the configured AGG URL through the
 * transport's fetch (context/info passed through so auth, budget and logging work per caller).
 * Returns data and errors as AGG sent them; deciding what errors mean is the caller's job.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../sources/context.ts';
import { safeExcerpt } from '../../sources/transport/read-json-body.ts';
import { canonicalError } from '../shared/errors.ts';
import type { CallContext } from '../shared/http.ts';
import { isObject, type RawObject } from '../shared/raw.ts';
import { operationHeaders, type AggOperation } from './operations/define.ts';

export interface AggError {
  message: string;
  path?: Array<string | number>;
  extensions?: RawObject;
}

export interface AggResponse {
  data: RawObject | null;
  errors: AggError[];
}

/**
 * One request of a registered operation: its declared headers (X-ExperimentalApi and the like)
 * always go with it; the transport merges configured and caller opt-ins into X-ExperimentalApi.
 */
export async function aggRequest(call: CallContext, operation: AggOperation, variables: RawObject): Promise<AggResponse> {
  const url = call.deps.settings.upstreams.agg.baseUrl;
  const init: RequestInit = {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...operationHeaders(operation) },
    body: JSON.stringify({ query: operation.document, variables, operationName: operation.name }),
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
    throw canonicalError(code, `AGG returned a body that is not JSON to ${operation.name} (HTTP ${response.status})${excerpt ? `: ${JSON.stringify(excerpt)}` : ''}`, {
      upstream: 'agg',
      status: response.status,
      excerpt,
    });
  }
  // AGG answers validation and opt-in failures with 4xx and a GraphQL body: keep its errors.
  if (isObject(body) && (Array.isArray(body.errors) || 'data' in body)) {
    return { data: isObject(body.data) ? body.data : null, errors: parseErrors(body.errors) };
  }
  throw canonicalError(response.ok ? 'UPSTREAM_BAD_RESPONSE' : 'UPSTREAM_ERROR', `AGG answered HTTP ${response.status} to ${operation.name} without a GraphQL result`, {
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
