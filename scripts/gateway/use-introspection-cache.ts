/**
 * Serves introspection from memory.
 *
 * The unified schema is fixed for the life of the process, and its introspection (what GraphiQL
 * loads) is ~30 MB of JSON that takes over a second to execute and serialise. The first answer for
 * a given introspection document is kept as bytes (plain and gzip); later requests get the bytes.
 * Requests that arrive while the same document is being computed wait for that one computation
 * instead of running their own (each would cost ~1 s of CPU and hundreds of MB of garbage).
 */
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { Kind, getIntrospectionQuery, parse, stripIgnoredCharacters, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

interface CachedBody {
  plain: Buffer;
  gzip: Buffer;
}

export interface IntrospectionCacheOptions {
  /** Distinct introspection documents kept (GraphiQL versions differ slightly). */
  maxEntries?: number;
  /**
   * Compute GraphiQL's introspection in the background so the first GraphiQL load is served from
   * memory too. For deployments where GraphiQL is on. It holds the CPU for about a second, so it
   * runs once the gateway has been idle for `warmUpAfterIdleMs`, or at once when a browser loads
   * the GraphiQL page (its introspection request follows).
   */
  warmUp?: boolean;
  /** Quiet time before the background warm-up (default 1000 ms). */
  warmUpAfterIdleMs?: number;
}

/** The document the bundled GraphiQL sends (its text, minified, is what we key on anyway). */
export const GRAPHIQL_INTROSPECTION_QUERY = getIntrospectionQuery({ descriptions: true, schemaDescription: true, inputValueDeprecation: true });

/** True when every root selection of the (single) operation is an introspection field. */
export function isIntrospectionOnly(document: DocumentNode, operationName?: string | null): boolean {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query') return false;
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const rootFieldsAreIntrospection = (selections: OperationDefinitionNode['selectionSet']['selections'], seen: Set<string>): boolean =>
    selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value.startsWith('__');
      if (selection.kind === Kind.INLINE_FRAGMENT) return rootFieldsAreIntrospection(selection.selectionSet.selections, seen);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return false;
      return rootFieldsAreIntrospection(fragment.selectionSet.selections, new Set([...seen, name]));
    });
  return rootFieldsAreIntrospection(operation.selectionSet.selections, new Set());
}

/** Keyed on the document without insignificant characters: pretty and minified forms share an entry. */
function cacheKey(query: string, operationName: string | undefined, variables: unknown): string {
  return createHash('sha256').update(JSON.stringify([stripIgnoredCharacters(query), operationName ?? null, variables ?? null])).digest('hex');
}

function acceptsGzip(request: Request): boolean {
  return /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
}

/** How long a request waits for another request's computation before computing itself. */
const MAX_WAIT_MS = 60_000;

interface Computation {
  done: Promise<void>;
  finish: () => void;
}

function startComputation(): Computation {
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

function waitAtMost(done: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([done, timeout]).finally(() => clearTimeout(timer));
}

export function useIntrospectionCache(options: IntrospectionCacheOptions = {}): Plugin {
  const maxEntries = options.maxEntries ?? 8;
  const bodies = new Map<string, CachedBody>();
  const keyOfRequest = new WeakMap<Request, string>();
  const computing = new Map<string, Computation>();
  const computedBy = new WeakMap<Request, Computation>();
  const idleMs = options.warmUpAfterIdleMs ?? 1000;
  let warmUpState: 'waiting' | 'started' = 'waiting';
  let startWarmUp: (() => void) | undefined;
  let requestsInFlight = 0;
  let lastRequestAt = performance.now();

  const finishComputation = (request: Request, key: string) => {
    const computation = computedBy.get(request);
    if (!computation) return;
    computedBy.delete(request);
    if (computing.get(key) === computation) computing.delete(key);
    computation.finish();
  };

  return {
    onYogaInit({ yoga }) {
      if (!options.warmUp) return;
      const warmUp = () => {
        if (warmUpState !== 'waiting') return;
        warmUpState = 'started';
        clearInterval(idleCheck);
        // The answer lands in the cache through onResultProcess below.
        const request = new yoga.fetchAPI.Request(`http://127.0.0.1${yoga.graphqlEndpoint}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query: GRAPHIQL_INTROSPECTION_QUERY, operationName: 'IntrospectionQuery' }),
        });
        void Promise.resolve(yoga.handle(request, { waitUntil: () => {} }))
          .then((response) => response.arrayBuffer())
          .catch(() => undefined); // a refused warm-up (e.g. caller auth) only means a cold first load
      };
      startWarmUp = warmUp;
      const idleCheck = setInterval(() => {
        if (requestsInFlight === 0 && performance.now() - lastRequestAt >= idleMs) warmUp();
      }, Math.min(250, idleMs));
      idleCheck.unref();
    },
    onRequest() {
      lastRequestAt = performance.now();
      requestsInFlight += 1;
    },
    onResponse({ request, response }) {
      requestsInFlight = Math.max(0, requestsInFlight - 1);
      lastRequestAt = performance.now();
      // A GraphiQL page load (served by yoga's own hook, so seen here): its introspection follows.
      if (startWarmUp && request.method === 'GET' && response.headers.get('content-type')?.includes('text/html')) startWarmUp();
    },
    async onParams({ params, request, setResult }) {
      if (typeof params.query !== 'string' || !params.query.includes('__')) return;
      let document: DocumentNode;
      try {
        document = parse(params.query);
      } catch {
        return; // yoga reports the syntax error itself
      }
      if (!isIntrospectionOnly(document, params.operationName)) return;
      const key = cacheKey(params.query, params.operationName, params.variables);
      keyOfRequest.set(request, key);
      // Cached: skip execution; the result processor below answers with the stored bytes.
      if (bodies.has(key)) return setResult({ data: null });
      const running = computing.get(key);
      if (running) {
        await waitAtMost(running.done, MAX_WAIT_MS);
        if (bodies.has(key)) return setResult({ data: null });
        return; // that computation failed: this request executes on its own
      }
      const computation = startComputation();
      computing.set(key, computation);
      computedBy.set(request, computation);
    },
    onResultProcess({ request, result, setResultProcessor }) {
      const key = keyOfRequest.get(request);
      if (key === undefined) return;
      if (Array.isArray(result) || Symbol.asyncIterator in (result as object)) return finishComputation(request, key);
      let body = bodies.get(key);
      if (!body) {
        const single = result as { errors?: unknown[] };
        if (single.errors?.length) return finishComputation(request, key); // never cache a failure
        const plain = Buffer.from(JSON.stringify(result));
        body = { plain, gzip: gzipSync(plain, { level: 6 }) };
        if (bodies.size >= maxEntries) bodies.delete(bodies.keys().next().value as string);
        bodies.set(key, body);
      }
      finishComputation(request, key);
      const cached = body;
      setResultProcessor((_result, fetchAPI) => {
        const gzip = acceptsGzip(request);
        return new fetchAPI.Response(new Uint8Array(gzip ? cached.gzip : cached.plain), {
          status: 200,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            ...(gzip ? { 'content-encoding': 'gzip' } : {}),
            vary: 'accept-encoding',
          },
        });
      }, 'application/json');
    },
  };
}
