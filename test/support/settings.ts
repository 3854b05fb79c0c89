/** Hand-built gateway settings for tests that run resolvers or the transport without the env loader. */
import type { AuthSettings, GatewaySettings, UpstreamSettings } from '../../sources/config/types.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../../sources/config/load-settings.ts';

/** Where each upstream lives; a missing one points at a closed port (a call to it fails loudly). */
export type TestUpstreamUrls = Partial<Record<UpstreamSettings['name'], string>>;

export interface TestSettingsOptions extends Partial<Omit<GatewaySettings, 'upstreams'>> {
  /** Credential for AGG and Jira (default none). */
  auth?: AuthSettings;
  /** Credential for todo.sr.ht (default none). */
  srhtAuth?: AuthSettings;
  timeoutMs?: number;
  /** Body limit of every upstream (default the loader's). */
  maxBodyBytes?: number;
}

const UNUSED = 'http://127.0.0.1:9/unused';

/** The loader's defaults (budget off, standard Jira custom fields), live mode, debug logs. */
export function testSettings(urls: TestUpstreamUrls, options: TestSettingsOptions = {}): GatewaySettings {
  const { auth = { kind: 'none' }, srhtAuth = { kind: 'none' }, timeoutMs = 5_000, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, ...rest } = options;
  const upstream = (name: UpstreamSettings['name'], credential: AuthSettings): UpstreamSettings => ({ name, baseUrl: urls[name] ?? UNUSED, auth: credential, timeoutMs, maxBodyBytes });
  return {
    mode: 'live',
    upstreams: { agg: upstream('agg', auth), jira: upstream('jira', auth), jiraSoftware: upstream('jiraSoftware', auth), srht: upstream('srht', srhtAuth) },
    experimentalApis: [],
    maxWaitSeconds: 60,
    maxRetries429: 3,
    strict: false,
    budget: { enabled: false, capacity: 10_000, refillPerSecond: 10_000 / 60, defaultCost: 1, costs: {} },
    forwardCallerCredentials: false,
    jira: { storyPointsField: 'customfield_10016', sprintField: 'customfield_10020' },
    logLevel: 'debug',
    ...rest,
  };
}
