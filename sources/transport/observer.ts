/**
 * Hooks the transport calls as upstream traffic happens, for metrics. Observers only watch: a
 * throwing observer is ignored so that instrumentation can never fail a request.
 */
import type { UpstreamName } from '../config/types.ts';

export interface UpstreamCallEvent {
  upstream: UpstreamName;
  method: string;
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  /** 'response' when an answer arrived (any status), else why none did. */
  outcome: 'response' | 'timeout' | 'unavailable';
  durationMs: number;
  /** 1 for the first attempt of a call; higher for 429/401 retries. */
  attempt: number;
}

export interface TransportObserver {
  /** One upstream HTTP exchange (each retry attempt is its own call). */
  onUpstreamCall?(event: UpstreamCallEvent): void;
  /** The upstream answered 429. */
  onRateLimited?(event: { upstream: UpstreamName; waitSeconds: number | null }): void;
  /** The transport is about to send the call again. */
  onRetry?(event: { upstream: UpstreamName; reason: 'rate-limited' | 'unauthorized' }): void;
  /** Tokens left in a local budget bucket right after a call took its cost. */
  onBudget?(event: { upstream: UpstreamName; remaining: number }): void;
  /** A call was answered by an identical request already in flight instead of being sent. */
  onDeduplicated?(event: { upstream: UpstreamName }): void;
}

type Handler<K extends keyof TransportObserver> = NonNullable<TransportObserver[K]>;

/** Calls the observer's hook, swallowing whatever it throws. */
export function notify<K extends keyof TransportObserver>(observer: TransportObserver | undefined, hook: K, event: Parameters<Handler<K>>[0]): void {
  const handler = observer?.[hook] as ((event: Parameters<Handler<K>>[0]) => void) | undefined;
  if (handler === undefined) return;
  try {
    handler.call(observer, event);
  } catch {
    // Instrumentation must never break the request it watches.
  }
}
