import type { GatewaySettings } from '../../sources/config/types.ts';
import { badUserInput } from '../shared/errors.ts';
import { optionalNonEmpty } from '../shared/validation.ts';
import { encodePathSegment } from '../../sources/transport/path-segment.ts';

/** The cloud id a query works on: its argument, else the gateway's configured one. */
export function resolveCloudId(settings: GatewaySettings, cloudId: string | null | undefined): string {
  const chosen = optionalNonEmpty('cloudId', cloudId) ?? settings.cloudId;
  if (!chosen) throw badUserInput('cloudId is required: pass cloudId or set the gateway cloud id (ATLASSIAN_CLOUD_ID)');
  return chosen;
}

/**
 * Base URL of one cloud's Jira REST API. OAuth bases are https://api.atlassian.com/ex/jira/{cloudId}:
 * another cloud id swaps that segment. A tenanted base (https://x.atlassian.net) serves one cloud only.
 */
function baseFor(baseUrl: string, settings: GatewaySettings, cloudId: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  if (cloudId === settings.cloudId) return trimmed;
  const match = /\/ex\/jira\/([^/]+)/.exec(trimmed);
  if (match) return trimmed.replace(match[0], `/ex/jira/${encodePathSegment(cloudId, 'cloudId')}`);
  if (settings.cloudId === undefined) return trimmed;
  throw badUserInput(`cloudId ${cloudId} is not served by this gateway: its Jira site is bound to cloud ${settings.cloudId}`);
}

export function jiraBase(settings: GatewaySettings, cloudId: string): string {
  return baseFor(settings.upstreams.jira.baseUrl, settings, cloudId);
}

export function agileBase(settings: GatewaySettings, cloudId: string): string {
  return baseFor(settings.upstreams.jiraSoftware.baseUrl, settings, cloudId);
}
