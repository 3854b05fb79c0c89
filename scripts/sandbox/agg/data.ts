/**
 * Deterministic AGG sandbox data. Jira projects, users and issues come from the shared Jira
 * dataset so the AGG and REST routes agree; Opsgenie teams, Compass components, Atlassian teams
 * and the Teamwork Graph are generated here from fixed tables and a seeded PRNG.
 */
import { getJiraDataset, type JiraDataset, type JiraUserJson } from '../data/jira-dataset.ts';
import { createPrng } from '../data/prng.ts';

export interface OpsgenieTeamData {
  id: string;
  name: string;
}

export interface AggProjectData {
  ari: string;
  id: string;
  key: string;
  name: string;
  /** AGG JiraProjectType token (SOFTWARE, SERVICE_DESK, BUSINESS...). */
  projectType: string;
  opsgenieTeams: OpsgenieTeamData[];
}

export interface CompassComponentData {
  id: string;
  name: string;
  typeId: string;
  description: string;
  ownerTeamId: string;
  labels: string[];
  createdAt: string;
  updatedAt: string;
  dependsOn: string[];
  /** Percentage scores, with the times AGG reports for them (criteria data updates, status change). */
  scores: Array<{ scorecardId: string; totalScore: number; maxTotalScore: number; criteriaUpdatedAt: string[]; statusSince: string }>;
  /** Scorecards scored by maturity level (no percentage): appliedScorecards lists them too. */
  maturityScorecardIds: string[];
  /** compass:tier custom field (1 = most critical). */
  tier: number;
  /** Lifecycle state. */
  state: 'Active' | 'Pre-release' | 'Deprecated';
  links: Array<{ type: 'REPOSITORY' | 'DASHBOARD' | 'ON_CALL' | 'PROJECT'; url: string }>;
  eventSourceCount: number;
}

export interface TeamData {
  id: string;
  displayName: string;
  description: string;
  state: 'ACTIVE' | 'DISBANDED';
  members: Array<{ accountId: string; role: 'ADMIN' | 'REGULAR'; state: 'FULL_MEMBER' | 'ALUMNI' }>;
  /** Townsquare (Atlas) projects the team works on, with the window they were active in. */
  projects: Array<{ id: string; key: string; name: string; activeFrom: string; activeTo: string | null }>;
}

export interface AggSandboxData {
  cloudId: string;
  orgId: string;
  jira: JiraDataset;
  users: JiraUserJson[];
  projects: AggProjectData[];
  opsgenieTeams: OpsgenieTeamData[];
  components: CompassComponentData[];
  scorecards: Array<{ id: string; name: string }>;
  /** Scorecards scored by maturity level. */
  maturityScorecards: Array<{ id: string; name: string }>;
  teams: TeamData[];
  /** accountId -> manager accountId. */
  managers: Map<string, string>;
}

const ORG_ID = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';
const COMPASS_WORKSPACE = 'c0ffee00-0000-4000-8000-000000000001';
const COMPONENT_TYPES = ['SERVICE', 'SERVICE', 'LIBRARY', 'APPLICATION', 'CAPABILITY', 'CLOUD_RESOURCE', 'DATA_PIPELINE', 'MACHINE_LEARNING_MODEL', 'UI_ELEMENT', 'WEBSITE', 'OTHER'];
const COMPONENT_NAMES = [
  'checkout-service', 'payments-gateway', 'auth-service', 'user-profile', 'search-indexer', 'notification-hub', 'billing-engine',
  'inventory-api', 'shipping-calculator', 'catalog-service', 'recommendation-model', 'fraud-detector', 'web-storefront',
  'mobile-bff', 'design-system', 'feature-flags', 'event-bus', 'metrics-pipeline', 'log-shipper', 'data-warehouse-etl',
  'edge-cdn', 'postgres-primary', 'redis-cache', 'kafka-cluster', 'admin-console', 'docs-site', 'status-page',
  'audit-trail', 'rate-limiter', 'config-service',
];
const LABELS = ['tier-1', 'tier-2', 'pci', 'customer-facing', 'internal', 'deprecated', 'gdpr'];
const TEAM_NAMES: Array<[string, string]> = [
  ['Platform', 'Runtime, CI and developer tooling'],
  ['Payments', 'Checkout, billing and fraud'],
  ['Search & Discovery', 'Search, catalog and recommendations'],
  ['Site Reliability', 'On-call, observability and incident response'],
  ['Web Experience', 'Storefront, design system and docs'],
  ['Data', 'Pipelines, warehouse and ML platform'],
];
/** 'Data On-call ' keeps a trailing space, as upstream names sometimes do: the canonical layer trims. */
const OPSGENIE_TEAMS = ['Platform On-call', 'Payments On-call', 'API Responders', 'SRE Primary', 'Service Desk Escalations', 'Data On-call '];
/**
 * Linkable Opsgenie teams by project key (DEV has more than one AGG page at small page sizes, and
 * lists SRE Primary twice, as AGG does when a team comes back on two pages).
 */
const PROJECT_OPSGENIE: Record<string, number[]> = { DEV: [0, 3, 5, 1, 3], API: [2, 3], OPS: [4, 3], MKT: [] };
const SCORECARDS = [
  { id: 'ari:cloud:compass:CLOUD:scorecard/c0ffee00-0000-4000-8000-000000000001/readiness', name: 'Service readiness' },
  { id: 'ari:cloud:compass:CLOUD:scorecard/c0ffee00-0000-4000-8000-000000000001/security', name: 'Security' },
  { id: 'ari:cloud:compass:CLOUD:scorecard/c0ffee00-0000-4000-8000-000000000001/dora', name: 'DORA' },
];

