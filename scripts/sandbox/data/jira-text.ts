/** Vocabulary for generated issue summaries, descriptions and comments. */
import type { Prng } from './prng.ts';

const SOFTWARE_VERBS = ['Add', 'Fix', 'Refactor', 'Document', 'Speed up', 'Harden', 'Migrate', 'Instrument', 'Remove', 'Cache'];
const SOFTWARE_OBJECTS: Record<string, string[]> = {
  DEV: ['token refresh in the gateway', 'rate limiter buckets', 'SSO login redirect', 'invoice PDF export', 'usage metering job', 'portal search page', 'audit log retention', 'service mesh retries', 'API key rotation', 'webhook delivery queue', 'billing currency rounding', 'CLI login flow'],
  API: ['pagination on /projects', 'GraphQL error extensions', 'SDK retry policy', 'OpenAPI examples', 'webhook signatures', 'cursor encoding', 'bulk export endpoint', 'deprecation headers', 'field-level permissions', 'changelog endpoint'],
};
const EPIC_THEMES = ['Enterprise SSO', 'Usage-based billing', 'Gateway v2', 'Observability', 'Developer portal', 'API versioning', 'SDK parity', 'Reliability'];
const OPS_SUBJECTS = ['Disk pressure on db-primary', 'Elevated 5xx on edge', 'Certificate expiring for api.example.com', 'VPN access for new hire', 'Pager escalation misrouted', 'Backup job failed', 'Request read replica', 'Grant staging access', 'Kafka consumer lag', 'DNS change for status page'];
const MKT_SUBJECTS = ['Draft launch blog post', 'Update pricing page copy', 'Prepare webinar deck', 'Newsletter for January', 'Case study with customer', 'Social posts for release', 'Refresh product screenshots', 'Conference booth logistics'];
const COMMENTS = [
  'I can reproduce this on staging.',
  'Pushed a fix, please review the PR when you have a moment.',
  'This depends on the auth changes landing first.',
  'Moved to the next sprint; we ran out of capacity.',
  'Confirmed fixed after the deploy.',
  'Can we split this into two smaller tickets?',
  'Added a regression test for this case.',
  'Customer reported this again this morning.',
];
const WORKLOG_NOTES = ['Investigation', 'Implementation', 'Code review follow-up', 'Pairing session', 'Testing on staging', 'Writing docs'];

export function summaryFor(prng: Prng, projectKey: string, typeName: string): string {
  if (typeName === 'epic') return `${prng.pick(EPIC_THEMES)} ${prng.pick(['foundations', 'phase 2', 'GA', 'rollout'])}`;
  if (projectKey === 'OPS') return prng.pick(OPS_SUBJECTS);
  if (projectKey === 'MKT') return prng.pick(MKT_SUBJECTS);
  const objects = SOFTWARE_OBJECTS[projectKey] ?? SOFTWARE_OBJECTS.DEV;
  return `${prng.pick(SOFTWARE_VERBS)} ${prng.pick(objects)}`;
}

export function commentText(prng: Prng): string {
  return prng.pick(COMMENTS);
}

export function worklogNote(prng: Prng): string {
  return prng.pick(WORKLOG_NOTES);
}

export function labelPool(projectKey: string): string[] {
  switch (projectKey) {
    case 'DEV':
      return ['backend', 'frontend', 'tech-debt', 'security', 'performance', 'customer-reported'];
    case 'API':
      return ['breaking-change', 'docs', 'sdk', 'performance', 'customer-reported'];
    case 'OPS':
      return ['sev1', 'sev2', 'sev3', 'access'];
    default:
      return ['content', 'design', 'launch'];
  }
}
