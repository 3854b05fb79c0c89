/**
 * The fixed parts of the Jira sandbox: people, projects, workflow, versions, boards,
 * sprints and fields. Issues (the generated part) are built from these in jira-issues.ts.
 */
import { BASE_MS, DAY, HOUR, isoDate, isoDateTime } from './time.ts';
import type {
  AvatarUrls,
  JiraBoardRecord,
  JiraFieldJson,
  JiraIssueTypeJson,
  JiraPriorityJson,
  JiraProjectRecord,
  JiraResolutionJson,
  JiraSprintRecord,
  JiraStatusCategoryJson,
  JiraStatusJson,
  JiraUserDetailsJson,
  JiraUserJson,
  JiraVersionJson,
} from './jira-types.ts';

export const CLOUD_ID = '11111111-2222-4333-8444-555555555555';
export const SITE_URL = 'https://sandbox.atlassian.net';
export const API = `${SITE_URL}/rest/api/3`;
export const AGILE = `${SITE_URL}/rest/agile/1.0`;

/**
 * Custom field ids of this site. They differ per Jira site (created in another order, migrated
 * from Server): these are deliberately not the common customfield_10016 / customfield_10020, so
 * a client that assumes those ids reads the wrong fields; the gateway finds them by name.
 */
export const STORY_POINTS_FIELD = 'customfield_10028';
export const SPRINT_FIELD = 'customfield_10104';
/** The team-managed estimate field; present on the site, empty in its company-managed projects. */
export const STORY_POINT_ESTIMATE_FIELD = 'customfield_10016';
/** Jira Software's Start date (a calendar date), set when work starts. */
export const START_DATE_FIELD = 'customfield_10015';
export const TEAM_FIELD = 'customfield_10001';

export function accountIdFor(n: number): string {
  return `5b10ac8d82e05b22cc7d4e${String(n).padStart(2, '0')}`;
}

const PEOPLE: Array<[name: string, timeZone: string, active: boolean]> = [
  ['Avery Quinn', 'Europe/Berlin', true],
  ['Blake Moreno', 'America/New_York', true],
  ['Casey Nakamura', 'Asia/Tokyo', true],
  ['Devon Okafor', 'Europe/London', true],
  ['Emery Lindqvist', 'Europe/Stockholm', true],
  ['Finley Haddad', 'Europe/Paris', true],
  ['Gray Petrov', 'Europe/Sofia', true],
  ['Harper Santos', 'America/Sao_Paulo', true],
  ['Indra Kowalski', 'Europe/Warsaw', true],
  ['Jordan Achebe', 'Africa/Lagos', true],
  ['Kai Fontaine', 'America/Montreal', true],
  ['Logan Whitfield', 'Australia/Sydney', false],
];

function userAvatars(accountId: string): AvatarUrls {
  const base = `https://avatar-management.services.atlassian.com/avatars/${accountId}`;
  return { '16x16': `${base}/16`, '24x24': `${base}/24`, '32x32': `${base}/32`, '48x48': `${base}/48` };
}

export function buildUsers(): JiraUserJson[] {
  return PEOPLE.map(([displayName, timeZone, active], i) => {
    const accountId = accountIdFor(i + 1);
    return {
      self: `${API}/user?accountId=${accountId}`,
      accountId,
      accountType: 'atlassian',
      emailAddress: `${displayName.toLowerCase().replace(/\s+/g, '.')}@sandbox.example.com`,
      avatarUrls: userAvatars(accountId),
      displayName,
      active,
      timeZone,
      locale: 'en_US',
    };
  });
}

export function userDetails(user: JiraUserJson): JiraUserDetailsJson {
  return {
    self: user.self,
    accountId: user.accountId,
    emailAddress: user.emailAddress,
    avatarUrls: user.avatarUrls,
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    accountType: user.accountType,
  };
}

