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

/**
 * True when every root selection of the (single) operation is an introspection field. Each
 * fragment is judged once (a fragment spread twice per level would otherwise be walked 2^levels
 * times); a fragment in a cycle is not introspection-only.
 */
export function isIntrospectionOnly(document: DocumentNode, operationName?: string | null): boolean {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query') return false;
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const judged = new Map<string, boolean>();
  const fragmentIsIntrospectionOnly = (name: string): boolean => {
    const known = judged.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    // Provisional answer while this fragment is being judged: a cycle through it is not introspection.
    judged.set(name, false);
    const result = fragment !== undefined && rootFieldsAreIntrospection(fragment.selectionSet.selections);
    judged.set(name, result);
    return result;
  };
  const rootFieldsAreIntrospection = (selections: OperationDefinitionNode['selectionSet']['selections']): boolean =>
    selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value.startsWith('__');
      if (selection.kind === Kind.INLINE_FRAGMENT) return rootFieldsAreIntrospection(selection.selectionSet.selections);
      return fragmentIsIntrospectionOnly(selection.name.value);
    });
  return rootFieldsAreIntrospection(operation.selectionSet.selections);
}

/** Keyed on the document without insignificant characters: pretty and minified forms share an entry. */
function cacheKey(query: string, operationName: string | undefined, variables: unknown): string {
  return createHash('sha256').update(JSON.stringify([stripIgnoredCharacters(query), operationName ?? null, variables ?? null])).digest('hex');
}

function acceptsGzip(request: Request): boolean {
  return /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
}

/** Larger documents are not looked at as introspection: parsing them here would be unbounded work. */
const MAX_CACHEABLE_TOKENS = 5_000;

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

/** What this plugin knows about one (non-batched) introspection request. */
interface RequestState {
  key: string;
  /** Answered from the cache: these bytes, decided in onParams (eviction cannot change them). */
  hit?: CachedBody;
  /** This request executes the introspection; others asking for the same key wait on it. */
  computation?: Computation;
}

export function useIntrospectionCache(options: IntrospectionCacheOptions = {}): Plugin {
  const maxEntries = options.maxEntries ?? 8;
  const bodies = new Map<string, CachedBody>();
  const computing = new Map<string, Computation>();
  const stateOf = new WeakMap<Request, RequestState>();
  // Batch items share one Request and reach onResultProcess together: never cached or coalesced.
  const batched = new WeakSet<Request>();
  const counted = new WeakSet<Request>();
  const idleMs = options.warmUpAfterIdleMs ?? 1000;
  let warmUpState: 'waiting' | 'started' = 'waiting';
  let startWarmUp: (() => void) | undefined;
  let requestsInFlight = 0;
  let lastRequestAt = performance.now();

  const release = (state: RequestState) => {
    const computation = state.computation;
    if (!computation) return;
    state.computation = undefined;
    if (computing.get(state.key) === computation) computing.delete(state.key);
    computation.finish();
  };
  const answerWith = (request: Request, body: CachedBody, setResultProcessor: Parameters<NonNullable<Plugin['onResultProcess']>>[0]['setResultProcessor']) => {
    setResultProcessor((_result, fetchAPI) => {
      const gzip = acceptsGzip(request);
      return new fetchAPI.Response(new Uint8Array(gzip ? body.gzip : body.plain), {
        status: 200,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...(gzip ? { 'content-encoding': 'gzip' } : {}),
          vary: 'accept-encoding',
        },
      });
    }, 'application/json');
  };

  return {
    onYogaInit({ yoga }) {
      if (!options.warmUp) return;
      const warmUp = () => {
        if (warmUpState !== 'waiting') return;
        warmUpState = 'started';
        clearInterval(idleCheck);
        // Straight into yoga's handler (no server-adapter hooks, so no caller auth); the answer
        // lands in the cache through onResultProcess below.
        const request = new yoga.fetchAPI.Request(`http://127.0.0.1${yoga.graphqlEndpoint}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query: GRAPHIQL_INTROSPECTION_QUERY, operationName: 'IntrospectionQuery' }),
        });
        void Promise.resolve(yoga.handle(request, { waitUntil: () => {} }))
          .then((response) => response.arrayBuffer())
          .catch(() => undefined); // a failed warm-up only means a cold first load
      };
      startWarmUp = warmUp;
      const idleCheck = setInterval(() => {
        if (requestsInFlight === 0 && performance.now() - lastRequestAt >= idleMs) warmUp();
      }, Math.min(250, idleMs));
      idleCheck.unref();
    },
    onRequest({ request }) {
      lastRequestAt = performance.now();
      // Yoga's own early answers (health check, preflight, GraphiQL page) skip this hook but not
      // onResponse: only requests counted here are uncounted there.
      counted.add(request);
      requestsInFlight += 1;
    },
    onResponse({ request, response }) {
      if (counted.delete(request)) requestsInFlight = Math.max(0, requestsInFlight - 1);
      lastRequestAt = performance.now();
      // Whatever happened to the request, nobody may keep waiting on its computation.
      const state = stateOf.get(request);
      if (state) release(state);
      // A GraphiQL page load (served by yoga's own hook, so seen here): its introspection follows.
      if (startWarmUp && request.method === 'GET' && response.headers.get('content-type')?.includes('text/html')) startWarmUp();
    },
    onRequestParse({ request }) {
      return {
        onRequestParseDone({ requestParserResult }) {
          if (Array.isArray(requestParserResult)) batched.add(request);
        },
      };
    },
    async onParams({ params, request, setResult }) {
      if (batched.has(request) || typeof params.query !== 'string' || !params.query.includes('__')) return;
      let document: DocumentNode;
      try {
        // An introspection document worth caching is small (GraphiQL's has a few hundred tokens);
        // anything bigger is left to the query limits, which parse it under their own bounds.
        document = parse(params.query, { maxTokens: MAX_CACHEABLE_TOKENS, noLocation: true });
      } catch {
        return; // yoga reports the syntax error itself
      }
      if (!isIntrospectionOnly(document, params.operationName)) return;
      const key = cacheKey(params.query, params.operationName, params.variables);
      const answerFromCache = (): boolean => {
        const hit = bodies.get(key);
        if (!hit) return false;
        stateOf.set(request, { key, hit });
        // Skip execution; onResultProcess answers with the bytes captured here.
        setResult({ data: null });
        return true;
      };
      if (answerFromCache()) return;
      const running = computing.get(key);
      if (running) {
        await waitAtMost(running.done, MAX_WAIT_MS);
        if (answerFromCache()) return;
        // That computation failed or is stuck: this request executes and takes over the key.
      }
      const state: RequestState = { key, computation: startComputation() };
      computing.set(key, state.computation!);
      stateOf.set(request, state);
    },
    onResultProcess({ request, result, setResultProcessor }) {
      const state = stateOf.get(request);
      if (!state) return;
      if (state.hit) return answerWith(request, state.hit, setResultProcessor);
      const single = result as { errors?: unknown[] };
      if (Array.isArray(result) || Symbol.asyncIterator in (result as object) || single.errors?.length) {
        release(state); // never cache a failure
        return;
      }
      const plain = Buffer.from(JSON.stringify(result));
      const body = { plain, gzip: gzipSync(plain, { level: 6 }) };
      if (!bodies.has(state.key) && bodies.size >= maxEntries) bodies.delete(bodies.keys().next().value as string);
      bodies.set(state.key, body);
      release(state);
      answerWith(request, body, setResultProcessor);
    },
  };
}
