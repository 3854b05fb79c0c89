/**
 * Stores of call timestamps for @envelop/rate-limiter. The library's InMemoryStore never forgets an
 * identity and copies its whole state on every write, so a gateway seen by many callers (or IPs)
 * grows without bound; BoundedMemoryStore drops expired entries and caps the count. With REDIS_URL
 * the library's RedisStore (callback API, which ioredis provides) shares counts across instances.
 */
import { RedisStore, type Identity, type Store } from '@envelop/rate-limiter';
import { Redis } from 'ioredis';

export const DEFAULT_MAX_MEMORY_ENTRIES = 100_000;

export class BoundedMemoryStore implements Store {
  private readonly entries = new Map<string, { timestamps: readonly number[]; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number = DEFAULT_MAX_MEMORY_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  getForIdentity(identity: Identity): readonly number[] {
    const entry = this.entries.get(identityKey(identity));
    return entry === undefined || entry.expiresAt <= this.now() ? [] : entry.timestamps;
  }

  setForIdentity(identity: Identity, timestamps: readonly number[], windowMs = 60_000): void {
    const key = identityKey(identity);
    // Re-insert so Map order is least-recently-written first, the order eviction uses.
    this.entries.delete(key);
    if (timestamps.length === 0) return;
    this.entries.set(key, { timestamps: [...timestamps], expiresAt: Math.max(...timestamps) + windowMs });
    if (this.entries.size > this.maxEntries) this.evict();
  }

  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

/**
 * Wraps a store to remember the timestamps last written per identity, so a rejection can say
 * exactly when the oldest counted call leaves the window. Store failures are reported and treated
 * as "no calls yet" (fail open): a Redis outage must not take the gateway down with it.
 */
export class RetryAwareStore implements Store {
  private readonly recent = new Map<string, readonly number[]>();

  constructor(
    private readonly inner: Store,
    private readonly onStoreError: (error: unknown) => void,
    private readonly maxRemembered = 10_000,
  ) {}

  async getForIdentity(identity: Identity): Promise<readonly number[]> {
    try {
      return await this.inner.getForIdentity(identity);
    } catch (error) {
      this.onStoreError(error);
      return [];
    }
  }

  async setForIdentity(identity: Identity, timestamps: readonly number[], windowMs?: number): Promise<void> {
    const key = identityKey(identity);
    this.recent.delete(key);
    this.recent.set(key, timestamps);
    if (this.recent.size > this.maxRemembered) this.recent.delete(this.recent.keys().next().value as string);
    try {
      await this.inner.setForIdentity(identity, timestamps, windowMs);
    } catch (error) {
      this.onStoreError(error);
    }
  }

  /** Milliseconds until one more call fits under `max` in `windowMs`; the whole window when unknown. */
  retryAfterMs(identity: Identity, max: number, windowMs: number, now: number): number {
    const timestamps = this.recent.get(identityKey(identity));
    if (timestamps === undefined || timestamps.length < max) return windowMs;
    const sorted = [...timestamps].sort((a, b) => a - b);
    const freedAt = sorted[sorted.length - max]! + windowMs;
    return Math.min(windowMs, Math.max(0, freedAt - now));
  }
}

function identityKey(identity: Identity): string {
  return `${identity.contextIdentity}\u0000${identity.fieldIdentity}`;
}

export interface ClientRateLimitStore {
  store: Store;
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
    store: new RedisStore(redis),
    kind: 'redis',
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
