/**
 * The running gateway as a schema source for standard tools, without installing anything at run
 * time: GET /schema.graphql is the committed snapshot byte for byte, graphql-inspector finds no
 * change between it (or the introspection answer) and the snapshot, and what introspection can
 * carry prints exactly as the snapshot.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildClientSchema, buildSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { diff } from '@graphql-inspector/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSortedSchema } from '../../server/schema-document.ts';
import { projectRoot } from '../support/gateway-process.ts';
import { startGatewayInProcess, type InProcessGateway } from '../support/gateway-in-process.ts';

const snapshotText = readFileSync(resolve(projectRoot, 'graphql/schema.snapshot.graphql'), 'utf8');
let gateway: InProcessGateway;
let origin: string;

beforeAll(async () => {
  gateway = await startGatewayInProcess();
  origin = new URL(gateway.url).origin;
}, 180_000);
afterAll(async () => {
  await gateway?.stop();
});

async function introspect(options: Parameters<typeof getIntrospectionQuery>[0]): Promise<IntrospectionQuery> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'accept-encoding': 'gzip' },
    body: JSON.stringify({ query: getIntrospectionQuery(options) }),
  });
  const body = (await response.json()) as { data: IntrospectionQuery; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

describe('GET /schema.graphql', () => {
  it('is the committed snapshot, byte for byte, with a strong ETag and gzip', async () => {
    const response = await fetch(`${origin}/schema.graphql`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/graphql; charset=utf-8');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(await response.text()).toBe(snapshotText);
    const again = await fetch(`${origin}/schema.graphql`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  }, 60_000);

  it('has no changes against the snapshot for graphql-inspector', async () => {
    const served = buildSchema(await (await fetch(`${origin}/schema.graphql`)).text());
    expect(await diff(buildSchema(snapshotText), served)).toEqual([]);
  }, 60_000);
});

describe('introspection as a diff source', () => {
  it('carries everything the snapshot says, when asked for everything: it prints as the snapshot', async () => {
    const full = await introspect({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
    expect(printSortedSchema(buildClientSchema(full))).toBe(snapshotText);
  }, 60_000);

  it('differs from the snapshot, for graphql-inspector, only in applied directives, which introspection cannot carry', async () => {
    const snapshot = buildSchema(snapshotText);
    // Deprecations themselves arrive (isDeprecated, deprecationReason): only their AST usages differ.
    const usagesOnly = (changes: Awaited<ReturnType<typeof diff>>) => changes.filter((change) => !/^Directive '(deprecated|specifiedBy|oneOf)' was removed from /.test(change.message));
    const complete = await diff(snapshot, buildClientSchema(await introspect({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true, oneOf: true })));
    expect(usagesOnly(complete)).toEqual([]);
    // A tool's default introspection does not ask whether a directive is repeatable (AGG's @optIn is).
    const defaults = await diff(snapshot, buildClientSchema(await introspect({})));
    expect(usagesOnly(defaults).map((change) => change.type)).toEqual(['DIRECTIVE_REPEATABLE_REMOVED']);
  }, 120_000);
});
