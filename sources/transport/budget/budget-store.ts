/** Token buckets for the optional local budget, one per credential (see sources/config/README.md). */

export interface BucketLimits {
  capacity: number;
  refillPerSecond: number;
}

export type TakeResult = { granted: true; remaining: number } | { granted: false; waitMs: number };

export interface BudgetStore {
  /**
   * Atomically takes `cost` tokens from bucket `key` at time `nowMs` (a full bucket when new),
   * or takes nothing and says how long until enough tokens have refilled.
   */
  take(key: string, cost: number, nowMs: number, limits: BucketLimits): Promise<TakeResult>;
  close(): Promise<void>;
}

/** Refill `tokens` from `updatedMs` to `nowMs`; time never runs backwards for a bucket. */
export function refill(tokens: number, updatedMs: number, nowMs: number, limits: BucketLimits): { tokens: number; updatedMs: number } {
  if (nowMs <= updatedMs) return { tokens, updatedMs };
  return { tokens: Math.min(limits.capacity, tokens + ((nowMs - updatedMs) / 1000) * limits.refillPerSecond), updatedMs: nowMs };
}

export function waitForTokens(missing: number, limits: BucketLimits): number {
  return Math.ceil((missing / limits.refillPerSecond) * 1000);
}
