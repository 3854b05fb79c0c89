/**
 * The disjoint composition (server/composition/) against graphql-tools stitching, side by side over
 * the same sandbox data: every pass-through shape a client can send (aliases, named and inline
 * fragments, variables of upstream input types, abstract types, `__typename`, @skip/@include,
 * several root fields of one source, nulls, lists, upstream errors with and without data, refused
 * opt-ins) must get the same status and the same body from both, byte for byte.
 * Kept while both paths exist; the schema both serve is compared too. The one difference allowed:
 * errors here carry `locations` (see withoutLocations).
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAggSandboxData } from '../../scripts/sandbox/agg/data.ts';
import { startSandbox, type RunningSandbox } from '../../scripts/sandbox/index.ts';
import type { UpstreamName } from '../../sources/config/types.ts';
import { liveEnvFor, makeCanaries } from '../support/fake-upstreams-stack.ts';
import { startGatewayInProcess, type InProcessGateway } from '../support/gateway-in-process.ts';

const CLOUD = '11111111-2222-4333-8444-555555555555';
const data = getAggSandboxData();
const TEAM = data.teams[0]!.id;
const COMPONENT = data.components[0]!.id;

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** The answer has errors (else it must have none), so the comparison is of what was meant. */
  fails?: boolean;
}

const CASES: Case[] = [
  { name: 'REST root field', query: '{ jira_getCurrentUser { accountId displayName active } }' },
  { name: 'REST with variables and aliases', query: 'query Q($k: String!) { a: jira_getIssue(issueIdOrKey: $k) { k: key id } b: jira_getIssue(issueIdOrKey: "DEV-3") { key } }', variables: { k: 'DEV-2' } },
  { fails: true, name: 'REST not found', query: '{ jira_getIssue(issueIdOrKey: "NOPE-404") { key } }' },
  { name: 'Jira Software list', query: '{ jiraSoftware_getAllBoards(maxResults: 2) { total isLast values { id name type } } }' },
  { name: 'todo.sr.ht', query: '{ srht_me { canonicalName username __typename } }' },
  { name: 'todo.sr.ht list with fragments', query: 'query { srht_trackers { results { ...T } cursor } } fragment T on srht_Tracker { name id owner { canonicalName } }' },
  { name: 'AGG root with typename', query: '{ agg_me { user { accountId name __typename } } }' },
  { name: 'AGG two aliases of one root field', query: '{ a: agg_me { u: user { id: accountId } } b: agg_me { user { ... on agg_AtlassianAccountUser { email } } } }' },
  { name: 'AGG nested, with skip/include', query: 'query ($skip: Boolean!) { agg_jira { issueByKey(cloudId: "' + CLOUD + '", key: "DEV-1") { key summary @skip(if: $skip) s2: summary @include(if: $skip) } } }', variables: { skip: true } },
  { name: 'AGG input variables', query: 'query ($cloudId: String!, $query: agg_CompassSearchComponentQuery) { agg_compass { searchComponents(cloudId: $cloudId, query: $query) { __typename ... on agg_QueryError { message } ... on agg_CompassSearchComponentConnection { totalCount nodes { component { name } } } } } }', variables: { cloudId: CLOUD, query: { fieldFilters: [{ name: 'type', filter: { eq: 'SERVICE' } }] } } },
  { name: 'AGG union answer: its QueryError member', query: 'query ($cloudId: String!, $query: agg_CompassSearchComponentQuery) { agg_compass { searchComponents(cloudId: $cloudId, query: $query) { __typename ... on agg_QueryError { message } } } }', variables: { cloudId: CLOUD, query: { fieldFilters: [{ name: 'typeId', filter: { eq: 'SERVICE' } }] } } },
  { fails: true, name: 'AGG refused opt-in (error, no data)', query: `{ agg_team { team(id: "${TEAM}") { displayName } } }` },
  { name: 'AGG opt-in by caller header', query: `{ agg_team { team(id: "${TEAM}") { displayName } } }`, headers: { 'x-experimentalapi': 'teams-beta' } },
  { fails: true, name: 'AGG refused experimental field (error, no data)', query: `{ agg_compass { component(id: "${COMPONENT}") { ... on agg_CompassComponent { name ownerTeam { displayName } } } } }` },
  {
    fails: true, name: 'AGG error beside data, at a field inside a list',
    query: `query Scenario_partial_errors { agg_jira { allJiraProjects(cloudId: "${CLOUD}", filter: { types: [SOFTWARE] }) { totalCount edges { node { key teams: opsgenieTeamsAvailableToLinkWith(first: 5) { edges { node { name } } } } } } } agg_me { user { name } } }`,
  },
  {
    fails: true, name: 'AGG error beside data, at a nested field',
    query: `query Scenario_insufficient_scopes { agg_jira { allJiraProjects(cloudId: "${CLOUD}", filter: { types: [SOFTWARE] }) { totalCount } } agg_me { user { name } } }`,
  },
  { name: 'AGG root field with @optIn', query: `{ agg_teamworkGraph_userTeams(userId: "ari:cloud:identity::user/${data.users[1]!.accountId}") @optIn(to: "TeamworkGraphContextAPIs") { edges { cursor } } }` },
  { fails: true, name: 'AGG root field missing its @optIn (error)', query: `{ agg_teamworkGraph_userTeams(userId: "ari:cloud:identity::user/${data.users[1]!.accountId}") { edges { cursor } } }` },
  { name: 'AGG and REST and canonical in one document', query: '{ agg_me { user { name } } jira_getCurrentUser { displayName } jiraIssues(jql: "project = DEV ORDER BY key ASC", first: 2) { nodes { key } } }' },
  { fails: true, name: 'unknown field (validation)', query: '{ agg_me { nope } }' },
];

