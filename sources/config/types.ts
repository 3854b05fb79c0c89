/**
 * The gateway's settings, read once from the environment (and `.env`) by `loadSettings`.
 * Every module takes what it needs from here instead of reading process.env itself,
 * so a test can build settings by hand and a bad variable fails once, at start-up.
 */

export type UpstreamName = 'agg' | 'jira' | 'jiraSoftware' | 'srht';

export type GatewayMode = 'sandbox' | 'live';

/** How the gateway authenticates to one upstream with the server's own credentials. */
export type AuthSettings =
  | { kind: 'none' }
  | { kind: 'oauthBearer'; accessToken: string }
  | {
      kind: 'oauthRefresh';
      clientId: string;
      clientSecret: string;
      refreshToken: string;
      /** Optional starting access token; refreshed when it expires or a 401 arrives. */
      accessToken?: string;
      tokenUrl: string;
    }
  | { kind: 'basic'; email: string; apiToken: string }
  | { kind: 'cookies'; cookies: Record<string, string> }
  | { kind: 'bearer'; token: string };

export interface UpstreamSettings {
  name: UpstreamName;
  /**
   * agg: the full GraphQL URL (…/graphql); jira and jiraSoftware: the site base without
   * `/rest/...` (e.g. https://api.atlassian.com/ex/jira/{cloudId}); srht: the full /query URL.
   */
  baseUrl: string;
  auth: AuthSettings;
  /** Per-request timeout for this upstream. */
  timeoutMs: number;
  /** Largest answer body accepted, in bytes after decompression (UPSTREAM_MAX_BODY_BYTES). */
  maxBodyBytes: number;
}

export interface BudgetSettings {
  enabled: boolean;
  /** Bucket capacity in points (AGG default 10,000). */
  capacity: number;
  /** Points added back per second (AGG default 10,000/60). */
  refillPerSecond: number;
  /** Estimated cost of one upstream call when nothing more specific is configured. */
  defaultCost: number;
  /** Costs by upstream operation name or `METHOD /path` template. */
  costs: Record<string, number>;
}

export interface JiraFieldSettings {
  /** Custom field holding story points (e.g. customfield_10016). */
  storyPointsField: string;
  /** Custom field holding sprints (e.g. customfield_10020). */
  sprintField: string;
  /**
   * Which of the two were left unset (no JIRA_STORY_POINTS_FIELD / JIRA_SPRINT_FIELD): those are
   * discovered by name per cloud from GET /rest/api/3/field, and the ids above are then only the
   * fallback for a site without such a field. Absent: both ids are used as configured.
   */
  discover?: { storyPoints: boolean; sprint: boolean };
}

export interface GatewaySettings {
  mode: GatewayMode;
  /** Default Atlassian cloud id, used when a query does not pass one. */
  cloudId?: string;
  upstreams: Record<UpstreamName, UpstreamSettings>;
  /** Sent as repeated X-ExperimentalApi headers to AGG. */
  experimentalApis: string[];
  maxWaitSeconds: number;
  maxRetries429: number;
  /** Upstream GraphQL errors[] fail the field instead of keeping partial data. */
  strict: boolean;
  budget: BudgetSettings;
  /** Shared budget (and cache) store; in-memory when absent. */
  redisUrl?: string;
  /** Forward the caller's Authorization/cookies upstream instead of the server's credentials. */
  forwardCallerCredentials: boolean;
  jira: JiraFieldSettings;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** A bad setting: one line naming the variable, the problem and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
