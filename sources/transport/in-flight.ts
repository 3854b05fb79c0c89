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
  body: Uint8Array<ArrayBuffer> | null;
}

export interface InFlightDeduper {
  /**
   * Sends through `send`, unless an identical read is already in flight, in which case its
   * answer is shared. `shared` says whether this call was answered by another one; `buffered`
   * that the response body is already in memory (every shareable read), not a network stream.
   */
  run(
    request: { url: URL; method: string; headers: Headers; body: unknown },
    send: () => Promise<Response>,
    readBody?: (response: Response) => Promise<Uint8Array<ArrayBuffer> | null>,
  ): Promise<{ response: Response; shared: boolean; buffered: boolean }>;
  /** Requests currently in flight that others can join (tests). */
  size(): number;
}

export function createInFlightDeduper(): InFlightDeduper {
  const pending = new Map<string, Promise<SharedAnswer>>();
  return {
    async run(request, send, readBody = readWhole) {
      const key = dedupeKey(request.url, request.method, request.headers, request.body);
      if (key === undefined) return { response: await send(), shared: false, buffered: false };
      const existing = pending.get(key);
      if (existing !== undefined) return { response: toResponse(await existing), shared: true, buffered: true };
      const answer = send()
        .then((response) => snapshot(response, readBody))
        .finally(() => pending.delete(key));
      pending.set(key, answer);
      return { response: toResponse(await answer), shared: false, buffered: true };
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
  // Fetch Headers iterate sorted by lower-case name, so equal header sets give equal keys.
  let material = `${upper}\n${url.href}\n`;
  for (const [name, value] of headers) if (!IGNORED_HEADERS.has(name)) material += `${name}:${value}\n`;
  return createHash('sha256').update(`${material}\n${bodyText}`).digest('hex');
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
  const operations = operationTypesOf(query);
  if (operations === undefined) return false;
  const selected = typeof operationName === 'string' ? operations.find((o) => o.name === operationName) : operations.length === 1 ? operations[0] : undefined;
  return selected?.type === 'query';
}

type OperationTypes = Array<{ name: string | undefined; type: OperationDefinitionNode['operation'] }>;

/** Upstream query texts repeat (Mesh builds them from the gateway's queries); parsed once each. */
const operationTypesCache = new Map<string, OperationTypes | undefined>();
const MAX_CACHED_QUERIES = 500;

/** Name and type of each operation in a GraphQL document; undefined when it does not parse. */
function operationTypesOf(query: string): OperationTypes | undefined {
  if (operationTypesCache.has(query)) return operationTypesCache.get(query);
  let operations: OperationTypes | undefined;
  try {
    operations = parse(query, { noLocation: true })
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((o) => ({ name: o.name?.value, type: o.operation }));
  } catch {
    operations = undefined;
  }
  // Oldest first out: a Map iterates in insertion order.
  if (operationTypesCache.size >= MAX_CACHED_QUERIES) operationTypesCache.delete(operationTypesCache.keys().next().value as string);
  operationTypesCache.set(query, operations);
  return operations;
}

async function readWhole(response: Response): Promise<Uint8Array<ArrayBuffer> | null> {
  return response.body === null ? null : new Uint8Array(await response.arrayBuffer());
}

async function snapshot(response: Response, readBody: (response: Response) => Promise<Uint8Array<ArrayBuffer> | null>): Promise<SharedAnswer> {
  const buffer = await readBody(response);
  // The body is already decoded and measured anew, so the wire-level headers no longer apply.
  const headers = [...response.headers].filter(([name]) => name !== 'content-encoding' && name !== 'content-length');
  return { status: response.status, statusText: response.statusText, headers, body: buffer };
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function toResponse(answer: SharedAnswer): Response {
  const body = NULL_BODY_STATUSES.has(answer.status) ? null : answer.body;
  // Each Response copies the bytes it is given (Fetch spec, "extract a body"), so callers never share a buffer.
  return new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
}
