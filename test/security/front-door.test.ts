/**
 * The front door decides every request's route on its raw target, and authenticates GraphQL before
 * yoga sees it. Property tests: no spelling of a path other than the exact one reaches GraphQL, and
 * no request to any other route runs an operation or skips authentication.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouteMatcher, hostAllowed, isCrossSiteSafe, LOOPBACK_HOST_POLICY, parseHostHeader } from '../../server/front-door.ts';
import { readAllowedHosts } from '../../server/gateway-options.ts';
import { createCallerAuthenticator } from '../../server/auth/caller-auth.ts';
import { createApiKey } from '../../scripts/new-api-key.ts';
import { buildSchema } from 'graphql';
import { createSchemaDocument } from '../../server/schema-document.ts';
import { createTestYoga, testTypeDefs } from '../server/plugins/helpers.ts';
import { type FrontDoorHarness, startFrontDoor } from '../server/plugins/front-door-harness.ts';
import { rawRequest } from './hostile-peers.ts';

const match = createRouteMatcher({ graphiql: true, metrics: true, schema: true });
const PATHS = ['/graphql', '/healthz', '/readyz', '/metrics', '/', '/schema.graphql'];

/** Spellings a router that decodes, normalises or matches loosely would confuse with a real path. */
const pathPieces = fc.constantFrom(
  '/graphql', '/healthz', '/readyz', '/metrics', '/', '//', '/.', '/..', '/./', '/../', '%2f', '%2F', '%2e', '%2E', '%67', 'graphql',
  'GraphQL', '/GRAPHQL', '?', '?/graphql', '&x=/graphql', '#', ';', '%00', '\\', '/graphql/', 'healthz', ' ', '%20', '\t',
);
const targets = fc.oneof(
  fc.array(pathPieces, { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join('')),
  fc.string({ maxLength: 40 }),
  fc.webUrl({ withQueryParameters: true }).map((url) => new URL(url).pathname + new URL(url).search),
);
const methods = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', 'CONNECT', 'TRACE');

describe('route matching (property)', () => {
  it('reaches GraphQL only through the exact path /graphql, with or without a query string', () => {
    fc.assert(
      fc.property(methods, targets, fc.constantFrom(undefined, 'application/json', 'text/html'), (method, target, accept) => {
        const result = match(method, target, accept);
        const exact = target === '/graphql' || target.startsWith('/graphql?');
        if ('route' in result && (result.route === 'graphql' || result.route === 'graphiql')) expect(exact).toBe(true);
        if (!exact && 'route' in result) {
          // Any other route: the exact path, and no query string riding along.
          expect(PATHS).toContain(target);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('gives every route only its own methods, and only in upper case', () => {
    fc.assert(
      fc.property(methods, fc.constantFrom(...PATHS), (method, path) => {
        const result = match(method, path, undefined);
        if ('route' in result) expect(['GET', 'POST', 'HEAD', 'OPTIONS']).toContain(method);
        else expect(result.refused).toBe(405);
      }),
    );
  });

  it('refuses absolute-form and asterisk targets', () => {
    expect(match('POST', 'http://127.0.0.1:4000/graphql', undefined)).toEqual({ refused: 400 });
    expect(match('OPTIONS', '*', undefined)).toEqual({ refused: 400 });
  });

  it('serves the GraphiQL page only to a GET asking for HTML', () => {
    expect(match('GET', '/graphql', 'text/html,application/xhtml+xml')).toEqual({ route: 'graphiql' });
    expect(match('POST', '/graphql', 'text/html')).toEqual({ route: 'graphql' });
    expect(createRouteMatcher({ graphiql: false, metrics: false })('GET', '/graphql', 'text/html')).toEqual({ route: 'graphql' });
    expect(createRouteMatcher({ graphiql: false, metrics: false })('GET', '/metrics', undefined)).toEqual({ refused: 404 });
  });
});

describe('Host policy', () => {
  it('answers loopback names on any port by default, and nothing else', () => {
    for (const host of ['localhost', 'localhost:4000', '127.0.0.1:4000', '[::1]:4000', 'LOCALHOST:80']) expect(hostAllowed(LOOPBACK_HOST_POLICY, host), host).toBe(true);
    for (const host of [undefined, '', 'evil.example', 'evil.example:4000', '127.0.0.1.evil.example', 'localhost.evil.example', 'localhost@evil', 'a b', '127.0.0.1:4000:1', 'localhost:']) {
      expect(hostAllowed(LOOPBACK_HOST_POLICY, host), String(host)).toBe(false);
    }
  });

  it('adds the configured names, or any name with *', () => {
    const policy = readAllowedHosts({ GATEWAY_ALLOWED_HOSTS: 'gateway.example.com, api.example.com:8443' });
    expect(hostAllowed(policy, 'gateway.example.com:443')).toBe(true);
    expect(hostAllowed(policy, 'api.example.com:8443')).toBe(true);
    expect(hostAllowed(policy, 'api.example.com:443')).toBe(false);
    expect(hostAllowed(policy, 'localhost:4000')).toBe(true);
    expect(hostAllowed(policy, 'evil.example')).toBe(false);
    expect(hostAllowed(readAllowedHosts({ GATEWAY_ALLOWED_HOSTS: '*' }), 'anything.example')).toBe(true);
    expect(() => readAllowedHosts({ GATEWAY_ALLOWED_HOSTS: 'https://gateway.example.com/' })).toThrow(/GATEWAY_ALLOWED_HOSTS entries must be host names/);
    expect(() => readAllowedHosts({ GATEWAY_ALLOWED_HOSTS: '*, a.example' })).toThrow(/either \*/);
  });

  it('parses only plain Host values (property: whatever parses is name[:port] of safe characters)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (value) => {
        const host = parseHostHeader(value);
        if (host !== undefined) expect(`${host.name}${host.port === undefined ? '' : `:${host.port}`}`).toBe(value.toLowerCase());
        if (host !== undefined) expect(host.name).toMatch(/^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)$/);
      }),
    );
  });
});

describe('cross-site requests', () => {
  it('treats a POST as safe only with a Content-Type browsers preflight, or a preflight-forcing header', () => {
    const post = (headers: Record<string, string>) => isCrossSiteSafe('POST', headers);
    expect(post({ 'content-type': 'application/json' })).toBe(true);
    expect(post({ 'content-type': 'Application/JSON; charset=utf-8' })).toBe(true);
    expect(post({ 'content-type': 'application/graphql' })).toBe(true);
    for (const type of ['text/plain', 'TEXT/PLAIN;charset=UTF-8', 'text/plain; application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ' multipart/form-data']) {
      expect(post({ 'content-type': type }), type).toBe(false);
    }
    expect(post({})).toBe(false);
    expect(post({ 'content-type': 'text/plain', 'x-graphql-csrf': '1' })).toBe(true);
    expect(post({ 'content-type': 'text/plain', 'x-api-key': 'k' })).toBe(true);
    expect(isCrossSiteSafe('GET', {})).toBe(true);
  });
});


describe('the front door over a real socket', () => {
  const key = createApiKey();
  let door: FrontDoorHarness;
  let executions = 0;
  beforeAll(async () => {
    const yoga = createTestYoga([
      {
        onExecute() {
          executions++;
        },
      },
    ]);
    door = await startFrontDoor(yoga, {
      authenticate: createCallerAuthenticator({ apiKeyHashes: [key.hash] }),
      metrics: { render: async () => ({ contentType: 'text/plain', body: 'm 1\n' }) },
      schemaDocument: createSchemaDocument(buildSchema(testTypeDefs)),
    });
  });
  afterAll(() => door.close());

  const body = JSON.stringify({ query: 'mutation { touch }' });
  const post = (target: string, headers: Record<string, string> = {}) =>
    rawRequest(
      door.origin,
      `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')}\r\n${body}`,
    );

  it('runs nothing without a key, whatever the target looks like (the /healthz?/graphql bypass and variants)', async () => {
    const variants = [
      '/healthz?/graphql', '/readyz?/graphql', '/metrics?/graphql', '/?/graphql', '/healthz?query=x&x=/graphql', '/graphql/', '//graphql', '/GRAPHQL',
      '/graph%71l', '/%67raphql', '/./graphql', '/x/../graphql', '/graphql;', '/graphql%3F', '/graphql%23', '/graphql#x', '/healthz/../graphql', 'http://127.0.0.1/graphql',
      '/graphql', '/graphql?', '/graphql?query=%7B__typename%7D',
    ];
    for (const target of variants) {
      const answer = await post(target);
      expect([400, 401, 404, 405], `${target}: ${answer.text.slice(0, 200)}`).toContain(answer.status);
    }
    expect(executions).toBe(0);
  });

  it('runs nothing on any generated target without a key (property, over the socket)', async () => {
    await fc.assert(
      fc.asyncProperty(targets.filter((target) => /^[\x21-\x7e]+$/.test(target)), async (target) => {
        const answer = await post(target);
        expect(answer.status).not.toBe(200);
      }),
      { numRuns: 150 },
    );
    expect(executions).toBe(0);
  });

  it('with a key, only the exact path executes', async () => {
    expect((await post('/graphql', { 'x-api-key': key.key })).status).toBe(200);
    expect(executions).toBe(1);
    for (const target of ['/healthz?/graphql', '/graphql/', '/Graphql']) expect((await post(target, { 'x-api-key': key.key })).status).not.toBe(200);
    expect(executions).toBe(1);
  });

  it('refuses a cross-site form post before authentication and execution', async () => {
    const form = 'query=mutation%7Btouch%7D';
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const answer = await rawRequest(
        door.origin,
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nX-API-Key-Not: ${key.key}\r\nContent-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`,
      );
      expect(answer.status, type).toBe(403);
      expect(answer.text).toContain('CSRF_CHECK_FAILED');
    }
    expect(executions).toBe(1);
  });

  it('answers only loopback Host names by default (DNS rebinding), health probes excepted', async () => {
    const request = (path: string, host: string) => rawRequest(door.origin, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nX-API-Key: ${key.key}\r\nConnection: close\r\n\r\n`);
    expect((await request('/graphql?query=%7Bhello%7D', 'rebind.evil.example:4000')).status).toBe(421);
    expect((await request('/metrics', 'rebind.evil.example')).status).toBe(421);
    expect((await request('/graphql?query=%7Bhello%7D', 'localhost:4000')).status).toBe(200);
    expect((await request('/healthz', '10.0.0.7:4000')).status).toBe(200);
    const noHost = await rawRequest(door.origin, `GET /graphql?query=%7Bhello%7D HTTP/1.0\r\nX-API-Key: ${key.key}\r\n\r\n`);
    expect(noHost.status).toBe(421);
  });

  it('serves the SDL at /schema.graphql only to authenticated callers, and only at that exact path', async () => {
    const get = (target: string, headers = '') => rawRequest(door.origin, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`);
    expect((await get('/schema.graphql')).status).toBe(401);
    expect((await get('/schema.graphql', 'X-API-Key: wrong\r\n')).status).toBe(401);
    const served = await get('/schema.graphql', `X-API-Key: ${key.key}\r\n`);
    expect(served.status).toBe(200);
    expect(served.text).toContain('type Query {');
    for (const target of ['/schema.graphql?x=1', '/schema.graphql/', '/Schema.graphql', '/schema%2egraphql']) {
      expect((await get(target, `X-API-Key: ${key.key}\r\n`)).status, target).toBe(404);
    }
    const withoutDocument = await startFrontDoor(createTestYoga([]), { authenticate: createCallerAuthenticator({ apiKeyHashes: [key.hash] }) });
    try {
      expect((await rawRequest(withoutDocument.origin, `GET /schema.graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: ${key.key}\r\nConnection: close\r\n\r\n`)).status).toBe(404);
    } finally {
      await withoutDocument.close();
    }
  });

  it('serves health probes with no GraphQL work and no credentials', async () => {
    const before = executions;
    for (const target of ['/healthz', '/readyz']) expect((await rawRequest(door.origin, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).status).toBe(200);
    expect(executions).toBe(before);
  });
});
