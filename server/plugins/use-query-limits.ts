/**
 * Query limits, in three places:
 *  - parse: the query length is checked first, the parser stops at `maxTokens` (graphql's own
 *    option), and a document too deeply nested for the recursive parser gets a limit error;
 *  - validation: one linear analysis of the document (query-analysis.ts) checks depth, aliases,
 *    directives, `__schema` fields and the field-merge comparisons graphql-js's validation is
 *    quadratic in. It runs before graphql's rules and, when a limit is exceeded, answers instead of
 *    them, so the standard rules never see a hostile document. They run without suggestions;
 *  - execution: the list-size-aware cost, when variable values are known (yoga caches validation per
 *    document, not per variables, so `first: $n` must be judged per request), and the `__schema`
 *    count per HTTP request (a batch shares one Request). Both only evaluate the analysis above.
 * Introspection is counted like any other selection; `__typename` is free.
 */
import { type DocumentNode, type GraphQLError, type GraphQLSchema, Lexer, parse, type ParseOptions, Source, TokenKind } from 'graphql';
// yoga's own error factory, so yoga recognises the error (instanceof) and does not mask it.
import { createGraphQLError, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import {
  createQueryAnalysisCache,
  describeCostFactors,
  type DocumentAnalysis,
  type QueryCostOptions,
  selectOperation,
} from '../limits/query-analysis.ts';

export interface QueryLimitsOptions {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Operations per batched HTTP request; 0 turns batching off. Applied through yoga's `batching` option. */
  maxBatch: number;
  maxCost: number;
  /** `__schema` fields per operation and per HTTP request (all operations of a batch together). */
  maxSchemaIntrospections: number;
  /**
   * Characters of query text. The token limit does not bound a token's length, and a single
   * megabytes-long string, name or block string costs seconds to lex and validate.
   */
  maxQueryLength: number;
  /**
   * Comparisons graphql-js's OverlappingFieldsCanBeMerged rule would make (see query-analysis.ts).
   * The rule is quadratic in fields sharing a response name: a 5000-token query of one repeated
   * alias keeps it busy for about a second. Real queries need a few hundred.
   */
  maxMergeComparisons: number;
  /**
   * Selections after fragment expansion (`__typename` included). Cost leaves `__typename` free,
   * but graphql-tools' delegation walks every spread of a fragment again: 30 fragments each
   * spreading the next twice, ending in `__typename`, cost nothing and froze the process.
   */
  maxSelections: number;
  cost: QueryCostOptions;
}

/**
 * Generous enough for analytics queries on the AGG schema (connections nest deeply) and for
 * GraphiQL's full introspection query, which is counted like any query: depth exactly 15, no
 * aliases or directives, one `__schema`, cost 51 833 (types × fields × args at the assumed 10
 * each), hence a cost limit of 60 000 rather than 50 000.
 */
export const DEFAULT_QUERY_LIMITS: QueryLimitsOptions = {
  maxDepth: 15,
  maxAliases: 30,
  maxTokens: 5000,
  maxDirectives: 50,
  maxBatch: 10,
  maxCost: 60_000,
  maxSchemaIntrospections: 1,
  maxQueryLength: 100_000,
  maxMergeComparisons: 20_000,
  maxSelections: 10_000,
  cost: {},
};

export const QUERY_LIMIT_ERROR_CODE = 'QUERY_LIMIT_EXCEEDED';

export type QueryLimitName =
  | 'maxDepth'
  | 'maxAliases'
  | 'maxTokens'
  | 'maxDirectives'
  | 'maxCost'
  | 'maxSchemaIntrospections'
  | 'maxQueryLength'
  | 'maxMergeComparisons'
  | 'maxSelections';

function limitError(limit: QueryLimitName, max: number, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return createGraphQLError(`${message} (${limit})`, {
    // Like yoga's own validation errors: 400 for application/graphql-response+json, 200 for legacy JSON.
    extensions: { code: QUERY_LIMIT_ERROR_CODE, limit, max, ...extra, http: { status: 400, spec: true } },
  });
}

/** Fragment expansion can make counts astronomically large; past 2^53 they are not exact, so say so. */
function countText(count: number): string {
  return Number.isSafeInteger(count) ? String(count) : `more than ${Number.MAX_SAFE_INTEGER}`;
}

function foundExtension(count: number): Record<string, unknown> {
  return Number.isSafeInteger(count) ? { found: count } : {};
}

/** NaN, Infinity and anything past 2^53 (no longer exact) from absurd documents count as over any limit. */
function exceeds(found: number, max: number): boolean {
  return !(found <= max) || found > Number.MAX_SAFE_INTEGER;
}

/** True when the source has more than `maxTokens` lexical tokens (comments excluded, as the parser counts). */
function hasMoreTokensThan(source: string | Source, maxTokens: number): boolean {
  const lexer = new Lexer(typeof source === 'string' ? new Source(source) : source);
  try {
    for (let count = 0; count <= maxTokens; count++) {
      if (lexer.advance().kind === TokenKind.EOF) return false;
    }
    return true;
  } catch {
    return false; // a lexical error before the limit: the parser's own error stands
  }
}

function queryLengthError(length: number, max: number): GraphQLError {
  return limitError('maxQueryLength', max, `Query length limit of ${max} characters exceeded, found ${length}.`, { found: length });
}

/**
 * graphql's parse within the length and token limits. The parser aborts with a generic syntax
 * error at the token limit; when the limit is the reason (recounted, at most maxTokens + 1
 * tokens), the error says so.
 */
export function parseWithLimits(
  source: string | Source,
  limits: Pick<QueryLimitsOptions, 'maxTokens' | 'maxQueryLength' | 'maxDepth'>,
  options?: ParseOptions,
): DocumentNode {
  const length = typeof source === 'string' ? source.length : source.body.length;
  if (length > limits.maxQueryLength) throw queryLengthError(length, limits.maxQueryLength);
  try {
    return parse(source, { ...options, maxTokens: limits.maxTokens });
  } catch (error) {
    // The parser recurses per nesting level: a few thousand `[` fit under the token limit.
    if (error instanceof RangeError) {
      throw limitError('maxDepth', limits.maxDepth, `Query nesting is too deep to parse (the depth limit is ${limits.maxDepth}).`);
    }
    if (hasMoreTokensThan(source, limits.maxTokens)) {
      throw limitError('maxTokens', limits.maxTokens, `Token limit of ${limits.maxTokens} exceeded.`);
    }
    throw error;
  }
}

type StaticLimits = Pick<QueryLimitsOptions, 'maxDepth' | 'maxAliases' | 'maxDirectives' | 'maxSchemaIntrospections' | 'maxMergeComparisons' | 'maxSelections'>;

/** Limits that depend on the document alone: one error per limit, for the worst operation. */
export function staticLimitErrors(analysis: DocumentAnalysis, limits: StaticLimits): GraphQLError[] {
  const errors: GraphQLError[] = [];
  if (exceeds(analysis.mergeComparisons, limits.maxMergeComparisons)) {
    errors.push(
      limitError(
        'maxMergeComparisons',
        limits.maxMergeComparisons,
        `Field merge limit of ${limits.maxMergeComparisons} comparisons exceeded: fields with one response name (a repeated field or alias, or fragments selecting the same fields side by side) are compared pairwise; select each field once.`,
      ),
    );
  }
  const worst = (figure: (operation: DocumentAnalysis['operations'][number]) => number): number =>
    analysis.operations.reduce((max, operation) => Math.max(max, figure(operation)), 0);
  const depth = worst((operation) => operation.depth);
  if (exceeds(depth, limits.maxDepth)) {
    errors.push(limitError('maxDepth', limits.maxDepth, `Query depth limit of ${limits.maxDepth} exceeded, found ${countText(depth)}.`, foundExtension(depth)));
  }
  const aliases = worst((operation) => operation.aliases);
  if (exceeds(aliases, limits.maxAliases)) {
    errors.push(limitError('maxAliases', limits.maxAliases, `Aliases limit of ${limits.maxAliases} exceeded, found ${countText(aliases)}.`, foundExtension(aliases)));
  }
  const directives = worst((operation) => operation.directives);
  if (exceeds(directives, limits.maxDirectives)) {
    errors.push(
      limitError('maxDirectives', limits.maxDirectives, `Directives limit of ${limits.maxDirectives} exceeded, found ${countText(directives)}.`, foundExtension(directives)),
    );
  }
  const selections = worst((operation) => operation.selections);
  if (exceeds(selections, limits.maxSelections)) {
    errors.push(
      limitError(
        'maxSelections',
        limits.maxSelections,
        `Selections limit of ${limits.maxSelections} exceeded, found ${countText(selections)} once fragments are expanded; spread each fragment where it is needed, not repeatedly.`,
        foundExtension(selections),
      ),
    );
  }
  const schemas = worst((operation) => operation.schemaIntrospections);
  if (exceeds(schemas, limits.maxSchemaIntrospections)) {
    errors.push(schemaIntrospectionError(limits.maxSchemaIntrospections, schemas, 'operation'));
  }
  return errors;
}

function schemaIntrospectionError(max: number, found: number, scope: 'operation' | 'request'): GraphQLError {
  return limitError(
    'maxSchemaIntrospections',
    max,
    `Schema introspection limit of ${max} per ${scope} exceeded, found ${countText(found)} __schema fields; the full schema is tens of MB, so fetch it once.`,
    foundExtension(found),
  );
}

interface ExecutionCheck {
  args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variableValues?: Readonly<Record<string, unknown>> | null;
    contextValue: YogaInitialContext;
  };
}

