/**
 * Trusted documents (an operation allow-list, as Apollo's safelisting and Hive's app deployments
 * offer): with GATEWAY_TRUSTED_DOCUMENTS set, the gateway executes only documents registered in a
 * manifest, each named by the sha256 of its exact text. Clients send the id (Apollo's
 * `extensions.persistedQuery.sha256Hash`, or GraphQL-over-HTTP's `documentId`), or the registered
 * text itself, which is hashed and looked up, so codegen'd clients that send full text keep working.
 *
 * yoga's persisted-operations plugin resolves ids to documents. In front of it, at request-parse
 * time, every request (every operation of a batch) is checked and rewritten to carry only the
 * Apollo id: a refusal answers before any `onParams` hook runs (in particular before the
 * introspection cache, which would otherwise answer a refused introspection query from memory),
 * and one untrusted operation refuses the whole batch before any of it executes.
 */
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type DocumentNode, type GraphQLError } from 'graphql';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { ConfigError } from '../../sources/config/types.ts';
import { isIntrospectionOnly } from './use-introspection-cache.ts';
import { sha256Hex } from '../auth/caller.ts';

export const TRUSTED_DOCUMENTS_VARIABLE = 'GATEWAY_TRUSTED_DOCUMENTS';
export const TRUSTED_DOCUMENTS_INTROSPECTION_VARIABLE = 'GATEWAY_TRUSTED_DOCUMENTS_ALLOW_INTROSPECTION';

export interface TrustedDocument {
  text: string;
  /** The name of the document's only operation, if it has exactly one (filled in when a request names none). */
  soleOperationName?: string;
}

export interface TrustedDocuments {
  /** Where the documents came from (a path, for the start-up banner); never their text. */
  source: string;
  /** Lower-case sha256 hex of the exact text → document. */
  byHash: ReadonlyMap<string, TrustedDocument>;
}

