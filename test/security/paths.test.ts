/**
 * Caller values that reach an upstream URL stay one path segment, and the transport refuses, before
 * sending, any URL whose path is not what it says or not under the upstream's API. Property tests
 * for the encoder and the raw check, then the transport against a recording fake.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../../sources/transport/create-transport.ts';
import { encodePathSegment, PathParameterError } from '../../sources/transport/path-segment.ts';
import { rawPathProblem } from '../../sources/transport/upstreams.ts';
import { encodingPathArguments, pathArguments } from '../../transforms/path-parameters.ts';
import { captureLogger, type FakeServer, json, makeSettings, rejectionOf, startServer } from '../sources/transport/helpers.ts';

const BASE = 'https://example.atlassian.net';

/** Values an attacker would try, and arbitrary strings around them. */
const hostileValues = fc.oneof(
  fc.constantFrom('..', '.', '', '../..', '../../wiki/rest/api/space?limit=500&', '%2e%2e', '%2E%2e/x', '..%2f..', '..\\..', '\\', '/', 'a/b', 'x?y=1', 'x#frag', ' ', '%00', '..;', 'DEV-1'),
  fc.string({ maxLength: 20 }),
  fc.array(fc.constantFrom('.', '..', '/', '\\', '%', '2e', '2f', '5c', '?', '#', ';', 'a', '-', ' '), { maxLength: 8 }).map((parts) => parts.join('')),
);

describe('path segments (property)', () => {
  it('an accepted value is exactly one segment that decodes back to itself and never moves the path', () => {
    fc.assert(
      fc.property(hostileValues, (value) => {
        let encoded: string;
        try {
          encoded = encodePathSegment(value, 'issueIdOrKey', 'jira_getIssue');
        } catch (error) {
          expect(error).toBeInstanceOf(PathParameterError);
          expect((error as PathParameterError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'issueIdOrKey', field: 'jira_getIssue' });
          expect(value === '' || value === '.' || value === '..' || /[/\\]/.test(value)).toBe(true);
          return;
        }
        expect(decodeURIComponent(encoded)).toBe(value);
        const raw = `${BASE}/rest/api/3/issue/${encoded}/worklog`;
        const parsed = new URL(raw);
        // Either the URL is exactly what was written, one segment under the API path...
        if (rawPathProblem(raw, parsed) === undefined) {
          expect(parsed.pathname.split('/')).toHaveLength(7);
          expect(parsed.pathname.startsWith('/rest/api/3/issue/')).toBe(true);
          expect(parsed.pathname.endsWith('/worklog')).toBe(true);
        } else {
          // ...or the transport refuses it (an encoded NUL), never a moved path.
          expect(value).toContain('\u0000');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('the raw check refuses every URL whose path a parser would change (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('rest', 'api', '3', 'issue', '.', '..', '%2e', '%2E%2e', '', '\\', 'a b', 'x%2fy', '%5C', '%00', ';'), { maxLength: 7 }), (segments) => {
        const raw = `${BASE}/${segments.join('/')}`;
        const parsed = new URL(raw);
        if (rawPathProblem(raw, parsed) === undefined) {
          expect(parsed.pathname).toBe(`/${segments.join('/')}`);
          expect(segments.slice(0, -1)).not.toContain('');
          expect(segments.some((segment) => /^(\.|\.\.|%2e|%2e%2e)$/i.test(segment))).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the argument names of a path template', () => {
    expect(pathArguments('/rest/api/3/issue/{args.issueIdOrKey}/comment/{args.id}')).toEqual(['issueIdOrKey', 'id']);
    expect(pathArguments('/rest/api/3/myself')).toEqual([]);
  });

  it('wraps a resolver so it only ever sees encoded path arguments', async () => {
    const seen: unknown[] = [];
    const resolve = encodingPathArguments((_root, args) => seen.push(args), 'jira_deleteIssue', ['issueIdOrKey']);
    await resolve(null, { issueIdOrKey: 'DEV 1?x', deleteSubtasks: true }, {}, {} as never);
    expect(seen).toEqual([{ issueIdOrKey: 'DEV%201%3Fx', deleteSubtasks: true }]);
    expect(() => resolve(null, { issueIdOrKey: '../../rest/api/3/project/OPS' }, {}, {} as never)).toThrow(/jira_deleteIssue\(issueIdOrKey:\) must be a single path segment/);
  });
});

describe('the transport refuses unsafe URLs before sending', () => {
  let upstream: FakeServer;
  beforeAll(async () => {
    upstream = await startServer((_request, response) => json(response, 200, { ok: true }));
  });
  afterAll(() => upstream.close());

  it('refuses dot segments, encoded separators, empty segments and paths outside the API, naming the argument', async () => {
    const { logger } = captureLogger('warn');
    const transport = createTransport({ settings: makeSettings(upstream.url), logger });
    const info = {
      fieldName: 'jira_getAttachmentContent',
      fieldNodes: [{ arguments: [{ name: { value: 'id' }, value: { kind: 'Variable', name: { value: 'id' } } }] }],
      variableValues: { id: '../../../../../wiki/rest/api/space' },
    };
    const bad = [
      `${upstream.url}/rest/api/3/attachment/content/../../../../../wiki/rest/api/space`,
      `${upstream.url}/rest/api/3/issue/%2e%2e/%2E%2E/project/OPS`,
      `${upstream.url}/rest/api/3/issue/..%2f..%2fproject%2fOPS`,
      `${upstream.url}/rest/api/3/issue/..%5C..%5Cproject`,
      `${upstream.url}/rest/api/3/issue//worklog`,
      `${upstream.url}/rest/api/3/issue/a\\..\\..\\x`,
      `${upstream.url}/rest/api/3/issue/DEV-1#/../../x`,
      `${upstream.url}/wiki/rest/api/space`,
      `${upstream.url}/`,
      `${upstream.url}/graphql/../rest/api/3/myself`,
      `${upstream.url}/query/x`,
    ];
    for (const url of bad) {
      const error = await rejectionOf(transport.fetch(url, {}, {}, info as never));
      expect(error.extensions.code, url).toBe('UPSTREAM_NOT_ALLOWED');
    }
    const named = await rejectionOf(transport.fetch(bad[0]!, {}, {}, info as never));
    expect(named.message).toContain('argument id of jira_getAttachmentContent');
    expect(named.extensions).toMatchObject({ arguments: ['id'], field: 'jira_getAttachmentContent' });
    expect(upstream.requests).toHaveLength(0);
    const fine = await transport.fetch(`${upstream.url}/rest/api/3/issue/DEV%201/worklog?x=..%2F`, {});
    expect(fine.status).toBe(200);
    expect(upstream.requests.map((request) => request.path)).toEqual(['/rest/api/3/issue/DEV%201/worklog?x=..%2F']);
    await transport.close();
  });
});
