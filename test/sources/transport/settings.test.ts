import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDotEnv, parseDotEnv } from '../../../sources/config/dotenv.ts';
import { SANDBOX_CLOUD_ID, loadSettings, resolveMode } from '../../../sources/config/load-settings.ts';
import { ConfigError } from '../../../sources/config/types.ts';

const CLOUD = '11111111-2222-4333-8444-555555555555';
const refresh = { ATLASSIAN_OAUTH_REFRESH_TOKEN: 'refresh-1', ATLASSIAN_CLIENT_ID: 'client-1', ATLASSIAN_CLIENT_SECRET: 'secret-1', ATLASSIAN_CLOUD_ID: CLOUD };
const basic = { ATLASSIAN_EMAIL: 'me@example.com', ATLASSIAN_API_TOKEN: 'api-1', ATLASSIAN_GQL_BASE_URL: 'https://team.atlassian.net/gateway/api', ATLASSIAN_JIRA_BASE_URL: 'https://team.atlassian.net' };
const sandbox = {
  ATLASSIAN_MESH_MODE: 'sandbox',
  ATLASSIAN_GQL_BASE_URL: 'http://127.0.0.1:4001/graphql',
  ATLASSIAN_JIRA_BASE_URL: 'http://127.0.0.1:4002',
  ATLASSIAN_JIRA_SOFTWARE_BASE_URL: 'http://127.0.0.1:4003',
  SRHT_TODO_URL: 'http://127.0.0.1:4004/query',
};

