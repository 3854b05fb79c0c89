import { describe, expect, it } from 'vitest';
import { normalizeDateTime, DateTimeScalar } from '../../resolvers/shared/datetime.ts';
import { mapJiraIssue } from '../../resolvers/jira/mappers/issue.ts';
import { mapJiraChangelogEvent, statusChangesFromChangelog } from '../../resolvers/jira/mappers/changelog.ts';
import { mapJiraWorklog } from '../../resolvers/jira/mappers/worklog.ts';
import { mapJiraBoard, mapJiraSprint } from '../../resolvers/jira/mappers/agile.ts';
import { mapRestProjectWithOpsgenieTeams } from '../../resolvers/jira/mappers/project.ts';
import { mapSourcehutTicket } from '../../resolvers/sourcehut/mappers/ticket.ts';
import { mapSourcehutEvent, resolvedAtFromEvents, statusChangesFromEvents } from '../../resolvers/sourcehut/mappers/event.ts';
import { rawIssue, rawSrhtTicket, mappingError } from './fixtures.ts';

const FIELDS = { storyPointsField: 'customfield_10016', sprintField: 'customfield_10020' };
const CLOUD = '11111111-2222-4333-8444-555555555555';

describe('normalizeDateTime', () => {
  it.each([
    ['2026-01-05T09:00:00.000+0000', '2026-01-05T09:00:00.000Z'],
    ['2015-04-11T15:22:00.000+10:00', '2015-04-11T05:22:00.000Z'],
    ['2026-01-05T09:00:00.123456789Z', '2026-01-05T09:00:00.123Z'],
    ['2026-01-05T09:00:00', '2026-01-05T09:00:00.000Z'],
    ['2010-07-06', '2010-07-06T00:00:00.000Z'],
    ['2026-01-05T04:00:00-0500', '2026-01-05T09:00:00.000Z'],
  ])('%s -> %s', (input, expected) => expect(normalizeDateTime(input)).toBe(expected));

  it('rejects non-dates', () => {
    expect(normalizeDateTime('yesterday')).toBeNull();
    expect(normalizeDateTime('2026-13-45T99:00:00Z')).toBeNull();
    expect(normalizeDateTime({})).toBeNull();
  });

  it('DateTime scalar serialises to UTC and refuses garbage', () => {
    expect(DateTimeScalar.serialize('2026-01-05T09:00:00.000+0000')).toBe('2026-01-05T09:00:00.000Z');
    expect(() => DateTimeScalar.parseValue('soon')).toThrow(/ISO 8601/);
  });
});

describe('mapJiraIssue', () => {
  it('maps a search issue with custom fields, users and embedded complete worklogs', () => {
    const issue = mapJiraIssue(rawIssue(7), CLOUD, FIELDS);
    expect(issue).toMatchObject({
      cloudId: CLOUD,
      key: 'DEV-7',
      projectKey: 'DEV',
      issueType: 'Story',
      status: 'In Progress',
      statusCategory: 'IN_PROGRESS',
      createdAt: '2026-01-05T09:00:00.000Z',
      updatedAt: '2026-01-06T10:30:00.000Z',
      resolvedAt: null,
      labels: ['backend'],
      components: ['api'],
      storyPoints: 5,
      sprintIds: ['37'],
      assignee: { accountId: '5b10ac8d82e05b22cc7d4e01', displayName: 'Ada', email: null },
      assignees: [{ id: '5b10ac8d82e05b22cc7d4e01', displayName: 'Ada' }],
      submitter: { id: '5b10ac8d82e05b22cc7d4e02', displayName: 'Grace' },
      issueId: '10007',
      ref: 'DEV-7',
      title: 'Issue 7',
      source: 'JIRA',
    });
    expect(issue.embeddedWorklogs).toHaveLength(1);
  });

  it('maps nulls to null and empty lists', () => {
    const raw = rawIssue(8);
    Object.assign(raw.fields, { assignee: null, reporter: null, labels: undefined, components: undefined, customfield_10016: null, customfield_10020: null, resolutiondate: null, worklog: undefined });
    const issue = mapJiraIssue(raw, CLOUD, FIELDS);
    expect(issue).toMatchObject({ assignee: null, reporter: null, labels: [], components: [], storyPoints: null, sprintIds: [], assignees: [], submitter: null, embeddedWorklogs: null });
  });

  it('reads legacy sprint strings and incomplete embedded worklogs are refetched', () => {
    const raw = rawIssue(9);
    raw.fields.customfield_10020 = ['com.atlassian.greenhopper.service.sprint.Sprint@1a2b[id=42,rapidViewId=1,state=ACTIVE]'];
    raw.fields.worklog = { startAt: 0, maxResults: 20, total: 25, worklogs: [] };
    const issue = mapJiraIssue(raw, CLOUD, FIELDS);
    expect(issue.sprintIds).toEqual(['42']);
    expect(issue.embeddedWorklogs).toBeNull();
  });

  it('names the issue and the missing field', () => {
    const raw = rawIssue(10);
    delete (raw.fields as Record<string, unknown>).created;
    const error = mappingError(() => mapJiraIssue(raw, CLOUD, FIELDS));
    expect(error.message).toBe("Cannot map JiraIssue DEV-10: upstream field 'fields.created' is missing");
    const noKey = rawIssue(11) as unknown as Record<string, unknown>;
    delete noKey.key;
    expect(mappingError(() => mapJiraIssue(noKey, CLOUD, FIELDS)).message).toMatch(/JiraIssue \(id 10011\).*'key' is missing/);
    const badUser = rawIssue(12);
    badUser.fields.assignee = { displayName: 'No id' };
    expect(mappingError(() => mapJiraIssue(badUser, CLOUD, FIELDS)).message).toMatch(/DEV-12.*fields\.assignee\.accountId/);
  });
});

