import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../sources/config/types.ts';
import {
  assertSafeProductionConfig,
  type CallerAuthOptions,
  createCallerAuthenticator,
  findApiKeyHash,
  isCallerAuthConfigured,
} from '../../../server/auth/caller-auth.ts';
import { forwardedCallerId } from '../../../server/auth/caller.ts';
import { createTestYoga, postQuery } from './helpers.ts';
import { type FrontDoorHarness, startFrontDoor } from './front-door-harness.ts';
import { readCallerAuthOptions } from '../../../server/server-config.ts';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const KEY_A = 'key-a-0123456789abcdef0123456789abcdef';
const KEY_B = 'key-b-fedcba9876543210fedcba9876543210';
const HS_SECRET = 'a-shared-secret-that-is-long-enough-1234';
const NOW = new Date('2026-01-05T09:00:00.000Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

function hsToken(claims: Record<string, unknown>, options: { secret?: string; expiresAt?: number } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(nowSeconds - 60)
    .setExpirationTime(options.expiresAt ?? nowSeconds + 600)
    .sign(new TextEncoder().encode(options.secret ?? HS_SECRET));
}

const WHOAMI = '{ whoami }';

/** The front door with caller authentication over a test yoga, for the tests of one describe block. */
function frontDoorWith(options: CallerAuthOptions, extra: { graphiql?: boolean } = {}): Pick<FrontDoorHarness, 'fetch'> {
  let harness: FrontDoorHarness | undefined;
  beforeAll(async () => {
    harness = await startFrontDoor(createTestYoga([], { graphiql: extra.graphiql === true }), {
      authenticate: createCallerAuthenticator(options),
      graphiql: extra.graphiql === true,
    });
  });
  afterAll(() => harness?.close());
  return { fetch: (url, init) => harness!.fetch(url, init) };
}

/** One front door for the length of `run`. */
async function withFrontDoor(options: CallerAuthOptions, run: (door: FrontDoorHarness) => Promise<void>): Promise<void> {
  const door = await startFrontDoor(createTestYoga([]), { authenticate: createCallerAuthenticator(options) });
  try {
    await run(door);
  } finally {
    await door.close();
  }
}

describe('caller authentication with API keys', () => {
  const yoga = frontDoorWith({ apiKeyHashes: [sha256(KEY_A), sha256(KEY_B)] }, { graphiql: true });

  it('accepts a key sent as Bearer and as X-API-Key, identifying the caller by hash prefix', async () => {
    const viaBearer = await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${KEY_A}` } });
    expect(viaBearer.status).toBe(200);
    expect(viaBearer.body.data).toEqual({ whoami: `apikey:${sha256(KEY_A).slice(0, 8)}` });
    const viaHeader = await postQuery(yoga, WHOAMI, { headers: { 'x-api-key': KEY_B } });
    expect(viaHeader.body.data).toEqual({ whoami: `apikey:${sha256(KEY_B).slice(0, 8)}` });
  });

  it('never puts the raw key on the context', async () => {
    const result = await postQuery(yoga, WHOAMI, { headers: { 'x-api-key': KEY_A } });
    expect(JSON.stringify(result.body)).not.toContain(KEY_A);
  });

  it('rejects missing and wrong keys with the same GraphQL-shaped 401', async () => {
    const missing = await postQuery(yoga, WHOAMI);
    const wrong = await postQuery(yoga, WHOAMI, { headers: { 'x-api-key': 'nope' } });
    const wrongBearer = await postQuery(yoga, WHOAMI, { headers: { authorization: 'Bearer nope' } });
    for (const result of [missing, wrong, wrongBearer]) {
      expect(result.status).toBe(401);
      expect(result.headers.get('content-type')).toContain('application/json');
      expect(result.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(result.body.errors).toHaveLength(1);
      expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    }
    // Identical bodies: nothing tells a prober whether a key was close, known or absent.
    expect(wrong.body).toEqual(missing.body);
    expect(wrongBearer.body).toEqual(missing.body);
    expect(JSON.stringify(wrong.body)).not.toContain('nope');
  });

  it('rejects before parsing: a broken query still gets 401, not a syntax error', async () => {
    const result = await postQuery(yoga, '{ whoami ');
    expect(result.status).toBe(401);
  });

  it('leaves /healthz and /readyz unguarded', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const response = await yoga.fetch(`http://gateway.test${path}`);
      expect(response.status).not.toBe(401);
    }
    // Anything else is refused before any credential matters.
    const unknown = await yoga.fetch('http://gateway.test/metrics');
    expect(unknown.status).toBe(404);
  });

  it('lets the GraphiQL page load (its queries still need a key, set in its headers tab)', async () => {
    const page = await yoga.fetch('http://gateway.test/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const query = await yoga.fetch('http://gateway.test/graphql?query=%7Bhello%7D', { headers: { accept: 'application/json' } });
    expect(query.status).toBe(401);
  });

  it('compares every configured hash in constant time, without stopping at a match', () => {
    const equal = vi.fn((a: Buffer, b: Buffer) => a.equals(b));
    const hashes = [sha256(KEY_A), sha256(KEY_B), sha256('third')];
    expect(findApiKeyHash(KEY_A, hashes, equal)).toBe(hashes[0]);
    expect(equal).toHaveBeenCalledTimes(3);
    for (const [presented, configured] of equal.mock.calls) expect(presented.length).toBe(configured.length);
    equal.mockClear();
    expect(findApiKeyHash('unknown', hashes, equal)).toBeUndefined();
    expect(equal).toHaveBeenCalledTimes(3);
  });

  it('refuses malformed hashes at start-up', () => {
    expect(() => createCallerAuthenticator({ apiKeyHashes: ['abc'] })).toThrow(ConfigError);
    expect(() => createCallerAuthenticator({})).toThrow(/no way to authenticate/);
  });
});

describe('caller authentication with HS256 JWTs', () => {
  const yoga = frontDoorWith({
    jwt: { hs256Secret: HS_SECRET, audience: ['atlassian-mesh'], issuer: ['https://idp.test/'], requiredScopes: ['graphql:read'] },
    now: () => NOW,
  });
  const goodClaims = { sub: 'analyst-7', aud: 'atlassian-mesh', iss: 'https://idp.test/', scope: 'graphql:read other' };

  it('accepts a valid token and identifies the caller by sub', async () => {
    const token = await hsToken(goodClaims);
    const result = await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${token}` } });
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ whoami: 'jwt:analyst-7' });
  });

  it('rejects expired and wrongly signed tokens with 401', async () => {
    const expired = await hsToken(goodClaims, { expiresAt: nowSeconds - 3600 });
    const wrongSecret = await hsToken(goodClaims, { secret: 'another-secret-that-is-long-enough-5678' });
    for (const token of [expired, wrongSecret]) {
      const result = await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${token}` } });
      expect(result.status).toBe(401);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(result.body)).not.toContain(token);
    }
  });

  it('rejects a wrong issuer with 401 but a wrong audience or missing scope with 403', async () => {
    const wrongIssuer = await hsToken({ ...goodClaims, iss: 'https://evil.test/' });
    expect((await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${wrongIssuer}` } })).status).toBe(401);
    const wrongAudience = await hsToken({ ...goodClaims, aud: 'some-other-api' });
    const missingScope = await hsToken({ ...goodClaims, scope: 'other' });
    for (const token of [wrongAudience, missingScope]) {
      const result = await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${token}` } });
      expect(result.status).toBe(403);
      expect(result.body).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN' } }],
      });
    }
  });

  it('rejects a token without sub and an unsigned (alg none) token', async () => {
    const noSub = await hsToken({ ...goodClaims, sub: undefined });
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...goodClaims, exp: nowSeconds + 600 })).toString('base64url');
    for (const token of [noSub, `${header}.${payload}.`]) {
      expect((await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    }
  });

  it('rejects a token without an expiry: it could never run out', async () => {
    const noExpiry = await new SignJWT(goodClaims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(nowSeconds - 60).sign(new TextEncoder().encode(HS_SECRET));
    expect((await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${noExpiry}` } })).status).toBe(401);
  });

  it('refuses a short HS256 secret', () => {
    expect(() => createCallerAuthenticator({ jwt: { hs256Secret: 'short' } })).toThrow(/at least 32 characters/);
  });
});

describe('caller authentication with RS256 JWTs from a JWKS URL', () => {
  let server: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  let strangerKey: CryptoKey;
  let jwksRequests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    server = createServer((_request, response) => {
      jwksRequests += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const rsToken = (key: CryptoKey, claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + 600)
      .sign(key);

  it('verifies tokens against the served key set and rejects tokens signed by another key', async () => {
    await withFrontDoor({ jwt: { jwksUrl, audience: ['atlassian-mesh'] }, now: () => NOW }, async (yoga) => {
    const good = await rsToken(privateKey, { sub: 'svc-reporting', aud: 'atlassian-mesh' });
    const ok = await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${good}` } });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ whoami: 'jwt:svc-reporting' });
    expect(jwksRequests).toBeGreaterThan(0);

    const forged = await rsToken(strangerKey, { sub: 'svc-reporting', aud: 'atlassian-mesh' });
    expect((await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);

    const otherAudience = await rsToken(privateKey, { sub: 'svc-reporting', aud: 'elsewhere' });
    expect((await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${otherAudience}` } })).status).toBe(403);
    });
  });

  it('does not accept an HS256 token even when signed with the RSA public key material (algorithm confusion)', async () => {
    await withFrontDoor({ jwt: { jwksUrl }, now: () => NOW }, async (yoga) => {
    const response = await fetch(jwksUrl);
    const jwks = (await response.json()) as { keys: Array<{ n: string }> };
    const confused = await new SignJWT({ sub: 'attacker' })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setExpirationTime(nowSeconds + 600)
      .sign(new TextEncoder().encode(jwks.keys[0]!.n));
    expect((await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${confused}` } })).status).toBe(401);
    });
  });
});

