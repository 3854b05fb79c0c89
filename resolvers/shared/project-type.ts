/**
 * Jira project types in the canonical form the reference clients emit: upper-case, with `-` and
 * spaces as `_` (SOFTWARE, SERVICE_DESK, BUSINESS, PRODUCT_DISCOVERY, CUSTOMER_SERVICE), whichever
 * route (AGG JiraProjectType tokens, Jira REST projectTypeKey) the project came from.
 */
import { optionalString } from './raw.ts';

export const JIRA_PROJECT_TYPES = ['SOFTWARE', 'SERVICE_DESK', 'BUSINESS', 'PRODUCT_DISCOVERY', 'CUSTOMER_SERVICE'] as const;
export type JiraProjectTypeName = (typeof JIRA_PROJECT_TYPES)[number];

/** The canonical spelling of any project type token (`service-desk`, `Service Desk` -> SERVICE_DESK); null when blank. */
export function normalizeProjectType(value: unknown): string | null {
  const token = optionalString(value);
  return token === null ? null : token.toUpperCase().replace(/[\s-]+/g, '_');
}

/** One of the known project types in any spelling, or null. */
export function parseProjectType(token: string): JiraProjectTypeName | null {
  const normalized = normalizeProjectType(token);
  return normalized !== null && (JIRA_PROJECT_TYPES as readonly string[]).includes(normalized) ? (normalized as JiraProjectTypeName) : null;
}

/**
 * The types Jira REST's project search filters by (`typeKey`, GET /rest/api/3/project/search:
 * "Valid values are business, service_desk, and software"); the others are filtered locally.
 */
export const REST_PROJECT_TYPE_KEYS: Readonly<Partial<Record<JiraProjectTypeName, string>>> = {
  SOFTWARE: 'software',
  SERVICE_DESK: 'service_desk',
  BUSINESS: 'business',
};
