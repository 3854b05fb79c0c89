/**
 * Builds GatewaySettings from environment variables (see sources/config/README.md for the list).
 * Pure: reads only the `env` argument, so tests pass plain objects.
 */
import {
  type AuthSettings,
  type BudgetSettings,
  ConfigError,
  type GatewayMode,
  type GatewaySettings,
  type UpstreamName,
  type UpstreamSettings,
} from './types.ts';
import {
  type Env,
  checkNumber,
  readBoolean,
  readChoice,
  readJsonObject,
  readList,
  readNumber,
  readString,
} from './env-values.ts';
import { hasAnyAtlassianCredential, isOAuth, readAtlassianCredential } from './atlassian-credentials.ts';
import {
  DEFAULT_SRHT_URL,
  JIRA_AGILE_SUFFIX,
  JIRA_REST_SUFFIX,
  OAUTH_AGG_URL,
  checkCloudId,
  normaliseAggUrl,
  normaliseJiraUrl,
  normaliseSrhtUrl,
  oauthJiraUrl,
} from './upstream-urls.ts';

/** Cloud id of the sandbox dataset (scripts/sandbox/data), used when sandbox mode names none. */
export const SANDBOX_CLOUD_ID = '11111111-2222-4333-8444-555555555555';

const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
const TIMEOUT_VARIABLES: Record<UpstreamName, string> = {
  agg: 'AGG_TIMEOUT_MS',
  jira: 'JIRA_TIMEOUT_MS',
  jiraSoftware: 'JIRA_SOFTWARE_TIMEOUT_MS',
  srht: 'SRHT_TIMEOUT_MS',
};

interface Endpoints {
  agg: string;
  jira: string;
  jiraSoftware: string;
  srht: string;
}

