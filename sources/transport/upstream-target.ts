/**
 * Which configured upstream a URL belongs to, checked on the string as written: `new URL` has
 * already resolved `..` and `%2e%2e`, so the raw path is checked before the parsed one is trusted.
 */
import { Kind, valueFromASTUntyped, type ArgumentNode, type GraphQLResolveInfo } from 'graphql';
import type { GatewaySettings, UpstreamSettings } from '../config/types.ts';
import type { Logger } from '../logging/logger.ts';
import { type RefusedUrlSource, UnsafeUpstreamPathError, UpstreamNotAllowedError } from './errors.ts';
import { describeEndpoint, matchUpstream, rawPathProblem } from './upstreams.ts';

export interface UpstreamTarget {
  target: URL;
  upstream: UpstreamSettings;
  /** Path below the upstream's base, for cost rules. */
  relativePath: string;
}

export function resolveUpstreamTarget(raw: string, settings: GatewaySettings, logger: Logger, info: GraphQLResolveInfo | undefined): UpstreamTarget {
  let target: URL;
  try {
    target = new URL(raw);
  } catch {
    throw new UpstreamNotAllowedError('an invalid URL');
  }
  const problem = rawPathProblem(raw, target);
  if (problem !== undefined) {
    const rawPath = raw.replace(/^[^:]*:\/\/[^/?#]*/, '').replace(/[?#].*$/s, '');
    logger.warn('refused an upstream URL whose path is not what it seems', { origin: target.origin, reason: problem });
    throw new UnsafeUpstreamPathError(rawPath, problem, refusedUrlSource(info, rawPath));
  }
  const match = matchUpstream(target, settings.upstreams);
  if (match === undefined) {
    logger.warn('refused a URL outside the configured upstreams', { endpoint: describeEndpoint(target) });
    throw new UpstreamNotAllowedError(describeEndpoint(target), refusedUrlSource(info, target.pathname));
  }
  return { target, upstream: match.upstream, relativePath: match.relativePath };
}

/**
 * The field and arguments whose values appear in a refused path, so the error names what the
 * caller sent rather than only the URL Mesh or a resolver built from it.
 */
function refusedUrlSource(info: GraphQLResolveInfo | undefined, path: string): RefusedUrlSource | undefined {
  const fieldNode = info?.fieldNodes?.[0];
  if (fieldNode === undefined) return undefined;
  const valueOf = (argument: ArgumentNode): unknown =>
    argument.value.kind === Kind.VARIABLE ? info?.variableValues?.[argument.value.name.value] : valueFromASTUntyped(argument.value);
  const names = (fieldNode.arguments ?? [])
    .filter((argument) => {
      const value = valueOf(argument);
      if (typeof value !== 'string' && typeof value !== 'number') return false;
      const text = String(value);
      return text !== '' && (path.includes(text) || path.includes(encodeURIComponent(text)));
    })
    .map((argument) => argument.name.value);
  return { field: info?.fieldName, arguments: names };
}