function configError(env: Record<string, string>): string {
  try {
    loadSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('mode', () => {
  it('defaults to live with any credential and to sandbox without', () => {
    expect(resolveMode({})).toBe('sandbox');
    expect(resolveMode({ ATLASSIAN_EMAIL: 'x' })).toBe('live');
    expect(resolveMode({ ATLASSIAN_MESH_MODE: 'LIVE' })).toBe('live');
    expect(configError({ ATLASSIAN_MESH_MODE: 'staging' })).toBe('ATLASSIAN_MESH_MODE must be one of: sandbox, live.');
  });

  it('sandbox: local endpoints, no auth even when credentials are set, sandbox cloud id', () => {
    const settings = loadSettings({ ...sandbox, ...basic, ...{ ATLASSIAN_GQL_BASE_URL: sandbox.ATLASSIAN_GQL_BASE_URL, ATLASSIAN_JIRA_BASE_URL: sandbox.ATLASSIAN_JIRA_BASE_URL }, SRHT_TOKEN: 't' });
    expect(settings.mode).toBe('sandbox');
    expect(settings.cloudId).toBe(SANDBOX_CLOUD_ID);
    expect(Object.values(settings.upstreams).map((upstream) => [upstream.baseUrl, upstream.auth.kind])).toEqual([
      ['http://127.0.0.1:4001/graphql', 'none'],
      ['http://127.0.0.1:4002', 'none'],
      ['http://127.0.0.1:4003', 'none'],
      ['http://127.0.0.1:4004/query', 'none'],
    ]);
    expect(configError({ ATLASSIAN_MESH_MODE: 'sandbox' })).toMatch(/^ATLASSIAN_JIRA_BASE_URL is required in sandbox mode/);
  });

  it('live without any credential explains what to set', () => {
    expect(configError({ ATLASSIAN_MESH_MODE: 'live' })).toMatch(/^Live mode needs an Atlassian credential/);
  });
});

describe('credentials', () => {
  it('prefers OAuth refresh, then bearer, then Basic, then cookies', () => {
    const cookies = { ATLASSIAN_COOKIES_JSON: '{"cloud.session.token":"c1"}' };
    const all = { ...basic, ...cookies, ATLASSIAN_OAUTH_ACCESS_TOKEN: 'access-1', ...refresh };
    expect(loadSettings(all).upstreams.agg.auth).toEqual({
      kind: 'oauthRefresh',
      clientId: 'client-1',
      clientSecret: 'secret-1',
      refreshToken: 'refresh-1',
      accessToken: 'access-1',
      tokenUrl: 'https://auth.atlassian.com/oauth/token',
    });
    expect(loadSettings({ ...basic, ...cookies, ATLASSIAN_OAUTH_ACCESS_TOKEN: 'access-1' }).upstreams.jira.auth).toEqual({ kind: 'oauthBearer', accessToken: 'access-1' });
    expect(loadSettings({ ...basic, ...cookies }).upstreams.jiraSoftware.auth).toEqual({ kind: 'basic', email: 'me@example.com', apiToken: 'api-1' });
    expect(loadSettings({ ...cookies, ATLASSIAN_GQL_BASE_URL: basic.ATLASSIAN_GQL_BASE_URL, ATLASSIAN_JIRA_BASE_URL: basic.ATLASSIAN_JIRA_BASE_URL }).upstreams.agg.auth).toEqual({
      kind: 'cookies',
      cookies: { 'cloud.session.token': 'c1' },
    });
    expect(loadSettings({ ...refresh, ATLASSIAN_OAUTH_TOKEN_URL: 'https://auth.example.com/token' }).upstreams.agg.auth).toMatchObject({ tokenUrl: 'https://auth.example.com/token' });
  });

  it('names the missing half of a pair or triple', () => {
    expect(configError({ ATLASSIAN_EMAIL: 'me@example.com' })).toBe(
      'Basic API-token auth needs ATLASSIAN_EMAIL + ATLASSIAN_API_TOKEN: ATLASSIAN_EMAIL is set but ATLASSIAN_API_TOKEN is missing.',
    );
    expect(configError({ ATLASSIAN_API_TOKEN: 'x' })).toContain('ATLASSIAN_EMAIL is missing');
    expect(configError({ ATLASSIAN_OAUTH_REFRESH_TOKEN: 'r', ATLASSIAN_CLIENT_ID: 'c' })).toContain('ATLASSIAN_CLIENT_SECRET is missing');
    expect(configError({ ATLASSIAN_CLIENT_SECRET: 's', ATLASSIAN_OAUTH_ACCESS_TOKEN: 'a' })).toContain(
      'ATLASSIAN_OAUTH_REFRESH_TOKEN, ATLASSIAN_CLIENT_ID are missing',
    );
  });

  it('rejects an access token that is really the client secret, without echoing it', () => {
    const message = configError({ ...refresh, ATLASSIAN_OAUTH_ACCESS_TOKEN: 'secret-1' });
    expect(message).toContain("not the app's client secret");
    expect(message).not.toContain('secret-1');
  });

  it('rejects malformed cookies JSON', () => {
    const base = { ATLASSIAN_GQL_BASE_URL: basic.ATLASSIAN_GQL_BASE_URL, ATLASSIAN_JIRA_BASE_URL: basic.ATLASSIAN_JIRA_BASE_URL };
    expect(configError({ ...base, ATLASSIAN_COOKIES_JSON: '{oops' })).toMatch(/^ATLASSIAN_COOKIES_JSON is not valid JSON/);
    expect(configError({ ...base, ATLASSIAN_COOKIES_JSON: '["a"]' })).toMatch(/^ATLASSIAN_COOKIES_JSON must be a JSON object/);
    expect(configError({ ...base, ATLASSIAN_COOKIES_JSON: '{"a":1}' })).toContain('must be a non-empty string');
    expect(configError({ ...base, ATLASSIAN_COOKIES_JSON: '{}' })).toContain('empty object');
    expect(configError({ ...base, ATLASSIAN_COOKIES_JSON: '{"a b":"x"}' })).toContain('not a valid cookie name');
    // Malformed cookies are reported even when a higher-precedence credential is set.
    expect(configError({ ...basic, ATLASSIAN_COOKIES_JSON: '{oops' })).toMatch(/^ATLASSIAN_COOKIES_JSON/);
  });

  it('todo.sr.ht uses SRHT_TOKEN as a bearer token, or none', () => {
    expect(loadSettings({ ...basic, SRHT_TOKEN: 'srht-1' }).upstreams.srht).toMatchObject({ baseUrl: 'https://todo.sr.ht/query', auth: { kind: 'bearer', token: 'srht-1' } });
    expect(loadSettings(basic).upstreams.srht.auth).toEqual({ kind: 'none' });
  });
});

describe('endpoints', () => {
  it('OAuth defaults to api.atlassian.com and the cloud-id Jira base', () => {
    const settings = loadSettings({ ATLASSIAN_OAUTH_ACCESS_TOKEN: 'a', ATLASSIAN_JIRA_CLOUD_ID: CLOUD });
    expect(settings.upstreams.agg.baseUrl).toBe('https://api.atlassian.com/graphql');
    expect(settings.upstreams.jira.baseUrl).toBe(`https://api.atlassian.com/ex/jira/${CLOUD}`);
    expect(settings.upstreams.jiraSoftware.baseUrl).toBe(`https://api.atlassian.com/ex/jira/${CLOUD}`);
    expect(settings.cloudId).toBe(CLOUD);
    expect(configError({ ATLASSIAN_OAUTH_ACCESS_TOKEN: 'a' })).toContain('set ATLASSIAN_CLOUD_ID (or ATLASSIAN_JIRA_CLOUD_ID)');
    expect(configError({ ATLASSIAN_OAUTH_ACCESS_TOKEN: 'a', ATLASSIAN_CLOUD_ID: '../x' })).toContain('ATLASSIAN_CLOUD_ID must be an Atlassian cloud id');
  });

  it('non-OAuth modes require the AGG and Jira base URLs', () => {
    expect(configError({ ATLASSIAN_EMAIL: 'me@example.com', ATLASSIAN_API_TOKEN: 'x' })).toMatch(/^ATLASSIAN_GQL_BASE_URL is required for non-OAuth auth modes/);
    expect(configError({ ATLASSIAN_EMAIL: 'me@example.com', ATLASSIAN_API_TOKEN: 'x', ATLASSIAN_GQL_BASE_URL: 'https://t.atlassian.net/gateway/api' })).toMatch(
      /^ATLASSIAN_JIRA_BASE_URL is required for non-OAuth auth modes/,
    );
  });

  it('normalises host, gateway and full GraphQL URLs, and Jira bases with /rest suffixes', () => {
    const agg = (value: string) => loadSettings({ ...basic, ATLASSIAN_GQL_BASE_URL: value }).upstreams.agg.baseUrl;
    expect(agg('https://api.atlassian.com')).toBe('https://api.atlassian.com/graphql');
    expect(agg('https://api.atlassian.com/')).toBe('https://api.atlassian.com/graphql');
    expect(agg('https://team.atlassian.net/gateway/api/')).toBe('https://team.atlassian.net/gateway/api/graphql');
    expect(agg('https://team.atlassian.net/gateway/api/graphql')).toBe('https://team.atlassian.net/gateway/api/graphql');
    const jira = loadSettings({ ...basic, ATLASSIAN_JIRA_BASE_URL: 'https://team.atlassian.net/rest/api/3/', ATLASSIAN_JIRA_SOFTWARE_BASE_URL: 'https://team.atlassian.net/rest/agile/1.0' });
    expect(jira.upstreams.jira.baseUrl).toBe('https://team.atlassian.net');
    expect(jira.upstreams.jiraSoftware.baseUrl).toBe('https://team.atlassian.net');
  });

  it('rejects invalid URLs without echoing them', () => {
    expect(configError({ ...basic, ATLASSIAN_GQL_BASE_URL: 'team.atlassian.net' })).toMatch(/^ATLASSIAN_GQL_BASE_URL is not a valid URL/);
    expect(configError({ ...basic, ATLASSIAN_JIRA_BASE_URL: 'ftp://team.atlassian.net' })).toBe('ATLASSIAN_JIRA_BASE_URL must be an http:// or https:// URL.');
    const withPassword = configError({ ...basic, SRHT_TODO_URL: 'https://user:hunter2@todo.sr.ht/query' });
    expect(withPassword).toContain('must not contain a user name or password');
    expect(withPassword).not.toContain('hunter2');
    expect(configError({ ...basic, ATLASSIAN_JIRA_BASE_URL: 'https://team.atlassian.net/?a=1' })).toContain('query string');
    expect(configError({ ...basic, REDIS_URL: 'http://:pw@localhost' })).toBe('REDIS_URL must start with redis:// or rediss://.');
  });

  it('reads timeouts with per-upstream overrides', () => {
    const settings = loadSettings({ ...basic, ATLASSIAN_MESH_TIMEOUT_MS: '10000', JIRA_TIMEOUT_MS: '2500', SRHT_TIMEOUT_MS: '7000' });
    expect(Object.values(settings.upstreams).map((upstream) => upstream.timeoutMs)).toEqual([10_000, 2500, 10_000, 7000]);
    expect(loadSettings(basic).upstreams.agg.timeoutMs).toBe(30_000);
    expect(configError({ ...basic, AGG_TIMEOUT_MS: '0' })).toBe('AGG_TIMEOUT_MS must be an integer >= 1 and <= 600000.');
    expect(configError({ ...basic, ATLASSIAN_MESH_TIMEOUT_MS: '5s' })).toContain('ATLASSIAN_MESH_TIMEOUT_MS must be an integer');
  });
});

describe('other settings', () => {
  it('has documented defaults', () => {
    const settings = loadSettings(basic);
    expect(settings).toMatchObject({
      experimentalApis: [],
      maxWaitSeconds: 60,
      maxRetries429: 3,
      strict: false,
      budget: { enabled: false, capacity: 10_000, refillPerSecond: 10_000 / 60, defaultCost: 1, costs: {} },
      forwardCallerCredentials: false,
      jira: { storyPointsField: 'customfield_10016', sprintField: 'customfield_10020' },
      logLevel: 'info',
    });
    expect(settings.redisUrl).toBeUndefined();
  });

  it('parses lists, numbers, booleans, budget costs', () => {
    const settings = loadSettings({
      ...basic,
      ATLASSIAN_GQL_EXPERIMENTAL_APIS: ' teams-beta, ,compass-beta,teams-beta ',
      ATLASSIAN_MAX_WAIT_SECONDS: '12.5',
      ATLASSIAN_MAX_RETRIES_429: '0',
      ATLASSIAN_STRICT: 'YES',
      ATLASSIAN_LOCAL_BUDGET: 'on',
      ATLASSIAN_BUDGET_CAPACITY: '500',
      ATLASSIAN_BUDGET_REFILL_PER_SECOND: '2.5',
      ATLASSIAN_BUDGET_DEFAULT_COST: '3',
      ATLASSIAN_BUDGET_COSTS: '{"TeamHealth":40,"GET /rest/api/3/search/jql":5}',
      REDIS_URL: 'redis://:pw@127.0.0.1:6379/2',
      ATLASSIAN_FORWARD_CALLER_CREDENTIALS: 'true',
      JIRA_STORY_POINTS_FIELD: 'customfield_10028',
      LOG_LEVEL: 'debug',
    });
    expect(settings).toMatchObject({
      experimentalApis: ['teams-beta', 'compass-beta'],
      maxWaitSeconds: 12.5,
      maxRetries429: 0,
      strict: true,
      budget: { enabled: true, capacity: 500, refillPerSecond: 2.5, defaultCost: 3, costs: { TeamHealth: 40, 'GET /rest/api/3/search/jql': 5 } },
      redisUrl: 'redis://:pw@127.0.0.1:6379/2',
      forwardCallerCredentials: true,
      jira: { storyPointsField: 'customfield_10028', sprintField: 'customfield_10020' },
      logLevel: 'debug',
    });
  });

  it('rejects bad numbers, booleans and costs with the variable name', () => {
    expect(configError({ ...basic, ATLASSIAN_MAX_RETRIES_429: '2.5' })).toBe('ATLASSIAN_MAX_RETRIES_429 must be an integer >= 0 and <= 100.');
    expect(configError({ ...basic, ATLASSIAN_MAX_WAIT_SECONDS: '-1' })).toContain('ATLASSIAN_MAX_WAIT_SECONDS must be a number >= 0');
    expect(configError({ ...basic, ATLASSIAN_STRICT: 'maybe' })).toBe('ATLASSIAN_STRICT must be a boolean (true/false, 1/0, yes/no, on/off).');
    expect(configError({ ...basic, ATLASSIAN_LOCAL_BUDGET: 'sometimes' })).toContain('ATLASSIAN_LOCAL_BUDGET must be a boolean');
    expect(configError({ ...basic, ATLASSIAN_BUDGET_CAPACITY: '0' })).toContain('ATLASSIAN_BUDGET_CAPACITY must be a number > 0');
    expect(configError({ ...basic, ATLASSIAN_BUDGET_COSTS: '{"X":"5"}' })).toBe('ATLASSIAN_BUDGET_COSTS["X"] must be a number >= 0.');
    expect(configError({ ...basic, ATLASSIAN_BUDGET_COSTS: '{"X":20000}' })).toContain('exceeds ATLASSIAN_BUDGET_CAPACITY');
    expect(configError({ ...basic, LOG_LEVEL: 'verbose' })).toBe('LOG_LEVEL must be one of: debug, info, warn, error.');
    expect(configError({ ...basic, JIRA_SPRINT_FIELD: 'custom field' })).toContain('JIRA_SPRINT_FIELD must be a Jira field id');
  });

  it('caller-credentials mode needs no server credential but explicit base URLs', () => {
    const settings = loadSettings({
      ATLASSIAN_MESH_MODE: 'live',
      ATLASSIAN_FORWARD_CALLER_CREDENTIALS: '1',
      ATLASSIAN_GQL_BASE_URL: 'https://team.atlassian.net/gateway/api',
      ATLASSIAN_JIRA_BASE_URL: 'https://team.atlassian.net',
    });
    expect(settings.upstreams.agg.auth).toEqual({ kind: 'none' });
    expect(settings.forwardCallerCredentials).toBe(true);
  });
});

describe('.env', () => {
  it('parses comments, export, quotes and escapes', () => {
    expect(
      parseDotEnv(
        ['# comment', 'export A=1', 'B = two words # trailing', "C='literal \\n #'", 'D="line\\nbreak \\"q\\""', 'E=', 'F="multi', 'line"', 'G=a#b'].join('\n'),
      ),
    ).toEqual({ A: '1', B: 'two words', C: 'literal \\n #', D: 'line\nbreak "q"', E: '', F: 'multi\nline', G: 'a#b' });
    expect(() => parseDotEnv('just-a-secret-value')).toThrow('.env line 1: expected NAME=value.');
    expect(() => parseDotEnv('A="open')).toThrow(ConfigError);
  });

  it('never overrides variables that are already set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dotenv-'));
    const path = join(dir, '.env');
    writeFileSync(path, 'ATLASSIAN_EMAIL=file@example.com\nATLASSIAN_API_TOKEN=from-file\nLOG_LEVEL=debug\n');
    const env: Record<string, string | undefined> = { ATLASSIAN_EMAIL: 'shell@example.com', LOG_LEVEL: '' };
    expect(loadDotEnv(path, env)).toEqual(['ATLASSIAN_API_TOKEN']);
    expect(env).toEqual({ ATLASSIAN_EMAIL: 'shell@example.com', ATLASSIAN_API_TOKEN: 'from-file', LOG_LEVEL: '' });
    expect(loadDotEnv(join(dir, 'missing.env'), env)).toEqual([]);
  });
});
