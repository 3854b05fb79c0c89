/** How the benchmarks run the gateway: live mode over the sandbox upstreams, as deployed. */

export const BENCH_CLOUD_ID = '11111111-2222-4333-8444-555555555555';

export function benchGatewayEnv(urls: { agg: string; jira: string; jiraSoftware: string; srht: string }, nodeEnv = 'production'): Record<string, string> {
  return {
    ATLASSIAN_MESH_MODE: 'live',
    ATLASSIAN_EMAIL: 'bench@example.com',
    ATLASSIAN_API_TOKEN: 'bench-dummy-token',
    ATLASSIAN_CLOUD_ID: BENCH_CLOUD_ID,
    ATLASSIAN_GQL_BASE_URL: urls.agg,
    ATLASSIAN_JIRA_BASE_URL: urls.jira,
    ATLASSIAN_JIRA_SOFTWARE_BASE_URL: urls.jiraSoftware,
    SRHT_TODO_URL: urls.srht,
    // The per-caller operation limit (120/min by default) would answer most of the load with 429.
    GATEWAY_RATE_LIMIT_MAX: '0',
    // As deployed (`npm run serve` semantics): libraries drop development-only checks (graphql's
    // cross-realm instanceof among them).
    NODE_ENV: nodeEnv,
    GATEWAY_ALLOW_UNAUTHENTICATED: 'true',
  };
}
