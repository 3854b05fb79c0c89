import { describe, expect, it } from 'vitest';
import { classifyUpstreamError } from '../../server/upstream-error-codes.ts';

describe('classifyUpstreamError', () => {
  it("turns Mesh's REST 'Unexpected response in <operation>' into UPSTREAM_BAD_RESPONSE with an excerpt, not the body", () => {
    const body = `<html><body>${'Service maintenance '.repeat(5_000)}</body></html>`;
    const { message, extensions } = classifyUpstreamError('Unexpected response in getIssue', {
      subgraph: 'JiraPlatform',
      request: { url: 'https://site.atlassian.net/rest/api/3/issue/DEV-1', method: 'GET' },
      response: { status: 200, statusText: 'OK', headers: {}, body },
    });
    expect(message).toMatch(/^Jira REST returned a body that is not JSON to getIssue \(HTTP 200\): "Service maintenance/);
    expect(extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', upstream: 'jira', status: 200, request: { method: 'GET' } });
    expect(extensions).not.toHaveProperty('response');
    expect((extensions.excerpt as string).length).toBeLessThanOrEqual(161);
    expect(JSON.stringify({ message, extensions }).length).toBeLessThan(1_000);
  });

  it("turns the HTTP executor's RESPONSE_VALIDATION_FAILED (body in the message) into the same code", () => {
    const truncated = '{"data":{"jira":{"issueByKey":{"key":"DEV-1"';
    const { message, extensions } = classifyUpstreamError(`Unexpected response: ${JSON.stringify(truncated)}`, {
      code: 'RESPONSE_VALIDATION_FAILED',
      serviceName: 'AGG',
      response: { status: 200, body: truncated },
    });
    expect(message).toMatch(/returned a body that is not JSON \(HTTP 200\): .*issueByKey/);
    expect(extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', upstreamCode: 'RESPONSE_VALIDATION_FAILED', upstream: 'agg' });
    expect(extensions).not.toHaveProperty('response');
  });

  it('names an answer with neither data nor errors, and an empty body', () => {
    expect(classifyUpstreamError('Unexpected empty "data" and "errors" fields in result: {}', { code: 'RESPONSE_VALIDATION_FAILED', response: { body: {} } }).message).toMatch(
      /^The upstream returned a GraphQL answer with neither data nor errors/,
    );
    expect(classifyUpstreamError('No response returned', { code: 'RESPONSE_VALIDATION_FAILED' }).message).toBe('The upstream returned an empty body where JSON was expected');
  });

  it('leaves every other error alone', () => {
    const extensions = { code: 'UPSTREAM_TIMEOUT', upstream: 'jira' };
    expect(classifyUpstreamError('Jira REST API did not answer within 150 ms', extensions)).toEqual({ message: 'Jira REST API did not answer within 150 ms', extensions });
    // A coded error that merely says "Unexpected response in" keeps its own code.
    expect(classifyUpstreamError('Unexpected response in x', { code: 'OTHER' }).extensions.code).toBe('OTHER');
  });

  it('keeps a small upstream error body but cuts a huge one to an excerpt', () => {
    const small = { code: 'DOWNSTREAM_SERVICE_ERROR', response: { status: 400, body: { errorMessages: ['Issue does not exist'] } } };
    expect(classifyUpstreamError('Upstream HTTP Error: 400', small).extensions).toEqual(small);
    const page = `<html>${'x'.repeat(50_000)}</html>`;
    const cut = classifyUpstreamError('Upstream HTTP Error: 502', { code: 'DOWNSTREAM_SERVICE_ERROR', response: { status: 502, body: page } }).extensions;
    expect(cut).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', response: { status: 502, bodyTruncatedFrom: page.length } });
    expect(JSON.stringify(cut).length).toBeLessThan(500);
  });
});