export interface TrustedDocumentsOptions {
  /** From loadTrustedDocuments / trustedDocumentsFromManifest, which validate them. */
  documents: TrustedDocuments;
  /**
   * Also execute unregistered queries whose selected operation asks only for `__schema`, `__type`
   * or `__typename` (schema tooling). Default false. Introspection must also be on
   * (GATEWAY_INTROSPECTION), and query limits still apply.
   */
  allowIntrospection?: boolean;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Hive app deployments send `<app name>~<app version>~<hash>`; the hash names the document. */
const HIVE_APP_DOCUMENT_ID = /^[^~]+~[^~]+~([0-9a-fA-F]{64})$/;
/** Parsing an unregistered text to see whether it is introspection: bounded, as the real parse is by maxTokens. */
const INTROSPECTION_CHECK_MAX_TOKENS = 10_000;

// ---------------------------------------------------------------------------------------------
// Manifest loading (start-up). Every problem is a one-line ConfigError naming the variable and
// the entry or file, never the document text.
// ---------------------------------------------------------------------------------------------

/** `sha256:<hex>`, bare hex (any case) or a Hive app-deployment id → lower-case hex; else undefined. */
export function parseDocumentId(id: string): string | undefined {
  const trimmed = id.trim();
  const bare = trimmed.toLowerCase().startsWith('sha256:') ? trimmed.slice('sha256:'.length) : (HIVE_APP_DOCUMENT_ID.exec(trimmed)?.[1] ?? trimmed);
  const hex = bare.toLowerCase();
  return SHA256_HEX.test(hex) ? hex : undefined;
}

/** The GraphQL-over-HTTP id of a document text: `sha256:` + hex of its UTF-8 bytes. */
export function documentIdOf(text: string): string {
  return `sha256:${sha256Hex(text)}`;
}

function configError(problem: string): ConfigError {
  return new ConfigError(`${TRUSTED_DOCUMENTS_VARIABLE}: ${problem}`);
}

function hashHint(key: string): string {
  const bare = key.replace(/^[a-z0-9]+:/i, '');
  if (/^[0-9a-f]{32}$/i.test(bare)) return ' (it looks like an MD5 hash, e.g. Relay\'s default: generate the manifest with sha256)';
  if (/^[0-9a-f]{40}$/i.test(bare)) return ' (it looks like a SHA-1 hash, e.g. the codegen client preset\'s default: set hashAlgorithm to sha256)';
  return '';
}

/** Parses and checks one document; `where` names its entry or file. */
function checkDocument(text: string, where: string): TrustedDocument {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch (error) {
    // Only the position: a syntax error's message quotes a token of the document.
    const location = (error as GraphQLError).locations?.[0];
    throw configError(`${where}: the document does not parse${location ? ` (line ${location.line}, column ${location.column})` : ''}.`);
  }
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const executable = document.definitions.every(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION,
  );
  if (!executable || operations.length === 0) {
    throw configError(`${where}: not an executable document (only operations and fragments, at least one operation).`);
  }
  const soleName = operations.length === 1 ? operations[0].name?.value : undefined;
  return soleName === undefined ? { text } : { text, soleOperationName: soleName };
}

/** Validated documents from (declared id, text) pairs; `source` names the manifest in messages. */
function buildTrustedDocuments(entries: ReadonlyArray<{ id: string; text: unknown }>, source: string): TrustedDocuments {
  if (entries.length === 0) throw configError(`${source} holds no documents.`);
  const byHash = new Map<string, TrustedDocument>();
  for (const [index, { id, text }] of entries.entries()) {
    // By position: a key that is no hash may be anything, even a document pasted in the wrong place.
    const where = `entry ${index + 1} of ${source}`;
    const hash = parseDocumentId(id);
    if (hash === undefined) {
      throw configError(`${where}: the key is not a sha256 hex id (64 hex characters, optionally prefixed sha256:)${hashHint(id)}.`);
    }
    if (typeof text !== 'string') throw configError(`${where}: the document must be a string.`);
    if (sha256Hex(text) !== hash) {
      throw configError(`${where}: the key is not the sha256 of its document text (hash the exact text, UTF-8; was the manifest edited by hand?).`);
    }
    byHash.set(hash, checkDocument(text, where));
  }
  return { source, byHash };
}

/**
 * A parsed JSON manifest: `{ "<sha256 hex>": "<document>" }` (Apollo, Relay, Hive and the codegen
 * client preset; keys may be prefixed `sha256:`), or Apollo's persisted query manifest
 * (`{ "format": "apollo-persisted-query-manifest", "operations": [{ "id", "body" }] }`).
 */
export function trustedDocumentsFromManifest(manifest: unknown, source: string): TrustedDocuments {
  const shapeError = () =>
    configError(`${source} must be a JSON object of "<sha256 hex>": "<document>" entries (or an Apollo persisted query manifest).`);
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) throw shapeError();
  const record = manifest as Record<string, unknown>;
  if (record.format === 'apollo-persisted-query-manifest') {
    if (!Array.isArray(record.operations)) throw shapeError();
    const entries = record.operations.map((operation: unknown, index) => {
      const entry = (operation ?? {}) as { id?: unknown; body?: unknown };
      if (typeof entry.id !== 'string') throw configError(`operation ${index + 1} of ${source} has no string "id".`);
      return { id: entry.id, text: entry.body };
    });
    return buildTrustedDocuments(entries, source);
  }
  return buildTrustedDocuments(Object.entries(record).map(([id, text]) => ({ id, text })), source);
}

/** A JSON manifest file, or a directory of `.graphql` files (each one document, hashed as stored). */
export function loadTrustedDocuments(path: string, source: string = path): TrustedDocuments {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    throw configError(`${source} does not exist (expected a JSON manifest or a directory of .graphql files).`);
  }
  if (stats.isDirectory()) {
    const names = readdirSync(path).filter((name) => name.endsWith('.graphql')).sort();
    if (names.length === 0) throw configError(`${source} holds no .graphql files.`);
    const byHash = new Map<string, TrustedDocument>();
    for (const name of names) {
      const text = readText(join(path, name), `${source}/${name}`);
      byHash.set(sha256Hex(text), checkDocument(text, `${source}/${name}`));
    }
    return { source, byHash };
  }
  const text = readText(path, source);
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    // V8's message may quote the text; keep only the position.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw configError(`${source} is not valid JSON${position !== undefined ? ` (at character ${position})` : ''}.`);
  }
  return trustedDocumentsFromManifest(manifest, source);
}

