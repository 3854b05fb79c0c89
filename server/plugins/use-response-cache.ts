/**
 * Optional response cache for queries: keyed by caller identity (cache-identity.ts), the document,
 * operation name, variables and X-ExperimentalApi; TTL from cache-ttl.ts. Results with errors are
 * never stored; mutations, subscriptions and introspection are never cached. Responses say
 * `x-cache: HIT` or `MISS` so clients and tests can tell.
 *
 * Written here rather than taken from @envelop/response-cache, which this project does not ship.
 */
import { createHash } from 'node:crypto';
import { print, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { cacheIdentity } from '../cache/cache-identity.ts';
import { type CacheTtlPolicy, collectSchemaCoordinates, selectOperation, ttlFor } from '../cache/cache-ttl.ts';
import type { ResponseCacheStore } from '../cache/response-cache-store.ts';

export interface ResponseCacheOptions extends CacheTtlPolicy {
  store: ResponseCacheStore;
  /** The gateway forwards callers' own Atlassian credentials (settings.forwardCallerCredentials). */
  forwardCallerCredentials: boolean;
  onLookup?: (result: 'hit' | 'miss') => void;
}

export const CACHE_STATUS_HEADER = 'x-cache';

export function useResponseCache(options: ResponseCacheOptions): Plugin {
  const printed = new WeakMap<DocumentNode, string>();
  // The gateway's schema never changes while it runs, so coordinates depend on the document only.
  const coordinatesOf = new WeakMap<DocumentNode, Set<string>>();
  const statusOf = new WeakMap<Request, 'HIT' | 'MISS'>();

  const ttlOf = (schema: GraphQLSchema, document: DocumentNode): number => {
    let coordinates = coordinatesOf.get(document);
    if (coordinates === undefined) {
      coordinates = collectSchemaCoordinates(schema, document);
      coordinatesOf.set(document, coordinates);
    }
    return ttlFor(options, coordinates);
  };

  const textOf = (document: DocumentNode): string => {
    let text = printed.get(document);
    if (text === undefined) {
      text = print(document);
      printed.set(document, text);
    }
    return text;
  };

  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const operation = selectOperation(args.document, args.operationName);
      if (operation?.operation !== 'query') return undefined;
      if (operation.selectionSet.selections.every((s) => s.kind === 'Field' && s.name.value.startsWith('__'))) return undefined;
      const identity = cacheIdentity(args.contextValue, options.forwardCallerCredentials);
      if (identity === undefined) return undefined;
      const ttlMs = ttlOf(args.schema, args.document);
      if (ttlMs <= 0) return undefined;
      const request = (args.contextValue as { request?: Request }).request;
      const experimentalApis = request?.headers.get('x-experimentalapi') ?? '';
      const key = createHash('sha256')
        .update(JSON.stringify([identity, textOf(args.document), args.operationName ?? null, args.variableValues ?? null, experimentalApis]))
        .digest('hex');

      const cached = await options.store.get(key);
      if (cached !== undefined) {
        options.onLookup?.('hit');
        if (request !== undefined) statusOf.set(request, 'HIT');
        setResultAndStopExecution(JSON.parse(cached) as ExecutionResult);
        return undefined;
      }
      options.onLookup?.('miss');
      if (request !== undefined) statusOf.set(request, 'MISS');
      return {
        async onExecuteDone({ result }) {
          if (Symbol.asyncIterator in (result as object)) return;
          const single = result as ExecutionResult;
          if ((single.errors?.length ?? 0) > 0 || single.data == null) return;
          await options.store.set(key, JSON.stringify(single), ttlMs);
        },
      };
    },
    onResponse({ request, response }) {
      const status = statusOf.get(request);
      if (status !== undefined) response.headers.set(CACHE_STATUS_HEADER, status);
    },
  };
}
