/**
 * An AGG operation the canonical layer sends: its document together with the headers every
 * request of it carries. The AGG client takes only these (never a bare query string), so an
 * operation cannot go out without the beta headers it declares, and the registry in index.ts is
 * the complete list the SDL tests check (test/resolvers/agg-operations.test.ts).
 */
export interface AggOperation {
  /** The operation's own name (the document's `query Name`). */
  readonly name: string;
  readonly document: string;
  /** Sent as X-ExperimentalApi (the transport writes one header line per value). */
  readonly experimentalApis: readonly string[];
  /** Other headers AGG documents for fields of this operation (e.g. X-Force-Dynamo). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * 'tenanted': AGG documents a field of it as not available to OAuth callers, and the resolvers
   * send it only with tenanted credentials (resolvers/agg/credential-route.ts).
   */
  readonly credentials: 'any' | 'tenanted';
}

const OPERATION_NAME = /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/;

export function aggOperation(
  name: string,
  document: string,
  options: { experimentalApis?: readonly string[]; headers?: Readonly<Record<string, string>>; credentials?: 'any' | 'tenanted' } = {},
): AggOperation {
  // A mismatch would make the sandbox's per-operation counts and the registry lie.
  const named = OPERATION_NAME.exec(document)?.[1];
  if (named !== name) throw new Error(`AGG operation ${name}: its document is named ${named ?? '(nothing)'}`);
  return { name, document, experimentalApis: options.experimentalApis ?? [], headers: options.headers ?? {}, credentials: options.credentials ?? 'any' };
}

/** The headers one request of the operation carries (X-ExperimentalApi values comma-joined; the transport splits them). */
export function operationHeaders(operation: AggOperation): Record<string, string> {
  return {
    ...operation.headers,
    ...(operation.experimentalApis.length > 0 ? { 'X-ExperimentalApi': operation.experimentalApis.join(', ') } : {}),
  };
}