function readText(path: string, source: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw configError(`${source} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

// ---------------------------------------------------------------------------------------------
// Requests.
// ---------------------------------------------------------------------------------------------

const TRUSTED_MODE = 'This gateway runs in trusted-documents mode and executes only registered operations';
const ID_FIELDS = 'documentId or extensions.persistedQuery.sha256Hash';

function refusal(message: string, code: string, status: number): GraphQLError {
  return createGraphQLError(message, { extensions: { code, http: { status } } });
}

const errors = {
  /** `id`: the normalised id; null when the presented id is no sha256 id; undefined when unknown here. */
  notFound: (id: string | null | undefined) =>
    refusal(
      id === null
        ? `${TRUSTED_MODE}; it knows sha256 document ids only ("sha256:<64 hex>").`
        : `${TRUSTED_MODE}; no registered document has ${id === undefined ? 'this id' : `the id sha256:${id}`}.`,
      'PERSISTED_QUERY_NOT_FOUND',
      404,
    ),
  notInList: () =>
    refusal(
      `${TRUSTED_MODE}; this query text is not registered. Send a registered document's id (${ID_FIELDS}) or its exact registered text.`,
      'PERSISTED_QUERY_NOT_IN_LIST',
      403,
    ),
  idRequired: () =>
    refusal(`${TRUSTED_MODE}; send a registered document's id (${ID_FIELDS}) or its exact registered text.`, 'PERSISTED_QUERY_ID_REQUIRED', 400),
  mismatch: () =>
    refusal('The document id does not match the sha256 of the query text sent with it (or two different ids were sent).', 'PERSISTED_QUERY_ID_MISMATCH', 400),
  badRequest: (message: string) => refusal(message, 'BAD_REQUEST', 400),
};

type RawParams = GraphQLParams & { documentId?: unknown };

type Verdict =
  | { kind: 'trusted'; params: GraphQLParams }
  | { kind: 'introspection'; params: GraphQLParams }
  | { kind: 'refused'; error: GraphQLError };

/** The ids a request presents, normalised; a string that is no sha256 id becomes `null` (unknown). */
function presentedIds(raw: RawParams, urlDocumentId: string | undefined): Array<string | null> | GraphQLError {
  const ids: Array<string | null> = [];
  const documentId = raw.documentId ?? urlDocumentId;
  if (documentId != null) {
    if (typeof documentId !== 'string') return errors.badRequest('documentId must be a string.');
    ids.push(parseDocumentId(documentId) ?? null);
  }
  const persistedQuery: unknown = raw.extensions?.persistedQuery;
  if (persistedQuery != null) {
    const { version, sha256Hash } = persistedQuery as { version?: unknown; sha256Hash?: unknown };
    if (typeof sha256Hash !== 'string') return errors.badRequest('extensions.persistedQuery.sha256Hash must be a string.');
    if (version !== undefined && version !== 1) return errors.badRequest('extensions.persistedQuery.version must be 1.');
    ids.push(parseDocumentId(sha256Hash) ?? null);
  }
  return ids;
}

function isIntrospectionText(query: string, operationName: string | undefined): boolean {
  // Cheap pre-filter: most arbitrary queries are refused without being parsed.
  if (!query.includes('__schema') && !query.includes('__type')) return false;
  try {
    return isIntrospectionOnly(parse(query, { maxTokens: INTROSPECTION_CHECK_MAX_TOKENS }), operationName);
  } catch {
    return false;
  }
}

