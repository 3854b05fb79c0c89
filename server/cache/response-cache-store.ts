/**
 * Where cached responses live: a bounded in-memory LRU (default), or Redis when REDIS_URL is set,
 * so several gateway instances share one cache. Values are serialised results; keys are already
 * hashed (they contain no credential). Redis failures read as misses and skip writes (fail open).
 */
import { Redis } from 'ioredis';

export interface ResponseCacheStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface MemoryStoreLimits {
  maxEntries: number;
  /** Total size of cached values (UTF-16 code units, close enough to bytes for JSON). */
  maxSize: number;
}

export class MemoryResponseCacheStore implements ResponseCacheStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private size = 0;

  constructor(
    private readonly limits: MemoryStoreLimits = { maxEntries: 1_000, maxSize: 50_000_000 },
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(key);
      return undefined;
    }
    // Re-insert: Map order is least recently used first, the order eviction walks.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (ttlMs <= 0 || value.length > this.limits.maxSize) return;
    this.remove(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    this.size += value.length;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limits.maxEntries && this.size <= this.limits.maxSize) break;
      this.remove(oldest);
    }
  }

  get entryCount(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.size = 0;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.size -= entry.value.length;
  }
}

export const REDIS_KEY_PREFIX = 'atlassian-mesh:response-cache:';

export class RedisResponseCacheStore implements ResponseCacheStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly onError: (error: unknown) => void,
  ) {
    // Fail fast: a cache that waits for Redis would slow every request during an outage.
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 2_000 });
    this.redis.on('error', () => {}); // reported per operation below
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(REDIS_KEY_PREFIX + key)) ?? undefined;
    } catch (error) {
      this.onError(error);
      return undefined;
    }
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    try {
      await this.redis.set(REDIS_KEY_PREFIX + key, value, 'PX', ttlMs);
    } catch (error) {
      this.onError(error);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
