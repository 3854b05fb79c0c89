/**
 * The "upstream configuration valid" half of /readyz. Settings were validated at start-up; this
 * re-states what a load balancer needs to know: every upstream has a usable http(s) URL, and a
 * live gateway can authenticate to Atlassian somehow (its own credentials or the callers').
 */
import type { GatewaySettings } from '../sources/config/types.ts';

export function checkUpstreamConfiguration(settings: GatewaySettings): true | string {
  for (const upstream of Object.values(settings.upstreams)) {
    let url: URL;
    try {
      url = new URL(upstream.baseUrl);
    } catch {
      return `${upstream.name} has no valid base URL`;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${upstream.name} base URL is not http(s)`;
  }
  if (settings.mode === 'live' && !settings.forwardCallerCredentials) {
    const atlassian = [settings.upstreams.agg, settings.upstreams.jira, settings.upstreams.jiraSoftware];
    if (atlassian.every((upstream) => upstream.auth.kind === 'none')) {
      return 'live mode without Atlassian credentials and without caller credential forwarding';
    }
  }
  return true;
}
