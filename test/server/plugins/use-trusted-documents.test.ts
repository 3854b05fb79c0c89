/** Trusted-documents mode: manifests, ids, full text, GET, batches, introspection and the other limits. */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plugin } from 'graphql-yoga';
import { ConfigError } from '../../../sources/config/types.ts';
import { DEFAULT_QUERY_LIMITS, useQueryLimits, yogaBatchingOption } from '../../../server/plugins/use-query-limits.ts';
import {
  documentIdOf,
  loadTrustedDocuments,
  parseDocumentId,
  trustedDocumentsFromManifest,
  useTrustedDocuments,
  type TrustedDocumentsOptions,
} from '../../../server/plugins/use-trusted-documents.ts';
import { useIntrospectionCache } from '../../../server/plugins/use-introspection-cache.ts';
import { createTestYoga, type GraphQLBody, type TestYoga } from './helpers.ts';
import { readTrustedDocumentsOptions } from '../../../server/server-config.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const HELLO = 'query Hello { hello }';
const WHOAMI = 'query WhoAmI {\n  whoami\n}\n';
const TOUCH = 'mutation Touch { touch }';
const COSTLY = 'query Costly { issues(first: 500) { nodes { key summary labels } } }';
const DEEP = 'query Deep { issues { nodes { project { components { name } } } } }';
const TWO_OPERATIONS = 'query A { hello } query B { whoami }';
const REGISTERED = [HELLO, WHOAMI, TOUCH, COSTLY, DEEP, TWO_OPERATIONS];

const manifest = Object.fromEntries(REGISTERED.map((text) => [sha256(text), text]));
const documents = trustedDocumentsFromManifest(manifest, 'test manifest');

function trustedYoga(overrides: Partial<TrustedDocumentsOptions> = {}, plugins: Plugin[] = [], maxBatch = 10): TestYoga {
  return createTestYoga([useTrustedDocuments({ documents, ...overrides }), ...plugins] as Array<Plugin<object>>, {
    batching: yogaBatchingOption({ maxBatch }),
  });
}

async function post(yoga: TestYoga, body: unknown): Promise<{ status: number; body: GraphQLBody & GraphQLBody[] }> {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody & GraphQLBody[] };
}

async function get(yoga: TestYoga, query: Record<string, string>): Promise<{ status: number; body: GraphQLBody }> {
  const response = await yoga.fetch(`http://gateway.test/graphql?${new URLSearchParams(query)}`, {
    headers: { accept: 'application/graphql-response+json' },
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody };
}

const apollo = (text: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(text) } } });
const codeOf = (body: GraphQLBody) => body.errors?.[0]?.extensions?.code;

