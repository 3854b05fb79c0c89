/** The queries the fault suites send: pass-through and canonical fields over each upstream. */
import type { UpstreamName } from '../../sources/config/types.ts';
import { SANDBOX_CLOUD_ID } from '../support/fake-upstreams-stack.ts';
import type { GraphQLResponse } from '../support/gateway-process.ts';

export interface FaultQuery {
  name: string;
  /** The upstream whose fake gets the fault. */
  upstream: UpstreamName;
  query: string;
  /** True when the normal answer is right. */
  isNormal(body: GraphQLResponse['body']): boolean;
}

type Data = Record<string, unknown> | null | undefined;
const dig = (data: Data, ...path: string[]): unknown => path.reduce<unknown>((node, key) => (node as Record<string, unknown> | null | undefined)?.[key], data);

export const QUERIES: Record<'passJira' | 'passAgg' | 'passSrht' | 'canonJira' | 'canonAgg', FaultQuery> = {
  passJira: {
    name: 'pass-through jira_getIssue',
    upstream: 'jira',
    query: '{ jira_getIssue(issueIdOrKey: "DEV-1") { key id } }',
    isNormal: (body) => body.errors === undefined && dig(body.data, 'jira_getIssue', 'key') === 'DEV-1',
  },
  passAgg: {
    name: 'pass-through agg_jira.issueByKey',
    upstream: 'agg',
    query: `{ agg_jira { issueByKey(cloudId: "${SANDBOX_CLOUD_ID}", key: "DEV-1") { key } } }`,
    isNormal: (body) => body.errors === undefined && dig(body.data, 'agg_jira', 'issueByKey', 'key') === 'DEV-1',
  },
  passSrht: {
    name: 'pass-through srht_me',
    upstream: 'srht',
    query: '{ srht_me { canonicalName } }',
    isNormal: (body) => body.errors === undefined && dig(body.data, 'srht_me', 'canonicalName') === '~sandbox',
  },
  canonJira: {
    name: 'canonical jiraIssues with changelogs',
    upstream: 'jira',
    query: '{ jiraIssues(jql: "project = DEV ORDER BY key ASC", first: 5) { nodes { key changelog { createdAt } } } }',
    isNormal: (body) => {
      const nodes = dig(body.data, 'jiraIssues', 'nodes') as Array<{ key: string; changelog: unknown[] }> | undefined;
      return body.errors === undefined && nodes?.length === 5 && nodes[0].key === 'DEV-1' && nodes[0].changelog.length > 0;
    },
  },
  canonAgg: {
    name: 'canonical jiraProjects with Opsgenie teams (AGG)',
    upstream: 'agg',
    query: '{ jiraProjects(projectTypes: [SOFTWARE], first: 10) { nodes { project { key } opsgenieTeams { id } } } }',
    isNormal: (body) => {
      const nodes = dig(body.data, 'jiraProjects', 'nodes') as unknown[] | undefined;
      return body.errors === undefined && nodes?.length === 2;
    },
  },
};