export function loadSettings(env: Env): GatewaySettings {
  const mode = resolveMode(env);
  const forwardCallerCredentials = readBoolean(env, 'ATLASSIAN_FORWARD_CALLER_CREDENTIALS', false);
  const cloudIdVariable = readString(env, 'ATLASSIAN_CLOUD_ID') !== undefined ? 'ATLASSIAN_CLOUD_ID' : 'ATLASSIAN_JIRA_CLOUD_ID';
  const configuredCloudId = readString(env, cloudIdVariable);
  const cloudId =
    configuredCloudId !== undefined
      ? checkCloudId(cloudIdVariable, configuredCloudId)
      : mode === 'sandbox'
        ? SANDBOX_CLOUD_ID
        : undefined;

  let atlassianAuth: AuthSettings;
  let srhtAuth: AuthSettings;
  let endpoints: Endpoints;
  if (mode === 'sandbox') {
    // Sandbox servers are local and unauthenticated; real credentials are never sent to them.
    atlassianAuth = { kind: 'none' };
    srhtAuth = { kind: 'none' };
    endpoints = readSandboxEndpoints(env);
  } else {
    const credential = readAtlassianCredential(env);
    if (credential === undefined && !forwardCallerCredentials) {
      throw new ConfigError(
        'Live mode needs an Atlassian credential: set ATLASSIAN_OAUTH_REFRESH_TOKEN + ATLASSIAN_CLIENT_ID + ATLASSIAN_CLIENT_SECRET, ATLASSIAN_OAUTH_ACCESS_TOKEN, ATLASSIAN_EMAIL + ATLASSIAN_API_TOKEN or ATLASSIAN_COOKIES_JSON (or ATLASSIAN_FORWARD_CALLER_CREDENTIALS=true), or use ATLASSIAN_MESH_MODE=sandbox.',
      );
    }
    atlassianAuth = credential ?? { kind: 'none' };
    const srhtToken = readString(env, 'SRHT_TOKEN');
    srhtAuth = srhtToken !== undefined ? { kind: 'bearer', token: srhtToken } : { kind: 'none' };
    endpoints = readLiveEndpoints(env, credential !== undefined && isOAuth(credential), cloudId, cloudIdVariable);
  }

  const commonTimeout = readTimeout(env, 'ATLASSIAN_MESH_TIMEOUT_MS', DEFAULT_TIMEOUT_MS);
  // Above the largest answers Jira gives for a page (100 issues with every field, a bulk changelog page).
  const maxBodyBytes = readNumber(env, 'UPSTREAM_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES, { integer: true, min: 1024, max: 1024 * 1024 * 1024 });
  const upstream = (name: UpstreamName, auth: AuthSettings): UpstreamSettings => ({
    name,
    baseUrl: endpoints[name],
    auth,
    timeoutMs: readTimeout(env, TIMEOUT_VARIABLES[name], commonTimeout),
    maxBodyBytes,
  });

  return {
    mode,
    ...(cloudId !== undefined ? { cloudId } : {}),
    upstreams: {
      agg: upstream('agg', atlassianAuth),
      jira: upstream('jira', atlassianAuth),
      jiraSoftware: upstream('jiraSoftware', atlassianAuth),
      srht: upstream('srht', srhtAuth),
    },
    experimentalApis: readList(env, 'ATLASSIAN_GQL_EXPERIMENTAL_APIS'),
    maxWaitSeconds: readNumber(env, 'ATLASSIAN_MAX_WAIT_SECONDS', 60, { min: 0, max: 86_400 }),
    maxRetries429: readNumber(env, 'ATLASSIAN_MAX_RETRIES_429', 3, { integer: true, min: 0, max: 100 }),
    strict: readBoolean(env, 'ATLASSIAN_STRICT', false),
    budget: readBudget(env),
    ...readRedisUrl(env),
    forwardCallerCredentials,
    jira: {
      storyPointsField: readFieldId(env, 'JIRA_STORY_POINTS_FIELD', 'customfield_10016'),
      sprintField: readFieldId(env, 'JIRA_SPRINT_FIELD', 'customfield_10020'),
      // Custom field ids differ per site: an unset one is found by name at run time.
      discover: { storyPoints: readString(env, 'JIRA_STORY_POINTS_FIELD') === undefined, sprint: readString(env, 'JIRA_SPRINT_FIELD') === undefined },
    },
    logLevel: readChoice(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
  };
}

/** sandbox|live from ATLASSIAN_MESH_MODE; unset: live when any Atlassian credential is set. */
export function resolveMode(env: Env): GatewayMode {
  const explicit = readString(env, 'ATLASSIAN_MESH_MODE');
  if (explicit === undefined) return hasAnyAtlassianCredential(env) ? 'live' : 'sandbox';
  return readChoice(env, 'ATLASSIAN_MESH_MODE', ['sandbox', 'live'] as const, 'sandbox');
}

function readSandboxEndpoints(env: Env): Endpoints {
  const required = (name: string): string => {
    const value = readString(env, name);
    if (value === undefined) {
      throw new ConfigError(
        `${name} is required in sandbox mode (the start script sets it to the local sandbox server); set ATLASSIAN_MESH_MODE=live with credentials to use Atlassian.`,
      );
    }
    return value;
  };
  const jira = normaliseJiraUrl('ATLASSIAN_JIRA_BASE_URL', required('ATLASSIAN_JIRA_BASE_URL'), JIRA_REST_SUFFIX);
  const software = readString(env, 'ATLASSIAN_JIRA_SOFTWARE_BASE_URL');
  return {
    agg: normaliseAggUrl('ATLASSIAN_GQL_BASE_URL', required('ATLASSIAN_GQL_BASE_URL')),
    jira,
    jiraSoftware:
      software !== undefined ? normaliseJiraUrl('ATLASSIAN_JIRA_SOFTWARE_BASE_URL', software, JIRA_AGILE_SUFFIX) : jira,
    srht: normaliseSrhtUrl('SRHT_TODO_URL', required('SRHT_TODO_URL')),
  };
}

function readLiveEndpoints(env: Env, oauth: boolean, cloudId: string | undefined, cloudIdVariable: string): Endpoints {
  const aggValue = readString(env, 'ATLASSIAN_GQL_BASE_URL');
  if (aggValue === undefined && !oauth) {
    throw new ConfigError(
      'ATLASSIAN_GQL_BASE_URL is required for non-OAuth auth modes (Basic API token, cookies, caller credentials), e.g. https://yourteam.atlassian.net/gateway/api.',
    );
  }
  const agg = aggValue !== undefined ? normaliseAggUrl('ATLASSIAN_GQL_BASE_URL', aggValue) : OAUTH_AGG_URL;

  const jiraValue = readString(env, 'ATLASSIAN_JIRA_BASE_URL');
  let jira: string;
  if (jiraValue !== undefined) {
    jira = normaliseJiraUrl('ATLASSIAN_JIRA_BASE_URL', jiraValue, JIRA_REST_SUFFIX);
  } else if (!oauth) {
    throw new ConfigError(
      'ATLASSIAN_JIRA_BASE_URL is required for non-OAuth auth modes (Basic API token, cookies, caller credentials), e.g. https://yourteam.atlassian.net.',
    );
  } else if (cloudId === undefined) {
    throw new ConfigError(
      `OAuth Jira REST goes through https://api.atlassian.com/ex/jira/{cloudId}: set ATLASSIAN_CLOUD_ID (or ATLASSIAN_JIRA_CLOUD_ID), or set ATLASSIAN_JIRA_BASE_URL.`,
    );
  } else {
    jira = normaliseJiraUrl(cloudIdVariable, oauthJiraUrl(cloudId), JIRA_REST_SUFFIX);
  }

  const software = readString(env, 'ATLASSIAN_JIRA_SOFTWARE_BASE_URL');
  const srht = readString(env, 'SRHT_TODO_URL') ?? DEFAULT_SRHT_URL;
  return {
    agg,
    jira,
    jiraSoftware:
      software !== undefined ? normaliseJiraUrl('ATLASSIAN_JIRA_SOFTWARE_BASE_URL', software, JIRA_AGILE_SUFFIX) : jira,
    srht: normaliseSrhtUrl('SRHT_TODO_URL', srht),
  };
}

function readTimeout(env: Env, name: string, fallback: number): number {
  return readNumber(env, name, fallback, { integer: true, min: 1, max: 600_000 });
}

function readBudget(env: Env): BudgetSettings {
  const capacity = readNumber(env, 'ATLASSIAN_BUDGET_CAPACITY', 10_000, { min: 0, exclusiveMin: true });
  const checkCost = (label: string, value: number): number => {
    if (value > capacity) {
      throw new ConfigError(`${label} (${value}) exceeds ATLASSIAN_BUDGET_CAPACITY (${capacity}); such a call could never run.`);
    }
    return value;
  };
  const costs =
    readJsonObject(env, 'ATLASSIAN_BUDGET_COSTS', (key, value) => {
      const label = `ATLASSIAN_BUDGET_COSTS["${key}"]`;
      if (typeof value !== 'number') throw new ConfigError(`${label} must be a number >= 0.`);
      return checkCost(label, checkNumber(label, String(value), { min: 0 }));
    }) ?? {};
  return {
    enabled: readBoolean(env, 'ATLASSIAN_LOCAL_BUDGET', false),
    capacity,
    refillPerSecond: readNumber(env, 'ATLASSIAN_BUDGET_REFILL_PER_SECOND', 10_000 / 60, { min: 0, exclusiveMin: true }),
    defaultCost: checkCost('ATLASSIAN_BUDGET_DEFAULT_COST', readNumber(env, 'ATLASSIAN_BUDGET_DEFAULT_COST', 1, { min: 0 })),
    costs,
  };
}

function readRedisUrl(env: Env): { redisUrl?: string } {
  const value = readString(env, 'REDIS_URL');
  if (value === undefined) return {};
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value may hold a password, so it is not repeated here.
    throw new ConfigError('REDIS_URL is not a valid URL; expected redis://[:password@]host:port[/db].');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError('REDIS_URL must start with redis:// or rediss://.');
  }
  return { redisUrl: value };
}

function readFieldId(env: Env, name: string, fallback: string): string {
  const value = readString(env, name) ?? fallback;
  if (!/^[A-Za-z0-9_.]+$/.test(value)) {
    throw new ConfigError(`${name} must be a Jira field id such as customfield_10016.`);
  }
  return value;
}
