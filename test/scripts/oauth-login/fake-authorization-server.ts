/**
 * A fake Atlassian authorization server on 127.0.0.1: /authorize redirects back with a code,
 * /oauth/token exchanges it, /oauth/token/accessible-resources lists sites. It records what it
 * was sent so tests can check the requests, and its behaviour can be switched per test.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_CODE = 'auth-code-9f8e7d6c';
export const FAKE_ACCESS_TOKEN = 'eyJhbGciOiJub25lIn0.access-token-abc123.sig';
export const FAKE_REFRESH_TOKEN = 'refresh-token-def456';
export const FAKE_SITES = [
  { id: '11111111-2222-4333-8444-555555555555', name: 'sandbox', url: 'https://sandbox.atlassian.net', scopes: ['read:jira-work'], avatarUrl: 'x' },
  { id: '66666666-7777-4888-9999-000000000000', name: 'second', url: 'https://second.atlassian.net', scopes: ['read:jira-user'] },
];

export type FakeMode = 'normal' | 'wrong-state' | 'access-denied' | 'token-error';

export interface FakeAuthorizationServer {
  baseUrl: string;
  mode: FakeMode;
  authorizeRequests: URLSearchParams[];
  tokenRequests: Array<Record<string, unknown>>;
  resourceRequests: Array<string | undefined>;
  close(): Promise<void>;
}

export async function startFakeAuthorizationServer(expected: { clientId: string; clientSecret: string }): Promise<FakeAuthorizationServer> {
  const fake: FakeAuthorizationServer = {
    baseUrl: '',
    mode: 'normal',
    authorizeRequests: [],
    tokenRequests: [],
    resourceRequests: [],
    close: async () => {},
  };
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && url.pathname === '/authorize') {
      fake.authorizeRequests.push(url.searchParams);
      const back = new URL(url.searchParams.get('redirect_uri') ?? 'http://invalid');
      if (fake.mode === 'access-denied') {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_description', 'User <b>declined</b>');
      } else {
        back.searchParams.set('code', FAKE_CODE);
      }
      back.searchParams.set('state', fake.mode === 'wrong-state' ? 'someone-elses-state' : url.searchParams.get('state') ?? '');
      response.writeHead(302, { location: back.href });
      response.end();
      return;
    }
    if (request.method === 'POST' && url.pathname === '/oauth/token') {
      const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
      fake.tokenRequests.push(body);
      const valid =
        body['grant_type'] === 'authorization_code' &&
        body['client_id'] === expected.clientId &&
        body['client_secret'] === expected.clientSecret &&
        body['code'] === FAKE_CODE;
      if (fake.mode === 'token-error' || !valid) {
        // Echoes the code and secret, as careless servers do, to prove the client scrubs them.
        json(403, {
          error: 'invalid_grant',
          error_description: `Unknown code ${String(body['code'])} for secret ${String(body['client_secret'])}`,
        });
        return;
      }
      json(200, {
        access_token: FAKE_ACCESS_TOKEN,
        refresh_token: FAKE_REFRESH_TOKEN,
        expires_in: 3600,
        scope: 'read:jira-work read:jira-user offline_access',
        token_type: 'Bearer',
      });
      return;
    }
    if (request.method === 'GET' && url.pathname === '/oauth/token/accessible-resources') {
      fake.resourceRequests.push(request.headers.authorization);
      if (request.headers.authorization !== `Bearer ${FAKE_ACCESS_TOKEN}`) {
        json(401, { code: 401, message: 'Unauthorized' });
        return;
      }
      json(200, FAKE_SITES);
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** What a browser does: open the authorization URL, follow its redirect to the callback. */
export async function visitLikeABrowser(url: string): Promise<{ callbackStatus: number; callbackText: string }> {
  const authorize = await fetch(url, { redirect: 'manual' });
  const location = authorize.headers.get('location');
  if (location === null) throw new Error(`authorize answered ${authorize.status} without a redirect`);
  const callback = await fetch(location);
  return { callbackStatus: callback.status, callbackText: await callback.text() };
}
