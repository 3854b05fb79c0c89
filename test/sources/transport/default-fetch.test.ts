/** sources/fetch.ts: Mesh's customFetch, built lazily over getSettings(). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetSettingsCache } from '../../../sources/config/get-settings.ts';
import { closeDefaultTransport, fetch } from '../../../sources/fetch.ts';
import { type FakeServer, json, rejectionOf, startServer } from './helpers.ts';

let upstream: FakeServer;
const saved = { ...process.env };

beforeAll(async () => {
  upstream = await startServer((request, response) => json(response, 200, { path: request.path, experimental: request.headers['x-experimentalapi'] ?? null }));
  Object.assign(process.env, {
    ATLASSIAN_MESH_MODE: 'sandbox',
    ATLASSIAN_GQL_BASE_URL: `${upstream.url}/graphql`,
    ATLASSIAN_JIRA_BASE_URL: upstream.url,
    ATLASSIAN_JIRA_SOFTWARE_BASE_URL: upstream.url,
    SRHT_TODO_URL: `${upstream.url}/query`,
    ATLASSIAN_GQL_EXPERIMENTAL_APIS: 'teams-beta',
    LOG_LEVEL: 'error',
  });
  resetSettingsCache();
});

afterAll(async () => {
  await closeDefaultTransport();
  await upstream.close();
  process.env = saved;
  resetSettingsCache();
});

describe('default customFetch', () => {
  it('routes through the transport configured from the environment', async () => {
    const response = await fetch(`${upstream.url}/graphql`, { method: 'POST', body: '{}' }, { request: new Request('http://gateway/', { headers: { 'x-experimentalapi': 'compass-beta' } }) });
    expect(await response.json()).toEqual({ path: '/graphql', experimental: 'teams-beta, compass-beta' });
    expect((await fetch(`${upstream.url}/rest/api/3/myself`)).status).toBe(200);
    const error = await rejectionOf(fetch('https://example.com/graphql'));
    expect(error.extensions.code).toBe('UPSTREAM_NOT_ALLOWED');
  });
});
