/**
 * Distinctive canary secrets in every credential slot; failing and succeeding calls with debug
 * logging; no canary (raw, base64, base64url, URL-encoded) may appear in any log line or error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthSettings, GatewaySettings } from '../../../sources/config/types.ts';
import { loadSettings } from '../../../sources/config/load-settings.ts';
import { createSettingsLogger } from '../../../sources/logging/index.ts';
import type { Logger, LogFields } from '../../../sources/logging/logger.ts';
import { createTransport } from '../../../sources/transport/create-transport.ts';
import { FakeClock, type FakeServer, json, makeSettings, startServer } from './helpers.ts';
import type { GatewayContext } from '../../../sources/context.ts';

const CANARY = {
  clientSecret: 'CANARY-client-secret-7f3a9c',
  refreshToken: 'CANARY-refresh-token-1b2c3d',
  startAccess: 'CANARY-start-access-4e5f6a',
  issuedAccess: 'CANARY-issued-access-8b9c0d',
  rotatedRefresh: 'CANARY-rotated-refresh-2e3f',
  apiToken: 'CANARY-api-token-5a6b7c',
  cookie: 'CANARY-cookie-value-9d8e7f',
  bearer: 'CANARY-oauth-bearer-3c4d5e',
  srht: 'CANARY-srht-token-6f7a8b',
  caller: 'CANARY-caller-token-0a1b2c',
};
const EMAIL = 'canary-user@example.com';

function forms(secret: string): string[] {
  const buffer = Buffer.from(secret);
  return [secret, buffer.toString('base64'), buffer.toString('base64').replace(/=+$/, ''), buffer.toString('base64url'), encodeURIComponent(secret)];
}
const FORBIDDEN = [
  ...Object.values(CANARY).flatMap(forms),
  ...forms(`${EMAIL}:${CANARY.apiToken}`),
  ...forms(`session=${CANARY.cookie}`),
  'CANARY',
  Buffer.from('CANARY').toString('base64').slice(0, 6),
];

function findLeaks(text: string): string[] {
  return FORBIDDEN.filter((form) => text.includes(form));
}

/** A logger that does NOT redact: proves the transport never hands a secret to its logger. */
function rawLogger(lines: string[], bound: LogFields = {}): Logger {
  const emit = (level: string) => (msg: string, fields?: LogFields) => {
    lines.push(JSON.stringify({ level, msg, ...bound, ...fields }, (_, value: unknown) => (value instanceof Error ? { name: value.name, message: value.message } : value)));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), child: (fields) => rawLogger(lines, { ...bound, ...fields }), isLevelEnabled: () => true };
}

let upstream: FakeServer;
let tokens: FakeServer;
let failingTokens: FakeServer;

beforeAll(async () => {
  // Upstream behaviour by path: /ok, /429, /500, /401 (always), /html; 401 for the starting access token.
  upstream = await startServer((request, response) => {
    if (request.headers.authorization === `Bearer ${CANARY.startAccess}`) return json(response, 401, { message: 'expired' });
    if (request.path.includes('/429')) return json(response, 429, { extensions: { request_id: 'r-1' } }, { 'retry-after': '1' });
    if (request.path.includes('/500')) return json(response, 500, { message: 'boom' });
    if (request.path.includes('/401')) return json(response, 401, { message: 'nope' });
    if (request.path.includes('/bad-429')) return json(response, 429, {}, { 'retry-after': 'whenever' });
    return json(response, 200, { data: { ok: true } });
  });
  tokens = await startServer((_, response) => json(response, 200, { access_token: CANARY.issuedAccess, refresh_token: CANARY.rotatedRefresh, expires_in: 3600 }));
  failingTokens = await startServer((_, response) => json(response, 400, { error: 'invalid_grant', error_description: `refresh token ${CANARY.refreshToken} revoked` }));
});
afterAll(async () => {
  await Promise.all([upstream.close(), tokens.close(), failingTokens.close()]);
});

const slots = (tokenUrl: string): Array<[string, AuthSettings]> => [
  ['oauthRefresh', { kind: 'oauthRefresh', clientId: 'client', clientSecret: CANARY.clientSecret, refreshToken: CANARY.refreshToken, accessToken: CANARY.startAccess, tokenUrl }],
  ['oauthBearer', { kind: 'oauthBearer', accessToken: CANARY.bearer }],
  ['basic', { kind: 'basic', email: EMAIL, apiToken: CANARY.apiToken }],
  ['cookies', { kind: 'cookies', cookies: { session: CANARY.cookie } }],
];

async function exercise(settings: GatewaySettings, logger: Logger, context?: GatewayContext): Promise<string[]> {
  const transport = createTransport({ settings, logger, clock: new FakeClock() });
  const outputs: string[] = [];
  const paths = ['/graphql', '/rest/api/3/ok', '/rest/api/3/429', '/rest/api/3/500', '/rest/api/3/401', '/rest/agile/1.0/bad-429', '/query', '/forbidden/../../x', 'http://elsewhere.invalid/graphql'];
  for (const path of paths) {
    const url = path.startsWith('http') ? path : `${upstream.url}${path}`;
    try {
      const response = await transport.fetch(url, { method: 'POST', body: JSON.stringify({ query: '{ ok }' }), headers: { 'x-trace': 'ok' } }, context);
      outputs.push(`status ${response.status}`);
    } catch (error) {
      const { message, extensions } = error as { message: string; extensions?: unknown };
      outputs.push(message, JSON.stringify(extensions ?? null), String(error));
    }
  }
  await transport.close();
  return outputs;
}

