/**
 * One structured log line and one metrics observation per HTTP request, written by the front door
 * when the response ends: refusals (404, 401, 421, CSRF) are logged like answered requests. The
 * GraphQL details (operation names, error codes) are filled in by useRequestObservability while
 * yoga works on the request. Never a credential: the caller appears by its derived id only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../sources/logging/logger.ts';
import type { GatewayMetrics } from './metrics.ts';
import { REQUEST_ID_HEADER } from './request-id.ts';

export interface RequestRecord {
  operations: string[];
  errorCodes: Set<string>;
  callerId?: string;
}

export interface AccessLog {
  /** Starts the record of one request; the line is written when the response finishes or is cut. */
  start(req: IncomingMessage, res: ServerResponse, route: string): RequestRecord;
}

export interface AccessLogOptions {
  logger: Logger;
  metrics?: GatewayMetrics;
  now?: () => number;
}

/** Only the path: a query string may carry a whole document, or a token pasted by mistake. */
function pathOf(url: string | undefined): string {
  const target = url ?? '';
  const queryAt = target.indexOf('?');
  return (queryAt === -1 ? target : target.slice(0, queryAt)).slice(0, 200);
}

export function createAccessLog(options: AccessLogOptions): AccessLog {
  const now = options.now ?? (() => performance.now());
  return {
    start(req, res, route) {
      const startedMs = now();
      const record: RequestRecord = { operations: [], errorCodes: new Set() };
      res.once('close', () => {
        const durationMs = now() - startedMs;
        const graphql = route === 'graphql';
        const status = res.writableFinished ? res.statusCode : 0;
        const operation = record.operations.length === 1 ? record.operations[0] : record.operations.length > 1 ? 'batch' : undefined;
        if (graphql) options.metrics?.observeRequest({ operation, status, durationSeconds: durationMs / 1000 });
        options.logger.info(graphql ? 'graphql request' : 'http request', {
          requestId: req.headers[REQUEST_ID_HEADER],
          method: req.method,
          path: pathOf(req.url),
          route,
          status,
          durationMs: Math.round(durationMs * 10) / 10,
          ...(record.operations.length > 0 ? { operationName: record.operations.join(',') } : {}),
          ...(record.callerId !== undefined ? { callerId: record.callerId } : {}),
          ...(record.errorCodes.size > 0 ? { errorCodes: [...record.errorCodes] } : {}),
          ...(res.writableFinished ? {} : { aborted: true }),
        });
      });
      return record;
    },
  };
}