function judge(raw: RawParams, urlDocumentId: string | undefined, options: TrustedDocumentsOptions): Verdict {
  const { byHash } = options.documents;
  // A batch may hold anything JSON can; yoga checks the shape only after onParams.
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { kind: 'refused', error: errors.badRequest('Each operation must be a JSON object.') };
  }
  const { extensions } = raw;
  // yoga refuses these too, but only after onParams; the rewrite below must not spread a string.
  if (extensions != null && (typeof extensions !== 'object' || Array.isArray(extensions))) {
    return { kind: 'refused', error: errors.badRequest('extensions must be a JSON object.') };
  }
  const ids = presentedIds(raw, urlDocumentId);
  if (!Array.isArray(ids)) return { kind: 'refused', error: ids };
  const { query, documentId: _documentId, ...rest } = raw;
  if (query != null && typeof query !== 'string') return { kind: 'refused', error: errors.badRequest('query must be a string.') };

  let hash: string;
  if (query != null) {
    // Full text: accepted when exactly this text is registered. An id sent with it must agree.
    hash = sha256Hex(query);
    if (ids.some((id) => id !== hash)) return { kind: 'refused', error: errors.mismatch() };
    if (!byHash.has(hash)) {
      if (options.allowIntrospection === true && isIntrospectionText(query, raw.operationName)) {
        return { kind: 'introspection', params: { ...rest, query } };
      }
      return { kind: 'refused', error: errors.notInList() };
    }
  } else {
    if (ids.length === 0) return { kind: 'refused', error: errors.idRequired() };
    const id = ids[0];
    if (ids.some((other) => other !== id)) return { kind: 'refused', error: errors.mismatch() };
    if (id === null) return { kind: 'refused', error: errors.notFound(null) };
    hash = id;
  }
  const document = byHash.get(hash);
  if (document === undefined) return { kind: 'refused', error: errors.notFound(hash) };
  // Naming the operation changes nothing for a one-operation document, but lets request logs and
  // metrics (which read params.operationName) name it for id-only clients.
  const operationName = raw.operationName ?? document.soleOperationName;
  return {
    kind: 'trusted',
    params: {
      ...rest,
      ...(operationName !== undefined ? { operationName } : {}),
      extensions: { ...extensions, persistedQuery: { version: 1, sha256Hash: hash } },
    },
  };
}

function inBatch(error: GraphQLError, index: number): GraphQLError {
  return createGraphQLError(`Operation ${index + 1} of the batch: ${error.message}`, { extensions: error.extensions });
}

/** Executes only registered documents (see the file comment and server/plugins/README.md). */
export function useTrustedDocuments(options: TrustedDocumentsOptions): Plugin {
  const { byHash } = options.documents;
  if (byHash.size === 0) throw configError(`${options.documents.source} holds no documents.`);
  // Requests whose only untrusted operations were allowed introspection queries (checked per operation below).
  const introspectionRequests = new WeakSet<Request>();

  const persistedOperations = usePersistedOperations({
    getPersistedOperation: (key: string) => byHash.get(key)?.text ?? null,
    // The parse-time check below has already refused everything else that carries text.
    allowArbitraryOperations: (request: Request) => introspectionRequests.has(request),
    // Not reached after that check; the same answers in case something rewrites params later.
    customErrors: {
      notFound: () => errors.notFound(undefined),
      persistedQueryOnly: () => errors.notInList(),
      keyNotFound: () => errors.idRequired(),
    },
  });

  return {
    onPluginInit({ addPlugin }) {
      addPlugin(persistedOperations as Plugin);
    },
    onRequestParse({ request, url }) {
      // yoga's GET parser keeps only query, variables, operationName and extensions.
      const urlDocumentId = request.method === 'GET' ? (url.searchParams.get('documentId') ?? undefined) : undefined;
      return {
        onRequestParseDone({ requestParserResult, setRequestParserResult }) {
          const batch = Array.isArray(requestParserResult);
          const all = batch ? requestParserResult : [requestParserResult];
          const verdicts = all.map((params) => judge(params as RawParams, urlDocumentId, options));
          const refusedAt = verdicts.findIndex((verdict) => verdict.kind === 'refused');
          if (refusedAt !== -1) {
            const { error } = verdicts[refusedAt] as { error: GraphQLError };
            throw batch ? inBatch(error, refusedAt) : error;
          }
          if (verdicts.some((verdict) => verdict.kind === 'introspection')) introspectionRequests.add(request);
          const normalised = verdicts.map((verdict) => (verdict as { params: GraphQLParams }).params);
          setRequestParserResult(batch ? normalised : normalised[0]);
        },
      };
    },
  };
}
