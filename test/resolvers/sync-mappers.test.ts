/**
 * Pure rules behind issue 11, without a server: calendar release dates, the field catalogue and
 * discovery by name, worklog feed entries, JQL date literals in the account's zone, sync cursor
 * bounds, the bulk changelog order, issue refs and JiraIssue.fields. Payloads are shaped like the
 * Jira platform spec's examples (explicit nulls, mixed offsets, epoch-millisecond feed times).
 */
import { Kind, parse, type FieldNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MappingError } from '../../resolvers/shared/errors.ts';
import { DateScalar, normalizeCalendarDate } from '../../resolvers/shared/date.ts';
import { JSONScalar } from '../../resolvers/shared/json.ts';
import { collectArgumentValues } from '../../resolvers/shared/selection.ts';
import { decodeSyncCursor, encodeSyncCursor, nextSince, resolveSince, SYNC_OVERLAP_MS } from '../../resolvers/shared/sync.ts';
import { mapJiraVersion } from '../../resolvers/jira/mappers/version.ts';
import { discoverSprintField, discoverStoryPointsField, mapFieldCatalogue } from '../../resolvers/jira/mappers/field.ts';
import { mapChangedWorklog, mapDeletedWorklog } from '../../resolvers/jira/mappers/worklog.ts';
import { jqlDateLiteral } from '../../resolvers/jira/jql-time.ts';
import { orderChangelogEntries } from '../../resolvers/jira/resolvers/changelogs.ts';
import { mapIssueRef } from '../../resolvers/jira/issue-refs.ts';
import { readIssueFields } from '../../resolvers/jira/resolvers/issue-fields.ts';
import { refuseUnbalancedParentheses, syncJql } from '../../resolvers/jira/resolvers/issues.ts';
import { mapJiraIssue } from '../../resolvers/jira/mappers/issue.ts';
import { sortTicketHeads } from '../../resolvers/sourcehut/resolvers/sorted-tracker.ts';
import { rawIssue, mappingError } from './fixtures.ts';

const CLOUD = '11111111-2222-4333-8444-555555555555';

function errorOf(run: () => unknown): { code: unknown; message: string } | 'no error' {
  try {
    run();
  } catch (error) {
    return { code: (error as { extensions?: { code?: unknown } }).extensions?.code, message: (error as Error).message };
  }
  return 'no error';
}

describe('release dates are calendar dates (Date scalar)', () => {
  it('keeps the day Jira sends; a date-time keeps its written date; nothing shifts across zones', () => {
    expect(normalizeCalendarDate('2024-01-15')).toBe('2024-01-15');
    expect(normalizeCalendarDate(' 2010-07-06 ')).toBe('2010-07-06');
    // Agile board versions send the day as UTC midnight; a zone west of UTC must not make it the 14th.
    expect(normalizeCalendarDate('2024-01-15T00:00:00.000Z')).toBe('2024-01-15');
    expect(normalizeCalendarDate('2024-01-15T00:00:00.000-0800')).toBe('2024-01-15');
    expect(normalizeCalendarDate('2024-02-30')).toBeNull();
    expect(normalizeCalendarDate('15/Jan/24')).toBeNull();
    expect(normalizeCalendarDate(1705276800000)).toBeNull();
  });

  it('maps the spec example versions: dated, undated (field absent), explicit null, blank, invalid', () => {
    // GET /rest/api/3/project/{key}/version example values.
    expect(mapJiraVersion({ archived: false, description: 'An excellent version', id: '10000', name: 'New Version 1', overdue: true, projectId: 10000, releaseDate: '2010-07-06', released: true, self: 'https://your-domain.atlassian.net/rest/api/3/version/10000', userReleaseDate: '6/Jul/2010' }, 'PR')).toEqual({
      id: '10000',
      name: 'New Version 1',
      projectKey: 'PR',
      released: true,
      releaseDate: '2010-07-06',
    });
    expect(mapJiraVersion({ archived: false, id: '10010', name: 'Next Version', overdue: false, projectId: 10000, released: false }, 'PR')).toMatchObject({ releaseDate: null, released: false });
    expect(mapJiraVersion({ id: '10011', name: 'Null date', releaseDate: null }, 'PR').releaseDate).toBeNull();
    expect(mapJiraVersion({ id: '10012', name: 'Blank date', releaseDate: '  ' }, 'PR').releaseDate).toBeNull();
    expect(mappingError(() => mapJiraVersion({ id: '10013', name: 'v', releaseDate: '2024-13-01' }, 'PR')).message).toBe(
      `Cannot map JiraVersion 10013 of project PR: upstream field 'releaseDate' is not a calendar date ("2024-13-01")`,
    );
  });

  it('the Date scalar serialises days and refuses instants as input', () => {
    expect(DateScalar.serialize('2024-01-15')).toBe('2024-01-15');
    expect(DateScalar.serialize('2024-01-15T00:00:00.000Z')).toBe('2024-01-15');
    expect(() => DateScalar.serialize('soon')).toThrow(/calendar date YYYY-MM-DD/);
    expect(DateScalar.parseValue('2024-01-15')).toBe('2024-01-15');
    expect(errorOf(() => DateScalar.parseValue('2024-01-15T00:00:00Z'))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSONScalar.serialize({ value: null, list: [1, 'a'] })).toEqual({ value: null, list: [1, 'a'] });
  });
});

