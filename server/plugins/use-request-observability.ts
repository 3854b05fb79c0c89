/**
 * Fills the front door's access-log record (access-log.ts) with what only yoga knows: the
 * operation name(s) of the request and the error codes of its answer. The record arrives in yoga's
 * server context as `requestRecord`.
 */
import type { Plugin } from 'graphql-yoga';
import type { RequestRecord } from '../observability/access-log.ts';

export interface RequestObservabilityContext {
  requestRecord?: RequestRecord;
}

/** No options: the record comes with the request, from the front door. */
export type RequestObservabilityOptions = Record<string, never>;

export function useRequestObservability(_options: RequestObservabilityOptions = {}): Plugin<object, RequestObservabilityContext> {
  const records = new WeakMap<Request, RequestRecord>();
  return {
    onRequest({ request, serverContext }) {
      const record = serverContext.requestRecord;
      if (record !== undefined) records.set(request, record);
    },
    onParams({ params, request }) {
      const record = records.get(request);
      if (record !== undefined && typeof params.operationName === 'string') record.operations.push(params.operationName);
    },
    onResultProcess({ request, result }) {
      const record = records.get(request);
      if (record === undefined) return;
      for (const single of Array.isArray(result) ? result : [result]) {
        const errors = (single as { errors?: ReadonlyArray<{ extensions?: { code?: unknown } }> }).errors ?? [];
        for (const error of errors) record.errorCodes.add(typeof error.extensions?.code === 'string' ? error.extensions.code : 'ERROR');
      }
    },
  };
}
