/** Executable canonical schema over our resolver factories, for resolver tests. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, graphql, type ExecutionResult } from 'graphql';
import type { GatewaySettings } from '../../sources/config/types.ts';
import { testSettings as baseTestSettings } from '../support/settings.ts';
import { createJiraResolvers } from '../../resolvers/jira/index.ts';
import { createSourcehutResolvers } from '../../resolvers/sourcehut/index.ts';
import { createMetricsResolvers } from '../../resolvers/metrics/resolvers.ts';
import { attachResolvers } from '../../resolvers/shared/attach-resolvers.ts';
import type { UpstreamFetch } from '../../resolvers/shared/http.ts';

export const CLOUD_ID = '11111111-2222-4333-8444-555555555555';
const OWN_SDL = ['common.graphql', 'jira.graphql', 'workitem.graphql', 'metrics-reports.graphql'];

/** Sandbox settings for the REST- and sr.ht-backed resolvers: no 429 waits, quiet logs. */
export function testSettings(urls: { jira?: string; jiraSoftware?: string; srht?: string }): GatewaySettings {
  return baseTestSettings(urls, { mode: 'sandbox', cloudId: CLOUD_ID, maxWaitSeconds: 0, maxRetries429: 0, logLevel: 'error' });
}

export const plainFetch: UpstreamFetch = (url, init) => globalThis.fetch(url, init);

export function canonicalExecutor(settings: GatewaySettings, fetch: UpstreamFetch = plainFetch, options: { now?: () => number } = {}) {
  const dir = join(import.meta.dirname, '..', '..', 'resolvers', 'schema');
  const available = readdirSync(dir);
  const typeDefs = ['type Query { _canonical: Boolean }', ...OWN_SDL.filter((file) => available.includes(file)).map((file) => readFileSync(join(dir, file), 'utf8'))];
  const deps = { fetch, settings, ...(options.now ? { now: options.now } : {}) };
  const jira = createJiraResolvers(deps);
  const srht = createSourcehutResolvers(deps);
  const metrics = createMetricsResolvers(deps);
  const schema = attachResolvers(buildSchema(typeDefs.join('\n')), [jira, srht, metrics]);
  return (source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult> =>
    graphql({ schema, source, variableValues, contextValue: {} }) as Promise<ExecutionResult>;
}