const CATEGORIES: Record<'new' | 'indeterminate' | 'done', JiraStatusCategoryJson> = {
  new: { self: `${API}/statuscategory/2`, id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { self: `${API}/statuscategory/4`, id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { self: `${API}/statuscategory/3`, id: 3, key: 'done', colorName: 'green', name: 'Done' },
};

function status(id: string, name: string, category: keyof typeof CATEGORIES, description: string): JiraStatusJson {
  return {
    self: `${API}/status/${id}`,
    description,
    iconUrl: `${SITE_URL}/images/icons/statuses/generic.png`,
    name,
    id,
    statusCategory: CATEGORIES[category],
  };
}

export const STATUSES = {
  toDo: status('10000', 'To Do', 'new', 'Work that has not been started.'),
  inProgress: status('3', 'In Progress', 'indeterminate', 'This issue is being actively worked on at the moment by the assignee.'),
  inReview: status('10001', 'In Review', 'indeterminate', 'Waiting for a code or peer review.'),
  done: status('10002', 'Done', 'done', 'Work that is finished.'),
} as const;

export type StatusName = keyof typeof STATUSES;

function issueType(id: string, name: string, description: string, hierarchyLevel: number, avatarId: number): JiraIssueTypeJson {
  return {
    self: `${API}/issuetype/${id}`,
    id,
    description,
    iconUrl: `${SITE_URL}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${avatarId}?size=medium`,
    name,
    subtask: false,
    avatarId,
    hierarchyLevel,
  };
}

export const ISSUE_TYPES = {
  epic: issueType('10000', 'Epic', 'A big user story that needs to be broken down.', 1, 10307),
  story: issueType('10001', 'Story', 'Functionality or a feature expressed as a user goal.', 0, 10315),
  bug: issueType('10002', 'Bug', 'A problem which impairs or prevents the functions of the product.', 0, 10303),
  task: issueType('10003', 'Task', 'A small, distinct piece of work.', 0, 10318),
  incident: issueType('10004', 'Incident', 'System outage or degradation reported to the service desk.', 0, 10304),
  serviceRequest: issueType('10005', 'Service request', 'A request for help or access from a customer.', 0, 10316),
} as const;

export type IssueTypeName = keyof typeof ISSUE_TYPES;

export const PRIORITIES: JiraPriorityJson[] = ['Highest', 'High', 'Medium', 'Low', 'Lowest'].map((name, i) => ({
  self: `${API}/priority/${i + 1}`,
  iconUrl: `${SITE_URL}/images/icons/priorities/${name.toLowerCase()}.svg`,
  name,
  id: String(i + 1),
}));

export const RESOLUTIONS = {
  done: { self: `${API}/resolution/10000`, id: '10000', description: 'Work has been completed on this issue.', name: 'Done' },
  wontDo: { self: `${API}/resolution/10001`, id: '10001', description: 'This issue won\'t be actioned.', name: "Won't Do" },
} satisfies Record<string, JiraResolutionJson>;

function projectAvatars(id: string): AvatarUrls {
  const base = `${SITE_URL}/rest/api/3/universal_avatar/view/type/project/avatar/${id}`;
  return { '16x16': `${base}?size=xsmall`, '24x24': `${base}?size=small`, '32x32': `${base}?size=medium`, '48x48': `${base}` };
}

function component(id: string, name: string, description: string) {
  return { self: `${API}/component/${id}`, id, name, description };
}

export function buildProjects(): JiraProjectRecord[] {
  const engineering = { self: `${API}/projectCategory/10000`, id: '10000', name: 'Engineering', description: 'Product engineering teams' };
  const operations = { self: `${API}/projectCategory/10001`, id: '10001', name: 'Operations', description: 'Support and operations' };
  const business = { self: `${API}/projectCategory/10002`, id: '10002', name: 'Business', description: 'Go-to-market teams' };
  return [
    {
      id: '10000',
      key: 'DEV',
      name: 'Developer Platform',
      projectTypeKey: 'software',
      description: 'Internal developer platform: gateway, auth and billing services.',
      leadAccountId: accountIdFor(1),
      category: engineering,
      components: [
        component('10100', 'Gateway', 'Edge gateway and routing'),
        component('10101', 'Auth', 'Identity and access'),
        component('10102', 'Billing', 'Metering and invoices'),
        component('10103', 'Web UI', 'Developer portal front end'),
      ],
      issueTypeIds: ['10000', '10001', '10002', '10003'],
      avatarUrls: projectAvatars('10400'),
      uuid: 'a0f1c2d3-0000-4000-8000-000000010000',
      boardId: 1,
    },
    {
      id: '10001',
      key: 'API',
      name: 'Public API',
      projectTypeKey: 'software',
      description: 'The public REST and GraphQL APIs and their SDKs.',
      leadAccountId: accountIdFor(5),
      category: engineering,
      components: [component('10110', 'REST', 'REST endpoints'), component('10111', 'GraphQL', 'GraphQL schema'), component('10112', 'SDK', 'Client SDKs')],
      issueTypeIds: ['10000', '10001', '10002', '10003'],
      avatarUrls: projectAvatars('10401'),
      uuid: 'a0f1c2d3-0000-4000-8000-000000010001',
      boardId: 2,
    },
    {
      id: '10002',
      key: 'OPS',
      name: 'Operations Desk',
      projectTypeKey: 'service_desk',
      description: 'Incidents and service requests for production systems.',
      leadAccountId: accountIdFor(9),
      category: operations,
      components: [component('10120', 'Infrastructure', 'Clusters, networks, storage'), component('10121', 'On-call', 'Paging and escalations')],
      issueTypeIds: ['10004', '10005'],
      avatarUrls: projectAvatars('10402'),
      uuid: 'a0f1c2d3-0000-4000-8000-000000010002',
      boardId: 3,
    },
    {
      id: '10003',
      key: 'MKT',
      name: 'Marketing',
      projectTypeKey: 'business',
      description: 'Campaigns, launches and content.',
      leadAccountId: accountIdFor(10),
      category: business,
      components: [],
      issueTypeIds: ['10003'],
      avatarUrls: projectAvatars('10403'),
      uuid: 'a0f1c2d3-0000-4000-8000-000000010003',
    },
  ];
}

interface VersionSpec {
  name: string;
  description: string;
  startDaysAgo?: number;
  releaseDaysAgo?: number;
  released: boolean;
  archived?: boolean;
}

const VERSION_SPECS: Record<string, VersionSpec[]> = {
  DEV: [
    { name: '0.9.0', description: 'Private beta', startDaysAgo: 220, releaseDaysAgo: 185, released: true, archived: true },
    { name: '1.0.0', description: 'General availability', startDaysAgo: 185, releaseDaysAgo: 112, released: true },
    { name: '1.1.0', description: 'Usage-based billing', startDaysAgo: 112, releaseDaysAgo: 77, released: true },
    { name: '1.2.0', description: 'SSO and audit log', startDaysAgo: 77, releaseDaysAgo: 42, released: true },
    { name: '1.3.0', description: 'Rate limiting v2', startDaysAgo: 42, releaseDaysAgo: 7, released: true },
    { name: '1.4.0', description: 'Developer portal refresh', startDaysAgo: 7, releaseDaysAgo: -14, released: false },
    { name: '2.0.0', description: 'Next major', released: false },
  ],
  API: [
    { name: '2025.09', description: 'September API release', startDaysAgo: 130, releaseDaysAgo: 97, released: true },
    { name: '2025.10', description: 'October API release', startDaysAgo: 97, releaseDaysAgo: 66, released: true },
    { name: '2025.11', description: 'November API release', startDaysAgo: 66, releaseDaysAgo: 36, released: true },
    { name: '2025.12', description: 'December API release', startDaysAgo: 36, releaseDaysAgo: 5, released: true },
    { name: '2026.01', description: 'January API release', startDaysAgo: 5, releaseDaysAgo: -26, released: false },
  ],
  OPS: [],
  MKT: [
    { name: 'Q4 Campaign', description: 'Year-end campaign', startDaysAgo: 95, releaseDaysAgo: 5, released: true },
    { name: 'Q1 Launch', description: 'Spring launch', startDaysAgo: 5, releaseDaysAgo: -80, released: false },
  ],
};

/** Versions of every project, ids ascending from 10200 in project order. */
export function buildVersions(projects: JiraProjectRecord[]): JiraVersionJson[] {
  let nextId = 10200;
  const versions: JiraVersionJson[] = [];
  for (const project of projects) {
    for (const spec of VERSION_SPECS[project.key] ?? []) {
      const id = String(nextId++);
      const version: JiraVersionJson = {
        self: `${API}/version/${id}`,
        id,
        description: spec.description,
        name: spec.name,
        archived: spec.archived ?? false,
        released: spec.released,
        projectId: Number(project.id),
      };
      if (spec.startDaysAgo !== undefined) version.startDate = isoDate(BASE_MS - spec.startDaysAgo * DAY);
      if (spec.releaseDaysAgo !== undefined) {
        version.releaseDate = isoDate(BASE_MS - spec.releaseDaysAgo * DAY);
        version.overdue = !spec.released && spec.releaseDaysAgo > 0;
      }
      versions.push(version);
    }
  }
  return versions;
}

export function buildBoards(): JiraBoardRecord[] {
  return [
    { id: 1, name: 'DEV board', type: 'scrum', projectKey: 'DEV' },
    { id: 2, name: 'API board', type: 'scrum', projectKey: 'API' },
    { id: 3, name: 'OPS board', type: 'kanban', projectKey: 'OPS' },
    // Team-managed boards are `simple` (no sprints here: the feature is off for this one).
    { id: 4, name: 'MKT team board', type: 'simple', projectKey: 'MKT' },
  ];
}

const SPRINT_GOALS = [
  'Stabilise the gateway under peak load',
  'Ship SSO for enterprise customers',
  'Cut p95 latency by 20%',
  'Finish usage metering',
  'Developer portal beta',
  'Pay down flaky tests',
];

/**
 * Two-week sprints: board 1 (DEV) has sprints 1-4 closed, 5 active, 6 future;
 * board 2 (API) has 7-9 closed, 10 active, 11 future. Active sprints contain BASE_DATE.
 */
export function buildSprints(): JiraSprintRecord[] {
  const plans = [
    { boardId: 1, prefix: 'DEV Sprint', firstId: 1, closed: 4, activeStart: BASE_MS - 7 * DAY },
    { boardId: 2, prefix: 'API Sprint', firstId: 7, closed: 3, activeStart: BASE_MS - 12 * DAY },
  ];
  const sprints: JiraSprintRecord[] = [];
  for (const plan of plans) {
    const count = plan.closed + 2;
    for (let i = 0; i < count; i++) {
      const id = plan.firstId + i;
      const start = plan.activeStart - (plan.closed - i) * 14 * DAY;
      const state = i < plan.closed ? 'closed' : i === plan.closed ? 'active' : 'future';
      const sprint: JiraSprintRecord = {
        id,
        self: `${AGILE}/sprint/${id}`,
        state,
        name: `${plan.prefix} ${i + 1}`,
        createdDate: isoDateTime(start - 3 * DAY),
        originBoardId: plan.boardId,
        goal: SPRINT_GOALS[(id - 1) % SPRINT_GOALS.length],
      };
      if (state !== 'future') {
        sprint.startDate = isoDateTime(start);
        sprint.endDate = isoDateTime(start + 14 * DAY);
      }
      if (state === 'closed') sprint.completeDate = isoDateTime(start + 14 * DAY - 2 * HOUR);
      sprints.push(sprint);
    }
  }
  return sprints;
}

function systemField(id: string, name: string, type: string, extra: Partial<JiraFieldJson> = {}, items?: string): JiraFieldJson {
  return {
    id,
    key: id,
    name,
    custom: false,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [id],
    schema: items ? { type, system: id, items } : { type, system: id },
    ...extra,
  };
}

export function buildFields(): JiraFieldJson[] {
  return [
    { id: 'issuekey', key: 'issuekey', name: 'Key', custom: false, orderable: false, navigable: true, searchable: false, clauseNames: ['id', 'issue', 'issuekey', 'key'] },
    systemField('summary', 'Summary', 'string'),
    systemField('issuetype', 'Issue Type', 'issuetype', { clauseNames: ['issuetype', 'type'] }),
    systemField('project', 'Project', 'project', { orderable: false }),
    systemField('status', 'Status', 'status', { orderable: false }),
    systemField('priority', 'Priority', 'priority'),
    systemField('resolution', 'Resolution', 'resolution'),
    systemField('resolutiondate', 'Resolved', 'datetime', { orderable: false, clauseNames: ['resolutiondate', 'resolved'] }),
    systemField('assignee', 'Assignee', 'user'),
    systemField('reporter', 'Reporter', 'user'),
    systemField('creator', 'Creator', 'user', { orderable: false }),
    systemField('created', 'Created', 'datetime', { orderable: false, clauseNames: ['created', 'createdDate'] }),
    systemField('updated', 'Updated', 'datetime', { orderable: false, clauseNames: ['updated', 'updatedDate'] }),
    systemField('statuscategorychangedate', 'Status Category Changed', 'datetime', { orderable: false, clauseNames: ['statusCategoryChangedDate'] }),
    systemField('labels', 'Labels', 'array', {}, 'string'),
    systemField('components', 'Components', 'array', { clauseNames: ['component'] }, 'component'),
    systemField('fixVersions', 'Fix versions', 'array', { clauseNames: ['fixVersion'] }, 'version'),
    systemField('description', 'Description', 'string'),
    systemField('comment', 'Comment', 'comments-page'),
    systemField('worklog', 'Log Work', 'array', { navigable: false, clauseNames: [] }, 'worklog'),
    systemField('timetracking', 'Time tracking', 'timetracking', { navigable: false, clauseNames: [] }),
    systemField('parent', 'Parent', 'issuelink', { clauseNames: ['parent'] }),
    customField(TEAM_FIELD, 'Team', { type: 'team', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team' }),
    customField(START_DATE_FIELD, 'Start date', { type: 'date', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker' }),
    customField(STORY_POINT_ESTIMATE_FIELD, 'Story point estimate', { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points' }),
    customField(STORY_POINTS_FIELD, 'Story Points', { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' }),
    customField(SPRINT_FIELD, 'Sprint', { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint' }),
  ];
}

function customField(id: string, name: string, schema: { type: string; items?: string; custom: string }): JiraFieldJson {
  const customId = Number(id.replace('customfield_', ''));
  return {
    id,
    key: id,
    name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${customId}]`, name, `${name}[${schema.type === 'number' ? 'Number' : schema.type === 'date' ? 'Date' : 'Short text'}]`],
    schema: { ...schema, customId },
  };
}
