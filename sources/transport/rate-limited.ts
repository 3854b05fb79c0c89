/**
 * The seed's rules for an upstream 429: retry only when the answer says when (Retry-After in any
 * of its forms, or X-RateLimit-Reset), at most maxRetries429 times, and never wait past the cap;
 * otherwise fail with a RATE_LIMITED error that says why.
 */
import type { GatewaySettings, UpstreamSettings } from '../config/types.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from './clock.ts';
import type { Deadline } from './deadline.ts';
import { RateLimitError, type RateLimitReason } from './errors.ts';
import { notify, type TransportObserver } from './observer.ts';
import { type RetryAtResult, parseRetryAt } from './retry-after.ts';
import { readRequestIds } from './upstream-answer.ts';
import { UPSTREAM_LABELS } from './upstreams.ts';

export interface RateLimitedCall {
  upstream: UpstreamSettings;
  /** 429s this call has had, this one included. */
  attempts: number;
  logFields: Record<string, unknown>;
  /** Told the wait the upstream asked for (tracing). */
  onRateLimited?: (waitSeconds: number | null) => void;
}

export interface RateLimitRules {
  settings: GatewaySettings;
  clock: Clock;
  logger: Logger;
  observer?: TransportObserver;
}

/** Reads, logs and reports one 429; returns the milliseconds to wait before retrying, or throws. */
export async function waitBeforeRetry(response: Response, deadline: Deadline, call: RateLimitedCall, rules: RateLimitRules): Promise<number> {
  const { settings, clock, logger, observer } = rules;
  const { upstream, logFields } = call;
  const now = clock.now();
  const retryAt = parseRetryAt(response.headers, now);
  const requestIds = await readRequestIds(response);
  deadline.clear();
  logRetryAtParsing(logger, retryAt, logFields);
  const waitMs = retryAt.ok ? retryAt.retryAtMs - now : null;
  const retryAtIso = retryAt.ok ? new Date(retryAt.retryAtMs).toISOString() : null;
  const waitSeconds = waitMs === null ? null : Math.round(waitMs) / 1000;
  notify(observer, 'onRateLimited', { upstream: upstream.name, waitSeconds });
  call.onRateLimited?.(waitSeconds);
  logger.warn('upstream rate limited the request (HTTP 429)', { ...logFields, attempt: call.attempts, resetAt: retryAtIso, waitSeconds, ...requestIds });
  const fail = (reason: RateLimitReason): never => {
    throw new RateLimitError({
      upstream: upstream.name,
      label: UPSTREAM_LABELS[upstream.name],
      reason,
      retryAt: retryAtIso,
      waitSeconds,
      maxWaitSeconds: settings.maxWaitSeconds,
      attempts: call.attempts,
      header: retryAt.header,
      rawHeader: retryAt.raw,
    });
  };
  if (!retryAt.ok) fail(retryAt.raw === null ? 'missing-header' : 'unparseable');
  if (call.attempts > settings.maxRetries429) fail('retries-exhausted');
  if (waitMs !== null && waitMs > settings.maxWaitSeconds * 1000) fail('wait-exceeds-cap');
  return waitMs !== null && waitMs > 0 ? waitMs : 0;
}

function logRetryAtParsing(logger: Logger, retryAt: RetryAtResult, logFields: Record<string, unknown>): void {
  if (retryAt.ok) {
    logger.debug('rate-limit reset header parsed', { ...logFields, header: retryAt.header, parser: retryAt.parser, format: retryAt.format });
  } else {
    logger.debug('rate-limit reset header not parsed', { ...logFields, header: retryAt.header, present: retryAt.raw !== null });
  }
}