describe('Jira changelog, worklog, agile and version mappers', () => {
  const history = {
    id: '100',
    author: { accountId: 'acc-1', displayName: 'Ada', emailAddress: 'ada@example.com' },
    created: '2026-01-06T10:30:00.000+0000',
    items: [
      { field: 'status', fieldtype: 'jira', fieldId: 'status', from: '10000', fromString: 'To Do', to: '3', toString: 'In Progress' },
      { field: 'Story Points', fieldId: 'customfield_10016', from: null, fromString: null, to: null, toString: '5' },
    ],
  };

  it('maps a changelog history and derives status changes', () => {
    const event = mapJiraChangelogEvent(history, 'DEV-1');
    expect(event).toEqual({
      issueKey: 'DEV-1',
      eventId: '100',
      author: { accountId: 'acc-1', displayName: 'Ada', email: 'ada@example.com' },
      createdAt: '2026-01-06T10:30:00.000Z',
      items: [
        { field: 'status', from: '10000', to: '3', fromString: 'To Do', toString: 'In Progress' },
        { field: 'Story Points', from: null, to: null, fromString: null, toString: '5' },
      ],
    });
    expect(statusChangesFromChangelog([event])).toEqual([
      { at: '2026-01-06T10:30:00.000Z', fromStatus: 'To Do', toStatus: 'In Progress', actor: { id: 'acc-1', displayName: 'Ada' } },
    ]);
    expect(mappingError(() => mapJiraChangelogEvent({ ...history, created: undefined }, 'DEV-1')).message).toMatch(/JiraChangelogEvent 100 of issue DEV-1.*'created' is missing/);
  });

  it('maps a worklog and names missing fields', () => {
    const raw = { id: '5001', author: { accountId: 'acc-1', displayName: 'Ada' }, started: '2026-01-07T08:00:00.000+0100', timeSpentSeconds: 3600, created: '2026-01-07T09:00:00.000+0000', updated: '2026-01-07T09:00:00.000+0000' };
    expect(mapJiraWorklog(raw, 'DEV-1')).toMatchObject({ worklogId: '5001', issueKey: 'DEV-1', startedAt: '2026-01-07T07:00:00.000Z', timeSpentSeconds: 3600 });
    expect(mappingError(() => mapJiraWorklog({ ...raw, timeSpentSeconds: undefined }, 'DEV-1')).message).toMatch(/JiraWorklog 5001 of issue DEV-1.*timeSpentSeconds/);
  });

  it('maps boards and sprints from the Jira Software examples', () => {
    expect(mapJiraBoard({ id: 84, name: 'scrum board', self: 'x', type: 'scrum' })).toEqual({ id: '84', name: 'scrum board', type: 'scrum' });
    // Team-managed boards: Jira Software's `simple`.
    expect(mapJiraBoard({ id: 85, name: 'team board', type: 'simple' })).toEqual({ id: '85', name: 'team board', type: 'simple' });
    expect(mappingError(() => mapJiraBoard({ id: 86, name: 'odd board', type: 'matrix' })).message).toMatch(/JiraBoard 86.*'type' is 'matrix', not scrum, kanban or simple/);
    expect(mapJiraSprint({ id: 37, state: 'closed', name: 'sprint 1', startDate: '2015-04-11T15:22:00.000+10:00', endDate: '2015-04-20T01:22:00.000+10:00', completeDate: '2015-04-20T11:04:00.000+10:00' })).toEqual({
      id: '37', name: 'sprint 1', state: 'closed', startAt: '2015-04-11T05:22:00.000Z', endAt: '2015-04-19T15:22:00.000Z', completeAt: '2015-04-20T01:04:00.000Z',
    });
    expect(mapJiraSprint({ id: 72, state: 'future', name: 'sprint 2' })).toMatchObject({ startAt: null, endAt: null, completeAt: null });
    expect(mappingError(() => mapJiraSprint({ id: 73, state: 'future' })).message).toMatch(/JiraSprint 73.*'name' is missing/);
  });

  it('maps versions and REST projects', () => {
    expect(mapRestProjectWithOpsgenieTeams({ id: '10000', key: 'DEV', name: 'Developer Platform', projectTypeKey: 'software' }, CLOUD)).toEqual({
      project: { cloudId: CLOUD, key: 'DEV', name: 'Developer Platform', type: 'SOFTWARE' },
      opsgenieTeams: [],
    });
    expect(mappingError(() => mapRestProjectWithOpsgenieTeams({ id: '10009', key: 'X' }, CLOUD)).message).toMatch(/JiraProject X.*'name' is missing/);
  });
});

