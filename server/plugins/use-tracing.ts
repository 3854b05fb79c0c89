/**
 * Spans for GraphQL requests (tracing.ts has the setup and the upstream spans):
 *  - one SERVER span per HTTP request yoga handles, continuing the caller's W3C trace context, and
 *    active while yoga works on the request, so that every span started inside (resolvers, the
 *    transport's upstream calls from Mesh's handlers and the canonical resolvers) is its child;
 *    with the operation's name and type, the HTTP status and the GraphQL error codes (codes only);
 *  - one INTERNAL span per call of a canonical root field's resolver (`jiraIssues`, `teams`, ...).
 *    Only those resolvers are wrapped (once per schema); every other field runs untouched.
 * Added to the gateway's plugins only when tracing is configured: off, nothing of this runs.
 */
import { type GraphQLField, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLSchema, defaultFieldResolver, getOperationAST, responsePathAsArray } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type Span, SpanKind, trace } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_URL_PATH, ATTR_URL_SCHEME } from '@opentelemetry/semantic-conventions';
import { errorCode, recordFailure, type Tracing } from '../observability/tracing.ts';

// Incubating semantic conventions, copied as the OTel packages advise (their exports may change).
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
/** Our own: the distinct `extensions.code`s of the answer's errors. */
export const ATTR_GRAPHQL_ERROR_CODES = 'graphql.error.codes';
/** Resolver spans (no convention exists): the field, its response path and its type. */
export const ATTR_GRAPHQL_FIELD_NAME = 'graphql.field.name';
export const ATTR_GRAPHQL_FIELD_PATH = 'graphql.field.path';
export const ATTR_GRAPHQL_FIELD_TYPE = 'graphql.field.type';

/** yoga's one endpoint (server.ts); the front door sends nothing else to yoga. */
const GRAPHQL_ROUTE = '/graphql';

export interface UseTracingOptions {
  tracing: Tracing;
  /** Which root fields get a resolver span; default `isCanonicalRootField`. */
  tracesField?: (rootType: 'Query' | 'Mutation', fieldName: string) => boolean;
}

/**
 * The canonical layer's root fields. Every upstream root field carries its source's namespace
 * prefix (`agg_`, `jira_`, `jiraSoftware_`, `srht_`; transforms/namespace.ts), the canonical ones
 * keep plain camelCase names (resolvers/schema/*.graphql).
 */
export function isCanonicalRootField(_rootType: 'Query' | 'Mutation', fieldName: string): boolean {
  return PLAIN_NAME.test(fieldName);
}

const PLAIN_NAME = /^[a-z][A-Za-z0-9]*$/;

interface RequestTrace {
  span: Span;
  /** The first operation executed named the span (a batch's others do not). */
  named: boolean;
}

