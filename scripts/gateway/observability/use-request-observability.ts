/**
 * One structured log line and one metrics observation per GraphQL HTTP request: request id,
 * operation name(s), caller id (never a credential), HTTP status, duration, error codes.
 */
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../../../sources/logging/logger.ts';
import { getCaller } from '../plugins/caller.ts';
import type { GatewayMetrics } from './metrics.ts';
import { REQUEST_ID_HEADER } from './request-id.ts';

interface RequestState {
  startedMs: number;
  operations: string[];
  callerId?: string;
  errorCodes: Set<string>;
}

export interface RequestObservabilityOptions {
  logger: Logger;
  /** Only requests to this path are logged and measured (health probes would drown the log). Default /graphql. */
  graphqlPath?: string;
  metrics?: GatewayMetrics;
  now?: () => number;
}

export function useRequestObservability(options: RequestObservabilityOptions): Plugin {
  const now = options.now ?? (() => performance.now());
  const states = new WeakMap<Request, RequestState>();
  const graphqlPath = options.graphqlPath ?? '/graphql';

  return {
    onRequest({ request, url }) {
      if (url.pathname !== graphqlPath) return;
      states.set(request, { startedMs: now(), operations: [], errorCodes: new Set() });
    },
    onParams({ params, request }) {
      const state = states.get(request);
      if (state !== undefined && typeof params.operationName === 'string') state.operations.push(params.operationName);
    },
    onExecute({ args }) {
      const context = args.contextValue as { request?: Request };
      const state = context.request === undefined ? undefined : states.get(context.request);
      const caller = getCaller(args.contextValue);
      if (state !== undefined && caller !== undefined) state.callerId = caller.id;
    },
    onResultProcess({ request, result }) {
      const state = states.get(request);
      if (state === undefined) return;
      for (const single of Array.isArray(result) ? result : [result]) {
        const errors = (single as { errors?: ReadonlyArray<{ extensions?: { code?: unknown } }> }).errors ?? [];
        for (const error of errors) state.errorCodes.add(typeof error.extensions?.code === 'string' ? error.extensions.code : 'ERROR');
      }
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      if (state === undefined) return;
      states.delete(request);
      const durationMs = now() - state.startedMs;
      const operation = state.operations.length === 1 ? state.operations[0] : state.operations.length > 1 ? 'batch' : undefined;
      options.metrics?.observeRequest({ operation, status: response.status, durationSeconds: durationMs / 1000 });
      options.logger.info('graphql request', {
        requestId: request.headers.get(REQUEST_ID_HEADER) ?? undefined,
        method: request.method,
        path: graphqlPath,
        status: response.status,
        durationMs: Math.round(durationMs * 10) / 10,
        ...(state.operations.length > 0 ? { operationName: state.operations.join(',') } : {}),
        ...(state.callerId !== undefined ? { callerId: state.callerId } : {}),
        ...(state.errorCodes.size > 0 ? { errorCodes: [...state.errorCodes] } : {}),
      });
    },
  };
}
