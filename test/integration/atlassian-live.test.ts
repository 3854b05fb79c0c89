/**
 * Against real Atlassian, only when credentials are in the environment (the seed's variables):
 * ATLASSIAN_CLOUD_ID (or ATLASSIAN_JIRA_CLOUD_ID) plus one of ATLASSIAN_OAUTH_ACCESS_TOKEN,
 * ATLASSIAN_EMAIL + ATLASSIAN_API_TOKEN, ATLASSIAN_COOKIES_JSON (or the OAuth refresh triple);
 * optional ATLASSIAN_JIRA_JQL and ATLASSIAN_JIRA_ISSUE_KEY. Without them every test skips.
 *
 * Nothing here provokes rate limits; if a natural 429 happens, the log must show it handled by the
 * single retry path (one warning per attempt, then data or a RATE_LIMITED error with its details).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startGatewayProcess, type GatewayProcess } from '../support/gateway-process.ts';

const env = process.env;
const cloudId = env.ATLASSIAN_CLOUD_ID ?? env.ATLASSIAN_JIRA_CLOUD_ID;
const hasCredential = Boolean(
  env.ATLASSIAN_OAUTH_ACCESS_TOKEN ||
    (env.ATLASSIAN_EMAIL && env.ATLASSIAN_API_TOKEN) ||
    env.ATLASSIAN_COOKIES_JSON ||
    (env.ATLASSIAN_OAUTH_REFRESH_TOKEN && env.ATLASSIAN_CLIENT_ID && env.ATLASSIAN_CLIENT_SECRET),
);
const enabled = Boolean(cloudId && hasCredential);

function passThroughAtlassianEnv(): Record<string, string> {
  const forwarded: Record<string, string> = { ATLASSIAN_MESH_MODE: 'live', LOG_LEVEL: 'debug' };
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && /^(ATLASSIAN_|SRHT_)/.test(name)) forwarded[name] = value;
  }
  return forwarded;
}

let gateway: GatewayProcess | undefined;

describe.skipIf(!enabled)('real Atlassian (env-gated)', () => {
  beforeAll(async () => {
    gateway = await startGatewayProcess(passThroughAtlassianEnv());
  }, 240_000);

  afterAll(async () => {
    await gateway?.stop();
  });

  it('lists projects through AGG or, when scopes are missing, the REST fallback, and says which', async () => {
    const result = await postGraphQL<{ jiraProjects: { nodes: { project: { key: string } }[] } }>(
      gateway!.url,
      `query($cloudId: String) { jiraProjects(cloudId: $cloudId, projectTypes: [SOFTWARE], first: 5) { nodes { project { key name } opsgenieTeams { id } } } }`,
      { cloudId },
    );
    if (result.body.errors?.some((e) => e.extensions?.code === 'RATE_LIMITED')) return; // a natural 429 over the cap, checked below
    expect(result.body.errors).toBeUndefined();
    expect(Array.isArray(result.body.data!.jiraProjects.nodes)).toBe(true);
    expect(result.body.extensions?.canonicalRoutes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'jiraProjects' })]));
  });

  it.skipIf(!env.ATLASSIAN_JIRA_JQL)('searches issues by ATLASSIAN_JIRA_JQL', async () => {
    const result = await postGraphQL<{ jiraIssues: { nodes: { key: string }[] } }>(
      gateway!.url,
      `query($jql: String!) { jiraIssues(jql: $jql, first: 5) { nodes { key status createdAt } pageInfo { hasNextPage } } }`,
      { jql: env.ATLASSIAN_JIRA_JQL },
    );
    expect(result.body.errors ?? []).toEqual([]);
  });

  it.skipIf(!env.ATLASSIAN_JIRA_ISSUE_KEY)('reads the history of ATLASSIAN_JIRA_ISSUE_KEY', async () => {
    const result = await postGraphQL<{ jiraIssue: { key: string } }>(
      gateway!.url,
      `query($key: String!) { jiraIssue(key: $key) { key changelog { createdAt items { field } } worklogs { timeSpentSeconds } } }`,
      { key: env.ATLASSIAN_JIRA_ISSUE_KEY },
    );
    expect(result.body.errors ?? []).toEqual([]);
    expect(result.body.data!.jiraIssue.key).toBe(env.ATLASSIAN_JIRA_ISSUE_KEY);
  });

  it('handled any natural 429 through the one retry path, with the required log fields', () => {
    const warnings = gateway!
      .output()
      .split('\n')
      .filter((line) => line.includes('HTTP 429'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const warning of warnings) {
      expect(warning).toEqual(expect.objectContaining({ level: 'warn', attempt: expect.any(Number), endpoint: expect.any(String) }));
    }
  });

  it('never printed a credential', () => {
    const secrets = [env.ATLASSIAN_OAUTH_ACCESS_TOKEN, env.ATLASSIAN_API_TOKEN, env.ATLASSIAN_CLIENT_SECRET, env.ATLASSIAN_OAUTH_REFRESH_TOKEN].filter(
      (value): value is string => Boolean(value && value.length >= 8),
    );
    for (const secret of secrets) expect(gateway!.output()).not.toContain(secret);
  });
});
