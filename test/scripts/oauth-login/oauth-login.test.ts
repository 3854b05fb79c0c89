import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDotEnv } from '../../../sources/config/dotenv.ts';
import { buildAuthorizeUrl } from '../../../scripts/oauth-login/authorize-url.ts';
import { OAuthLoginError, runOAuthLogin, type OAuthLoginIO } from '../../../scripts/oauth-login/login.ts';
import { type OAuthLoginOptions, parseOAuthLoginArgs, UsageRequested } from '../../../scripts/oauth-login/options.ts';
import {
  FAKE_ACCESS_TOKEN,
  FAKE_CODE,
  FAKE_REFRESH_TOKEN,
  FAKE_SITES,
  type FakeAuthorizationServer,
  startFakeAuthorizationServer,
  visitLikeABrowser,
} from './fake-authorization-server.ts';

const CLIENT_ID = 'client-id-123';
const CLIENT_SECRET = 'client-secret-very-private-456';
const NOW = new Date('2026-01-05T09:00:00.000Z');

let fake: FakeAuthorizationServer;
let directory: string;

beforeAll(async () => {
  fake = await startFakeAuthorizationServer({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  directory = mkdtempSync(join(tmpdir(), 'oauth-login-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(directory, { recursive: true, force: true });
});
afterEach(() => {
  fake.mode = 'normal';
  fake.authorizeRequests.length = 0;
  fake.tokenRequests.length = 0;
  fake.resourceRequests.length = 0;
});

function optionsFor(extra: string[]): OAuthLoginOptions {
  return parseOAuthLoginArgs(['--redirect-uri', 'http://127.0.0.1:0/callback', '--timeout-seconds', '20', ...extra], {
    ATLASSIAN_CLIENT_ID: CLIENT_ID,
    ATLASSIAN_CLIENT_SECRET: CLIENT_SECRET,
    ATLASSIAN_OAUTH_AUTHORIZE_URL: `${fake.baseUrl}/authorize`,
    ATLASSIAN_OAUTH_TOKEN_URL: `${fake.baseUrl}/oauth/token`,
    ATLASSIAN_API_BASE_URL: fake.baseUrl,
  });
}

interface RecordingIO extends OAuthLoginIO {
  out: string[];
  err: string[];
  visits: Array<{ url: string; callbackStatus: number; callbackText: string }>;
}

function recordingIO(): RecordingIO {
  const io: RecordingIO = {
    out: [],
    err: [],
    visits: [],
    stdout: (line) => io.out.push(line),
    stderr: (line) => io.err.push(line),
    openBrowser: async (url) => {
      io.visits.push({ url, ...(await visitLikeABrowser(url)) });
    },
    now: () => NOW,
  };
  return io;
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the login to fail');
}

const everythingPrinted = (io: RecordingIO) => [...io.out, ...io.err].join('\n');

describe('runOAuthLogin against a fake authorization server', () => {
  it('completes the flow, writes a 0600 token file and lists the accessible sites', async () => {
    const output = join(directory, 'tokens.env');
    const io = recordingIO();
    const result = await runOAuthLogin(optionsFor(['--output', output, '--print-accessible-resources']), io);

    // The authorization URL carries every parameter Atlassian requires.
    expect(io.visits).toHaveLength(1);
    expect(io.visits[0]!.callbackStatus).toBe(200);
    const authorize = fake.authorizeRequests[0]!;
    expect(Object.fromEntries(authorize)).toMatchObject({
      audience: 'api.atlassian.com',
      client_id: CLIENT_ID,
      scope: 'read:jira-work read:jira-user offline_access',
      response_type: 'code',
      prompt: 'consent',
    });
    expect(authorize.get('state')).toMatch(/^[\w-]{43}$/);
    const redirectUri = authorize.get('redirect_uri')!;
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(redirectUri).not.toContain(':0/');
    expect(io.err).toContain(io.visits[0]!.url);

    // The code went to the token endpoint as JSON with the same redirect URI.
    expect(fake.tokenRequests).toEqual([
      { grant_type: 'authorization_code', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code: FAKE_CODE, redirect_uri: redirectUri },
    ]);

    const stat = statSync(output);
    expect(stat.mode & 0o777).toBe(0o600);
    const written = parseDotEnv(readFileSync(output, 'utf8'));
    expect(written).toEqual({
      ATLASSIAN_CLIENT_ID: CLIENT_ID,
      ATLASSIAN_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
      ATLASSIAN_OAUTH_REFRESH_TOKEN: FAKE_REFRESH_TOKEN,
      ATLASSIAN_OAUTH_EXPIRES_AT: '2026-01-05T10:00:00.000Z',
      ATLASSIAN_OAUTH_SCOPE: 'read:jira-work read:jira-user offline_access',
    });
    expect(readFileSync(output, 'utf8')).not.toContain(CLIENT_SECRET);
    // No temporary file left beside it.
    expect(readdirSync(directory).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    expect(fake.resourceRequests).toEqual([`Bearer ${FAKE_ACCESS_TOKEN}`]);
    expect(io.out).toEqual(FAKE_SITES.map((site) => `${site.id}\t${site.name}\t${site.url}`));
    expect(result).toEqual({
      outputPath: output,
      hasRefreshToken: true,
      scope: 'read:jira-work read:jira-user offline_access',
      expiresAt: '2026-01-05T10:00:00.000Z',
      accessibleResources: FAKE_SITES.map(({ id, name, url, scopes }) => ({ id, name, url, scopes })),
    });
    // Tokens are in the file only: never on stdout or stderr without --print-tokens.
    expect(everythingPrinted(io)).not.toContain(FAKE_ACCESS_TOKEN);
    expect(everythingPrinted(io)).not.toContain(FAKE_REFRESH_TOKEN);
    expect(everythingPrinted(io)).not.toContain(FAKE_CODE);
  });

  it('refuses to overwrite a token file without --force, before anyone logs in', async () => {
    const output = join(directory, 'existing.env');
    writeFileSync(output, 'KEEP=me\n');
    chmodSync(output, 0o644);
    const io = recordingIO();
    const error = await failureOf(runOAuthLogin(optionsFor(['--output', output]), io));
    expect(error).toBeInstanceOf(OAuthLoginError);
    expect(error.message).toBe(`${output} already exists; pass --force to replace it.`);
    expect(io.visits).toHaveLength(0);
    expect(readFileSync(output, 'utf8')).toBe('KEEP=me\n');

    await runOAuthLogin(optionsFor(['--output', output, '--force', '--format', 'json']), recordingIO());
    expect(statSync(output).mode & 0o777).toBe(0o600);
    const json = JSON.parse(readFileSync(output, 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({
      client_id: CLIENT_ID,
      access_token: FAKE_ACCESS_TOKEN,
      refresh_token: FAKE_REFRESH_TOKEN,
      expires_in: 3600,
      expires_at: '2026-01-05T10:00:00.000Z',
    });
  });

  it('prints the tokens only with --print-tokens', async () => {
    const io = recordingIO();
    await runOAuthLogin(optionsFor(['--print-tokens']), io);
    expect(io.out).toContain(`ATLASSIAN_OAUTH_ACCESS_TOKEN=${FAKE_ACCESS_TOKEN}`);
    expect(io.out).toContain(`ATLASSIAN_OAUTH_REFRESH_TOKEN=${FAKE_REFRESH_TOKEN}`);
    expect(io.err.join('\n')).not.toContain(FAKE_ACCESS_TOKEN);
  });

  it('stops on a state mismatch: clear error, no token request, nothing written', async () => {
    fake.mode = 'wrong-state';
    const output = join(directory, 'mismatch.env');
    const io = recordingIO();
    const error = await failureOf(runOAuthLogin(optionsFor(['--output', output]), io));
    expect(error).toBeInstanceOf(OAuthLoginError);
    expect(error.message).toMatch(/^State mismatch: .*nothing was written/);
    expect(io.visits[0]!.callbackStatus).toBe(400);
    expect(fake.tokenRequests).toHaveLength(0);
    expect(existsSync(output)).toBe(false);
  });

  it('reports a refused authorization without echoing markup', async () => {
    fake.mode = 'access-denied';
    const error = await failureOf(runOAuthLogin(optionsFor(['--print-tokens']), recordingIO()));
    expect(error.message).toBe('Authorization was not granted: access_denied (User <b>declined</b>); nothing was written.');
    expect(fake.tokenRequests).toHaveLength(0);
  });

  it('reports a token endpoint error clearly, with no code or secret in it, and writes nothing', async () => {
    fake.mode = 'token-error';
    const output = join(directory, 'refused.env');
    const io = recordingIO();
    const error = await failureOf(runOAuthLogin(optionsFor(['--output', output, '--print-tokens']), io));
    expect(error).toBeInstanceOf(OAuthLoginError);
    expect(error.message).toBe(
      `The token endpoint ${fake.baseUrl}/oauth/token refused the code: HTTP 403: invalid_grant (Unknown code [redacted] for secret [redacted]).`,
    );
    expect(error.message).not.toContain(FAKE_CODE);
    expect(error.message).not.toContain(CLIENT_SECRET);
    expect(existsSync(output)).toBe(false);
    expect(io.out).toEqual([]);
  });

  it('names the endpoint when the token server cannot be reached', async () => {
    const options = { ...optionsFor(['--print-tokens']), tokenUrl: 'http://127.0.0.1:1/oauth/token' };
    const error = await failureOf(runOAuthLogin(options, recordingIO()));
    expect(error.message).toMatch(/^Could not reach the token endpoint http:\/\/127\.0\.0\.1:1\/oauth\/token: /);
    expect(error.message).not.toContain(FAKE_CODE);
  });
});

describe('buildAuthorizeUrl', () => {
  it('builds the Atlassian 3LO URL', () => {
    const url = new URL(
      buildAuthorizeUrl({
        authorizeUrl: 'https://auth.atlassian.com/authorize',
        clientId: 'abc',
        scopes: ['read:jira-work', 'offline_access'],
        redirectUri: 'http://localhost:8080/callback',
        state: 'xyz',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://auth.atlassian.com/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      audience: 'api.atlassian.com',
      client_id: 'abc',
      scope: 'read:jira-work offline_access',
      redirect_uri: 'http://localhost:8080/callback',
      state: 'xyz',
      response_type: 'code',
      prompt: 'consent',
    });
  });
});

describe('parseOAuthLoginArgs', () => {
  const env = { ATLASSIAN_CLIENT_ID: 'id', ATLASSIAN_CLIENT_SECRET: 'secret' };

  it('defaults to Atlassian endpoints, the localhost callback and offline_access', () => {
    expect(parseOAuthLoginArgs(['--print-accessible-resources'], env)).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
      scopes: ['read:jira-work', 'read:jira-user', 'offline_access'],
      redirectUri: 'http://localhost:8080/callback',
      authorizeUrl: 'https://auth.atlassian.com/authorize',
      tokenUrl: 'https://auth.atlassian.com/oauth/token',
      apiBaseUrl: 'https://api.atlassian.com',
      force: false,
      format: 'env',
      printTokens: false,
      printAccessibleResources: true,
      timeoutMs: 300_000,
      openBrowser: false,
    });
  });

  it('adds offline_access to custom scopes and prefers flags over the environment', () => {
    const options = parseOAuthLoginArgs(['--print-tokens', '--scope', 'read:jira-work manage:jira-project', '--client-id', 'flag-id'], {
      ...env,
      ATLASSIAN_OAUTH_SCOPES: 'ignored',
    });
    expect(options.scopes).toEqual(['read:jira-work', 'manage:jira-project', 'offline_access']);
    expect(options.clientId).toBe('flag-id');
  });

  it('rejects bad input with one clear line', () => {
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [['--print-tokens'], { ATLASSIAN_CLIENT_SECRET: 's' }, /Set ATLASSIAN_CLIENT_ID/],
      [['--print-tokens'], { ATLASSIAN_CLIENT_ID: 'i' }, /Set ATLASSIAN_CLIENT_SECRET/],
      [['--print-tokens', '--client-secret', 'oops'], env, /not on the command line/],
      [[], env, /Nothing to do/],
      [['--print-tokens', '--redirect-uri', 'https://example.com/callback'], env, /Redirect URI must be http:\/\/localhost/],
      [['--print-tokens', '--token-url', 'http://auth.example.com/token'], env, /must be https:\/\//],
      [['--print-tokens', '--format', 'yaml'], env, /--format must be env or json/],
      [['--print-tokens', '--timeout-seconds', '0'], env, /--timeout-seconds must be/],
      [['--print-tokens', '--bogus'], env, /Unknown option '--bogus'/],
    ];
    for (const [argv, environment, message] of cases) {
      let caught: unknown;
      try {
        parseOAuthLoginArgs(argv, environment);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(OAuthLoginError);
      expect((caught as Error).message).toMatch(message);
      expect((caught as Error).message).not.toContain('\n');
      expect((caught as Error).message).not.toContain('oops');
    }
    expect(() => parseOAuthLoginArgs(['--help'], env)).toThrow(UsageRequested);
  });
});

describe('buildAuthorizeUrl encoding', () => {
  it('separates scopes with %20, as Atlassian documents', () => {
    const url = buildAuthorizeUrl({
      authorizeUrl: 'https://auth.atlassian.com/authorize',
      clientId: 'abc',
      scopes: ['read:jira-work', 'offline_access'],
      redirectUri: 'http://localhost:8080/callback',
      state: 'xyz',
    });
    expect(url).toContain('scope=read%3Ajira-work%20offline_access&');
    expect(url).not.toContain('+');
  });
});
