/**
 * A hostile upstream cannot exhaust the gateway's memory, steer its credentials elsewhere by
 * redirecting, or make it hand its own credential to a caller by echoing it back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthSettings } from '../../sources/config/types.ts';
import { createTransport } from '../../sources/transport/create-transport.ts';
import { guardBody, redactBytes } from '../../sources/transport/guard-body.ts';
import { gzipBomb } from './hostile-peers.ts';
import { captureLogger, type FakeServer, json, makeSettings, rejectionOf, serversClosedAfterEach, startServer } from '../sources/transport/helpers.ts';

const start = serversClosedAfterEach();

const MB = 1024 * 1024;
const API_TOKEN = 'CANARY-upstream-answers-api-token-0123456789';
const BASIC: AuthSettings = { kind: 'basic', email: 'service@example.com', apiToken: API_TOKEN };


describe('bounded upstream bodies', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await gzipBomb(200);
  });

  it('cuts a huge answer at the limit, as it streams, and names the upstream and the limit', async () => {
    let sentBytes = 0;
    const upstream = await start((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(MB, 0x20);
      const pump = () => {
        // 150 MB, unless the reader goes away first.
        while (sentBytes < 150 * MB && !response.destroyed) {
          sentBytes += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        response.end();
      };
      response.on('close', () => undefined);
      pump();
    });
    const transport = createTransport({ settings: makeSettings(upstream.url, { maxBodyBytes: 2 * MB }), logger: captureLogger('error').logger });
    const response = await transport.fetch(`${upstream.url}/rest/api/3/search/jql`, {});
    const error = await rejectionOf(response.text());
    expect(error.extensions).toEqual({ code: 'UPSTREAM_TOO_LARGE', upstream: 'jira', maxBytes: 2 * MB });
    expect(error.message).toMatch(/Jira REST answered more than 2097152 bytes \(UPSTREAM_MAX_BODY_BYTES\)/);
    // The gateway stopped reading: the fake could not push the whole 150 MB.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sentBytes).toBeLessThan(150 * MB);
    await transport.close();
  });

  it('refuses a declared Content-Length over the limit before reading it', async () => {
    const upstream = await start((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * MB) });
      response.write('{"a":');
      // Never finishes: only the declared length can have decided.
    });
    const transport = createTransport({ settings: makeSettings(upstream.url, { maxBodyBytes: MB }), logger: captureLogger('error').logger });
    const response = await transport.fetch(`${upstream.url}/rest/api/3/myself`, {});
    expect((await rejectionOf(response.text())).extensions.code).toBe('UPSTREAM_TOO_LARGE');
    await transport.close();
  });

  it('counts decompressed bytes: four gzip bombs at once are cut without inflating them', async () => {
    const upstream = await start((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      response.end(bomb);
    });
    const transport = createTransport({ settings: makeSettings(upstream.url, { maxBodyBytes: 4 * MB }), logger: captureLogger('error').logger });
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
    const errors = await Promise.all(
      [1, 2, 3, 4].map(async () => rejectionOf((await transport.fetch(`${upstream.url}/rest/api/3/search/jql`, {})).arrayBuffer())),
    );
    clearInterval(sampler);
    for (const error of errors) expect(error.extensions.code).toBe('UPSTREAM_TOO_LARGE');
    // 4 × 200 MB inflated would be 800 MB; cut at 4 MB each, the buffers never come near.
    expect(peak - before).toBeLessThan(100 * MB);
    await transport.close();
  });

  it('bounds the in-flight deduplicated read the same way', async () => {
    const upstream = await start((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(bomb);
    });
    const transport = createTransport({ settings: makeSettings(upstream.url, { maxBodyBytes: MB }), logger: captureLogger('error').logger, dedupeInFlight: true });
    const answers = await Promise.allSettled([1, 2, 3].map(() => transport.fetch(`${upstream.url}/rest/api/3/myself`, {}).then((response) => response.text())));
    for (const answer of answers) {
      expect(answer.status).toBe('rejected');
      expect((answer as PromiseRejectedResult).reason.extensions.code).toBe('UPSTREAM_TOO_LARGE');
    }
    await transport.close();
  });
});

describe('redirects are never followed', () => {
  let elsewhere: FakeServer;
  beforeAll(async () => {
    elsewhere = await startServer((_request, response) => json(response, 200, { leaked: true }));
  });
  afterAll(() => elsewhere.close());

  it.each([301, 302, 303, 307, 308])('HTTP %i to another origin: UPSTREAM_BAD_RESPONSE naming the target, nothing sent there', async (status) => {
    const upstream = await start((_request, response) => {
      response.writeHead(status, { location: `${elsewhere.url}/steal?x=1` });
      response.end();
    });
    const transport = createTransport({ settings: makeSettings(upstream.url, { auth: BASIC }), logger: captureLogger('error').logger });
    for (const [url, init] of [
      [`${upstream.url}/rest/api/3/myself`, {}],
      [`${upstream.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ me { id } }"}' }],
    ] as const) {
      const error = await rejectionOf(transport.fetch(url, init));
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', status, redirectTo: elsewhere.url });
      expect(error.message).toContain(`a redirect to ${elsewhere.url}`);
    }
    expect(elsewhere.requests).toHaveLength(0);
    await transport.close();
  });

  it('not even to the same origin, nor with a relative or broken Location', async () => {
    const upstream = await start((request, response) => {
      if (request.path.startsWith('/rest/api/3/other')) return json(response, 200, { followed: true });
      response.writeHead(302, { location: request.path.endsWith('broken') ? 'http://[' : '/rest/api/3/other' });
      response.end();
    });
    const transport = createTransport({ settings: makeSettings(upstream.url), logger: captureLogger('error').logger });
    expect((await rejectionOf(transport.fetch(`${upstream.url}/rest/api/3/myself`, {}))).extensions).toMatchObject({ redirectTo: upstream.url });
    expect((await rejectionOf(transport.fetch(`${upstream.url}/rest/api/3/broken`, {}))).message).toContain('an unreadable location');
    expect(upstream.requests.map((request) => request.path)).toEqual(['/rest/api/3/myself', '/rest/api/3/broken']);
    await transport.close();
  });

  it('the OAuth token endpoint: a 307 does not re-post the client secret and refresh token elsewhere', async () => {
    const tokenEndpoint = await start((_request, response) => {
      response.writeHead(307, { location: `${elsewhere.url}/oauth/token` });
      response.end();
    });
    const upstream = await start((_request, response) => json(response, 200, { ok: true }));
    const auth: AuthSettings = { kind: 'oauthRefresh', clientId: 'client-id', clientSecret: 'client-secret-canary-value', refreshToken: 'refresh-canary-value', tokenUrl: `${tokenEndpoint.url}/oauth/token` };
    const transport = createTransport({ settings: makeSettings(upstream.url, { auth }), logger: captureLogger('error').logger });
    const error = await rejectionOf(transport.fetch(`${upstream.url}/rest/api/3/myself`, {}));
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', upstream: 'oauth', redirectTo: elsewhere.url });
    expect(elsewhere.requests).toHaveLength(0);
    expect(upstream.requests).toHaveLength(0);
    await transport.close();
  });
});

describe('an upstream echoing the credential back', () => {
  /** Answers with every request header, a byte at a time, so the token straddles chunks. */
  let echo: Server;
  let echoUrl: string;
  beforeAll(async () => {
    echo = createServer((request, response) => {
      const body = Buffer.from(JSON.stringify({ headers: request.headers, note: `token=${API_TOKEN}&again=${encodeURIComponent(API_TOKEN)}` }));
      response.writeHead(200, { 'content-type': 'application/json' });
      let at = 0;
      const next = () => {
        if (at >= body.length) return void response.end();
        response.write(body.subarray(at, at + 7));
        at += 7;
        setImmediate(next);
      };
      next();
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

  it('gets [REDACTED] wherever the sent credential appears, in every form, across chunk boundaries', async () => {
    const transport = createTransport({ settings: makeSettings(echoUrl, { auth: BASIC }), logger: captureLogger('error').logger });
    const text = await (await transport.fetch(`${echoUrl}/rest/api/3/myself`, {})).text();
    const basicValue = Buffer.from(`service@example.com:${API_TOKEN}`).toString('base64');
    expect(text).not.toContain(API_TOKEN);
    expect(text).not.toContain(basicValue);
    expect(text).toContain('"authorization":"Basic [REDACTED]"');
    expect(text).toContain('token=[REDACTED]&again=[REDACTED]');
    expect(JSON.parse(text)).toMatchObject({ headers: { host: expect.any(String) } });
    await transport.close();
  });

  it('redactBytes replaces every occurrence and leaves other bytes alone', () => {
    const secret = Buffer.from('s3cr3t-value');
    expect(redactBytes(Buffer.from('a s3cr3t-value b s3cr3t-values3cr3t-value c'), [secret]).toString()).toBe('a [REDACTED] b [REDACTED][REDACTED] c');
    const clean = Buffer.from('nothing here');
    expect(redactBytes(clean, [secret])).toBe(clean);
  });

  it('guardBody with no secrets passes chunks through untouched', async () => {
    const response = guardBody(new Response('{"ok":true}'), { upstream: 'jira', origin: 'http://x', timeoutMs: 1000, maxBytes: 100 });
    expect(await response.text()).toBe('{"ok":true}');
  });
});
