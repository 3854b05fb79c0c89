/** Wraps a source's executor so it speaks the upstream's names (see upstream-names.ts). */
import type { ExecutionResult } from 'graphql';
import type { MeshSource } from '@graphql-mesh/types';
import { toNamespacedResult, toUpstreamDocument } from './upstream-names.ts';

export type Executor = NonNullable<MeshSource['executor']>;
type ExecutorRequest = Parameters<Executor>[0];

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export function upstreamNamesExecutor(executor: Executor, prefix: string): Executor {
  const translated = new WeakMap<ExecutorRequest['document'], ExecutorRequest['document']>();
  const wrapped = (request: ExecutorRequest) => {
    // Stitching reuses document objects across requests; translate each once.
    let document = translated.get(request.document);
    if (!document) {
      document = toUpstreamDocument(request.document, prefix);
      translated.set(request.document, document);
    }
    const fixResult = (result: unknown) => {
      if (isAsyncIterable(result)) return result; // subscriptions are not served through the gateway
      const single = result as ExecutionResult;
      if (single?.data) toNamespacedResult(single.data, prefix);
      return single;
    };
    const outcome = executor({ ...request, document });
    return outcome instanceof Promise ? outcome.then(fixResult) : fixResult(outcome);
  };
  return wrapped as Executor;
}