let sandbox: RunningSandbox;
let scenarios: Server;

/**
 * In front of the sandbox AGG: an operation named `Scenario_<name>` gets the sandbox's
 * `x-sandbox-scenario: <name>` (dashes for underscores), which a caller cannot send through.
 */
async function startScenarioProxy(target: URL): Promise<Server> {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const operationName = (JSON.parse(body.toString() || '{}') as { operationName?: string }).operationName ?? '';
      const scenario = /^Scenario_(\w+)$/.exec(operationName)?.[1]?.replaceAll('_', '-');
      const headers = { ...incoming.headers, ...(scenario !== undefined ? { 'x-sandbox-scenario': scenario } : {}) };
      const forward = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: incoming.method, headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
let stitching: InProcessGateway;
let disjoint: InProcessGateway;

beforeAll(async () => {
  // One sandbox behind both, so upstream URLs in error details are the same too.
  sandbox = await startSandbox();
  scenarios = await startScenarioProxy(new URL(sandbox.urls.agg));
  const origins = Object.fromEntries(Object.entries(sandbox.urls).map(([name, url]) => [name, { origin: new URL(url).origin }])) as Record<UpstreamName, { origin: string }>;
  origins.agg = { origin: `http://127.0.0.1:${(scenarios.address() as AddressInfo).port}` };
  const env = { ...liveEnvFor(origins, makeCanaries()), GATEWAY_RATE_LIMIT_MAX: '0' };
  stitching = await startGatewayInProcess({ ...env, GATEWAY_COMPOSITION: 'stitching' });
  disjoint = await startGatewayInProcess({ ...env, GATEWAY_COMPOSITION: 'disjoint' });
}, 240_000);

afterAll(async () => {
  await stitching?.stop();
  await disjoint?.stop();
  await sandbox?.close();
  await new Promise((resolve) => scenarios?.close(resolve));
});

async function ask(gateway: InProcessGateway, testCase: Case): Promise<{ status: number; body: string }> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...testCase.headers },
    body: JSON.stringify({ query: testCase.query, variables: testCase.variables ?? {} }),
  });
  const body = (await response.text()).replace(/"date":"[^"]*"/g, '"date":"<when>"');
  return { status: response.status, body };
}

/**
 * The one difference: an error here carries `locations` (the spec asks for them when an error has
 * a place in the document); stitching drops them when it relocates an error. Everything else is equal.
 */
function withoutLocations(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<Record<string, unknown>> };
    for (const error of parsed.errors ?? []) delete error.locations;
    return JSON.stringify(parsed);
  } catch {
    return body;
  }
}

describe('disjoint composition answers as stitching does', () => {
  it.each(CASES)('$name', async (testCase) => {
    const [old, now] = [await ask(stitching, testCase), await ask(disjoint, testCase)];
    expect({ ...now, body: withoutLocations(now.body) }).toEqual({ ...old, body: withoutLocations(old.body) });
    const body = JSON.parse(now.body) as { data?: unknown; errors?: Array<{ path?: unknown[]; locations?: unknown[] }> };
    // The error cases do produce errors (and, beside data, data too), the others none.
    expect(body.errors !== undefined, JSON.stringify(body.errors)).toBe(testCase.fails === true);
    if (/beside data/.test(testCase.name)) expect(JSON.stringify(body.data)).toContain('Avery Quinn');
    // Located where the caller asked, whenever there is an error at a field.
    for (const error of body.errors ?? []) {
      if (error.path !== undefined) expect(error.locations).toBeDefined();
    }
  }, 60_000);

  it('serves the same schema', async () => {
    const [old, now] = await Promise.all(
      [stitching, disjoint].map((gateway) => fetch(new URL('/schema.graphql', gateway.url)).then((response) => response.text())),
    );
    expect(now).toBe(old);
  });
});
