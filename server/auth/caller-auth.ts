/**
 * Caller authentication: every GraphQL request must carry a known API key, a valid JWT, or (when
 * the deployment forwards callers' own Atlassian credentials) any Authorization header. The front
 * door (front-door.ts) asks before yoga parses or executes anything. Rejections are GraphQL-shaped
 * JSON that say nothing about which keys exist or why a credential failed.
 */
import { timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ConfigError } from '../../sources/config/types.ts';
import { type Caller, forwardedCallerId, sha256Hex } from './caller.ts';

export interface JwtAuthOptions {
  /** Shared secret for HS256 tokens (at least 32 characters). */
  hs256Secret?: string;
  /** JWKS URL for RS256 tokens; keys are fetched on demand and cached by jose. */
  jwksUrl?: string;
  /** Accepted `iss` values; unchecked when empty. */
  issuer?: string[];
  /** Accepted `aud` values; unchecked when empty. A token for another audience gets 403. */
  audience?: string[];
  /** Scopes every token must grant (`scope` string or `scp` claim); missing ones give 403. */
  requiredScopes?: string[];
  /** Leeway for exp/nbf/iat, in seconds (default 5). */
  clockToleranceSeconds?: number;
}

export interface CallerAuthOptions {
  /** SHA-256 hashes (64 hex characters) of the accepted API keys. */
  apiKeyHashes?: string[];
  jwt?: JwtAuthOptions;
  /**
   * The deployment forwards callers' own Atlassian credentials upstream: any request with an
   * Authorization header that is neither a known API key nor a valid gateway JWT passes, and
   * Atlassian decides.
   */
  allowForwardedAtlassianCredentials?: boolean;
  /** Requests with no credentials at all pass without a caller (presented bad credentials still fail). */
  allowUnauthenticated?: boolean;
  /** Clock for JWT time claims (tests). */
  now?: () => Date;
}

export type AuthOutcome =
  | { status: 'authenticated'; caller: Caller }
  | { status: 'anonymous' }
  | { status: 'rejected'; httpStatus: 401 | 403 };

export const MIN_HS256_SECRET_LENGTH = 32;
const SHA256_HEX = /^[0-9a-f]{64}$/;

const UNAUTHENTICATED_MESSAGE =
  'Authentication required: send a valid API key (Authorization: Bearer <key> or X-API-Key) or token.';
const FORBIDDEN_MESSAGE = 'The presented credentials do not grant access to this gateway.';

/** The credentials a request presented: its Authorization and X-API-Key header values. */
export interface PresentedCredentials {
  authorization: string | undefined;
  apiKey: string | undefined;
}

/** The decision the front door makes for one request's credentials. */
export function createCallerAuthenticator(options: CallerAuthOptions): (presented: PresentedCredentials) => Promise<AuthOutcome> {
  const apiKeyHashes = (options.apiKeyHashes ?? []).map((hash, index) => checkApiKeyHash(hash, index));
  const verifyJwt = options.jwt === undefined ? undefined : createJwtVerifier(options.jwt, options.now);
  const forwardAllowed = options.allowForwardedAtlassianCredentials === true;
  if (apiKeyHashes.length === 0 && verifyJwt === undefined && !forwardAllowed && options.allowUnauthenticated !== true) {
    throw new ConfigError(
      'Caller authentication has no way to authenticate callers: set GATEWAY_API_KEY_HASHES, GATEWAY_JWT_HS256_SECRET or GATEWAY_JWT_JWKS_URL (or GATEWAY_ALLOW_UNAUTHENTICATED=true).',
    );
  }

  return async (presented) => {
    const authorization = presented.authorization?.trim() || undefined;
    const explicitKey = presented.apiKey?.trim() || undefined;
    const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];

    if (explicitKey !== undefined) {
      const hash = findApiKeyHash(explicitKey, apiKeyHashes);
      // A wrong X-API-Key is a client mistake: reject it rather than fall through to other methods.
      return hash === undefined ? rejected(401) : authenticated(`apikey:${hash.slice(0, 8)}`, 'apikey');
    }
    if (bearer !== undefined && apiKeyHashes.length > 0) {
      const hash = findApiKeyHash(bearer, apiKeyHashes);
      if (hash !== undefined) return authenticated(`apikey:${hash.slice(0, 8)}`, 'apikey');
    }
    if (bearer !== undefined && verifyJwt !== undefined && looksLikeJwt(bearer)) {
      const result = await verifyJwt(bearer);
      if (result.status !== 'invalid') return result.status === 'valid' ? result.outcome : rejected(403);
    }
    if (authorization !== undefined && forwardAllowed) {
      return authenticated(forwardedCallerId(authorization), 'forwarded');
    }
    if (authorization === undefined && options.allowUnauthenticated === true) return { status: 'anonymous' };
    return rejected(401);
  };
}

/**
 * Compares the presented key's hash with every configured hash in constant time and without
 * stopping at the first match, so response time says nothing about which keys exist.
 */
export function findApiKeyHash(
  presentedKey: string,
  configuredHashes: readonly string[],
  equal: (a: Buffer, b: Buffer) => boolean = timingSafeEqual,
): string | undefined {
  const presented = Buffer.from(sha256Hex(presentedKey), 'hex');
  let match: string | undefined;
  for (const hash of configuredHashes) {
    if (equal(presented, Buffer.from(hash, 'hex')) && match === undefined) match = hash;
  }
  return match;
}