describe('useTrustedDocuments: requests', () => {
  const yoga = trustedYoga();

  it('accepts a registered document by its Apollo sha256Hash', async () => {
    expect(await post(yoga, apollo(HELLO))).toEqual({ status: 200, body: { data: { hello: 'world' } } });
  });

  it('refuses an unknown hash with PERSISTED_QUERY_NOT_FOUND (404)', async () => {
    const unknown = sha256('query Other { hello }');
    const refused = await post(yoga, { extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } });
    expect(refused.status).toBe(404);
    expect(codeOf(refused.body)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(refused.body.errors?.[0]?.message).toContain(`no registered document has the id sha256:${unknown}`);
    expect(refused.body.data).toBeUndefined();
  });

  it('refuses arbitrary query text (403), saying the gateway runs in trusted-documents mode', async () => {
    const refused = await post(yoga, { query: '{ hello whoami }' });
    expect(refused.status).toBe(403);
    expect(codeOf(refused.body)).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(refused.body.errors?.[0]?.message).toMatch(/trusted-documents mode/);
  });

  it('accepts the exact registered text (what codegen clients send), not a reformatted copy', async () => {
    expect((await post(yoga, { query: WHOAMI })).body).toEqual({ data: { whoami: 'anonymous' } });
    expect((await post(yoga, { query: 'query WhoAmI { whoami }' })).status).toBe(403);
  });

  it('accepts text sent with its own hash (APQ registration), refuses it with another id (400)', async () => {
    expect((await post(yoga, { query: HELLO, ...apollo(HELLO) })).body).toEqual({ data: { hello: 'world' } });
    const mismatch = await post(yoga, { query: HELLO, ...apollo(WHOAMI) });
    expect(mismatch.status).toBe(400);
    expect(codeOf(mismatch.body)).toBe('PERSISTED_QUERY_ID_MISMATCH');
    const twoIds = await post(yoga, { documentId: `sha256:${sha256(WHOAMI)}`, ...apollo(HELLO) });
    expect(codeOf(twoIds.body)).toBe('PERSISTED_QUERY_ID_MISMATCH');
  });

  it('accepts documentId as sha256:<hex>, bare hex, upper case and a Hive app-deployment id', async () => {
    const hex = sha256(HELLO);
    for (const documentId of [`sha256:${hex}`, hex, hex.toUpperCase(), `SHA256:${hex}`, `my-app~1.2.3~${hex}`]) {
      expect((await post(yoga, { documentId })).body, documentId).toEqual({ data: { hello: 'world' } });
    }
  });

  it('refuses a documentId that is no sha256 id (404), and malformed ids or extensions (400)', async () => {
    const custom = await post(yoga, { documentId: 'x-relay:abc' });
    expect(custom.status).toBe(404);
    expect(custom.body.errors?.[0]?.message).toMatch(/sha256 document ids only/);
    const number = await post(yoga, { documentId: 42 });
    expect(number.status).toBe(400);
    expect(codeOf(number.body)).toBe('BAD_REQUEST');
    const malformed = [
      { documentId: sha256(HELLO), extensions: 'persistedQuery' },
      { extensions: { persistedQuery: { version: 2, sha256Hash: sha256(HELLO) } } },
      { extensions: { persistedQuery: { version: 1 } } },
    ];
    for (const body of malformed) expect((await post(yoga, body)).status, JSON.stringify(body)).toBe(400);
  });

  it('asks for an id when a request carries neither id nor text', async () => {
    const refused = await post(yoga, { variables: {} });
    expect(refused.status).toBe(400);
    expect(codeOf(refused.body)).toBe('PERSISTED_QUERY_ID_REQUIRED');
  });

  it('passes variables and operationName through; a two-operation document runs the named one', async () => {
    expect((await post(yoga, { ...apollo(TWO_OPERATIONS), operationName: 'B' })).body).toEqual({ data: { whoami: 'anonymous' } });
    expect((await post(yoga, { documentId: sha256(TWO_OPERATIONS), operationName: 'A' })).body).toEqual({ data: { hello: 'world' } });
  });

  it('GET: extensions and documentId query parameters; a registered mutation over GET is refused (405)', async () => {
    expect((await get(yoga, { extensions: JSON.stringify(apollo(HELLO).extensions) })).body).toEqual({ data: { hello: 'world' } });
    expect((await get(yoga, { documentId: `sha256:${sha256(HELLO)}` })).body).toEqual({ data: { hello: 'world' } });
    expect((await get(yoga, { query: HELLO })).body).toEqual({ data: { hello: 'world' } });
    expect((await get(yoga, { documentId: sha256('{ hello }') })).status).toBe(404);
    expect((await get(yoga, { query: '{ hello }' })).status).toBe(403);
    expect((await get(yoga, { documentId: sha256(TOUCH) })).status).toBe(405);
    expect((await post(yoga, { documentId: sha256(TOUCH) })).body).toEqual({ data: { touch: true } });
  });

  it('names the operation of a one-operation document, so logs and metrics see it for id-only clients', async () => {
    const seen: Array<string | undefined> = [];
    const recorder: Plugin = { onParams: ({ params }) => void seen.push(params.operationName) };
    // Recorded after the parse-time rewrite, as the gateway's observability plugin does.
    const recorded = createTestYoga([recorder, useTrustedDocuments({ documents })] as Array<Plugin<object>>);
    await post(recorded, { documentId: sha256(HELLO) });
    await post(recorded, { documentId: sha256(TWO_OPERATIONS), operationName: 'B' });
    expect(seen).toEqual(['Hello', 'B']);
  });
});

