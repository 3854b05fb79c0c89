/** The response cache's environment variables (see server/DEPLOY.md). */
import { ConfigError } from '../../sources/config/types.ts';
import { type Env, readInteger, readString } from '../../sources/config/env-values.ts';
import type { MemoryStoreLimits } from './response-cache-store.ts';

export interface ResponseCacheSettings {
  /** TTL of an operation that selects nothing configured in `ttls`, in ms. */
  defaultTtlMs: number;
  /** `TypeName` or `Type.field` -> TTL in ms, lowering the default (0: never cache what selects it). */
  ttls: Record<string, number>;
  memory: MemoryStoreLimits;
}

const DAY_MS = 86_400_000;
const COORDINATE = /^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*)?$/;

/** undefined when the cache is off (GATEWAY_RESPONSE_CACHE_TTL_MS unset or 0). */
export function readResponseCacheSettings(env: Env): ResponseCacheSettings | undefined {
  const defaultTtlMs = readInteger(env, 'GATEWAY_RESPONSE_CACHE_TTL_MS', 0, 0, DAY_MS);
  const ttls = readTtls(env);
  if (defaultTtlMs === 0) {
    if (Object.keys(ttls).length > 0) {
      throw new ConfigError('GATEWAY_RESPONSE_CACHE_TTLS needs GATEWAY_RESPONSE_CACHE_TTL_MS (the default TTL, in ms) to turn the response cache on.');
    }
    return undefined;
  }
  return {
    defaultTtlMs,
    ttls,
    memory: {
      maxEntries: readInteger(env, 'GATEWAY_RESPONSE_CACHE_MAX_ENTRIES', 1_000, 1, 1_000_000),
      maxSize: readInteger(env, 'GATEWAY_RESPONSE_CACHE_MAX_BYTES', 50_000_000, 1_000, 10_000_000_000),
    },
  };
}

function readTtls(env: Env): Record<string, number> {
  const raw = readString(env, 'GATEWAY_RESPONSE_CACHE_TTLS');
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('GATEWAY_RESPONSE_CACHE_TTLS must be a JSON object of TTLs in ms, e.g. {"JiraIssue":30000,"Query.teams":600000,"JiraWorklog":0}.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('GATEWAY_RESPONSE_CACHE_TTLS must be a JSON object of TTLs in ms, e.g. {"JiraIssue":30000}.');
  }
  const ttls: Record<string, number> = {};
  for (const [coordinate, ttl] of Object.entries(parsed)) {
    if (!COORDINATE.test(coordinate)) {
      throw new ConfigError(`GATEWAY_RESPONSE_CACHE_TTLS key ${JSON.stringify(coordinate)} must be a type name (JiraIssue) or a field coordinate (Query.teams).`);
    }
    if (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl < 0 || ttl > DAY_MS) {
      throw new ConfigError(`GATEWAY_RESPONSE_CACHE_TTLS value for ${coordinate} must be a whole number of ms from 0 to ${DAY_MS}.`);
    }
    ttls[coordinate] = ttl;
  }
  return ttls;
}