export function useQueryLimits(overrides: Partial<QueryLimitsOptions> = {}): Plugin {
  const limits: QueryLimitsOptions = { ...DEFAULT_QUERY_LIMITS, ...overrides };
  const analyses = createQueryAnalysisCache({ ...limits.cost, mergeComparisonCap: limits.maxMergeComparisons });
  // `__schema` fields already let through per HTTP request: batched operations share the Request.
  const schemasPerRequest = new WeakMap<Request, number>();

  /** Errors that stop this operation, or none; counts its `__schema` fields against the request when it may run. */
  const executionErrors = ({ args }: ExecutionCheck): GraphQLError[] => {
    const analysis = analyses.analyse(args.schema, args.document);
    // Normally validation has refused these already (and the analysis is cached); this covers a
    // setup that skips validation.
    const errors = staticLimitErrors(analysis, limits);
    if (errors.length > 0) return errors;
    const estimate = analyses.cost(analysis, { operationName: args.operationName, variables: args.variableValues });
    if (exceeds(estimate.cost, limits.maxCost)) {
      const detail = estimate.heaviestPath.length > 0 ? ` (${describeCostFactors(estimate.heaviestPath)})` : '';
      errors.push(
        limitError(
          'maxCost',
          limits.maxCost,
          `Query cost ${countText(estimate.cost)} exceeds the limit of ${limits.maxCost}${detail}; request fewer items or fields.`,
          Number.isSafeInteger(estimate.cost) ? { cost: estimate.cost } : {},
        ),
      );
      return errors;
    }
    const schemas = selectOperation(analysis, args.operationName)?.schemaIntrospections ?? 0;
    const request = args.contextValue.request as Request | undefined;
    if (schemas > 0 && request !== undefined) {
      const total = (schemasPerRequest.get(request) ?? 0) + schemas;
      if (exceeds(total, limits.maxSchemaIntrospections)) return [schemaIntrospectionError(limits.maxSchemaIntrospections, total, 'request')];
      schemasPerRequest.set(request, total);
    }
    return errors;
  };

  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          // Before any plugin's onParams, some of which parse the query themselves (the
          // introspection cache does, without a token limit: 25 MB of `__typename` is 3.6 s and 1.2 GB).
          for (const params of Array.isArray(requestParserResult) ? requestParserResult : [requestParserResult]) {
            const length = typeof params.query === 'string' ? params.query.length : 0;
            if (length > limits.maxQueryLength) throw queryLengthError(length, limits.maxQueryLength);
          }
        },
      };
    },
    onParse({ setParseFn }) {
      setParseFn((source, options) => parseWithLimits(source, limits, options));
    },
    onValidate({ params, setResult, validateFn, setValidationFn }) {
      // Cached per document, so a repeated query (whose validation yoga has cached) costs a lookup.
      const errors = staticLimitErrors(analyses.analyse(params.schema, params.documentAST), limits);
      // Replaces graphql's validation for this document: its rules never run on what was refused.
      if (errors.length > 0) {
        setResult(errors);
        return;
      }
      // "Did you mean" compares each unknown name with every candidate: on the unified schema
      // (21 000 types) one long unknown type name costs ~0.3 s, a hundred of them over 30 s.
      setValidationFn((schema, documentAST, rules, options, typeInfo) =>
        validateFn(schema, documentAST, rules, { ...options, hideSuggestions: true }, typeInfo),
      );
    },
    onExecute(payload) {
      const errors = executionErrors(payload);
      if (errors.length > 0) payload.setResultAndStopExecution({ errors });
    },
    onSubscribe(payload) {
      const errors = executionErrors(payload);
      if (errors.length > 0) payload.setResultAndStopExecution({ errors });
    },
  };
}

/** Value for createYoga's `batching` option: `{ limit }`, or false when batching is off. */
export function yogaBatchingOption(limits: Pick<QueryLimitsOptions, 'maxBatch'>): { limit: number } | false {
  return limits.maxBatch > 0 ? { limit: limits.maxBatch } : false;
}