type JwtResult = { status: 'valid'; outcome: AuthOutcome } | { status: 'forbidden' } | { status: 'invalid' };

function createJwtVerifier(jwt: JwtAuthOptions, now: (() => Date) | undefined): (token: string) => Promise<JwtResult> {
  const secret = jwt.hs256Secret;
  if (secret !== undefined && secret.length < MIN_HS256_SECRET_LENGTH) {
    throw new ConfigError(`GATEWAY_JWT_HS256_SECRET must be at least ${MIN_HS256_SECRET_LENGTH} characters long.`);
  }
  if (secret === undefined && jwt.jwksUrl === undefined) {
    throw new ConfigError('JWT authentication needs GATEWAY_JWT_HS256_SECRET or GATEWAY_JWT_JWKS_URL.');
  }
  const secretKey = secret === undefined ? undefined : new TextEncoder().encode(secret);
  const remoteKeys = jwt.jwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(jwt.jwksUrl));
  // Each algorithm is tied to its key source, so an RS256 public key can never verify an HS256 token.
  const algorithms = [...(secretKey ? ['HS256'] : []), ...(remoteKeys ? ['RS256'] : [])];
  const getKey: JWTVerifyGetKey = async (header, token) => {
    if (header.alg === 'HS256' && secretKey !== undefined) return secretKey;
    if (header.alg === 'RS256' && remoteKeys !== undefined) return remoteKeys(header, token);
    throw new joseErrors.JOSEAlgNotAllowed('unexpected algorithm');
  };
  const requiredScopes = jwt.requiredScopes ?? [];

  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        algorithms,
        ...(jwt.issuer?.length ? { issuer: jwt.issuer } : {}),
        ...(jwt.audience?.length ? { audience: jwt.audience } : {}),
        clockTolerance: jwt.clockToleranceSeconds ?? 5,
        ...(now ? { currentDate: now() } : {}),
        // A token without an expiry would be a key that can never be revoked by time.
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      // A genuine token for another audience is an authorisation failure, not a missing login.
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') return { status: 'forbidden' };
      return { status: 'invalid' };
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') return { status: 'invalid' };
    const scopes = readScopes(payload);
    if (requiredScopes.some((scope) => !scopes.includes(scope))) return { status: 'forbidden' };
    return { status: 'valid', outcome: authenticated(`jwt:${payload.sub}`, 'jwt', scopes) };
  };
}

function readScopes(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(/\s+/).filter((scope) => scope !== '');
  if (Array.isArray(raw)) return raw.filter((scope): scope is string => typeof scope === 'string');
  return [];
}

function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);
}

function authenticated(id: string, kind: Caller['kind'], scopes: string[] = []): AuthOutcome {
  return { status: 'authenticated', caller: { id, kind, scopes } };
}

function rejected(httpStatus: 401 | 403): AuthOutcome {
  return { status: 'rejected', httpStatus };
}

export function checkApiKeyHash(hash: string, index: number): string {
  const normalised = hash.trim().toLowerCase();
  if (!SHA256_HEX.test(normalised)) {
    throw new ConfigError(
      `GATEWAY_API_KEY_HASHES entry ${index + 1} is not a SHA-256 hex digest (64 hex characters); hash the key with: printf %s "$KEY" | sha256sum`,
    );
  }
  return normalised;
}

/** 401/403 in the GraphQL response shape; the body is the same for every reason. */
export function authErrorAnswer(status: 401 | 403): { status: 401 | 403; headers: Record<string, string>; body: string } {
  const unauthenticated = status === 401;
  const body = {
    errors: [
      {
        message: unauthenticated ? UNAUTHENTICATED_MESSAGE : FORBIDDEN_MESSAGE,
        extensions: { code: unauthenticated ? 'UNAUTHENTICATED' : 'FORBIDDEN' },
      },
    ],
  };
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (unauthenticated) headers['www-authenticate'] = 'Bearer realm="atlassian-mesh"';
  return { status, headers, body: JSON.stringify(body) };
}

/** True when the options can authenticate anyone (API keys, JWT or forwarded credentials). */
export function isCallerAuthConfigured(options: CallerAuthOptions): boolean {
  return (
    (options.apiKeyHashes?.length ?? 0) > 0 ||
    options.jwt !== undefined ||
    options.allowForwardedAtlassianCredentials === true
  );
}

export interface ProductionSafetyInput {
  production: boolean;
  /** The gateway holds its own Atlassian (or other upstream) credentials. */
  hasServerCredentials: boolean;
  callerAuthConfigured: boolean;
  /** GATEWAY_ALLOW_UNAUTHENTICATED=true */
  allowUnauthenticated: boolean;
}

/**
 * Refuses to start a production gateway that would lend its own upstream credentials to anyone
 * who can reach it.
 */
export function assertSafeProductionConfig(input: ProductionSafetyInput): void {
  if (input.production && input.hasServerCredentials && !input.callerAuthConfigured && !input.allowUnauthenticated) {
    throw new ConfigError(
      'Refusing to start: this production gateway holds server credentials but no client authentication is configured; set GATEWAY_API_KEY_HASHES or GATEWAY_JWT_HS256_SECRET/GATEWAY_JWT_JWKS_URL, or GATEWAY_ALLOW_UNAUTHENTICATED=true to accept anonymous callers knowingly.',
    );
  }
}