describe('canary secrets never leak', () => {
  it.each(['raw logger', 'settings logger'])('in logs or errors for every credential slot (%s)', async (kind) => {
    const lines: string[] = [];
    const outputs: string[] = [];
    for (const tokenServer of [tokens, failingTokens]) {
      for (const [, auth] of slots(`${tokenServer.url}/oauth/token`)) {
        const settings = makeSettings(upstream.url, {
          auth,
          srhtAuth: { kind: 'bearer', token: CANARY.srht },
          maxRetries429: 1,
          budget: { enabled: true, capacity: 10, refillPerSecond: 1, defaultCost: 1, costs: {} },
        });
        const logger = kind === 'raw logger' ? rawLogger(lines) : createSettingsLogger(settings, { write: (line) => lines.push(line) }).logger;
        outputs.push(...(await exercise(settings, logger)));
      }
    }
    // Caller credentials forwarding, with the canary in the caller's headers.
    const forwarding = makeSettings(upstream.url, { forwardCallerCredentials: true, srhtAuth: { kind: 'bearer', token: CANARY.srht } });
    const callerLogger = kind === 'raw logger' ? rawLogger(lines) : createSettingsLogger(forwarding, { write: (line) => lines.push(line) }).logger;
    outputs.push(...(await exercise(forwarding, callerLogger, { request: new Request('http://gateway/', { headers: { authorization: `Bearer ${CANARY.caller}`, cookie: `session=${CANARY.cookie}` } }) })));
    outputs.push(...(await exercise(forwarding, callerLogger, { req: { headers: {} } })));

    expect(lines.length).toBeGreaterThan(100);
    expect(lines.some((line) => line.includes('"level":"warn"'))).toBe(true);
    expect(lines.some((line) => line.includes('"level":"debug"'))).toBe(true);
    expect(outputs.some((output) => output.includes('RATE_LIMITED'))).toBe(true);
    expect(outputs.some((output) => output.includes('UNAUTHENTICATED'))).toBe(true);
    expect(outputs.some((output) => output === 'status 200')).toBe(true);
    expect(lines.flatMap(findLeaks)).toEqual([]);
    expect(outputs.flatMap(findLeaks)).toEqual([]);
  });

  it('the settings logger scrubs secrets that a careless caller logs', () => {
    const settings = makeSettings('http://127.0.0.1:1', { auth: { kind: 'basic', email: EMAIL, apiToken: CANARY.apiToken } });
    const lines: string[] = [];
    const { logger } = createSettingsLogger(settings, { write: (line) => lines.push(line) });
    const basic = Buffer.from(`${EMAIL}:${CANARY.apiToken}`).toString('base64');
    logger.error(`request failed with ${CANARY.apiToken}`, {
      headers: { Authorization: `Basic ${basic}`, accept: 'application/json' },
      note: `header was ${basic}`,
      nested: [{ apiToken: CANARY.apiToken }, new Error(`bad ${encodeURIComponent(CANARY.apiToken)}`)],
      url: new URL(`https://x.example/?token=${CANARY.apiToken}`),
    });
    logger.registerSecret?.('CANARY-late-issued-token');
    logger.info('late CANARY-late-issued-token');
    expect(lines.flatMap(findLeaks)).toEqual([]);
    expect(lines[0]).toContain('[REDACTED]');
    expect(JSON.parse(lines[0])).toMatchObject({ headers: { Authorization: '[REDACTED]', accept: 'application/json' } });
  });

  it('config errors never contain the values they reject', () => {
    const cases: Array<Record<string, string>> = [
      { ATLASSIAN_OAUTH_REFRESH_TOKEN: CANARY.refreshToken, ATLASSIAN_CLIENT_ID: 'c', ATLASSIAN_CLIENT_SECRET: CANARY.clientSecret, ATLASSIAN_OAUTH_ACCESS_TOKEN: CANARY.clientSecret },
      { ATLASSIAN_OAUTH_REFRESH_TOKEN: CANARY.refreshToken, ATLASSIAN_CLIENT_SECRET: CANARY.clientSecret },
      { ATLASSIAN_API_TOKEN: CANARY.apiToken },
      { ATLASSIAN_EMAIL: EMAIL, ATLASSIAN_API_TOKEN: CANARY.apiToken, ATLASSIAN_COOKIES_JSON: `{${CANARY.cookie}` },
      { ATLASSIAN_OAUTH_ACCESS_TOKEN: CANARY.bearer, ATLASSIAN_GQL_BASE_URL: CANARY.bearer },
      { ATLASSIAN_OAUTH_ACCESS_TOKEN: CANARY.bearer, ATLASSIAN_CLOUD_ID: 'c', REDIS_URL: `redis//:${CANARY.srht}@x` },
      { ATLASSIAN_OAUTH_ACCESS_TOKEN: CANARY.bearer, ATLASSIAN_CLOUD_ID: 'c', ATLASSIAN_STRICT: CANARY.srht },
      { ATLASSIAN_OAUTH_ACCESS_TOKEN: CANARY.bearer, ATLASSIAN_CLOUD_ID: 'c', ATLASSIAN_JIRA_BASE_URL: `https://u:${CANARY.srht}@x.atlassian.net` },
    ];
    for (const env of cases) {
      let message = '';
      try {
        loadSettings(env);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toBe('');
      expect(findLeaks(message)).toEqual([]);
    }
  });
});
