/** Waits (on the injected clock) until the local budget grants a call, or gives up at the cap. */
import type { Clock } from '../clock.ts';
import { LocalRateLimitError, type UpstreamRef } from '../errors.ts';
import type { BucketLimits, BudgetStore } from './budget-store.ts';

export interface TakeBudgetOptions {
  store: BudgetStore;
  key: string;
  cost: number;
  limits: BucketLimits;
  clock: Clock;
  maxWaitSeconds: number;
  upstream: UpstreamRef;
  signal?: AbortSignal;
  /** Called before each wait, for logging. */
  onWait?: (waitMs: number) => void;
}

/** Resolves with the tokens left in the bucket (undefined when the call was free). */
export async function takeBudget(options: TakeBudgetOptions): Promise<number | undefined> {
  const { store, key, cost, limits, clock, maxWaitSeconds, upstream } = options;
  const details = { ...upstream, cost, capacity: limits.capacity, maxWaitSeconds };
  if (cost > limits.capacity) throw new LocalRateLimitError({ ...details, waitSeconds: null });
  if (cost <= 0) return undefined;
  const started = clock.now();
  for (;;) {
    const result = await store.take(key, cost, clock.now(), limits);
    if (result.granted) return result.remaining;
    const totalWaitMs = clock.now() - started + result.waitMs;
    if (totalWaitMs > maxWaitSeconds * 1000) {
      throw new LocalRateLimitError({ ...details, waitSeconds: Math.ceil(totalWaitMs / 1000) });
    }
    options.onWait?.(result.waitMs);
    await clock.sleep(result.waitMs, options.signal);
  }
}
