import { describe, expect, it } from 'vitest';
import { createTransport } from '../../../sources/transport/create-transport.ts';
import { readJsonBody } from '../../../sources/transport/read-json-body.ts';
import { matchUpstream } from '../../../sources/transport/upstreams.ts';
import { FakeClock, captureLogger, json, makeSettings, rejectionOf, serversClosedAfterEach } from './helpers.ts';

const start = serversClosedAfterEach();
/** The X-ExperimentalApi header lines as received, one entry per line. */
function experimentalApiLines(rawHeaders: string[]): string[] {
  return rawHeaders.filter((_, index) => index % 2 === 1 && rawHeaders[index - 1].toLowerCase() === 'x-experimentalapi');
}

const echo = () => start((request, response) => json(response, 200, { headers: request.headers }));

describe('X-ExperimentalApi', () => {
  it('sends configured and caller opt-ins to AGG, deduplicated', async () => {
    const upstream = await echo();
    const transport = createTransport({
      settings: makeSettings(upstream.url, { experimentalApis: ['teams-beta', 'compass-beta'] }),
      logger: captureLogger().logger,
    });
    const callerHeaders = new Headers();
    callerHeaders.append('X-ExperimentalApi', 'compass-beta, jiraexpression');
    callerHeaders.append('X-ExperimentalApi', 'teams-beta');
    callerHeaders.append('X-ExperimentalApi', 'townsquare');
    await transport.fetch(`${upstream.url}/graphql`, { method: 'POST', body: '{}' }, { request: new Request('http://gateway/', { headers: callerHeaders }) });
    // One header line per opt-in (as the seed's client sends them), each once, in order.
    expect(experimentalApiLines(upstream.requests[0].rawHeaders)).toEqual(['teams-beta', 'compass-beta', 'jiraexpression', 'townsquare']);
  });

  it('the repeated-line path keeps method, body, status, headers and the 429 rules', async () => {
    let calls = 0;
    const upstream = await start((request, response) => {
      calls += 1;
      if (calls === 1) return json(response, 429, { error: 'slow down' }, { 'retry-after': '1' });
      json(response, 200, { echoed: JSON.parse(request.body) as unknown }, { 'x-trace': 'abc' });
    });
    const clock = new FakeClock();
    const transport = createTransport({ settings: makeSettings(upstream.url, { experimentalApis: ['teams-beta', 'compass-beta'] }), clock, logger: captureLogger().logger });
    const response = await transport.fetch(`${upstream.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me }' }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-trace')).toBe('abc');
    expect(await response.json()).toEqual({ echoed: { query: '{ me }' } });
    expect(clock.sleeps).toEqual([1_000]);
    expect(upstream.requests.map((request) => [request.method, experimentalApiLines(request.rawHeaders)])).toEqual([
      ['POST', ['teams-beta', 'compass-beta']],
      ['POST', ['teams-beta', 'compass-beta']],
    ]);
  });

  it('the repeated-line path times out and reports a dropped connection like fetch does', async () => {
    const silent = await start(() => undefined); // never answers
    const slowTransport = createTransport({ settings: makeSettings(silent.url, { experimentalApis: ['a', 'b'], timeoutMs: 150 }), logger: captureLogger().logger });
    const timedOut = await rejectionOf(slowTransport.fetch(`${silent.url}/graphql`, { method: 'POST', body: '{}' }));
    expect(timedOut.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', upstream: 'agg', timeoutMs: 150 });
    const refused = createTransport({ settings: makeSettings('http://127.0.0.1:9', { experimentalApis: ['a', 'b'] }), logger: captureLogger().logger });
    const unavailable = await rejectionOf(refused.fetch('http://127.0.0.1:9/graphql', { method: 'POST', body: '{}' }));
    expect(unavailable.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'agg' });
  });

  it('reads Node-style joined headers and sends nothing to non-AGG upstreams', async () => {
    const upstream = await echo();
    const transport = createTransport({ settings: makeSettings(upstream.url, { experimentalApis: ['teams-beta'] }), logger: captureLogger().logger });
    await transport.fetch(`${upstream.url}/graphql`, {}, { req: { headers: { 'x-experimentalapi': 'a, b, a' } } });
    expect(upstream.requests[0].headers['x-experimentalapi']).toBe('teams-beta, a, b');
    await transport.fetch(`${upstream.url}/rest/api/3/myself`, {}, { req: { headers: { 'x-experimentalapi': 'a' } } });
    expect(upstream.requests[1].headers['x-experimentalapi']).toBeUndefined();
  });
});

describe('upstream allow-list', () => {
  it('refuses URLs outside the configured upstreams', async () => {
    const upstream = await echo();
    const other = await echo();
    const log = captureLogger();
    const transport = createTransport({ settings: makeSettings(`${upstream.url}/site`), logger: log.logger });
    for (const url of [`${other.url}/graphql`, `${upstream.url}/elsewhere`, `${upstream.url}/sitemap`, `${upstream.url}/site/../admin`, 'not a url']) {
      const error = await rejectionOf(transport.fetch(url));
      expect(error.extensions.code).toBe('UPSTREAM_NOT_ALLOWED');
    }
    const error = await rejectionOf(transport.fetch(`${other.url}/x?token=secret-query`));
    expect(error.message).not.toContain('secret-query');
    expect(other.requests).toHaveLength(0);
    expect(upstream.requests).toHaveLength(0);
    expect((await transport.fetch(`${upstream.url}/site/rest/api/3/myself`)).status).toBe(200);
  });

  it('routes by longest base and tells Jira from Jira Software by the agile path', () => {
    const settings = makeSettings('https://example.atlassian.net');
    const upstreams = {
      ...settings.upstreams,
      agg: { ...settings.upstreams.agg, baseUrl: 'https://api.atlassian.com/graphql' },
      jira: { ...settings.upstreams.jira, baseUrl: 'https://api.atlassian.com/ex/jira/cloud-1' },
      jiraSoftware: { ...settings.upstreams.jiraSoftware, baseUrl: 'https://api.atlassian.com/ex/jira/cloud-1' },
    };
    const name = (url: string) => matchUpstream(new URL(url), upstreams)?.upstream.name;
    expect(name('https://api.atlassian.com/graphql')).toBe('agg');
    expect(name('https://api.atlassian.com/ex/jira/cloud-1/rest/api/3/myself')).toBe('jira');
    expect(name('https://api.atlassian.com/ex/jira/cloud-1/rest/agile/1.0/board')).toBe('jiraSoftware');
    expect(name('https://api.atlassian.com/ex/jira/cloud-2/rest/api/3/myself')).toBe('jira');
    expect(name('https://api.atlassian.com/ex/confluence/cloud-1/wiki')).toBeUndefined();
    expect(name('https://api.atlassian.com/graphqlx')).toBeUndefined();
    expect(matchUpstream(new URL('https://api.atlassian.com/ex/jira/cloud-1/rest/api/3/issue/DEV-1'), upstreams)?.relativePath).toBe('/rest/api/3/issue/DEV-1');
  });
});

describe('failures', () => {
  it('times out per upstream with UPSTREAM_TIMEOUT', async () => {
    const upstream = await start(() => {
      // Never answers.
    });
    const transport = createTransport({ settings: makeSettings(upstream.url, { timeoutMs: 150 }), logger: captureLogger().logger });
    const error = await rejectionOf(transport.fetch(`${upstream.url}/rest/api/3/myself`));
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', upstream: 'jira', timeoutMs: 150 });
    expect(error.message).toBe('Jira REST did not answer within 150 ms (JIRA_TIMEOUT_MS).');
  });

  it('reports a refused connection as UPSTREAM_UNAVAILABLE', async () => {
    const upstream = await echo();
    const url = upstream.url;
    // Closed here; the after-each close of an already closed server is harmless.
    await upstream.close();
    const transport = createTransport({ settings: makeSettings(url), logger: captureLogger().logger });
    const error = await rejectionOf(transport.fetch(`${url}/graphql?api_key=abc`));
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'agg', cause: 'ECONNREFUSED', origin: url });
    expect(error.message).not.toContain('abc');
  });

  it('reports a reset connection as UPSTREAM_UNAVAILABLE', async () => {
    const upstream = await start((request, response) => {
      response.socket?.destroy();
    });
    const transport = createTransport({ settings: makeSettings(upstream.url), logger: captureLogger().logger });
    const error = await rejectionOf(transport.fetch(`${upstream.url}/query`));
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'srht' });
  });

  it('lets a caller abort pass through as an abort', async () => {
    const upstream = await start(() => {});
    const transport = createTransport({ settings: makeSettings(upstream.url), logger: captureLogger().logger });
    const controller = new AbortController();
    const call = transport.fetch(`${upstream.url}/graphql`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await rejectionOf(call);
    expect(error.name).toBe('AbortError');
  });
});

describe('bodies', () => {
  it('buffers a stream body so a 429 retry can resend it', async () => {
    const upstream = await start((_, response, index) => (index === 0 ? json(response, 429, {}, { 'retry-after': '0' }) : json(response, 200, {})));
    const transport = createTransport({ settings: makeSettings(upstream.url), clock: new FakeClock(), logger: captureLogger().logger });
    const stream = new Blob(['{"query":"{ a }"}']).stream();
    expect((await transport.fetch(`${upstream.url}/graphql`, { method: 'POST', body: stream })).status).toBe(200);
    expect(upstream.requests.map((request) => request.body)).toEqual(['{"query":"{ a }"}', '{"query":"{ a }"}']);
  });

  it('readJsonBody parses JSON and explains HTML error pages', async () => {
    expect(await readJsonBody(new Response('{"a":1}'), 'jira')).toEqual({ a: 1 });
    const html = `<html><body><h1>502 Bad Gateway</h1><p>Bearer abc.def</p>${'x'.repeat(500)}</body></html>`;
    const error = await rejectionOf(readJsonBody(new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }), 'jiraSoftware'));
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', upstream: 'jiraSoftware', status: 502, contentType: 'text/html' });
    expect(error.message).toContain('Jira Software REST returned a body that is not JSON (HTTP 502');
    expect(String(error.extensions.excerpt)).toMatch(/^502 Bad Gateway Bearer \[REDACTED\] x+…$/);
    expect(String(error.extensions.excerpt).length).toBeLessThanOrEqual(161);
    const empty = await rejectionOf(readJsonBody(new Response('', { status: 200 }), 'agg'));
    expect(empty.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', excerpt: '' });
  });
});