describe('field catalogue and discovery by name', () => {
  // GET /rest/api/3/field entries shaped like the spec example (FieldDetails), for a site whose
  // story points field is not customfield_10016.
  const catalogue = mapFieldCatalogue([
    { clauseNames: ['summary'], custom: false, id: 'summary', key: 'summary', name: 'Summary', navigable: true, orderable: true, schema: { system: 'summary', type: 'string' }, searchable: true },
    { clauseNames: ['cf[10016]', 'Story point estimate'], custom: true, id: 'customfield_10016', key: 'customfield_10016', name: 'Story point estimate', schema: { custom: 'com.pyxis.greenhopper.jira:jsw-story-points', customId: 10016, type: 'number' } },
    { clauseNames: ['cf[10028]', 'Story Points'], custom: true, id: 'customfield_10028', key: 'customfield_10028', name: 'Story Points', schema: { custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10028, type: 'number' } },
    { clauseNames: ['cf[10104]', 'Sprint'], custom: true, id: 'customfield_10104', key: 'customfield_10104', name: 'Sprint', schema: { custom: 'com.pyxis.greenhopper.jira:gh-sprint', customId: 10104, items: 'json', type: 'array' } },
    { id: 'customfield_10200', name: null, custom: true },
    'not a field',
  ])!;

  it('reads the catalogue, leaving out entries that cannot be asked for', () => {
    expect(catalogue.map((field) => field.id)).toEqual(['summary', 'customfield_10016', 'customfield_10028', 'customfield_10104']);
    expect(mapFieldCatalogue({ errorMessages: ['nope'] })).toBeNull();
  });

  it('prefers "Story Points" over the team-managed "Story point estimate"; sprint by name', () => {
    expect(discoverStoryPointsField(catalogue)).toEqual({ id: 'customfield_10028', name: 'Story Points', how: 'by name "Story Points"' });
    expect(discoverSprintField(catalogue)).toEqual({ id: 'customfield_10104', name: 'Sprint', how: 'by name "Sprint"' });
  });

  it('falls back to the next name, then to the Jira Software field type (renamed or translated fields), oldest duplicate first', () => {
    const teamManaged = catalogue.filter((field) => field.id !== 'customfield_10028');
    expect(discoverStoryPointsField(teamManaged)?.id).toBe('customfield_10016');
    const translated = mapFieldCatalogue([{ id: 'customfield_10300', name: 'Sprint (équipe)', custom: true, schema: { type: 'array', custom: 'com.pyxis.greenhopper.jira:gh-sprint' } }])!;
    expect(discoverSprintField(translated)).toEqual({ id: 'customfield_10300', name: 'Sprint (équipe)', how: 'by field type com.pyxis.greenhopper.jira:gh-sprint ("Sprint (équipe)")' });
    const duplicates = mapFieldCatalogue([
      { id: 'customfield_10900', name: 'story points ', custom: true },
      { id: 'customfield_10026', name: 'Story Points', custom: true },
    ])!;
    expect(discoverStoryPointsField(duplicates)?.id).toBe('customfield_10026');
    // A system field of the same name is not the custom field.
    expect(discoverSprintField(mapFieldCatalogue([{ id: 'sprint', name: 'Sprint', custom: false }])!)).toBeNull();
  });
});

