/** Buckets in this process only: right for one process, wrong for `mesh start` with several workers. */
import { type BucketLimits, type BudgetStore, type TakeResult, refill, waitForTokens } from './budget-store.ts';

/** Full buckets are forgotten beyond this many keys (many forwarded caller credentials). */
const MAX_BUCKETS = 10_000;

export class MemoryBudgetStore implements BudgetStore {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  async take(key: string, cost: number, nowMs: number, limits: BucketLimits): Promise<TakeResult> {
    const stored = this.buckets.get(key) ?? { tokens: limits.capacity, updatedMs: nowMs };
    const bucket = refill(stored.tokens, stored.updatedMs, nowMs, limits);
    if (bucket.tokens >= cost) {
      this.buckets.set(key, { tokens: bucket.tokens - cost, updatedMs: bucket.updatedMs });
      this.prune(nowMs, limits);
      return { granted: true, remaining: bucket.tokens - cost };
    }
    this.buckets.set(key, bucket);
    return { granted: false, waitMs: waitForTokens(cost - bucket.tokens, limits) };
  }

  private prune(nowMs: number, limits: BucketLimits): void {
    if (this.buckets.size <= MAX_BUCKETS) return;
    for (const [key, bucket] of this.buckets) {
      if (refill(bucket.tokens, bucket.updatedMs, nowMs, limits).tokens >= limits.capacity) this.buckets.delete(key);
    }
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}
