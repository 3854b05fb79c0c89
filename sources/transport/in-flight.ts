/**
 * Deduplicates identical upstream reads that are in flight at the same time: the first sends,
 * the others wait for its answer and each get their own copy of the response. "Identical" means
 * same method, URL, body and headers, credential included, so callers with different credentials
 * never share an answer. Only reads are shared: GET/HEAD, GraphQL queries (not mutations) and the
 * Jira REST POST endpoints that only search or fetch.
 */
import { createHash } from 'node:crypto';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/** Jira REST endpoints that take POST only to carry a large query; they change nothing. */
const READ_ONLY_POST_PATHS = /\/rest\/api\/(?:2|3|latest)\/(?:search(?:\/jql|\/approximate-count)?|changelog\/bulkfetch|issue\/bulkfetch|jql\/match)$/;

/** Headers that differ per caller request without changing the upstream answer. */
const IGNORED_HEADERS = new Set(['x-request-id']);

interface SharedAnswer {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: Uint8Array | null;
}

export interface InFlightDeduper {
  /**
   * Sends through `send`, unless an identical read is already in flight, in which case its
   * answer is shared. `shared` says whether this call was answered by another one.
   */
  run(request: { url: URL; method: string; headers: Headers; body: unknown }, send: () => Promise<Response>): Promise<{ response: Response; shared: boolean }>;
  /** Requests currently in flight that others can join (tests). */
  size(): number;
}

export function createInFlightDeduper(): InFlightDeduper {
  const pending = new Map<string, Promise<SharedAnswer>>();
  return {
    async run(request, send) {
      const key = dedupeKey(request.url, request.method, request.headers, request.body);
      if (key === undefined) return { response: await send(), shared: false };
      const existing = pending.get(key);
      if (existing !== undefined) return { response: toResponse(await existing), shared: true };
      const answer = send()
        .then(snapshot)
        .finally(() => pending.delete(key));
      pending.set(key, answer);
      return { response: toResponse(await answer), shared: false };
    },
    size: () => pending.size,
  };
}

/** The key of a shareable read, or undefined when the request must be sent on its own. */
export function dedupeKey(url: URL, method: string, headers: Headers, body: unknown): string | undefined {
  const upper = method.toUpperCase();
  let bodyText = '';
  if (upper === 'POST') {
    if (typeof body !== 'string') return undefined;
    if (!READ_ONLY_POST_PATHS.test(url.pathname) && !isGraphQLQuery(body)) return undefined;
    bodyText = body;
  } else if (upper !== 'GET' && upper !== 'HEAD') {
    return undefined;
  }
  const hash = createHash('sha256').update(`${upper}\n${url.href}\n`);
  const names = [...new Set([...headers.keys()])].filter((name) => !IGNORED_HEADERS.has(name)).sort();
  for (const name of names) hash.update(`${name}:${headers.get(name) ?? ''}\n`);
  return hash.update(`\n${bodyText}`).digest('hex');
}

/** True for a JSON GraphQL request body whose selected operation is a query. */
export function isGraphQLQuery(body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null) return false;
  const { query, operationName } = parsed as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query, { noLocation: true }).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
  const selected = typeof operationName === 'string' ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  return selected?.operation === 'query';
}

async function snapshot(response: Response): Promise<SharedAnswer> {
  const buffer = response.body === null ? null : new Uint8Array(await response.arrayBuffer());
  // The body is already decoded and measured anew, so the wire-level headers no longer apply.
  const headers = [...response.headers].filter(([name]) => name !== 'content-encoding' && name !== 'content-length');
  return { status: response.status, statusText: response.statusText, headers, body: buffer };
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function toResponse(answer: SharedAnswer): Response {
  const body = NULL_BODY_STATUSES.has(answer.status) ? null : answer.body;
  return new Response(body === null ? null : body.slice(), { status: answer.status, statusText: answer.statusText, headers: answer.headers });
}
