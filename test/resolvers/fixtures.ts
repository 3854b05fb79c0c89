/** Realistic raw upstream payloads, shaped after the Jira REST v3 spec and the todo.sr.ht schema. */
import { MappingError } from '../../resolvers/shared/errors.ts';

export interface RawIssue {
  id: string;
  key: string;
  self: string;
  fields: Record<string, unknown>;
}

export function rawIssue(n: number, project = 'DEV', updated = '2026-01-06T10:30:00.000+0000'): RawIssue {
  return {
    id: String(10000 + n),
    key: `${project}-${n}`,
    self: `https://sandbox.atlassian.net/rest/api/3/issue/${10000 + n}`,
    fields: {
      summary: `Issue ${n}`,
      issuetype: { id: '10001', name: 'Story', subtask: false },
      status: { id: '3', name: 'In Progress', statusCategory: { id: 4, key: 'indeterminate', name: 'In Progress' } },
      created: '2026-01-05T09:00:00.000+0000',
      updated,
      resolutiondate: null,
      assignee: { accountId: '5b10ac8d82e05b22cc7d4e01', displayName: 'Ada', active: true },
      reporter: { accountId: '5b10ac8d82e05b22cc7d4e02', displayName: 'Grace', active: true },
      labels: ['backend'],
      components: [{ id: '10100', name: 'api' }],
      project: { id: '10000', key: project, name: 'Developer Platform', projectTypeKey: 'software' },
      customfield_10016: 5,
      customfield_10020: [{ id: 37, name: 'Sprint 1', state: 'active', boardId: 1 }],
      worklog: {
        startAt: 0,
        maxResults: 20,
        total: 1,
        worklogs: [
          { id: String(50000 + n), author: { accountId: '5b10ac8d82e05b22cc7d4e01', displayName: 'Ada' }, started: '2026-01-06T08:00:00.000+0000', timeSpentSeconds: 1800, created: '2026-01-06T08:30:00.000+0000', updated: '2026-01-06T08:30:00.000+0000' },
        ],
      },
    },
  };
}

export function rawSrhtTicket(id: number, status: string, updated = '2026-01-08T09:00:00Z'): Record<string, unknown> {
  return {
    id,
    created: '2026-01-05T09:00:00Z',
    updated,
    ref: `~sandbox/gateway#${id}`,
    subject: `Ticket ${id}`,
    body: null,
    status,
    resolution: status === 'RESOLVED' ? 'FIXED' : 'UNRESOLVED',
    submitter: { canonicalName: '~bob' },
    assignees: [{ canonicalName: '~alice' }],
    labels: [{ name: 'bug' }],
  };
}

/** The MappingError `run` throws; fails the test when it throws nothing or something else. */
export function mappingError(run: () => unknown): MappingError {
  try {
    run();
  } catch (error) {
    if (error instanceof MappingError) return error;
    throw error;
  }
  throw new Error('expected a MappingError');
}
