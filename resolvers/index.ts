/**
 * The canonical layer as one resolver map, built by the gateway (server/mesh.ts) and handed
 * to Mesh's getMesh as additionalResolvers. Every factory gets the one transport (so auth, budgets,
 * retries and logging apply to canonical calls exactly as to pass-through calls) and the settings;
 * nothing is read when this module is imported.
 */
import type { ResolverDeps } from './shared/http.ts';
import { DateTimeScalar } from './shared/datetime.ts';
import { createJiraResolvers } from './jira/index.ts';
import { createSourcehutResolvers } from './sourcehut/index.ts';
import { createAggResolvers } from './agg/index.ts';
import { createMetricsResolvers } from './metrics/resolvers.ts';
import { mergeResolverMaps, type ResolverMap } from './merge.ts';

export function createCanonicalResolvers(deps: ResolverDeps): ResolverMap {
  return mergeResolverMaps([
    { DateTime: DateTimeScalar } as ResolverMap,
    createJiraResolvers(deps) as ResolverMap,
    createSourcehutResolvers(deps) as ResolverMap,
    createAggResolvers(deps) as ResolverMap,
    createMetricsResolvers(deps) as ResolverMap,
  ]);
}
