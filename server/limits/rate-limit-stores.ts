/**
 * Sliding-window call logs for the client rate limits (use-client-rate-limit.ts).
 *
 * The one operation, `take`, checks and records a call in a single atomic step: with separate
 * read and write steps (as @envelop/rate-limiter's Store has), concurrent calls of one caller all
 * read the same count and all pass. The memory store answers synchronously; the Redis store runs
 * one Lua script, which Redis executes without interleaving other commands.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimitStore {
  /**
   * Atomically: forget calls at or before `now - windowMs`; if fewer than `max` remain, record one
   * at `now` and allow it. A rejected call is not recorded, so retrying does not extend the wait;
   * `retryAfterMs` is the time until the oldest call that blocks leaves the window.
   */
  take(key: string, max: number, windowMs: number, now: number): RateLimitDecision | Promise<RateLimitDecision>;
}

export const ALLOWED: RateLimitDecision = Object.freeze({ allowed: true });
export const DEFAULT_MAX_MEMORY_KEYS = 100_000;

interface CallLog {
  /** Call times, oldest first; entries before `head` have left the window. */
  stamps: number[];
  head: number;
  expiresAt: number;
}

/**
 * Per-process store. Memory is bounded: a key holds at most `max` times (rejections are not
 * recorded), and past `maxKeys` keys the expired ones go, then the least recently used.
 */
export class BoundedMemoryStore implements RateLimitStore {
  private readonly logs = new Map<string, CallLog>();

  constructor(private readonly maxKeys: number = DEFAULT_MAX_MEMORY_KEYS) {}

  get size(): number {
    return this.logs.size;
  }

  take(key: string, max: number, windowMs: number, now: number): RateLimitDecision {
    let log = this.logs.get(key);
    if (log === undefined) {
      log = { stamps: [], head: 0, expiresAt: 0 };
    } else {
      // Re-inserted below, so Map order is least recently used first (the eviction order).
      this.logs.delete(key);
    }
    const { stamps } = log;
    const cutoff = now - windowMs;
    let head = log.head;
    while (head < stamps.length && stamps[head]! <= cutoff) head += 1;
    // Drop the expired prefix once it is at least half the array: amortised O(1) per call.
    if (head > 0 && head * 2 >= stamps.length) {
      stamps.splice(0, head);
      head = 0;
    }
    log.head = head;
    const count = stamps.length - head;
    let decision: RateLimitDecision;
    if (count < max) {
      // Never record a time before the newest one (the clock may step back), so the log stays sorted.
      const stamp = count > 0 ? Math.max(now, stamps[stamps.length - 1]!) : now;
      stamps.push(stamp);
      log.expiresAt = stamp + windowMs;
      decision = ALLOWED;
    } else {
      decision = { allowed: false, retryAfterMs: Math.max(0, stamps[stamps.length - max]! + windowMs - now) };
    }
    if (count > 0 || decision.allowed) {
      this.logs.set(key, log);
      if (this.logs.size > this.maxKeys) this.evict(now);
    }
    return decision;
  }

  private evict(now: number): void {
    for (const [key, log] of this.logs) if (log.expiresAt <= now) this.logs.delete(key);
    for (const key of this.logs.keys()) {
      if (this.logs.size <= this.maxKeys) break;
      this.logs.delete(key);
    }
  }
}

/**
 * One sorted set per key (score = call time). Returns -1 when the call is allowed and recorded,
 * else the milliseconds until a slot frees. PEXPIRE lets Redis drop idle callers' logs.
 */
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < max then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return -1
end
local blocking = redis.call('ZRANGE', KEYS[1], count - max, count - max, 'WITHSCORES')
return math.max(0, tonumber(blocking[2]) + window - now)
`;

/** The command ioredis adds for TAKE_SCRIPT (EVALSHA, falling back to EVAL once per connection). */
type RedisWithTake = Redis & {
  clientRateLimitTake(key: string, now: number, windowMs: number, max: number, member: string): Promise<number>;
};

export const REDIS_KEY_PREFIX = 'gateway:client-rate-limit:';

/**
 * Shared by every gateway instance on the same Redis. Call times come from each instance's clock,
 * so instances should be NTP-synced (a skew of s shifts their calls' expiry by s).
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: RedisWithTake;
  // Members must be unique per call: two calls in the same millisecond are two calls.
  private readonly memberPrefix = randomBytes(6).toString('hex');
  private sequence = 0;

  constructor(redis: Redis, private readonly keyPrefix: string = REDIS_KEY_PREFIX) {
    redis.defineCommand('clientRateLimitTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    this.redis = redis as RedisWithTake;
  }

  async take(key: string, max: number, windowMs: number, now: number): Promise<RateLimitDecision> {
    this.sequence = (this.sequence + 1) % Number.MAX_SAFE_INTEGER;
    const member = `${now}:${this.memberPrefix}:${this.sequence}`;
    const result = await this.redis.clientRateLimitTake(this.keyPrefix + key, now, windowMs, max, member);
    return result < 0 ? ALLOWED : { allowed: false, retryAfterMs: result };
  }
}

export interface ClientRateLimitStore {
  store: RateLimitStore;
  kind: 'memory' | 'redis';
  close(): Promise<void>;
}

/** Redis-backed when `redisUrl` is given, otherwise a bounded in-memory store (per process). */
export function createClientRateLimitStore(redisUrl: string | undefined): ClientRateLimitStore {
  if (redisUrl === undefined) {
    return { store: new BoundedMemoryStore(), kind: 'memory', close: async () => {} };
  }
  // Short timeouts: a slow Redis should cost a request milliseconds, then fail open.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 });
  redis.on('error', () => {
    // Connection errors surface per command (and are reported there); without a listener ioredis logs them raw.
  });
  return {
    store: new RedisRateLimitStore(redis),
    kind: 'redis',
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
