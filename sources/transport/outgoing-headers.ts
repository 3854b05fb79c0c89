/** The headers one attempt goes out with: the caller's and Mesh's, then ours on top. */
import type { UpstreamSettings } from '../config/types.ts';
import { mergeExperimentalApis } from './experimental-apis.ts';
import { type CallerRequest, copyHeaders } from './request-context.ts';

export function buildOutgoingHeaders(initHeaders: unknown, authHeaders: Record<string, string>, upstream: UpstreamSettings, caller: CallerRequest, experimentalApis: readonly string[]): Headers {
  const headers = copyHeaders(initHeaders) ?? new Headers();
  // The transport owns credentials: nothing configured elsewhere may replace or leak them.
  headers.delete('authorization');
  headers.delete('cookie');
  for (const [name, value] of Object.entries(authHeaders)) headers.set(name, value);
  // The caller's request id (the gateway sets one on every request) lets upstream logs be joined to ours.
  if (caller.requestId !== undefined) headers.set('x-request-id', caller.requestId);
  if (upstream.name === 'agg') {
    const apis = mergeExperimentalApis(experimentalApis, headers.get('x-experimentalapi'), caller.headers.get('x-experimentalapi'));
    headers.delete('x-experimentalapi');
    for (const api of apis) headers.append('x-experimentalapi', api);
  }
  return headers;
}