describe('todo.sr.ht mappers', () => {
  it('maps a ticket', () => {
    expect(mapSourcehutTicket(rawSrhtTicket(3, 'RESOLVED'), '~sandbox', 'gateway')).toEqual({
      source: 'SOURCEHUT', ref: '~sandbox/gateway#3', title: 'Ticket 3', container: '~sandbox/gateway', status: 'RESOLVED', statusCategory: 'DONE',
      createdAt: '2026-01-05T09:00:00.000Z', updatedAt: '2026-01-08T09:00:00.000Z', assignees: [{ id: '~alice', displayName: '~alice' }],
      submitter: { id: '~bob', displayName: '~bob' }, labels: ['bug'], ticketId: 3, owner: '~sandbox', tracker: 'gateway', resolution: 'FIXED', body: null,
    });
    const raw = rawSrhtTicket(4, 'REPORTED') as Record<string, unknown>;
    delete raw.subject;
    expect(mappingError(() => mapSourcehutTicket(raw, '~sandbox', 'gateway')).message).toBe("Cannot map SourcehutTicket ~sandbox/gateway#4: upstream field 'subject' is missing");
  });

  it('maps events to one row per change and derives resolution time', () => {
    const rows = mapSourcehutEvent(
      {
        id: 77,
        created: '2026-01-07T09:00:00.5Z',
        changes: [
          { __typename: 'StatusChange', eventType: 'STATUS_CHANGE', editor: { canonicalName: '~alice' }, oldStatus: 'REPORTED', newStatus: 'RESOLVED', oldResolution: 'UNRESOLVED', newResolution: 'FIXED' },
          { __typename: 'LabelUpdate', eventType: 'LABEL_ADDED', labeler: { canonicalName: '~alice' }, label: { name: 'bug' } },
          { __typename: 'Assignment', eventType: 'ASSIGNED_USER', assigner: { canonicalName: '~bob' }, assignee: { canonicalName: '~alice' } },
        ],
      },
      '~sandbox/gateway#3',
    );
    expect(rows.map((row) => [row.type, row.actor?.id, row.newStatus, row.label, row.assignee?.id])).toEqual([
      ['STATUS_CHANGE', '~alice', 'RESOLVED', null, undefined],
      ['LABEL_ADDED', '~alice', null, 'bug', undefined],
      ['ASSIGNED_USER', '~bob', null, null, '~alice'],
    ]);
    expect(rows[0].createdAt).toBe('2026-01-07T09:00:00.500Z');
    expect(statusChangesFromEvents(rows)).toEqual([{ at: '2026-01-07T09:00:00.500Z', fromStatus: 'REPORTED', toStatus: 'RESOLVED', actor: { id: '~alice', displayName: '~alice' } }]);
    expect(resolvedAtFromEvents('RESOLVED', rows)).toBe('2026-01-07T09:00:00.500Z');
    expect(resolvedAtFromEvents('CONFIRMED', rows)).toBeNull();
    expect(mappingError(() => mapSourcehutEvent({ id: 78, changes: [] }, '~sandbox/gateway#3')).message).toMatch(/SourcehutTicketEvent 78 of ~sandbox\/gateway#3.*'created' is missing/);
  });
});

describe('strings as the reference clients map them', () => {
  it('strips surrounding whitespace from every mapped string; blank is absent; tokens stay as sent', async () => {
    const { optionalString, optionalToken, requiredString } = await import('../../resolvers/shared/raw.ts');
    const target = { typeName: 'JiraUser', label: 'user 1' };
    expect(requiredString('  Ada Lovelace \n', target, 'displayName')).toBe('Ada Lovelace');
    expect(() => requiredString('   ', target, 'displayName')).toThrow(/displayName.*is empty/);
    expect(optionalString('\tbackend ')).toBe('backend');
    expect(optionalString('  ')).toBeNull();
    expect(optionalString(12)).toBe('12');
    expect(optionalToken(' opaque== ')).toBe(' opaque== ');
  });
});