export function useTracing(options: UseTracingOptions): Plugin {
  const { tracing } = options;
  const tracesField = options.tracesField ?? isCanonicalRootField;
  const requests = new WeakMap<Request, RequestTrace>();
  // Per plugin instance: a schema shared with another yoga gets this instance's wrapper too.
  const wrappedSchemas = new WeakSet<GraphQLSchema>();
  const wrappedFields = new WeakSet<GraphQLField<unknown, unknown>>();

  const wrapRootFields = (schema: GraphQLSchema): void => {
    if (wrappedSchemas.has(schema)) return;
    wrappedSchemas.add(schema);
    const roots: Array<['Query' | 'Mutation', GraphQLObjectType | null | undefined]> = [
      ['Query', schema.getQueryType()],
      ['Mutation', schema.getMutationType()],
    ];
    for (const [rootType, type] of roots) {
      if (type == null) continue;
      for (const field of Object.values(type.getFields()) as Array<GraphQLField<unknown, unknown>>) {
        if (wrappedFields.has(field) || !tracesField(rootType, field.name)) continue;
        field.resolve = tracedResolver(tracing, `${type.name}.${field.name}`, field.resolve ?? defaultFieldResolver);
        wrappedFields.add(field);
      }
    }
  };

  const finish = (request: Request, error: unknown): void => {
    const state = requests.get(request);
    if (state === undefined) return;
    requests.delete(request);
    if (error !== undefined) recordFailure(state.span, errorCode(error));
    state.span.end();
  };

  return {
    instrumentation: {
      // Wraps all of yoga's handling of the request, so the span is the active context throughout.
      request({ request }, wrapped) {
        const parent = tracing.extract(request.headers);
        const method = request.method;
        const span = tracing.tracer.startSpan(
          `${method} ${GRAPHQL_ROUTE}`,
          {
            kind: SpanKind.SERVER,
            attributes: {
              [ATTR_HTTP_REQUEST_METHOD]: method,
              [ATTR_HTTP_ROUTE]: GRAPHQL_ROUTE,
              // The path only: a GET request's query string holds the query text and variables.
              [ATTR_URL_PATH]: GRAPHQL_ROUTE,
              [ATTR_URL_SCHEME]: request.url.startsWith('https:') ? 'https' : 'http',
            },
          },
          parent,
        );
        requests.set(request, { span, named: false });
        let pending: Promise<void> | void;
        try {
          pending = tracing.with(trace.setSpan(parent, span), wrapped);
        } catch (error) {
          finish(request, error);
          throw error;
        }
        if (!isPromiseLike(pending)) {
          finish(request, undefined);
          return;
        }
        return Promise.resolve(pending).then(
          () => finish(request, undefined),
          (error: unknown) => {
            finish(request, error);
            throw error;
          },
        );
      },
    },
    onSchemaChange({ schema }) {
      wrapRootFields(schema);
    },
    onExecute({ args }) {
      // The executed schema may not be the one onSchemaChange saw (plugins can swap it per request).
      wrapRootFields(args.schema);
      const state = requests.get(args.contextValue.request);
      if (state === undefined || state.named) return;
      state.named = true;
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      if (operation == null) return;
      state.span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, operation.operation);
      if (operation.name !== undefined) state.span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, operation.name.value);
    },
    onResultProcess({ request, result }) {
      const state = requests.get(request);
      if (state === undefined) return;
      const codes = new Set<string>();
      // Streamed results (defer, subscriptions) are not looked into.
      for (const single of Array.isArray(result) ? result : [result]) {
        const errors = (single as { errors?: ReadonlyArray<unknown> }).errors ?? [];
        for (const error of errors) codes.add(errorCode(error));
      }
      if (codes.size === 0) return;
      state.span.setAttribute(ATTR_GRAPHQL_ERROR_CODES, [...codes]);
      recordFailure(state.span, codes.values().next().value as string);
    },
    onResponse({ request, response }) {
      const state = requests.get(request);
      if (state === undefined) return;
      state.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
      if (response.status >= 500) recordFailure(state.span, String(response.status));
    },
  };
}

/** A span around one resolver call, active while it runs (so its upstream calls are its children). */
function tracedResolver(tracing: Tracing, coordinate: string, resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> {
  const name = `resolve ${coordinate}`;
  return (source, args, contextValue, info) => {
    const parent = tracing.active();
    // Outside a traced request (another yoga sharing the schema) the resolver runs as is.
    if (trace.getSpan(parent) === undefined) return resolve(source, args, contextValue, info);
    const span = tracing.tracer.startSpan(
      name,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR_GRAPHQL_FIELD_NAME]: info.fieldName,
          // As the response names it (an alias, when one is used).
          [ATTR_GRAPHQL_FIELD_PATH]: responsePathAsArray(info.path).join('.'),
          [ATTR_GRAPHQL_FIELD_TYPE]: String(info.returnType),
        },
      },
      parent,
    );
    const fail = (error: unknown): void => {
      recordFailure(span, errorCode(error));
      span.end();
    };
    let result: unknown;
    try {
      result = tracing.with(trace.setSpan(parent, span), () => resolve(source, args, contextValue, info));
    } catch (error) {
      fail(error);
      throw error;
    }
    if (!isPromiseLike(result)) {
      span.end();
      return result;
    }
    return Promise.resolve(result).then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        fail(error);
        throw error;
      },
    );
  };
}

function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null | undefined)?.then === 'function';
}
