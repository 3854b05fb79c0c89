/** Canonical schema with only the AGG-backed resolvers attached, over the AGG (and Jira) sandboxes. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, graphql, isObjectType, isScalarType, type ExecutionResult, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { GatewaySettings } from '../../../sources/config/types.ts';
import { testSettings, type TestSettingsOptions } from '../../support/settings.ts';
import { createAggResolvers } from '../../../resolvers/agg/index.ts';
import { DateTimeScalar } from '../../../resolvers/shared/datetime.ts';
import type { UpstreamFetch } from '../../../resolvers/shared/http.ts';

export const CLOUD_ID = '11111111-2222-4333-8444-555555555555';
export const ORG_ID = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';

/** Sandbox settings for the AGG-backed resolvers: no 429 waits, quiet logs. */
export function aggTestSettings(urls: { agg: string; jira?: string }, overrides: TestSettingsOptions = {}): GatewaySettings {
  return testSettings(urls, { mode: 'sandbox', cloudId: CLOUD_ID, maxWaitSeconds: 0, maxRetries429: 0, logLevel: 'error', ...overrides });
}

export interface TestContext {
  /** Sent upstream as x-sandbox-scenario. */
  scenario?: string;
  /** Sent upstream as Authorization (what the transport would send with that credential). */
  authorization?: string;
  /** The caller's request, as graphql-yoga puts it on the context (forwarded credentials). */
  request?: { headers: Headers };
}

export interface SentRequest {
  url: string;
  operationName: string | null;
  headers: Record<string, string>;
  /** GraphQL requests: the document and variables sent. */
  query?: string;
  variables?: Record<string, unknown>;
}

/** A transport stand-in: forwards the test's scenario and credential headers and records what was sent. */
export function recordingFetch(sent: SentRequest[]): UpstreamFetch {
  return async (url, init, context) => {
    const headers = new Headers(init?.headers);
    const test = context as TestContext | undefined;
    if (test?.scenario) headers.set('x-sandbox-scenario', test.scenario);
    if (test?.authorization) headers.set('authorization', test.authorization);
    let body: { operationName?: string; query?: string; variables?: Record<string, unknown> } = {};
    if (typeof init?.body === 'string' && init.body.startsWith('{')) body = JSON.parse(init.body) as typeof body;
    sent.push({ url, operationName: body.operationName ?? null, headers: Object.fromEntries(headers.entries()), query: body.query, variables: body.variables });
    return globalThis.fetch(url, { ...init, headers });
  };
}

export function canonicalAggSchema(settings: GatewaySettings, fetch: UpstreamFetch): GraphQLSchema {
  // Every canonical SDL file, as Mesh loads them (the AGG types refer to JiraProject and PageInfo).
  const dir = join(import.meta.dirname, '..', '..', '..', 'resolvers', 'schema');
  const files = readdirSync(dir).filter((file) => file.endsWith('.graphql')).sort();
  const schema = buildSchema(['type Query { _canonical: Boolean }', ...files.map((file) => readFileSync(join(dir, file), 'utf8'))].join('\n'));
  const resolvers = createAggResolvers({ fetch, settings }) as Record<string, unknown>;
  for (const [name, scalar] of [['DateTime', DateTimeScalar], ['JiraProjectType', resolvers.JiraProjectType]] as const) {
    const type = schema.getType(name);
    const source = scalar as typeof DateTimeScalar;
    if (isScalarType(type)) Object.assign(type, { serialize: source.serialize, parseValue: source.parseValue, parseLiteral: source.parseLiteral });
  }
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    for (const [fieldName, resolve] of Object.entries(fields as Record<string, GraphQLFieldResolver<unknown, unknown>>)) {
      const field = type.getFields()[fieldName];
      if (!field) throw new Error(`canonical SDL has no ${typeName}.${fieldName}`);
      field.resolve = resolve;
    }
  }
  return schema;
}

export function executor(schema: GraphQLSchema) {
  return async (source: string, variableValues?: Record<string, unknown>, context: TestContext = {}): Promise<ExecutionResult & { context: TestContext }> => {
    const result = (await graphql({ schema, source, variableValues, contextValue: context })) as ExecutionResult;
    return { ...result, context };
  };
}
