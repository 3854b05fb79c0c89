/**
 * Buckets in Redis, shared by every process of the gateway (`mesh start` forks one worker per
 * CPU; per-process buckets would multiply the budget by the worker count). A Lua script makes
 * read-refill-take one atomic step.
 */
import { Redis } from 'ioredis';
import { type BucketLimits, type BudgetStore, type TakeResult } from './budget-store.ts';

// KEYS[1] bucket; ARGV: capacity, refill per second, cost, now (ms), ttl (ms).
// Returns {granted (0/1), wait ms, remaining tokens as a string}.
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local ttl = tonumber(ARGV[5])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1])
local updated = tonumber(state[2])
if tokens == nil or updated == nil then
  tokens = capacity
  updated = now
end
if now > updated then
  tokens = math.min(capacity, tokens + (now - updated) / 1000 * refill)
  updated = now
end
local granted = 0
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
  granted = 1
else
  wait = math.ceil((cost - tokens) / refill * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(updated))
redis.call('PEXPIRE', KEYS[1], ttl)
return {granted, wait, tostring(tokens)}
`;

type TakeCommand = (key: string, ...args: Array<string | number>) => Promise<[number, number, string]>;

export interface RedisBudgetStoreOptions {
  /** redis://… URL (REDIS_URL); ignored when `client` is given. */
  url?: string;
  client?: Redis;
  keyPrefix?: string;
}

export class RedisBudgetStore implements BudgetStore {
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly keyPrefix: string;
  private readonly takeCommand: TakeCommand;

  constructor(options: RedisBudgetStoreOptions) {
    if (options.client !== undefined) {
      this.client = options.client;
      this.ownsClient = false;
    } else {
      if (options.url === undefined) throw new Error('RedisBudgetStore needs a url or a client.');
      // Fail fast instead of queueing for ever when Redis is down; the caller decides what then.
      this.client = new Redis(options.url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: true });
      // Connection errors surface as rejected commands, which the transport logs; without a
      // listener ioredis would also print every reconnect failure to stderr.
      this.client.on('error', () => {});
      this.ownsClient = true;
    }
    this.keyPrefix = options.keyPrefix ?? 'atlassian-mesh:budget:';
    this.client.defineCommand('atlassianMeshTakeBudget', { numberOfKeys: 1, lua: TAKE_SCRIPT });
    const command = (this.client as unknown as Record<string, TakeCommand>).atlassianMeshTakeBudget;
    this.takeCommand = command.bind(this.client);
  }

  async take(key: string, cost: number, nowMs: number, limits: BucketLimits): Promise<TakeResult> {
    // Keep a bucket until it would be full again, plus a minute.
    const ttlMs = Math.ceil((limits.capacity / limits.refillPerSecond) * 1000) + 60_000;
    const [granted, waitMs, remaining] = await this.takeCommand(
      `${this.keyPrefix}${key}`,
      limits.capacity,
      limits.refillPerSecond,
      cost,
      Math.floor(nowMs),
      ttlMs,
    );
    return granted === 1 ? { granted: true, remaining: Number(remaining) } : { granted: false, waitMs: Number(waitMs) };
  }

  async close(): Promise<void> {
    if (!this.ownsClient) return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}
