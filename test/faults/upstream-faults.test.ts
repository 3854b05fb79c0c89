/**
 * The real gateway process (live mode, canary credentials) over fake upstreams that fail on
 * command: 5xx, refused and reset connections, hangs, slow, broken, non-JSON and huge bodies,
 * GraphQL partial errors. Each fault, on pass-through and canonical fields: a clear GraphQL error
 * (or partial data), within the timeout, no crash, no credential in any answer or log line, and
 * the next request is served normally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../support/fake-upstreams.ts';
import { findCanaries, startFaultyStack, type FaultyStack } from '../support/fake-upstreams-stack.ts';
import type { GraphQLResponse } from '../support/gateway-process.ts';
import { QUERIES, type FaultQuery } from './queries.ts';

const TIMEOUT_MS = 1000;
/** Time the gateway may take beyond its upstream timeout to answer. */
const SLACK_MS = 1500;

let stack: FaultyStack;

beforeAll(async () => {
  stack = await startFaultyStack({
    ATLASSIAN_MESH_TIMEOUT_MS: String(TIMEOUT_MS),
    ATLASSIAN_MAX_WAIT_SECONDS: '2',
    // Info, as in production: at debug Mesh logs whole upstream bodies (20 MB here) and the redactor scans them.
    LOG_LEVEL: 'info',
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

type Body = GraphQLResponse['body'];

function ask(query: FaultQuery): Promise<{ body: Body; ms: number }> {
  return stack.ask(query.query);
}

/** Injects a fault for every request of this query, asks once, clears it, then checks recovery. */
async function underFault(query: FaultQuery, fault: Fault): Promise<{ body: Body; ms: number }> {
  stack.fakes[query.upstream].inject(fault, { times: Number.POSITIVE_INFINITY });
  let result: { body: Body; ms: number };
  try {
    result = await ask(query);
  } finally {
    stack.fakes[query.upstream].clear();
  }
  expect([stack.gateway.child.exitCode, stack.gateway.child.signalCode]).toEqual([null, null]);
  const next = await ask(query);
  expect(next.body, 'the next request is served normally').toSatisfy(query.isNormal);
  return result;
}

function codes(body: Body): unknown[] {
  return (body.errors ?? []).map((error) => error.extensions?.code);
}

function expectBadResponse(body: Body): void {
  expect(codes(body), JSON.stringify(body)).toContain('UPSTREAM_BAD_RESPONSE');
  expect(body.errors?.[0].message).toMatch(/returned (a body that is not JSON|an empty body)/);
  expect(JSON.stringify(body.errors).length).toBeLessThan(4_000);
}

const ALL = Object.values(QUERIES);
const CASES: Array<[string, Fault, (body: Body) => void]> = [
  ['HTTP 500', { kind: 'status', status: 500 }, (body) => expect(JSON.stringify(body.errors)).toContain('500')],
  ['HTTP 502', { kind: 'status', status: 502, headers: { 'content-type': 'text/html' }, body: '<html><h1>502 Bad Gateway</h1></html>' }, (body) => expect(JSON.stringify(body.errors)).toContain('502')],
  ['HTTP 503', { kind: 'status', status: 503, body: '{"message":"Service Unavailable"}' }, (body) => expect(JSON.stringify(body.errors)).toContain('503')],
  ['a connection reset before the answer', { kind: 'reset' }, (body) => expect(codes(body)).toContain('UPSTREAM_UNAVAILABLE')],
  ['a connection reset mid-body', { kind: 'reset-mid-body' }, (body) => expect(codes(body)).toContain('UPSTREAM_UNAVAILABLE')],
  ['an upstream that never answers', { kind: 'hang' }, (body) => expect(codes(body)).toContain('UPSTREAM_TIMEOUT')],
  ['a body slower than the timeout', { kind: 'slow-body', chunks: 10, delayMs: 300 }, (body) => expect(codes(body)).toContain('UPSTREAM_TIMEOUT')],
  // Pass-through and canonical fields alike: one code, a short excerpt, never the raw body.
  ['a non-JSON body', { kind: 'non-json' }, (body) => expectBadResponse(body)],
  ['truncated JSON', { kind: 'truncated-json' }, (body) => expectBadResponse(body)],
];

describe.each(CASES)('%s', (_name, fault, expectClear) => {
  it.each(ALL.map((query) => [query.name, query] as const))('%s: a clear error in time, then normal service', async (_queryName, query) => {
    const { body, ms } = await underFault(query, fault);
    expect(body.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
    expectClear(body);
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });
});

describe('connection refused', () => {
  it.each(ALL.map((query) => [query.name, query] as const))('%s: UPSTREAM_UNAVAILABLE, then normal service once it listens again', async (_queryName, query) => {
    const fake = stack.fakes[query.upstream];
    await fake.refuse();
    let result: { body: Body; ms: number };
    try {
      result = await ask(query);
    } finally {
      await fake.accept();
    }
    expect(codes(result.body), JSON.stringify(result.body)).toContain('UPSTREAM_UNAVAILABLE');
    expect(result.body.errors?.[0].message).toMatch(/unavailable.*ECONNREFUSED/);
    expect(result.ms).toBeLessThan(SLACK_MS);
    expect((await ask(query)).body).toSatisfy(query.isNormal);
  });
});

describe('bodies the gateway can still use', () => {
  it.each(ALL.map((query) => [query.name, query] as const))('%s: a 20 MB answer is served normally', async (_queryName, query) => {
    const { body, ms } = await underFault(query, { kind: 'huge', bytes: 20_000_000 });
    expect(body).toSatisfy(query.isNormal);
    expect(ms).toBeLessThan(10_000);
  });

  it.each(ALL.map((query) => [query.name, query] as const))('%s: a body trickled in within the timeout is served normally', async (_queryName, query) => {
    const { body } = await underFault(query, { kind: 'slow-body', chunks: 4, delayMs: 100 });
    expect(body).toSatisfy(query.isNormal);
  });
});

describe('GraphQL errors[] with partial data', () => {
  it('pass-through AGG: the failed field is null with the upstream error at its path', async () => {
    const { body } = await underFault(QUERIES.passAgg, { kind: 'graphql-partial', message: 'Injected partial failure' });
    expect(body.data).toEqual({ agg_jira: { issueByKey: null } });
    expect(body.errors).toEqual([expect.objectContaining({ message: 'Injected partial failure', path: ['agg_jira', 'issueByKey'] })]);
  });

  it('pass-through todo.sr.ht: the upstream error at its path', async () => {
    const { body } = await underFault(QUERIES.passSrht, { kind: 'graphql-partial', message: 'Injected partial failure' });
    expect(body.errors).toEqual([expect.objectContaining({ message: 'Injected partial failure', path: ['srht_me', 'canonicalName'] })]);
  });

  it('canonical over AGG: the upstream error is named, with the AGG path', async () => {
    const { body } = await underFault(QUERIES.canonAgg, { kind: 'graphql-partial', message: 'Injected partial failure' });
    const upstreamError = body.errors?.find((error) => error.message.includes('Injected partial failure'));
    expect(upstreamError?.extensions).toMatchObject({ upstream: 'agg', upstreamPath: ['jira', 'allJiraProjects'] });
  });

  it('pass-through with two sources: one fails, the other still answers', async () => {
    const query = { ...QUERIES.passAgg, query: `{ srht_me { canonicalName } ${QUERIES.passAgg.query.slice(1, -1)} }` };
    stack.fakes.agg.inject({ kind: 'status', status: 503 }, { times: Number.POSITIVE_INFINITY });
    let body: Body;
    try {
      body = (await ask(query)).body;
    } finally {
      stack.fakes.agg.clear();
    }
    expect(body.data?.srht_me).toEqual({ canonicalName: '~sandbox' });
    expect(body.errors?.[0].path).toEqual(['agg_jira']);
  });
});

describe('after every fault', () => {
  it('the gateway is still running and no credential appears in any answer or log line', () => {
    expect([stack.gateway.child.exitCode, stack.gateway.child.signalCode]).toEqual([null, null]);
    expect(stack.answers.length).toBeGreaterThan(100);
    expect(findCanaries(stack.answers.join('\n'), stack.canaries)).toEqual([]);
    expect(findCanaries(stack.gateway.output(), stack.canaries)).toEqual([]);
    // The fakes did receive the credential, so the search above could have found it.
    const sent = stack.fakes.jira.requests.find((request) => request.authorization !== undefined)?.authorization ?? '';
    expect(findCanaries(sent, stack.canaries).length).toBeGreaterThan(0);
  });
});
