import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../server/server-config.ts';
import { projectRoot } from '../support/gateway-process.ts';

const sandbox = {
  ATLASSIAN_GQL_BASE_URL: 'http://127.0.0.1:1/graphql',
  ATLASSIAN_JIRA_BASE_URL: 'http://127.0.0.1:2',
  ATLASSIAN_JIRA_SOFTWARE_BASE_URL: 'http://127.0.0.1:3',
  SRHT_TODO_URL: 'http://127.0.0.1:4/query',
};

describe('loadGatewayConfig', () => {
  it('refuses the removed stitching composition with a reason, instead of silently composing another way', () => {
    expect(() => loadGatewayConfig({ root: projectRoot, env: { GATEWAY_COMPOSITION: 'stitching' } })).toThrow(/GATEWAY_COMPOSITION=stitching: stitching was removed.*unset GATEWAY_COMPOSITION/);
    expect(() => loadGatewayConfig({ root: projectRoot, env: { GATEWAY_COMPOSITION: 'federation' } })).toThrow(/GATEWAY_COMPOSITION=federation/);
  });

  it('accepts the one composition there is, spelled out or not', () => {
    expect(loadGatewayConfig({ root: projectRoot, env: { ...sandbox, GATEWAY_COMPOSITION: 'disjoint' } }).listen.port).toBe(4000);
    expect(loadGatewayConfig({ root: projectRoot, env: sandbox }).listen.port).toBe(4000);
  });
});
