/**
 * Where cached responses live, as @envelop/response-cache `Cache`s: a bounded in-memory LRU
 * (default), or Redis when REDIS_URL is set, so several gateway instances share one cache. Results
 * are kept as JSON (every hit is a fresh copy); keys arrive already hashed (no credential in them).
 * Redis failures read as misses and skip writes (fail open). `invalidate` does nothing: mutations
 * never reach the cache (see the plugin), so nothing asks to invalidate.
 */
import type { Cache } from '@envelop/response-cache';
import type { ExecutionResult } from 'graphql';
import { Redis } from 'ioredis';

export interface ResponseCacheStore extends Cache {
  get(key: string): Promise<ExecutionResult | null>;
  set(key: string, result: ExecutionResult, entities: unknown, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface MemoryStoreLimits {
  maxEntries: number;
  /** Total size of cached JSON (UTF-16 code units, close enough to bytes). */
  maxSize: number;
}

export class MemoryResponseCacheStore implements ResponseCacheStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private size = 0;

  constructor(
    private readonly limits: MemoryStoreLimits = { maxEntries: 1_000, maxSize: 50_000_000 },
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<ExecutionResult | null> {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    if (entry.expiresAt <= this.now()) {
      this.remove(key);
      return null;
    }
    // Re-insert: Map order is least recently used first, the order eviction walks.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return JSON.parse(entry.value) as ExecutionResult;
  }

  async set(key: string, result: ExecutionResult, _entities: unknown, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return;
    const value = JSON.stringify(result);
    if (value.length > this.limits.maxSize) return;
    this.remove(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    this.size += value.length;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limits.maxEntries && this.size <= this.limits.maxSize) break;
      this.remove(oldest);
    }
  }

  invalidate(): void {}

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

  async get(key: string): Promise<ExecutionResult | null> {
    try {
      const value = await this.redis.get(REDIS_KEY_PREFIX + key);
      return value === null ? null : (JSON.parse(value) as ExecutionResult);
    } catch (error) {
      this.onError(error);
      return null;
    }
  }

  async set(key: string, result: ExecutionResult, _entities: unknown, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return;
    try {
      await this.redis.set(REDIS_KEY_PREFIX + key, JSON.stringify(result), 'PX', ttlMs);
    } catch (error) {
      this.onError(error);
    }
  }

  invalidate(): void {}

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
