/**
 * Upstream failures reach the caller with their useful parts (status, Jira's messages) and without
 * what must never leave the gateway: Set-Cookie values, credentials, stack traces in production.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { postGraphQL } from '../support/gateway-process.ts';
import { startGatewayInProcess, type InProcessGateway } from '../support/gateway-in-process.ts';
import { sanitizeError } from '../../server/plugins/use-safe-errors.ts';
import { Redactor } from '../../sources/logging/redactor.ts';

const COOKIE_VALUE = 'xsrf-cookie-value-8d1c44e0';
const TOKEN = 'jira-api-token-canary-93ab71';
let fakeJira: Server;
let gateway: InProcessGateway;

beforeAll(async () => {
  fakeJira = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(403, {
        'content-type': 'application/json',
        'set-cookie': `atlassian.xsrf.token=${COOKIE_VALUE}; Path=/`,
        'x-arequestid': 'req-42',
      });
      // A careless upstream that echoes the credential it was sent.
      res.end(JSON.stringify({ errorMessages: ['You do not have permission to see this issue.', `auth was ${req.headers.authorization}`], errors: {} }));
    });
  });
  await new Promise<void>((resolvePromise) => fakeJira.listen(0, '127.0.0.1', resolvePromise));
  const base = `http://127.0.0.1:${(fakeJira.address() as AddressInfo).port}`;
  gateway = await startGatewayInProcess({
    NODE_ENV: 'production',
    GATEWAY_ALLOW_UNAUTHENTICATED: 'true',
    ATLASSIAN_MESH_MODE: 'live',
    ATLASSIAN_EMAIL: 'gateway@example.com',
    ATLASSIAN_API_TOKEN: TOKEN,
    ATLASSIAN_GQL_BASE_URL: 'http://127.0.0.1:9/graphql',
    ATLASSIAN_JIRA_BASE_URL: base,
    SRHT_TODO_URL: 'http://127.0.0.1:9/query',
  });
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await new Promise((resolvePromise) => fakeJira?.close(resolvePromise));
});

describe('errors the caller sees', () => {
  it('keep the upstream status and messages but no cookie, credential or stack', async () => {
    const result = await postGraphQL(gateway.url, '{ jira_getIssue(issueIdOrKey: "SEC-1") { key } }');
    const text = JSON.stringify(result.body);
    expect(result.body.errors?.[0].message).toMatch(/403/);
    expect(text).toContain('You do not have permission to see this issue.');
    expect(text).toContain('req-42');
    expect(text).not.toContain(COOKIE_VALUE);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(Buffer.from(`gateway@example.com:${TOKEN}`).toString('base64'));
    expect(text).not.toMatch(/"stack"/);
    expect(gateway.output()).not.toContain(TOKEN);
  });
});

describe('sanitizeError', () => {
  const error = new GraphQLError('boom with secret-abc-123', {
    path: ['a'],
    extensions: { code: 'X', originalError: { message: 'inner', stack: 'Error: inner\n at x' }, response: { headers: { 'set-cookie': 'a=b' } } },
  });

  it('keeps stacks outside production and drops them in production', () => {
    const redactor = new Redactor(['secret-abc-123']);
    const dev = sanitizeError(error, { redactor, dropStacks: false });
    expect((dev.extensions.originalError as { stack?: string }).stack).toContain('at x');
    const prod = sanitizeError(error, { redactor, dropStacks: true });
    expect(prod.extensions.originalError).toEqual({ message: 'inner' });
    expect(prod.message).not.toContain('secret-abc-123');
    expect(prod.path).toEqual(['a']);
    expect(JSON.stringify(prod.extensions)).not.toContain('a=b');
  });
});
