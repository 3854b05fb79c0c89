/**
 * Optional response cache for queries, on @envelop/response-cache: it keys an entry by the
 * document, operation name, variables and our session (the caller identity of cache-identity.ts
 * plus X-ExperimentalApi), works out the TTL and stores through our stores. What we add:
 * - only queries reach it (mutations are neither cached nor used to invalidate other callers'
 *   entries), no cache at all without a caller identity, and never its extension metadata;
 * - a type's TTL also applies to every field returning or belonging to the type, so an operation
 *   gets the lowest TTL among the default and every configured type or field it selects, known
 *   before it runs (interfaces, scalars, and aliases a client could use to hide a type included);
 * - `x-cache: HIT` or `MISS` (looked up and cacheable) on responses, and the lookup metric.
 */
import { createHash } from 'node:crypto';
import { useResponseCache as useEnvelopResponseCache } from '@envelop/response-cache';
import { getNamedType, getOperationAST, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { GatewayContext } from '../../sources/context.ts';
import { cacheIdentity } from '../cache/cache-identity.ts';
import type { ResponseCacheSettings } from '../cache/response-cache-options.ts';
import type { ResponseCacheStore } from '../cache/response-cache-store.ts';

export interface ResponseCacheOptions extends Pick<ResponseCacheSettings, 'defaultTtlMs' | 'ttls'> {
  store: ResponseCacheStore;
  /** The gateway forwards callers' own Atlassian credentials (settings.forwardCallerCredentials). */
  forwardCallerCredentials: boolean;
  onLookup?: (result: 'hit' | 'miss') => void;
}

export const CACHE_STATUS_HEADER = 'x-cache';

/**
 * The library's session: the caller identity and X-ExperimentalApi, hashed (opaque and of one
 * length, whatever key text the library builds from it). undefined: no identity, no caching.
 */
export function cacheSession(context: GatewayContext, forwardCallerCredentials: boolean): string | undefined {
  const identity = cacheIdentity(context, forwardCallerCredentials);
  if (identity === undefined) return undefined;
  const experimentalApis = context.request?.headers.get('x-experimentalapi') ?? '';
  return createHash('sha256').update(JSON.stringify([identity, experimentalApis])).digest('hex');
}

/** Configured TTLs plus, for each configured type, every field returning it or defined on it. */
export function ttlsPerSchemaCoordinate(schema: GraphQLSchema, ttls: Record<string, number>): Record<string, number> {
  const queryType = schema.getQueryType()?.name ?? 'Query';
  // Introspection is never cached (the library covers `__schema` only).
  const expanded: Record<string, number> = { ...ttls, [`${queryType}.__schema`]: 0, [`${queryType}.__type`]: 0 };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      for (const ttl of [ttls[type.name], ttls[getNamedType(field.type).name]]) {
        if (ttl !== undefined) expanded[coordinate] = Math.min(ttl, expanded[coordinate] ?? ttl);
      }
    }
  }
  return expanded;
}

export function useResponseCache(options: ResponseCacheOptions): Plugin<GatewayContext> {
  const { store, defaultTtlMs, onLookup } = options;
  const statusOf = new WeakMap<Request, 'HIT' | 'MISS'>();
  const mark = (context: GatewayContext, status: 'HIT' | 'MISS') => {
    onLookup?.(status === 'HIT' ? 'hit' : 'miss');
    if (context.request !== undefined) statusOf.set(context.request, status);
  };
  const sessionOf = (context: GatewayContext) => cacheSession(context, options.forwardCallerCredentials);

  const create = (schema: GraphQLSchema) =>
    useEnvelopResponseCache<YogaInitialContext & GatewayContext>({
      session: sessionOf,
      enabled: (context) => sessionOf(context) !== undefined,
      // One cache view per request, to see its hits; writes never fail a request.
      cache: (context) => ({
        get: async (key) => {
          const cached = await store.get(key);
          if (cached !== null) mark(context, 'HIT');
          return cached;
        },
        set: async (key, result, entities, ttl) => {
          try {
            await store.set(key, result, entities, ttl);
          } catch {
            // Not awaited by the library: a rejection would be unhandled. Our stores report their own.
          }
        },
        invalidate: (entities) => store.invalidate(entities),
      }),
      // Unambiguous text and Node's synchronous hash (the library's WebCrypto one was a sixth of a hit's CPU).
      buildResponseCacheKey: ({ sessionId, documentString, operationName, variableValues }) =>
        createHash('sha256').update(JSON.stringify([sessionId, documentString, operationName ?? null, variableValues ?? null])).digest('hex'),
      ttl: defaultTtlMs,
      ttlPerSchemaCoordinate: ttlsPerSchemaCoordinate(schema, options.ttls),
      // Configured TTLs only ever lower the default. Called after a miss, before storing.
      onTtl: ({ ttl, context }) => {
        const lowest = Math.min(ttl, defaultTtlMs);
        if (lowest > 0) mark(context, 'MISS');
        return lowest;
      },
      shouldCacheResult: ({ result }) => (result.errors?.length ?? 0) === 0 && result.data != null,
      invalidateViaMutation: false,
      // Ids are only needed for invalidation, and asking for them could add upstream work.
      idFields: [],
      // Off whatever NODE_ENV/DEBUG say: clients learn nothing about the cache but x-cache.
      includeExtensionMetadata: false,
    });
  // Built with the schema: type TTLs are expanded to the schema's fields.
  let schema: GraphQLSchema | undefined;
  let inner: ReturnType<typeof create> | undefined;

  return {
    onSchemaChange(payload) {
      if (payload.schema !== schema || inner === undefined) {
        schema = payload.schema;
        inner = create(payload.schema);
      }
      return inner.onSchemaChange?.(payload);
    },
    onExecute(payload) {
      if (getOperationAST(payload.args.document, payload.args.operationName)?.operation !== 'query') return undefined;
      return inner?.onExecute?.(payload);
    },
    onResponse({ request, response }) {
      const status = statusOf.get(request);
      if (status !== undefined) response.headers.set(CACHE_STATUS_HEADER, status);
    },
  };
}
