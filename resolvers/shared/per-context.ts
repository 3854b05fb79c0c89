import type { GatewayContext } from '../../sources/context.ts';

/**
 * Per-request state (DataLoaders, semaphores) keyed on the GraphQL context object, so a cache
 * never outlives the request nor leaks between callers. No context (a call outside any request),
 * or one that is not an object at run time, gets a fresh value each call: correct, only without
 * batching.
 */
const stores = new WeakMap<object, Map<string, unknown>>();

export function perContext<T>(context: GatewayContext | undefined, key: string, create: () => T): T {
  if (typeof context !== 'object' || context === null) return create();
  let store = stores.get(context);
  if (!store) {
    store = new Map();
    stores.set(context, store);
  }
  if (!store.has(key)) store.set(key, create());
  return store.get(key) as T;
}
