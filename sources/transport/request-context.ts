/**
 * What the transport needs from the GraphQL request that caused an upstream call: the caller's
 * headers (credentials, X-ExperimentalApi) and the operation name (budget costs, logs).
 * Works with graphql-yoga (`context.request`, Fetch Headers), Node servers (`context.req`,
 * IncomingMessage headers) and Mesh's own `context.headers` object.
 */

import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';

export interface CallerRequest {
  /**
   * The caller's headers, minus an Authorization header that carried the gateway's own API key or
   * JWT: that credential is for this gateway and must never reach an upstream.
   */
  headers: Headers;
  operationName?: string;
  /** The caller's X-Request-Id (the gateway sets one on every request), when well-formed. */
  requestId?: string;
  /**
   * How the gateway's caller authentication knew the caller (`context.caller.kind`): a gateway API
   * key or JWT, or only a forwarded Atlassian credential it could not check itself. Absent when
   * the gateway runs without caller authentication (or lets anonymous callers in).
   */
  callerKind?: 'apikey' | 'jwt' | 'forwarded';
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

type HeaderRecord = Record<string, string | string[] | undefined>;

interface HeadersLike {
  forEach(callback: (value: string, key: string) => void): void;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isHeadersLike(value: unknown): value is HeadersLike {
  return isObject(value) && typeof value.forEach === 'function' && typeof value.get === 'function';
}

/** Copies any header container (Fetch Headers of any realm, plain or Node header object, tuple list). */
export function copyHeaders(source: unknown): Headers | undefined {
  const headers = new Headers();
  if (isHeadersLike(source)) {
    source.forEach((value, key) => headers.append(key, value));
    return headers;
  }
  if (Array.isArray(source)) {
    for (const entry of source) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string') headers.append(entry[0], entry[1]);
    }
    return headers;
  }
  if (isObject(source)) {
    for (const [key, value] of Object.entries(source as HeaderRecord)) {
      try {
        if (typeof value === 'string') headers.append(key, value);
        else if (Array.isArray(value)) for (const item of value) headers.append(key, item);
      } catch {
        // Skip names that are not valid HTTP header names (pseudo-headers such as ":path").
      }
    }
    return headers;
  }
  return undefined;
}

/**
 * `context` is typed as the gateway's, but Mesh hands the transport whatever context its execution
 * carries, so every shape is still checked here.
 */
export function readCallerRequest(context: GatewayContext | undefined, info: GraphQLResolveInfo | undefined): CallerRequest {
  let headers: Headers | undefined;
  if (isObject(context)) {
    const request = context.request;
    const req = context.req;
    headers =
      (isObject(request) ? copyHeaders(request.headers) : undefined) ??
      (isObject(req) ? copyHeaders(req.headers) : undefined) ??
      copyHeaders(context.headers);
  }
  const operationName = readOperationName(context, info);
  const callerHeaders = headers ?? new Headers();
  if (authorizationIsGatewayCredential(context, callerHeaders)) callerHeaders.delete('authorization');
  const requestId = callerHeaders.get('x-request-id') ?? undefined;
  const callerKind = readCallerKind(context);
  return {
    headers: callerHeaders,
    ...(operationName !== undefined ? { operationName } : {}),
    ...(requestId !== undefined && REQUEST_ID.test(requestId) ? { requestId } : {}),
    ...(callerKind !== undefined ? { callerKind } : {}),
  };
}

function readCallerKind(context: GatewayContext | undefined): CallerRequest['callerKind'] {
  if (!isObject(context) || !isObject(context.caller)) return undefined;
  const kind = context.caller.kind;
  return kind === 'apikey' || kind === 'jwt' || kind === 'forwarded' ? kind : undefined;
}

/**
 * The gateway's caller authentication (server/auth/caller-auth.ts, asked by the front door) puts
 * `context.caller` with kind 'apikey' or 'jwt' when the request presented a gateway credential.
 * That credential came in Authorization unless the caller used X-API-Key (then Authorization, if
 * any, is the caller's own Atlassian credential and may be forwarded).
 */
function authorizationIsGatewayCredential(context: GatewayContext | undefined, headers: Headers): boolean {
  if (!isObject(context) || !isObject(context.caller)) return false;
  const kind = context.caller.kind;
  if (kind === 'jwt') return true;
  return kind === 'apikey' && (headers.get('x-api-key') ?? '').trim() === '';
}

function readOperationName(context: GatewayContext | undefined, info: GraphQLResolveInfo | undefined): string | undefined {
  if (isObject(info)) {
    const operation = info.operation;
    if (isObject(operation) && isObject(operation.name) && typeof operation.name.value === 'string') {
      return operation.name.value;
    }
    const executionRequest = info.executionRequest;
    if (isObject(executionRequest) && typeof executionRequest.operationName === 'string') {
      return executionRequest.operationName;
    }
  }
  if (isObject(context) && isObject(context.params) && typeof context.params.operationName === 'string') {
    return context.params.operationName;
  }
  return undefined;
}
