import { describe, expect, it } from 'vitest';
import type { AuthSettings } from '../../../sources/config/types.ts';
import { createTransport } from '../../../sources/transport/create-transport.ts';
import { FakeClock, captureLogger, json, makeSettings, rejectionOf, serversClosedAfterEach } from './helpers.ts';
import type { GatewayContext } from '../../../sources/context.ts';

const start = serversClosedAfterEach();

/** Token endpoint issuing token-1, token-2, … and rotating refresh tokens r-1, r-2, … */
async function tokenEndpoint(options: { delayMs?: number; rotate?: boolean } = {}) {
  return start(async (request, response, index) => {
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    json(response, 200, {
      access_token: `token-${index + 1}`,
      expires_in: 3600,
      ...(options.rotate ? { refresh_token: `r-${index + 1}` } : {}),
    });
  });
}

function refreshAuth(tokenUrl: string, accessToken?: string): AuthSettings {
  return {
    kind: 'oauthRefresh',
    clientId: 'client-id',
    clientSecret: 'client-secret-value',
    refreshToken: 'r-0',
    tokenUrl,
    ...(accessToken !== undefined ? { accessToken } : {}),
  };
}

describe('OAuth refresh', () => {
  it('refreshes once for 50 concurrent requests (single flight)', async () => {
    const tokens = await tokenEndpoint({ delayMs: 50 });
    const upstream = await start((request, response) => json(response, 200, { auth: request.headers.authorization }));
    const transport = createTransport({
      settings: makeSettings(upstream.url, { auth: refreshAuth(`${tokens.url}/oauth/token`) }),
      logger: captureLogger().logger,
    });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => transport.fetch(`${upstream.url}/rest/api/3/myself`).then((response) => response.json())),
    );
    expect(tokens.requests).toHaveLength(1);
    expect(JSON.parse(tokens.requests[0].body)).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client-id',
      client_secret: 'client-secret-value',
      refresh_token: 'r-0',
    });
    expect(tokens.requests[0].headers['content-type']).toBe('application/json');
    expect(new Set(responses.map((body) => (body as { auth: string }).auth))).toEqual(new Set(['Bearer token-1']));
  });

  it('reuses the token until shortly before it expires', async () => {
    const tokens = await tokenEndpoint();
    const upstream = await start((request, response) => json(response, 200, { auth: request.headers.authorization }));
    const clock = new FakeClock();
    const transport = createTransport({
      settings: makeSettings(upstream.url, { auth: refreshAuth(`${tokens.url}/token`) }),
      clock,
      logger: captureLogger().logger,
    });
    await transport.fetch(`${upstream.url}/rest/api/3/myself`);
    clock.current += 3000_000;
    await transport.fetch(`${upstream.url}/rest/api/3/myself`);
    expect(tokens.requests).toHaveLength(1);
    clock.current += 560_000; // 3560 s after issue: inside the 60 s margin.
    const body = (await (await transport.fetch(`${upstream.url}/rest/api/3/myself`)).json()) as { auth: string };
    expect(tokens.requests).toHaveLength(2);
    expect(body.auth).toBe('Bearer token-2');
  });

  it('on 401 refreshes exactly once and retries the request once', async () => {
    const tokens = await tokenEndpoint();
    const upstream = await start((request, response) => {
      if (request.headers.authorization === 'Bearer stale') json(response, 401, { message: 'expired' });
      else json(response, 200, { auth: request.headers.authorization, body: request.body });
    });
    const transport = createTransport({
      settings: makeSettings(upstream.url, { auth: refreshAuth(`${tokens.url}/token`, 'stale') }),
      logger: captureLogger().logger,
    });
    const calls = Array.from({ length: 10 }, () =>
      transport.fetch(`${upstream.url}/graphql`, { method: 'POST', body: '{"query":"{ me }"}' }),
    );
    const bodies = (await Promise.all(calls.map(async (call) => (await call).json()))) as Array<{ auth: string; body: string }>;
    expect(tokens.requests).toHaveLength(1);
    expect(bodies.every((body) => body.auth === 'Bearer token-1' && body.body === '{"query":"{ me }"}')).toBe(true);
    expect(upstream.requests).toHaveLength(20);
  });

  it('returns the second 401 instead of refreshing again', async () => {
    const tokens = await tokenEndpoint();
    const upstream = await start((_, response) => json(response, 401, { message: 'no access' }));
    const transport = createTransport({
      settings: makeSettings(upstream.url, { auth: refreshAuth(`${tokens.url}/token`, 'stale') }),
      logger: captureLogger().logger,
    });
    expect((await transport.fetch(`${upstream.url}/rest/api/3/myself`)).status).toBe(401);
    expect(tokens.requests).toHaveLength(1);
    expect(upstream.requests).toHaveLength(2);
  });

  it('keeps a rotated refresh token for the next refresh', async () => {
    const tokens = await tokenEndpoint({ rotate: true });
    const upstream = await start((_, response) => json(response, 200, {}));
    const clock = new FakeClock();
    const transport = createTransport({
      settings: makeSettings(upstream.url, { auth: refreshAuth(`${tokens.url}/token`) }),
      clock,
      logger: captureLogger().logger,
    });
    await transport.fetch(`${upstream.url}/rest/api/3/myself`);
    clock.current += 4000_000;
    await transport.fetch(`${upstream.url}/rest/api/3/myself`);
    clock.current += 4000_000;
    await transport.fetch(`${upstream.url}/rest/api/3/myself`);
    expect(tokens.requests.map((request) => (JSON.parse(request.body) as { refresh_token: string }).refresh_token)).toEqual(['r-0', 'r-1', 'r-2']);
  });

  it('turns a rejected refresh into UNAUTHENTICATED without echoing secrets', async () => {
    const tokens = await start((_, response) => json(response, 400, { error: 'invalid_grant', error_description: 'token r-0 revoked' }));
    const upstream = await start((_, response) => json(response, 200, {}));
    const transport = createTransport({
      settings: makeSettings(upstream.url, { auth: refreshAuth(`${tokens.url}/token`) }),
      logger: captureLogger().logger,
    });
    const error = await rejectionOf(transport.fetch(`${upstream.url}/rest/api/3/myself`));
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', status: 400 });
    expect(error.message).toContain('invalid_grant');
    expect(error.message).not.toContain('r-0');
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('injected token provider', () => {
  it('is used for oauthRefresh upstreams, including the 401 refresh', async () => {
    const upstream = await start((request, response) =>
      request.headers.authorization === 'Bearer first' ? json(response, 401, {}) : json(response, 200, { auth: request.headers.authorization }),
    );
    const rejected: string[] = [];
    const transport = createTransport({
      settings: makeSettings(upstream.url, { auth: refreshAuth('http://127.0.0.1:9/unused') }),
      logger: captureLogger().logger,
      tokenProvider: {
        getAccessToken: async () => 'first',
        refreshAfterUnauthorized: async (token) => {
          rejected.push(token);
          return 'second';
        },
      },
    });
    // The retry carries the token the refresh returned, whatever getAccessToken still says.
    expect(await (await transport.fetch(`${upstream.url}/graphql`)).json()).toEqual({ auth: 'Bearer second' });
    expect(rejected).toEqual(['first']);
    expect(upstream.requests).toHaveLength(2);
  });
});

describe('server credentials', () => {
  it('sends Basic, cookies and bearer as configured and drops caller-supplied credentials', async () => {
    const upstream = await start((_request, response) => json(response, 200, {}));
    // What the upstream received (an echo in the answer would come back redacted: see guard-body.ts).
    const call = async (auth: AuthSettings, url: string) => {
      const transport = createTransport({ settings: makeSettings(upstream.url, { auth, srhtAuth: { kind: 'bearer', token: 'srht-token' } }), logger: captureLogger().logger });
      await (await transport.fetch(url, { headers: { Authorization: 'Bearer injected', Cookie: 'x=y' } })).arrayBuffer();
      const received = upstream.requests.at(-1)!;
      return { auth: received.headers.authorization ?? null, cookie: received.headers.cookie ?? null };
    };
    expect(await call({ kind: 'basic', email: 'me@example.com', apiToken: 'api-token' }, `${upstream.url}/rest/api/3/myself`)).toEqual({
      auth: `Basic ${Buffer.from('me@example.com:api-token').toString('base64')}`,
      cookie: null,
    });
    expect(await call({ kind: 'cookies', cookies: { 'cloud.session.token': 'abc', other: 'def' } }, `${upstream.url}/rest/api/3/myself`)).toEqual({
      auth: null,
      cookie: 'cloud.session.token=abc; other=def',
    });
    expect(await call({ kind: 'oauthBearer', accessToken: 'oauth-access' }, `${upstream.url}/graphql`)).toEqual({ auth: 'Bearer oauth-access', cookie: null });
    expect(await call({ kind: 'none' }, `${upstream.url}/query`)).toEqual({ auth: 'Bearer srht-token', cookie: null });
  });
});

describe('caller credentials forwarding', () => {
  it("forwards the caller's Authorization and Cookie to Atlassian upstreams only", async () => {
    const upstream = await start((_request, response) => json(response, 200, {}));
    const sent = async (answer: Promise<Response>) => {
      await (await answer).arrayBuffer();
      const received = upstream.requests.at(-1)!;
      return { auth: received.headers.authorization ?? null, cookie: received.headers.cookie ?? null };
    };
    const transport = createTransport({
      settings: makeSettings(upstream.url, {
        auth: { kind: 'basic', email: 'server@example.com', apiToken: 'server-token' },
        srhtAuth: { kind: 'bearer', token: 'srht-token' },
        forwardCallerCredentials: true,
      }),
      logger: captureLogger().logger,
    });
    const yogaContext = { request: new Request('http://gateway/graphql', { headers: { authorization: 'Bearer caller-token', cookie: 'tenant.session.token=t1' } }) };
    expect(await sent(transport.fetch(`${upstream.url}/graphql`, {}, yogaContext))).toEqual({ auth: 'Bearer caller-token', cookie: 'tenant.session.token=t1' });

    const nodeContext = { req: { headers: { authorization: 'Basic Y2FsbGVyOnB3' } } };
    expect(await sent(transport.fetch(`${upstream.url}/rest/api/3/myself`, {}, nodeContext))).toEqual({ auth: 'Basic Y2FsbGVyOnB3', cookie: null });

    // todo.sr.ht is not Atlassian: it keeps the server's own token, for callers the gateway authenticated.
    const keyedCaller: GatewayContext = { ...yogaContext, caller: { id: 'apikey:1234abcd', kind: 'apikey', scopes: [] } };
    expect(await sent(transport.fetch(`${upstream.url}/query`, {}, keyedCaller))).toEqual({ auth: 'Bearer srht-token', cookie: null });
  });

  it('never lends the server credential to a caller known only by a forwarded credential', async () => {
    const upstream = await start((_request, response) => json(response, 200, {}));
    const transport = createTransport({
      settings: makeSettings(upstream.url, { srhtAuth: { kind: 'bearer', token: 'srht-server-token' }, forwardCallerCredentials: true }),
      logger: captureLogger().logger,
    });
    for (const authorization of ['x', 'Bearer made-up', 'Basic bm9ib2R5Om5vdGhpbmc=']) {
      const context: GatewayContext = { request: new Request('http://gateway/graphql', { headers: { authorization } }), caller: { id: 'forwarded:0', kind: 'forwarded', scopes: [] } };
      const error = await rejectionOf(transport.fetch(`${upstream.url}/query`, {}, context));
      expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: 'srht' });
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('reports a forwarded credential once an Atlassian upstream accepted it, never a refused one', async () => {
    const upstream = await start((request, response) => json(response, request.headers.authorization === 'Bearer good' ? 200 : 401, {}));
    const accepted: string[] = [];
    const transport = createTransport({
      settings: makeSettings(upstream.url, { forwardCallerCredentials: true }),
      logger: captureLogger().logger,
      onForwardedCredentialAccepted: (authorization) => accepted.push(authorization),
    });
    for (const authorization of ['Bearer good', 'Bearer bad']) {
      await (await transport.fetch(`${upstream.url}/rest/api/3/myself`, {}, { request: new Request('http://gateway/graphql', { headers: { authorization } }) })).arrayBuffer();
    }
    expect(accepted).toEqual(['Bearer good']);
  });

  it('rejects a caller without credentials instead of using the server credential', async () => {
    const upstream = await start((_, response) => json(response, 200, {}));
    const transport = createTransport({
      settings: makeSettings(upstream.url, { auth: { kind: 'oauthBearer', accessToken: 'server-token' }, forwardCallerCredentials: true }),
      logger: captureLogger().logger,
    });
    const error = await rejectionOf(transport.fetch(`${upstream.url}/graphql`, {}, { request: new Request('http://gateway/graphql') }));
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: 'agg' });
    expect(error.message).toContain('ATLASSIAN_FORWARD_CALLER_CREDENTIALS');
    expect(upstream.requests).toHaveLength(0);
  });
});
