/**
 * The canonical layer as Mesh `additionalResolvers`: every factory gets the one transport (so auth,
 * budgets, retries and logging apply to canonical calls exactly as to pass-through calls) and the
 * process settings.
 */
import { fetch } from '../sources/fetch.ts';
import { getSettings } from '../sources/config/get-settings.ts';
import { DateTimeScalar } from './shared/datetime.ts';
import { createJiraResolvers } from './jira/index.ts';
import { createSourcehutResolvers } from './sourcehut/index.ts';
import { createAggResolvers } from './agg/index.ts';
import { createMetricsResolvers } from './metrics/resolvers.ts';
import { mergeResolverMaps, type ResolverMap } from './merge.ts';

const deps = { fetch, settings: getSettings() };

export const resolvers: ResolverMap = mergeResolverMaps([
  { DateTime: DateTimeScalar } as ResolverMap,
  createJiraResolvers(deps) as ResolverMap,
  createSourcehutResolvers(deps) as ResolverMap,
  createAggResolvers(deps) as ResolverMap,
  createMetricsResolvers(deps) as ResolverMap,
]);
