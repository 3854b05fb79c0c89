/**
 * A small typed client for the gateway over the generated SDK (sdk/generated/, `npm run sdk`):
 * `createGatewayClient({ url, apiKey }).JiraIssues({ jql })` returns `Promise<JiraIssuesQuery>`.
 * Any GraphQL client that takes a TypedDocumentNode (urql, Apollo, graphql-request) can use the
 * documents in sdk/generated/graphql.ts directly instead.
 */
import { print, type DocumentNode } from 'graphql';
import { getSdk, type Requester } from './generated/sdk.ts';

export interface GatewayClientOptions {
  /** The gateway's GraphQL URL, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** A gateway API key (GATEWAY_API_KEY_HASHES holds its hash), sent as X-API-Key. */
  apiKey?: string;
  /** Extra headers on every request (e.g. Authorization with your own Atlassian token). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface GatewayErrorDetail {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/** The gateway answered with GraphQL errors (partial data, when any, is kept). */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly status: number,
    readonly errors: GatewayErrorDetail[],
    readonly data: unknown,
  ) {
    super(errors.map((error) => error.message).join('; ') || `HTTP ${status}`);
  }
}

export function createGatewayClient(options: GatewayClientOptions) {
  const send = options.fetch ?? fetch;
  const requester: Requester<RequestOptions> = async <R, V>(document: DocumentNode, variables?: V, request?: RequestOptions): Promise<R> => {
    const response = await send(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options.apiKey !== undefined ? { 'x-api-key': options.apiKey } : {}),
        ...options.headers,
        ...request?.headers,
      },
      body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
      ...(request?.signal !== undefined ? { signal: request.signal } : {}),
    });
    let body: { data?: R | null; errors?: GatewayErrorDetail[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new GatewayError(response.status, [{ message: `the gateway answered HTTP ${response.status} without a JSON body` }], null);
    }
    if ((body.errors?.length ?? 0) > 0 || body.data == null) throw new GatewayError(response.status, body.errors ?? [], body.data ?? null);
    return body.data;
  };
  return getSdk(requester);
}

export type GatewayClient = ReturnType<typeof createGatewayClient>;
export type * from './generated/graphql.ts';
