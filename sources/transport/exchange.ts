/**
 * One exchange with an upstream under its timeout. The timeout is a timer cleared as soon as the
 * exchange is over (AbortSignal.timeout, plus AbortSignal.any for the caller's signal, kept a timer
 * and two signals alive per call for the whole timeout). Redirects are never followed. Every body
 * is bounded and scrubbed of the credential it was sent with: read whole when shared between
 * identical reads in flight (the timer then ends with the exchange), else as it streams.
 */
import { GraphQLError } from 'graphql';
import type { UpstreamSettings } from '../config/types.ts';
import { type Deadline, startDeadline } from './deadline.ts';
import { UpstreamTimeoutError, UpstreamUnavailableError } from './errors.ts';
import { type BodyOrigin, guardBody, readGuardedBody } from './guard-body.ts';
import type { InFlightDeduper } from './in-flight.ts';
import { networkCause } from './oauth-token-provider.ts';
import { notify, type TransportObserver, type UpstreamCallEvent } from './observer.ts';
import { TIMEOUT_VARIABLES, UPSTREAM_LABELS } from './upstreams.ts';

/** What the exchange tells a trace span (see UpstreamCallTrace in create-transport.ts). */
export interface ExchangeTrace {
  inject(headers: Headers): void;
  attempt(event: UpstreamCallEvent): void;
}

export interface ExchangeRequest {
  upstream: UpstreamSettings;
  target: URL;
  init: RequestInit & { headers: Headers; method: string };
  callerSignal: AbortSignal | undefined;
  attempt: number;
  /** Forms of the credential sent, scrubbed from the answer. */
  secrets: readonly Buffer[];
  trace: ExchangeTrace | undefined;
}

export interface ExchangeOptions {
  fetchImpl: typeof fetch;
  observer?: TransportObserver;
  deduper?: InFlightDeduper;
}

export type Exchange = (request: ExchangeRequest) => Promise<{ response: Response; deadline: Deadline }>;

export function createExchange({ fetchImpl, observer, deduper }: ExchangeOptions): Exchange {
  return async ({ upstream, target, init, callerSignal, attempt, secrets, trace }) => {
    const deadline = startDeadline(upstream.timeoutMs, callerSignal);
    const { signal } = deadline;
    const { method } = init;
    const started = performance.now();
    const observe = (status: number | null, outcome: 'response' | 'timeout' | 'unavailable') => {
      const event: UpstreamCallEvent = { upstream: upstream.name, method, status, outcome, durationMs: performance.now() - started, attempt };
      notify(observer, 'onUpstreamCall', event);
      trace?.attempt(event);
    };
    try {
      const origin: BodyOrigin = { upstream: upstream.name, origin: target.origin, timeoutMs: upstream.timeoutMs, maxBytes: upstream.maxBodyBytes, secrets };
      const send = () => {
        // Trace context is added here, after the in-flight key was taken: it differs per call and
        // must not keep identical reads apart.
        trace?.inject(init.headers);
        return fetchImpl(target.href, { ...init, signal, redirect: 'manual' });
      };
      if (deduper === undefined) {
        const response = await send();
        observe(response.status, 'response');
        return { response: guardBody(response, origin, deadline.clear), deadline };
      }
      const { response, shared, buffered } = await deduper.run({ url: target, method, headers: init.headers, body: init.body }, send, (answer) => readGuardedBody(answer, origin));
      if (shared) notify(observer, 'onDeduplicated', { upstream: upstream.name });
      else observe(response.status, 'response');
      if (buffered) {
        deadline.clear();
        return { response, deadline };
      }
      return { response: guardBody(response, origin, deadline.clear), deadline };
    } catch (error) {
      deadline.clear();
      if (callerSignal?.aborted) throw error;
      const label = UPSTREAM_LABELS[upstream.name];
      if (deadline.timedOut()) {
        observe(null, 'timeout');
        throw new UpstreamTimeoutError({ upstream: upstream.name, label, timeoutMs: upstream.timeoutMs, timeoutVariable: TIMEOUT_VARIABLES[upstream.name] });
      }
      if (error instanceof GraphQLError) throw error;
      observe(null, 'unavailable');
      throw new UpstreamUnavailableError({ upstream: upstream.name, label, origin: target.origin, cause: networkCause(error) });
    }
  };
}