describe('useTrustedDocuments: batches', () => {
  it('runs a batch of trusted operations, refuses the whole batch when one is not trusted', async () => {
    let executed = 0;
    const counter: Plugin = { onExecute: () => void executed++ };
    const yoga = trustedYoga({}, [counter]);
    const ok = await post(yoga, [apollo(HELLO), { query: WHOAMI }, { documentId: sha256(TOUCH) }]);
    expect(ok.body).toEqual([{ data: { hello: 'world' } }, { data: { whoami: 'anonymous' } }, { data: { touch: true } }]);
    executed = 0;
    for (const untrusted of [{ query: '{ hello }' }, { documentId: sha256('{ hello }') }, {}, 42, null]) {
      const refused = await post(yoga, [{ documentId: sha256(TOUCH) }, untrusted, apollo(HELLO)]);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(Array.isArray(refused.body)).toBe(false);
      expect(refused.body.errors?.[0]?.message).toMatch(/^Operation 2 of the batch: /);
    }
    expect(executed).toBe(0);
  });
});

describe('useTrustedDocuments: introspection', () => {
  const introspection = '{ __schema { queryType { name } } }';

  it('is refused by default, also with the introspection cache in front (the gateway order)', async () => {
    const yoga = createTestYoga([useIntrospectionCache(), useTrustedDocuments({ documents })]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await post(yoga, { query: introspection });
      expect(refused.status).toBe(403);
      expect(JSON.stringify(refused.body)).not.toContain('queryType');
    }
  });

  it('allowIntrospection lets introspection-only operations through, and nothing else', async () => {
    const yoga = createTestYoga([useIntrospectionCache(), useTrustedDocuments({ documents, allowIntrospection: true })]);
    expect((await post(yoga, { query: introspection })).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    expect((await post(yoga, { query: '{ __type(name: "Query") { name } }' })).body).toEqual({ data: { __type: { name: 'Query' } } });
    expect((await post(yoga, { query: '{ __schema { queryType { name } } hello }' })).status).toBe(403);
    const mixed = 'query I { __typename __schema { queryType { name } } } query H { hello }';
    expect((await post(yoga, { query: mixed, operationName: 'I' })).status).toBe(200);
    expect((await post(yoga, { query: mixed, operationName: 'H' })).status).toBe(403);
    expect((await post(yoga, { query: mixed })).status).toBe(403);
    expect((await post(yoga, { query: 'mutation { __typename }' })).status).toBe(403);
    // In a batch too, only introspection may be unregistered.
    const batch = await post(trustedYoga({ allowIntrospection: true }), [apollo(HELLO), { query: introspection }]);
    expect(batch.body).toEqual([{ data: { hello: 'world' } }, { data: { __schema: { queryType: { name: 'Query' } } } }]);
  });
});

describe('useTrustedDocuments with useQueryLimits', () => {
  it('query limits still apply to trusted documents', async () => {
    const yoga = trustedYoga({}, [useQueryLimits({ ...DEFAULT_QUERY_LIMITS, maxCost: 100, maxDepth: 3 })]);
    const costly = await post(yoga, apollo(COSTLY));
    expect(costly.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxCost' });
    const deep = await post(yoga, { documentId: sha256(DEEP) });
    expect(deep.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxDepth' });
    expect((await post(yoga, apollo(HELLO))).body).toEqual({ data: { hello: 'world' } });
  });

  it('yoga still limits the batch size', async () => {
    const refused = await post(trustedYoga({}, [], 2), [apollo(HELLO), apollo(HELLO), apollo(HELLO)]);
    expect(refused.status).toBe(413);
  });
});

describe('document ids', () => {
  it('match the GraphQL-over-HTTP persisted documents example', () => {
    expect(documentIdOf('query ($id: ID!) {\n  user(id: $id) {\n    name\n  }\n}')).toBe(
      'sha256:7dba4bd717b41f10434822356a93c32b1fb4907b983e854300ad839f84cdcd6e',
    );
    expect(documentIdOf('query($id:ID!){user(id:$id){name}}')).toBe('sha256:71f7dc5758652baac68e4a10c50be732b741c892ade2883a99358f52b555286b');
  });

  it('parse the accepted forms and nothing else', () => {
    const hex = sha256(HELLO);
    expect([`sha256:${hex}`, hex, hex.toUpperCase(), ` ${hex} `, `app~v1~${hex}`].map(parseDocumentId)).toEqual([hex, hex, hex, hex, hex]);
    expect(['md5:abc', hex.slice(1), `sha1:${hex}`, `~~${hex}`, `a~b~c~${hex}`, ''].map(parseDocumentId)).toEqual(Array(6).fill(undefined));
  });
});

describe('manifests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let counter = 0;
  const file = (content: string): string => {
    const path = join(dir, `manifest-${counter++}.json`);
    writeFileSync(path, content);
    return path;
  };
  const SECRET_TEXT = 'query LeakCheck { hello }';

  /** The ConfigError a manifest gives: one line, naming the variable, never quoting a document. */
  function configErrorOf(load: () => unknown): string {
    let caught: unknown;
    try {
      load();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message.startsWith('GATEWAY_TRUSTED_DOCUMENTS: ')).toBe(true);
    expect(message).not.toContain('\n');
    expect(message).not.toContain('LeakCheck');
    return message;
  }

  it('JSON object: bare or sha256:-prefixed keys, any case', () => {
    const hex = sha256(SECRET_TEXT);
    const loaded = loadTrustedDocuments(file(JSON.stringify({ [hex.toUpperCase()]: SECRET_TEXT, [`sha256:${sha256(HELLO)}`]: HELLO })));
    expect([...loaded.byHash.keys()].sort()).toEqual([hex, sha256(HELLO)].sort());
    expect(loaded.byHash.get(hex)).toEqual({ text: SECRET_TEXT, soleOperationName: 'LeakCheck' });
  });

  it("Apollo's persisted query manifest format", () => {
    const apolloManifest = {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: sha256(HELLO), name: 'Hello', type: 'query', body: HELLO }],
    };
    expect([...loadTrustedDocuments(file(JSON.stringify(apolloManifest))).byHash.keys()]).toEqual([sha256(HELLO)]);
    const wrong = { ...apolloManifest, operations: [{ id: sha256(WHOAMI), body: SECRET_TEXT }] };
    expect(configErrorOf(() => loadTrustedDocuments(file(JSON.stringify(wrong))))).toMatch(/is not the sha256 of its document text/);
  });

  it('directory form: each .graphql file one document, hashed as stored', async () => {
    const ops = join(dir, 'ops');
    mkdirSync(ops);
    writeFileSync(join(ops, 'hello.graphql'), '# greeting\nquery Hello { hello }\n');
    writeFileSync(join(ops, 'notes.txt'), 'not a document');
    const options = readTrustedDocumentsOptions({ GATEWAY_TRUSTED_DOCUMENTS: 'ops' }, dir);
    expect(options?.documents.source).toBe('ops');
    expect([...(options?.documents.byHash.keys() ?? [])]).toEqual([sha256('# greeting\nquery Hello { hello }\n')]);
    const yoga = createTestYoga([useTrustedDocuments(options!)]);
    expect((await post(yoga, { query: '# greeting\nquery Hello { hello }\n' })).body).toEqual({ data: { hello: 'world' } });
    expect((await post(yoga, { query: HELLO })).status).toBe(403);
  });

  it('each bad manifest is a one-line ConfigError naming the variable and the problem', () => {
    const hex = sha256(SECRET_TEXT);
    const cases: Array<[string, () => unknown, RegExp]> = [
      ['missing path', () => loadTrustedDocuments(join(dir, 'nope.json')), /does not exist/],
      ['bad JSON', () => loadTrustedDocuments(file(`{"${hex}": "query LeakCheck { hello }",}`)), /is not valid JSON/],
      ['not an object', () => loadTrustedDocuments(file(JSON.stringify([SECRET_TEXT]))), /must be a JSON object/],
      ['empty', () => loadTrustedDocuments(file('{}')), /holds no documents/],
      ['not a string', () => loadTrustedDocuments(file(JSON.stringify({ [hex]: { query: SECRET_TEXT } }))), /must be a string/],
      ['key not sha256', () => loadTrustedDocuments(file(JSON.stringify({ LeakCheck: SECRET_TEXT }))), /is not a sha256 hex id/],
      ['md5 key', () => loadTrustedDocuments(file(JSON.stringify({ ['a'.repeat(32)]: SECRET_TEXT }))), /looks like an MD5 hash/],
      ['sha1 key', () => loadTrustedDocuments(file(JSON.stringify({ ['b'.repeat(40)]: SECRET_TEXT }))), /looks like a SHA-1 hash/],
      ['key mismatch', () => loadTrustedDocuments(file(JSON.stringify({ [hex]: `${SECRET_TEXT}\n` }))), /is not the sha256 of its document text/],
      [
        'does not parse',
        () => loadTrustedDocuments(file(JSON.stringify({ [sha256('query LeakCheck { hello ')]: 'query LeakCheck { hello ' }))),
        /does not parse \(line 1, column 25\)/,
      ],
      [
        'not executable',
        () => loadTrustedDocuments(file(JSON.stringify({ [sha256('type LeakCheck { a: Int }')]: 'type LeakCheck { a: Int }' }))),
        /not an executable document/,
      ],
    ];
    for (const [name, load, expected] of cases) expect(configErrorOf(load), name).toMatch(expected);
  });

  it('a bad directory is a ConfigError naming the file', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(configErrorOf(() => loadTrustedDocuments(empty))).toMatch(/holds no \.graphql files/);
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'leak.graphql'), 'query LeakCheck {');
    expect(configErrorOf(() => loadTrustedDocuments(broken))).toMatch(/broken\/leak\.graphql: the document does not parse/);
  });

  it('readTrustedDocumentsOptions: off when unset; the introspection switch needs the manifest', () => {
    expect(readTrustedDocumentsOptions({})).toBeUndefined();
    expect(readTrustedDocumentsOptions({ GATEWAY_TRUSTED_DOCUMENTS: '  ' })).toBeUndefined();
    const path = file(JSON.stringify(manifest));
    expect(readTrustedDocumentsOptions({ GATEWAY_TRUSTED_DOCUMENTS: path })?.allowIntrospection).toBe(false);
    expect(readTrustedDocumentsOptions({ GATEWAY_TRUSTED_DOCUMENTS: path, GATEWAY_TRUSTED_DOCUMENTS_ALLOW_INTROSPECTION: 'true' })?.allowIntrospection).toBe(
      true,
    );
    expect(() => readTrustedDocumentsOptions({ GATEWAY_TRUSTED_DOCUMENTS_ALLOW_INTROSPECTION: 'true' })).toThrow(
      'GATEWAY_TRUSTED_DOCUMENTS_ALLOW_INTROSPECTION needs GATEWAY_TRUSTED_DOCUMENTS.',
    );
    expect(() => readTrustedDocumentsOptions({ GATEWAY_TRUSTED_DOCUMENTS: path, GATEWAY_TRUSTED_DOCUMENTS_ALLOW_INTROSPECTION: 'maybe' })).toThrow(
      ConfigError,
    );
  });
});