describe('worklog feeds (ChangedWorklogs)', () => {
  it('maps the spec example entries and names a broken one', () => {
    expect(mapChangedWorklog({ properties: [], updatedTime: 1438013671562, worklogId: 103 }, 'updated')).toEqual({ worklogId: '103', changedAt: 1438013671562 });
    expect(mapDeletedWorklog({ properties: [], updatedTime: 1438013693136, worklogId: 105 })).toEqual({ worklogId: '105', deletedAt: '2015-07-27T16:14:53.136Z' });
    expect(mappingError(() => mapChangedWorklog({ properties: [], updatedTime: null, worklogId: 106 }, 'updated')).message).toBe(
      "Cannot map JiraWorklog 106 in the updated-worklogs feed: upstream field 'updatedTime' is missing",
    );
    expect(mappingError(() => mapDeletedWorklog({ updatedTime: 1438013693136 })).message).toMatch(/JiraDeletedWorklog \(unknown id\).*'worklogId' is missing/);
    expect(mappingError(() => mapChangedWorklog({ worklogId: 107, updatedTime: '2015-07-27' }, 'updated')).message).toMatch(/'updatedTime' is not epoch milliseconds/);
  });
});

describe('JQL date literals in the account\'s time zone', () => {
  const instant = Date.parse('2026-01-04T09:00:30.500Z');

  it('writes the wall time of the account\'s zone, rounded down to the minute', () => {
    expect(jqlDateLiteral(instant, 'UTC')).toBe('2026-01-04 09:00');
    expect(jqlDateLiteral(instant, 'Europe/Berlin')).toBe('2026-01-04 10:00');
    expect(jqlDateLiteral(instant, 'America/Los_Angeles')).toBe('2026-01-04 01:00');
    expect(jqlDateLiteral(instant, 'Asia/Kolkata')).toBe('2026-01-04 14:30');
    expect(jqlDateLiteral(instant, 'Pacific/Kiritimati')).toBe('2026-01-04 23:00');
  });

  it('steps an hour back where daylight saving makes the wall time ambiguous (never a later instant)', () => {
    // Berlin, 2025-10-26: 02:30 happens twice. 00:30Z is the first (CEST); reading 02:30 as CET would be 01:30Z.
    expect(jqlDateLiteral(Date.parse('2025-10-26T00:30:00Z'), 'Europe/Berlin')).toBe('2025-10-26 01:30');
    expect(jqlDateLiteral(Date.parse('2025-10-26T01:30:00Z'), 'Europe/Berlin')).toBe('2025-10-26 02:30');
  });

  it('unknown zone: 12 hours before the UTC wall time, early enough for every zone', () => {
    expect(jqlDateLiteral(instant, null)).toBe('2026-01-03 21:00');
    expect(jqlDateLiteral(instant, 'Mars/Olympus_Mons')).toBe('2026-01-03 21:00');
  });

  it('composes the sync JQL: bound first, the caller\'s JQL in parentheses (its OR stays inside), stable order', () => {
    expect(syncJql('project = DEV OR project = API', '2026-01-04 10:00')).toEqual({
      filter: 'updated >= "2026-01-04 10:00" AND (project = DEV OR project = API)',
      search: 'updated >= "2026-01-04 10:00" AND (project = DEV OR project = API) ORDER BY updated DESC, key DESC',
    });
  });

  it('refuses JQL that would close the parentheses around it early; parentheses in quotes do not count', () => {
    for (const escaping of ['project = DEV) OR (project = API', 'project = DEV) OR project = API OR (key = X', ')(', 'summary ~ "open', 'project = DEV)', '(project = DEV']) {
      expect(() => refuseUnbalancedParentheses(escaping), escaping).toThrow(/balanced parentheses/);
    }
    for (const fine of ['project = DEV', '(project = DEV OR project = API) AND status = Done', 'summary ~ "a) OR (b"', "summary ~ 'it\\'s (x'", 'summary ~ "say \\"hi)\\""']) {
      expect(() => refuseUnbalancedParentheses(fine), fine).not.toThrow();
    }
  });
});