function uuidFor(prefix: string, n: number): string {
  return `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function isoPlusDays(base: string, days: number): string {
  return new Date(Date.parse(base) + days * 86_400_000).toISOString();
}

function build(): AggSandboxData {
  const jira = getJiraDataset();
  const prng = createPrng(20260106);
  const cloudId = jira.cloudId;
  const opsgenieTeams = OPSGENIE_TEAMS.map((name, i) => ({ id: `ari:cloud:opsgenie:${cloudId}:team/${uuidFor('0b5e0000', i + 1)}`, name }));
  const projects = jira.projects.map((project) => ({
    ari: `ari:cloud:jira:${cloudId}:project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    projectType: project.projectTypeKey.toUpperCase(),
    opsgenieTeams: (PROJECT_OPSGENIE[project.key] ?? []).map((i) => opsgenieTeams[i]),
  }));
  const activeUsers = jira.users.filter((user) => user.active);
  const teams: TeamData[] = TEAM_NAMES.map(([displayName, description], i) => {
    const size = 3 + (i % 3);
    const members: TeamData['members'] = Array.from({ length: size }, (_, m) => ({
      accountId: activeUsers[(i * 2 + m) % activeUsers.length].accountId,
      role: m === 0 ? ('ADMIN' as const) : ('REGULAR' as const),
      state: 'FULL_MEMBER' as const,
    }));
    // One alumnus per team: current-member filtering must drop them.
    members.push({ accountId: jira.users[jira.users.length - 1].accountId, role: 'REGULAR', state: 'ALUMNI' });
    const projectsOfTeam = Array.from({ length: 2 + (i % 2) }, (_, p) => ({
      id: `ari:cloud:townsquare:${cloudId}:project/${uuidFor('70e50000', i * 10 + p + 1)}`,
      key: `${displayName.replace(/[^A-Z]/g, '') || 'T'}-${p + 1}`,
      name: `${displayName} initiative ${p + 1}`,
      activeFrom: isoPlusDays(jira.baseDate, -120 + p * 30),
      activeTo: p === 0 ? isoPlusDays(jira.baseDate, -30) : null,
    }));
    return {
      id: `ari:cloud:identity::team/${uuidFor('7ea30000', i + 1)}`,
      displayName,
      description,
      state: i === TEAM_NAMES.length - 1 ? 'DISBANDED' : 'ACTIVE',
      members,
      projects: projectsOfTeam,
    };
  });
  const scorecards = SCORECARDS.map((s) => ({ id: s.id.replace('CLOUD', cloudId), name: s.name }));
  const maturityScorecards = [{ id: `ari:cloud:compass:${cloudId}:scorecard/${COMPASS_WORKSPACE}/maturity`, name: 'Operational maturity' }];
  const components: CompassComponentData[] = COMPONENT_NAMES.map((name, i) => {
    const id = `ari:cloud:compass:${cloudId}:component/${COMPASS_WORKSPACE}/${uuidFor('c0c00000', i + 1)}`;
    const dependsOn: string[] = [];
    return {
      id,
      name,
      typeId: COMPONENT_TYPES[i % COMPONENT_TYPES.length],
      description: `${name} (sandbox component ${i + 1})`,
      ownerTeamId: teams[i % teams.length].id,
      labels: [LABELS[i % LABELS.length], ...(i % 3 === 0 ? [LABELS[(i + 3) % LABELS.length]] : [])],
      createdAt: isoPlusDays(jira.baseDate, -400 + i * 7),
      updatedAt: isoPlusDays(jira.baseDate, -(i % 20)),
      dependsOn,
      scores: scorecards.slice(0, 1 + (i % 3)).map((s, k) => ({
        scorecardId: s.id,
        totalScore: Math.round(prng.next() * 100),
        maxTotalScore: 100,
        criteriaUpdatedAt: [isoPlusDays(jira.baseDate, -(i % 5) - k - 2), isoPlusDays(jira.baseDate, -(i % 5) - k)],
        statusSince: isoPlusDays(jira.baseDate, -30 - i),
      })),
      maturityScorecardIds: i % 4 === 3 ? [maturityScorecards[0].id] : [],
      tier: 1 + (i % 4),
      state: i % 10 === 9 ? 'Deprecated' : i % 7 === 6 ? 'Pre-release' : 'Active',
      links: [
        { type: 'REPOSITORY' as const, url: `https://bitbucket.example.com/sandbox/${name}` },
        ...(i % 2 === 0 ? [{ type: 'DASHBOARD' as const, url: `https://grafana.example.com/d/${name}` }] : []),
        ...(i % 3 === 0 ? [{ type: 'ON_CALL' as const, url: `https://opsgenie.example.com/schedules/${name}` }] : []),
      ],
      eventSourceCount: i % 4,
    };
  });
  // Each component depends on 1..3 earlier ones (a DAG), deterministic.
  components.forEach((component, i) => {
    if (i === 0) return;
    const count = 1 + (i % 3);
    for (let d = 1; d <= count && i - d * 2 >= 0; d++) component.dependsOn.push(components[i - d * 2].id);
    if (component.dependsOn.length === 0) component.dependsOn.push(components[i - 1].id);
  });
  // Reporting line: user 1 manages 2..4, user 2 manages 5..8, user 3 manages 9..11.
  const managers = new Map<string, string>();
  jira.users.forEach((user, i) => {
    if (i === 0) return;
    const managerIndex = i <= 3 ? 0 : i <= 7 ? 1 : 2;
    managers.set(user.accountId, jira.users[managerIndex].accountId);
  });
  return { cloudId, orgId: ORG_ID, jira, users: jira.users, projects, opsgenieTeams, components, scorecards, maturityScorecards, teams, managers };
}

let memo: AggSandboxData | null = null;

export function getAggSandboxData(): AggSandboxData {
  memo ??= build();
  return memo;
}
