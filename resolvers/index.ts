/**
 * The canonical layer as one resolver map, built by the gateway (server/mesh.ts) and handed
 * to Mesh's getMesh as additionalResolvers. Every factory gets the one transport (so auth, budgets,
 * retries and logging apply to canonical calls exactly as to pass-through calls) and the settings;
 * nothing is read when this module is imported. The map's type is generated from the canonical SDL
 * (resolvers/generated/resolver-types.ts, `npm run codegen:resolvers`).
 */
import type { Resolvers } from './generated/resolver-types.ts';
import type { ResolverDeps } from './shared/http.ts';
import { DateTimeScalar } from './shared/datetime.ts';
import { createJiraResolvers } from './jira/index.ts';
import { createSourcehutResolvers } from './sourcehut/index.ts';
import { createAggResolvers } from './agg/index.ts';
import { createMetricsResolvers } from './metrics/resolvers.ts';
import { mergeResolverMaps } from './merge.ts';

export type { Resolvers } from './generated/resolver-types.ts';

export function createCanonicalResolvers(deps: ResolverDeps): Resolvers {
  return mergeResolverMaps([
    { DateTime: DateTimeScalar },
    createJiraResolvers(deps),
    createSourcehutResolvers(deps),
    createAggResolvers(deps),
    createMetricsResolvers(deps),
  ]);
}