describe('sync cursor bounds', () => {
  it('next lower bound: newest change seen minus the overlap, never earlier than this walk\'s', () => {
    const since = Date.parse('2026-01-04T09:00:00Z');
    expect(SYNC_OVERLAP_MS).toBe(300_000);
    expect(nextSince(since, Date.parse('2026-01-05T04:31:00Z'))).toBe(Date.parse('2026-01-05T04:26:00Z'));
    expect(nextSince(since, null)).toBe(since);
    expect(nextSince(since, since + 60_000)).toBe(since);
    expect(nextSince(null, null)).toBe(0);
  });

  it('a sync cursor is opaque, bound to its query and arguments, and exclusive with updatedSince', () => {
    const cursor = encodeSyncCursor('jiraIssues', [CLOUD, 'project = DEV'], { s: 1767500000000 });
    expect(resolveSince('jiraIssues', { syncCursor: cursor }, [CLOUD, 'project = DEV'])).toBe(1767500000000);
    expect(resolveSince('jiraIssues', { updatedSince: '2026-01-04T09:00:00.000Z' }, [])).toBe(Date.parse('2026-01-04T09:00:00.000Z'));
    expect(resolveSince('jiraIssues', {}, [])).toBeNull();
    expect(errorOf(() => resolveSince('jiraIssues', { syncCursor: cursor }, [CLOUD, 'project = OPS']))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/issued for other arguments/) });
    expect(errorOf(() => resolveSince('jiraIssues', { syncCursor: cursor, updatedSince: '2026-01-04T09:00:00Z' }, [CLOUD, 'project = DEV']))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/not both/) });
    // A page cursor is not a sync cursor.
    expect(errorOf(() => decodeSyncCursor('jiraIssues', Buffer.from(JSON.stringify({ k: 'jiraIssues', a: 'x', p: {} })).toString('base64url'), []))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(errorOf(() => resolveSince('jiraIssues', { syncCursor: encodeSyncCursor('jiraIssues', [], { s: -5 }) }, []))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('bulk changelog order and issue refs', () => {
  it('restores Jira\'s global order (created, issue id, history id) from the per-issue grouping; mixed offsets compare as instants', () => {
    const history = (id: string, created: string) => ({ id, created, items: [] });
    const ordered = orderChangelogEntries({
      entries: [
        { issueId: '10100', history: history('3', '2026-01-05T10:00:00.000+0100') },
        { issueId: '10100', history: history('7', '2026-01-05T12:00:00.000+0000') },
        { issueId: '10002', history: history('5', '2026-01-05T09:00:00.000Z') },
        { issueId: '10002', history: history('4', '2026-01-05T04:00:00.000-0500') },
      ],
      nextPageToken: null,
    });
    // 10:00+01:00 = 09:00Z ties with issue 10002's two 09:00Z events: smaller issue id first, then history id.
    expect(ordered.map((event) => `${event.issueId}/${(event.history as { id: string }).id}`)).toEqual(['10002/4', '10002/5', '10100/3', '10100/7']);
  });

  it('reads issue refs from a bulk fetch answer; project key from the field, else the key prefix', () => {
    expect(mapIssueRef({ id: '10002', key: 'ex-1', fields: { project: { id: '10000', key: 'EX' } } })).toEqual({ id: '10002', key: 'EX-1', projectKey: 'EX' });
    expect(mapIssueRef({ id: 10003, key: 'DEV-3', fields: { project: null } })).toEqual({ id: '10003', key: 'DEV-3', projectKey: 'DEV' });
    expect(mapIssueRef({ key: 'DEV-4' })).toBeNull();
  });
});

describe('JiraIssue.fields(ids:, names:)', () => {
  const raw = rawIssue(7);
  Object.assign(raw.fields, { customfield_10015: '2026-01-02', customfield_10001: null, duedate: null });
  const issue = mapJiraIssue(raw, CLOUD, { storyPointsField: 'customfield_10016', sprintField: 'customfield_10020' });
  issue.fieldLookup = {
    idByName: new Map([['Start date', 'customfield_10015'], ['team', 'customfield_10001']]),
    problems: new Map([
      ['name:Teem', { code: 'BAD_USER_INPUT' as const, message: 'Jira has no field named "Teem" that the caller can see' }],
      ['id:customfield_99999', { code: 'BAD_USER_INPUT' as const, message: 'Jira has no field with id "customfield_99999"' }],
    ]),
  };

  it('returns raw values keyed as asked, explicit null for an empty field and for one Jira left out', () => {
    expect(readIssueFields(issue, { ids: ['customfield_10016', 'duedate', 'environment'], names: ['Start date', 'team'] })).toEqual({
      customfield_10016: 5,
      duedate: null,
      environment: null,
      'Start date': '2026-01-02',
      team: null,
    });
  });

  it('an unknown name or id is one error on the field naming each; no arguments is an error too', () => {
    const failed = readIssueFields(issue, { ids: ['customfield_99999'], names: ['Teem', 'Start date'] });
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toBe('Cannot read fields of Jira issue DEV-7: Jira has no field with id "customfield_99999"; Jira has no field named "Teem" that the caller can see');
    expect((readIssueFields(issue, {}) as Error).message).toMatch(/needs ids or names/);
  });

  it('collects every fields(...) selection of a query, aliases, fragments and variables included', () => {
    const document = parse(`query($names: [String!]) { jiraIssues(jql: "x") { nodes { a: fields(ids: ["duedate"]) ...F } edges { node { fields(names: $names) } } } }
      fragment F on JiraIssue { fields(names: ["Team"]) }`);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const fragment = document.definitions[1];
    const info = {
      fieldNodes: [operation.selectionSet.selections[0] as FieldNode],
      fragments: { F: fragment.kind === Kind.FRAGMENT_DEFINITION ? fragment : undefined },
      variableValues: { names: ['Start date'] },
    } as unknown as GraphQLResolveInfo;
    expect(collectArgumentValues(info, 'fields')).toEqual([{ ids: ['duedate'] }, { names: ['Team'] }, { names: ['Start date'] }]);
  });
});

describe('stable ticket order', () => {
  it('updated descending, then ref with numbers compared as numbers; unreadable times first', () => {
    const head = (ref: string, updated: number) => ({ node: new MappingError('SourcehutTicket', ref, 'x'), updatedMillis: updated, ref });
    expect(sortTicketHeads([head('~a/t#10', 5), head('~a/t#9', 5), head('~a/t#1', 7), head('', Number.POSITIVE_INFINITY)]).map((h) => h.ref)).toEqual(['', '~a/t#1', '~a/t#9', '~a/t#10']);
  });
});
