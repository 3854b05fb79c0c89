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
  /**
   * Send each operation as `documentId: "sha256:<hex of its text>"` instead of its text, for a
   * gateway in trusted-documents mode (GATEWAY_TRUSTED_DOCUMENTS=sdk/generated/trusted-documents.json).
   * Such a gateway also accepts the full text of a registered operation; ids only save bytes.
   * Default false: any gateway accepts the text.
   */
  sendDocumentIds?: boolean;
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

/** The printed text of each (module-constant) document and its sha256 id, computed once. */
const documentIds = new WeakMap<DocumentNode, Promise<string>>();

/** `sha256:<hex>` of the document's printed text: the key of its entry in trusted-documents.json. */
export function documentIdOf(document: DocumentNode): Promise<string> {
  let id = documentIds.get(document);
  if (id === undefined) {
    // Web Crypto: the same code runs in Node and in browsers.
    id = crypto.subtle.digest('SHA-256', new TextEncoder().encode(print(document))).then(
      (digest) => `sha256:${Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')}`,
    );
    documentIds.set(document, id);
  }
  return id;
}

export function createGatewayClient(options: GatewayClientOptions) {
  const send = options.fetch ?? fetch;
  const requester: Requester<RequestOptions> = async <R, V>(document: DocumentNode, variables?: V, request?: RequestOptions): Promise<R> => {
    const operation = options.sendDocumentIds === true ? { documentId: await documentIdOf(document) } : { query: print(document) };
    const response = await send(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options.apiKey !== undefined ? { 'x-api-key': options.apiKey } : {}),
        ...options.headers,
        ...request?.headers,
      },
      body: JSON.stringify({ ...operation, variables: variables ?? {} }),
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
