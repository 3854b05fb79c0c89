/** Shared plumbing of the AGG resolvers: send one operation and apply the strict/partial-data rule. */
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { CallContext } from '../shared/http.ts';
import type { RawObject } from '../shared/raw.ts';
import { aggRequest, type AggResponse } from './client.ts';
import { acceptAggResponse } from './errors.ts';
import type { AggOperation } from './operations/define.ts';

export function fieldPathOf(info: GraphQLResolveInfo | undefined): Array<string | number> {
  return info ? responsePathAsArray(info.path) : [];
}

/** Raw response, for callers that inspect errors first (scope fallback). */
export function sendAgg(call: CallContext, operation: AggOperation, variables: RawObject): Promise<AggResponse> {
  return aggRequest(call, operation, variables);
}

/** Data of one operation after the strictness rule (throws in strict mode or when AGG sent no data). */
export async function queryAgg(call: CallContext, operation: AggOperation, variables: RawObject): Promise<RawObject> {
  const response = await sendAgg(call, operation, variables);
  return acceptAggResponse(response, { operationName: operation.name, strict: call.deps.settings.strict, context: call.context, fieldPath: fieldPathOf(call.info) });
}
