/**
 * The local budget step of a call: take tokens from the caller's bucket (waiting for refill up to
 * the cap). Best-effort: an unreachable store is logged (at most once a minute) and the call goes
 * ahead unthrottled rather than taking the gateway down.
 */
import { GraphQLError } from 'graphql';
import type { GatewaySettings, UpstreamSettings } from '../config/types.ts';
import type { Logger } from '../logging/logger.ts';
import type { BudgetStore } from './budget/budget-store.ts';
import { MemoryBudgetStore } from './budget/memory-budget-store.ts';
import { RedisBudgetStore } from './budget/redis-budget-store.ts';
import { takeBudget } from './budget/take-budget.ts';
import type { Clock } from './clock.ts';
import { notify, type TransportObserver } from './observer.ts';
import { UPSTREAM_LABELS } from './upstreams.ts';

/** Budget store failures are logged at most this often. */
const STORE_WARNING_INTERVAL_MS = 60_000;

export interface LocalBudgetOptions {
  settings: GatewaySettings;
  clock: Clock;
  logger: Logger;
  observer?: TransportObserver;
  /** Default: Redis when settings.redisUrl is set, else in memory (created at first use, owned). */
  store?: BudgetStore;
}

export interface BudgetTake {
  upstream: UpstreamSettings;
  bucketKey: string;
  cost: number;
  logFields: Record<string, unknown>;
  signal: AbortSignal | undefined;
  /** Told how long the call waited for refill (tracing). */
  onWait?: (waitMs: number) => void;
}

export interface LocalBudget {
  take(request: BudgetTake): Promise<void>;
  /** Closes the store if this budget created it. */
  close(): Promise<void>;
}

export function createLocalBudget(options: LocalBudgetOptions): LocalBudget {
  const { settings, clock, logger, observer } = options;
  let store = options.store;
  let ownsStore = false;
  let lastStoreWarningMs = Number.NEGATIVE_INFINITY;
  const getStore = (): BudgetStore => {
    if (store === undefined) {
      store = settings.redisUrl !== undefined ? new RedisBudgetStore({ url: settings.redisUrl }) : new MemoryBudgetStore();
      ownsStore = true;
    }
    return store;
  };

  return {
    async take({ upstream, bucketKey, cost, logFields, signal, onWait }) {
      try {
        const remaining = await takeBudget({
          store: getStore(),
          key: bucketKey,
          cost,
          limits: { capacity: settings.budget.capacity, refillPerSecond: settings.budget.refillPerSecond },
          clock,
          maxWaitSeconds: settings.maxWaitSeconds,
          upstream: { upstream: upstream.name, label: UPSTREAM_LABELS[upstream.name] },
          ...(signal !== undefined ? { signal } : {}),
          onWait: (waitMs) => {
            logger.info('local budget exhausted; waiting for refill', { ...logFields, cost, waitSeconds: waitMs / 1000 });
            onWait?.(waitMs);
          },
        });
        if (remaining !== undefined) notify(observer, 'onBudget', { upstream: upstream.name, remaining });
      } catch (error) {
        if (error instanceof GraphQLError || signal?.aborted) throw error;
        if (clock.now() - lastStoreWarningMs >= STORE_WARNING_INTERVAL_MS) {
          lastStoreWarningMs = clock.now();
          logger.warn('local budget store failed; sending without local throttling', { ...logFields, error });
        }
      }
    },
    async close() {
      if (ownsStore && store !== undefined) await store.close();
      store = ownsStore ? undefined : store;
    },
  };
}
