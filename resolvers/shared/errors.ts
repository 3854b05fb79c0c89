import { GraphQLError } from 'graphql';

/** Error codes the canonical resolvers put in `extensions.code`. */
export type CanonicalErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UPSTREAM_ERROR'
  /** A 2xx answer whose body is not what the API returns (the transport's code for the same). */
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_PAGINATION_LOOP'
  | 'UPSTREAM_MAPPING_ERROR';

export function canonicalError(code: CanonicalErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export function badUserInput(message: string): GraphQLError {
  return canonicalError('BAD_USER_INPUT', message);
}

export function notFound(message: string): GraphQLError {
  return canonicalError('NOT_FOUND', message);
}

/**
 * A raw upstream item a mapper cannot turn into its canonical type. It names the item
 * (issue key, board id, ...) and the missing or malformed field so analysts can find it upstream.
 */
export class MappingError extends GraphQLError {
  constructor(
    readonly typeName: string,
    readonly itemLabel: string,
    readonly field: string,
    problem = 'is missing',
  ) {
    super(`Cannot map ${typeName} ${itemLabel}: upstream field '${field}' ${problem}`, {
      extensions: { code: 'UPSTREAM_MAPPING_ERROR', typeName, item: itemLabel, field },
    });
    this.name = 'MappingError';
  }
}

/** Runs a mapper; a MappingError becomes the list entry (graphql-js reports it at that path). */
export function mapOrError<Raw, Out>(raw: Raw, mapper: (raw: Raw) => Out): Out | MappingError {
  try {
    return mapper(raw);
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
}