describe('caller authentication with forwarded Atlassian credentials', () => {
  const yoga = frontDoorWith({ apiKeyHashes: [sha256(KEY_A)], allowForwardedAtlassianCredentials: true });

  it('accepts any Authorization header as-is and identifies it by a hash, never the credential', async () => {
    const credential = 'Basic ' + Buffer.from('me@example.com:atlassian-api-token').toString('base64');
    const result = await postQuery(yoga, WHOAMI, { headers: { authorization: credential } });
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ whoami: forwardedCallerId(credential) });
    expect(JSON.stringify(result.body)).not.toContain('atlassian-api-token');
  });

  it('still prefers a known API key and still requires some credential', async () => {
    const key = await postQuery(yoga, WHOAMI, { headers: { authorization: `Bearer ${KEY_A}` } });
    expect(key.body.data).toEqual({ whoami: `apikey:${sha256(KEY_A).slice(0, 8)}` });
    expect((await postQuery(yoga, WHOAMI)).status).toBe(401);
  });
});

describe('caller authentication with anonymous callers allowed', () => {
  const yoga = frontDoorWith({ apiKeyHashes: [sha256(KEY_A)], allowUnauthenticated: true });

  it('serves requests without credentials but rejects bad ones', async () => {
    const anonymous = await postQuery(yoga, WHOAMI);
    expect(anonymous.body.data).toEqual({ whoami: 'anonymous' });
    expect((await postQuery(yoga, WHOAMI, { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
  });
});

describe('assertSafeProductionConfig', () => {
  const base = { production: true, hasServerCredentials: true, callerAuthConfigured: false, allowUnauthenticated: false };

  it('refuses production with server credentials and no client authentication', () => {
    expect(() => assertSafeProductionConfig(base)).toThrow(ConfigError);
    expect(() => assertSafeProductionConfig(base)).toThrow(/GATEWAY_ALLOW_UNAUTHENTICATED=true/);
  });

  it('allows it when authentication is configured, explicitly waived, or nothing is at stake', () => {
    expect(() => assertSafeProductionConfig({ ...base, callerAuthConfigured: true })).not.toThrow();
    expect(() => assertSafeProductionConfig({ ...base, allowUnauthenticated: true })).not.toThrow();
    expect(() => assertSafeProductionConfig({ ...base, hasServerCredentials: false })).not.toThrow();
    expect(() => assertSafeProductionConfig({ ...base, production: false })).not.toThrow();
  });
});

describe('readCallerAuthOptions', () => {
  it('reads every variable', () => {
    const options = readCallerAuthOptions({
      GATEWAY_API_KEY_HASHES: `${sha256(KEY_A)}, ${sha256(KEY_B).toUpperCase()}`,
      GATEWAY_JWT_HS256_SECRET: HS_SECRET,
      GATEWAY_JWT_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
      GATEWAY_JWT_ISSUER: 'https://idp.example.com/',
      GATEWAY_JWT_AUDIENCE: 'atlassian-mesh,mesh',
      GATEWAY_JWT_REQUIRED_SCOPES: 'graphql:read graphql:write',
      ATLASSIAN_FORWARD_CALLER_CREDENTIALS: 'true',
      GATEWAY_ALLOW_UNAUTHENTICATED: 'false',
    });
    expect(options).toEqual({
      apiKeyHashes: [sha256(KEY_A), sha256(KEY_B)],
      jwt: {
        hs256Secret: HS_SECRET,
        jwksUrl: 'https://idp.example.com/.well-known/jwks.json',
        issuer: ['https://idp.example.com/'],
        audience: ['atlassian-mesh', 'mesh'],
        requiredScopes: ['graphql:read', 'graphql:write'],
        clockToleranceSeconds: 5,
      },
      allowForwardedAtlassianCredentials: true,
      allowUnauthenticated: false,
    });
    expect(isCallerAuthConfigured(options)).toBe(true);
    expect(isCallerAuthConfigured(readCallerAuthOptions({}))).toBe(false);
  });

  it('gives one-line errors naming the variable and never echoing the value', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ GATEWAY_API_KEY_HASHES: 'secret-key-pasted-here' }, /GATEWAY_API_KEY_HASHES entry 1/],
      [{ GATEWAY_JWT_HS256_SECRET: 'secret-short' }, /GATEWAY_JWT_HS256_SECRET/],
      [{ GATEWAY_JWT_JWKS_URL: 'http://idp.example.com/jwks' }, /GATEWAY_JWT_JWKS_URL must be an https/],
      [{ GATEWAY_JWT_AUDIENCE: 'mesh' }, /need GATEWAY_JWT_HS256_SECRET or GATEWAY_JWT_JWKS_URL/],
      [{ GATEWAY_ALLOW_UNAUTHENTICATED: 'maybe' }, /GATEWAY_ALLOW_UNAUTHENTICATED must be a boolean \(true\/false/],
    ];
    for (const [env, message] of cases) {
      let caught: unknown;
      try {
        readCallerAuthOptions(env);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      const text = (caught as Error).message;
      expect(text).toMatch(message);
      expect(text).not.toContain('\n');
      for (const value of Object.values(env)) expect(text).not.toContain(value);
    }
  });
});
