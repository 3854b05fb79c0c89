/**
 * The per-upstream timeout of one exchange, as a signal for fetch that also follows the caller's
 * signal. Unlike AbortSignal.timeout (+ AbortSignal.any), it is cleared the moment the exchange
 * is over, so a busy gateway does not hold a live timer and signals for every call it made in the
 * last timeout period. On expiry it aborts with a TimeoutError, like AbortSignal.timeout.
 */
// Node's own timers: a test faking the global timers must not stop upstream timeouts.
import { clearTimeout, setTimeout } from 'node:timers';

export interface Deadline {
  signal: AbortSignal;
  /** The timeout fired (not the caller). */
  timedOut(): boolean;
  /** The exchange is over: stop the timer and stop following the caller's signal. Idempotent. */
  clear(): void;
}

export function startDeadline(timeoutMs: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  const followCaller = () => controller.abort(callerSignal?.reason);
  const clear = () => {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', followCaller);
  };
  const timer = setTimeout(() => {
    expired = true;
    callerSignal?.removeEventListener('abort', followCaller);
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, timeoutMs);
  // Like AbortSignal.timeout: a pending upstream timeout alone does not keep the process alive.
  timer.unref();
  if (callerSignal !== undefined) {
    if (callerSignal.aborted) followCaller();
    else callerSignal.addEventListener('abort', followCaller, { once: true });
  }
  return { signal: controller.signal, timedOut: () => expired, clear };
}
