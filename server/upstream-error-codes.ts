/**
 * One error code for "the upstream answered with something that is not a usable JSON body",
 * whichever layer noticed it. The canonical resolvers already raise UPSTREAM_BAD_RESPONSE; on the
 * pass-through fields Mesh's REST handler says `Unexpected response in <operation>` (no code) and
 * graphql-tools' HTTP executor says `Unexpected response: <the whole body>` with
 * RESPONSE_VALIDATION_FAILED. Both also copy the raw body into the error (20 MB of it, if that is
 * what came back). Here they become UPSTREAM_BAD_RESPONSE with a short excerpt.
 */
import { safeExcerpt } from '../sources/transport/read-json-body.ts';
import { UPSTREAM_LABELS } from '../sources/transport/upstreams.ts';
import type { UpstreamName } from '../sources/config/types.ts';

/** Source names in .meshrc.yaml -> the transport's upstream names. */
export const UPSTREAM_OF_SOURCE: Record<string, UpstreamName> = { AGG: 'agg', JiraPlatform: 'jira', JiraSoftware: 'jiraSoftware', TodoSrHt: 'srht' };

const REST_UNEXPECTED = /^Unexpected response in (\S+)/;
const HTTP_EXECUTOR_UNEXPECTED = /^Unexpected response: /;
const HTTP_EXECUTOR_EMPTY = /^Unexpected empty "data" and "errors" fields/;

export interface ClassifiedError {
  message: string;
  extensions: Record<string, unknown>;
}

function rawBody(extensions: Record<string, unknown>): unknown {
  const response = extensions.response;
  return response !== null && typeof response === 'object' ? (response as { body?: unknown }).body : undefined;
}

function excerptOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return safeExcerpt(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
}

/** Upstream error bodies Mesh copies into extensions (Jira's errorMessages, say) are kept up to this size. */
const MAX_BODY_CHARS = 4_000;

/** Keeps a useful error body; a huge one (an HTML error page, a 20 MB dump) becomes an excerpt. */
function withBoundedBody(extensions: Record<string, unknown>): Record<string, unknown> {
  const body = rawBody(extensions);
  if (body === undefined || body === null) return extensions;
  const text = typeof body === 'string' ? body : JSON.stringify(body) ?? '';
  if (text.length <= MAX_BODY_CHARS) return extensions;
  const response = extensions.response as Record<string, unknown>;
  return { ...extensions, response: { ...response, body: safeExcerpt(text), bodyTruncatedFrom: text.length } };
}

/** Returns the error unchanged unless it is one of the bad-body shapes above (or carries a huge body). */
export function classifyUpstreamError(message: string, extensions: Record<string, unknown>): ClassifiedError {
  const restMatch = extensions.code === undefined ? REST_UNEXPECTED.exec(message) : null;
  const fromExecutor = extensions.code === 'RESPONSE_VALIDATION_FAILED';
  if (!restMatch && !fromExecutor) return { message, extensions: withBoundedBody(extensions) };

  const source = typeof extensions.subgraph === 'string' ? extensions.subgraph : typeof extensions.serviceName === 'string' ? extensions.serviceName : undefined;
  const upstream = source !== undefined ? UPSTREAM_OF_SOURCE[source] : undefined;
  const label = upstream !== undefined ? UPSTREAM_LABELS[upstream] : 'The upstream';
  const response = extensions.response !== null && typeof extensions.response === 'object' ? (extensions.response as Record<string, unknown>) : undefined;
  const status = typeof response?.status === 'number' ? response.status : undefined;
  const excerpt = restMatch ? excerptOf(rawBody(extensions)) : HTTP_EXECUTOR_UNEXPECTED.test(message) ? excerptOf(message.replace(HTTP_EXECUTOR_UNEXPECTED, '')) : excerptOf(rawBody(extensions));
  const problem = HTTP_EXECUTOR_EMPTY.test(message) ? 'a GraphQL answer with neither data nor errors' : excerpt === '' ? 'an empty body where JSON was expected' : 'a body that is not JSON';
  const operation = restMatch ? ` to ${restMatch[1]}` : '';

  // The raw body goes; everything else Mesh recorded (request, status) stays for debugging.
  const { response: _response, code: originalCode, ...rest } = extensions;
  return {
    message: `${label} returned ${problem}${operation}${status !== undefined ? ` (HTTP ${status})` : ''}${excerpt !== '' ? `: ${JSON.stringify(excerpt)}` : ''}`,
    extensions: {
      ...rest,
      code: 'UPSTREAM_BAD_RESPONSE',
      ...(upstream !== undefined ? { upstream } : {}),
      ...(status !== undefined ? { status } : {}),
      excerpt,
      ...(typeof originalCode === 'string' ? { upstreamCode: originalCode } : {}),
    },
  };
}
