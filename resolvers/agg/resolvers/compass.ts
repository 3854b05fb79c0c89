/**
 * Query.compassComponents and the CompassComponent.relationships / scorecardScores fields.
 * Relationships and scores come with the component page when selected (one AGG call per page);
 * a component reached without them is filled by one batched compass.components(ids:) call.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { buildConnection, type Connection, type NodeOrError } from '../../shared/connection.ts';
import { encodeUpstreamCursor, upstreamCursorAfter } from '../../shared/cursor.ts';
import { badUserInput, canonicalError, mapOrError } from '../../shared/errors.ts';
import type { ResolverDeps } from '../../shared/http.ts';
import { perContext } from '../../shared/per-context.ts';
import { arrayOf, isObject, optionalString, type RawObject } from '../../shared/raw.ts';
import { selectsField } from '../../shared/selection.ts';
import { optionalNonEmpty, validateFirst } from '../../shared/validation.ts';
import { resolveCloudId } from '../../jira/urls.ts';
import { queryAgg, type AggResolverCall } from '../call.ts';
import { mapCompassComponent, mapCompassRelationship, mapCompassScorecardScore, scorecardNamesOf } from '../mappers/compass.ts';
import { COMPASS_COMPONENT_RELATIONSHIPS_PAGE, COMPASS_COMPONENTS_BY_IDS, COMPASS_SEARCH_COMPONENTS } from '../operations/compass.ts';
import { collectRemaining, readEdges, readPageInfo, walkAggConnection, type AggPageInfo } from '../pagination.ts';
import { COMPASS_COMPONENT_TYPES, type CompassComponent, type CompassRelationship, type CompassScorecardScore } from '../types.ts';

const CURSOR_KIND = 'compassComponents';
const SEARCH_PAGE_MAX = 100;
const RELATIONSHIPS_PAGE = 50;

/** Relationships/scores that arrived with the component, kept off the canonical fields. */
const EXTRAS = Symbol('compassExtras');
interface ComponentExtras {
  relationships?: NodeOrError<CompassRelationship>[];
  scorecardScores?: NodeOrError<CompassScorecardScore>[];
}
type ComponentValue = CompassComponent & { [EXTRAS]?: ComponentExtras };

export interface CompassComponentsArgs {
  cloudId?: string | null;
  query?: string | null;
  types?: ReadonlyArray<string> | null;
  labels?: ReadonlyArray<string> | null;
  ownerTeamId?: string | null;
  first?: number | null;
  after?: string | null;
}

function upstreamQueryError(value: RawObject, what: string): Error {
  return canonicalError('UPSTREAM_ERROR', `AGG ${what}: ${optionalString(value.message) ?? 'QueryError'}`, { upstream: 'agg', identifier: value.identifier ?? null });
}

/** Search field filters in Compass's name/filter form; every given filter applies. */
function fieldFilters(args: { types: string[] | null; labels: string[] | null; ownerTeamId: string | null }): RawObject[] {
  const filters: RawObject[] = [];
  if (args.types) filters.push({ name: 'typeId', filter: { in: args.types } });
  if (args.labels) filters.push({ name: 'labels', filter: { in: args.labels } });
  if (args.ownerTeamId) filters.push({ name: 'ownerId', filter: { eq: args.ownerTeamId } });
  return filters;
}

function nonEmptyList(name: string, values: ReadonlyArray<string> | null | undefined): string[] | null {
  if (values == null) return null;
  if (values.length === 0) throw badUserInput(`${name} must not be an empty list: omit it to apply no ${name} filter`);
  return values.map((value, index) => {
    if (value.trim() === '') throw badUserInput(`${name}[${index}] must not be empty`);
    return value.trim();
  });
}

/** Extras of one raw component: every relationship page (follow-ups only when needed) and scores. */
async function extrasOf(call: AggResolverCall, raw: RawObject, componentId: string, wantRelationships: boolean, wantScores: boolean): Promise<ComponentExtras> {
  const extras: ComponentExtras = {};
  if (wantRelationships) {
    const connection = isObject(raw.relationships) ? raw.relationships : null;
    if (!connection || !Array.isArray(connection.nodes)) {
      const reason = connection && typeof connection.message === 'string' ? connection.message : 'no relationships connection';
      extras.relationships = [canonicalError('UPSTREAM_ERROR', `AGG relationships of component ${componentId}: ${reason}`, { upstream: 'agg' })];
    } else {
      const nodes = await collectRemaining<unknown>({
        what: `relationships of component ${componentId}`,
        first: connection.nodes,
        pageInfo: readPageInfo(connection.pageInfo, 'CompassComponent.relationships'),
        fetchPage: async (after) => {
          const data = await queryAgg(call, 'CanonicalCompassComponentRelationshipsPage', COMPASS_COMPONENT_RELATIONSHIPS_PAGE, { id: componentId, first: RELATIONSHIPS_PAGE, after });
          const component = isObject(data.compass) && isObject(data.compass.component) ? data.compass.component : {};
          const page = isObject(component.relationships) ? component.relationships : {};
          if (!Array.isArray(page.nodes)) throw upstreamQueryError(page, `relationships of component ${componentId}`);
          return { items: page.nodes, pageInfo: readPageInfo(page.pageInfo, 'CompassComponent.relationships') as AggPageInfo };
        },
      });
      extras.relationships = nodes.map((node, index) => mapOrError(node, (value) => mapCompassRelationship(value, componentId, index)));
    }
  }
  if (wantScores) {
    const names = scorecardNamesOf(raw);
    extras.scorecardScores = arrayOf(raw.scorecardScores).map((score, index) => mapOrError(score, (value) => mapCompassScorecardScore(value, componentId, names, index)));
  }
  return extras;
}

async function componentValue(call: AggResolverCall, raw: unknown, cloudId: string | null, wantRelationships: boolean, wantScores: boolean): Promise<NodeOrError<ComponentValue>> {
  const mapped = mapOrError(raw, (value) => mapCompassComponent(value, cloudId));
  if (mapped instanceof Error || !isObject(raw)) return mapped;
  const value: ComponentValue = { ...mapped };
  if (wantRelationships || wantScores) value[EXTRAS] = await extrasOf(call, raw, mapped.id, wantRelationships, wantScores);
  return value;
}

export function createCompassResolvers(deps: ResolverDeps) {
  const compassComponents = async (_parent: unknown, args: CompassComponentsArgs, context: unknown, info?: GraphQLResolveInfo): Promise<Connection<ComponentValue>> => {
    const cloudId = resolveCloudId(deps.settings, args.cloudId);
    const query = optionalNonEmpty('query', args.query) ?? null;
    const types = nonEmptyList('types', args.types);
    types?.forEach((type) => {
      if (!(COMPASS_COMPONENT_TYPES as readonly string[]).includes(type)) throw badUserInput(`types: unknown component type ${type}`);
    });
    const labels = nonEmptyList('labels', args.labels);
    const ownerTeamId = optionalNonEmpty('ownerTeamId', args.ownerTeamId) ?? null;
    const first = validateFirst(args.first);
    const cursorArgs = { cloudId, query, types, labels, ownerTeamId };
    const after = upstreamCursorAfter(CURSOR_KIND, args.after, cursorArgs);
    const withRelationships = selectsField(info, 'relationships');
    const withScores = selectsField(info, 'scorecardScores');
    const call: AggResolverCall = { deps, context, info };
    const walk = await walkAggConnection<unknown>({
      what: 'Compass components',
      want: first,
      after,
      pageMax: SEARCH_PAGE_MAX,
      fetchPage: async (pageFirst, pageAfter) => {
        const data = await queryAgg(call, 'CanonicalCompassSearchComponents', COMPASS_SEARCH_COMPONENTS, {
          cloudId,
          query: { query, first: pageFirst, after: pageAfter, fieldFilters: fieldFilters({ types, labels, ownerTeamId }) },
          withRelationships,
          withScores,
          relationshipsFirst: RELATIONSHIPS_PAGE,
        });
        const result = isObject(data.compass) && isObject(data.compass.searchComponents) ? data.compass.searchComponents : null;
        if (!result) throw canonicalError('UPSTREAM_ERROR', 'AGG returned no compass.searchComponents result', { upstream: 'agg' });
        if (!('pageInfo' in result)) throw upstreamQueryError(result, 'compass.searchComponents');
        return {
          items: readEdges(result).map((edge) => ({ item: isObject(edge.node) ? edge.node.component : null, cursor: edge.cursor })),
          pageInfo: readPageInfo(result.pageInfo, 'compass.searchComponents'),
          totalCount: typeof result.totalCount === 'number' ? result.totalCount : null,
        };
      },
    });
    const edges = await Promise.all(
      walk.items.map(async ({ item, cursor }) => ({
        cursor: encodeUpstreamCursor(CURSOR_KIND, cursorArgs, cursor),
        node: await componentValue(call, item, cloudId, withRelationships, withScores),
      })),
    );
    return buildConnection(edges, walk.hasNextPage, { hasPreviousPage: after !== null, totalCount: walk.totalCount });
  };

  /** Batches every component a request still needs extras for into one compass.components(ids:) call. */
  const extrasLoader = (context: unknown, info: GraphQLResolveInfo | undefined) =>
    perContext(context, 'agg.compassExtras', () =>
      new DataLoader<string, ComponentExtras>(async (ids) => {
        const call: AggResolverCall = { deps, context, info };
        const data = await queryAgg(call, 'CanonicalCompassComponentsByIds', COMPASS_COMPONENTS_BY_IDS, {
          ids: [...ids],
          withRelationships: true,
          withScores: true,
          relationshipsFirst: RELATIONSHIPS_PAGE,
        });
        const byId = new Map<string, RawObject>();
        for (const raw of arrayOf(isObject(data.compass) ? data.compass.components : null)) {
          if (isObject(raw) && typeof raw.id === 'string') byId.set(raw.id, raw);
        }
        return Promise.all(
          ids.map(async (id) => {
            const raw = byId.get(id);
            if (!raw) return canonicalError('NOT_FOUND', `AGG compass.components returned no component ${id}`, { upstream: 'agg' });
            return extrasOf(call, raw, id, true, true);
          }),
        );
      }),
    );

  return {
    Query: { compassComponents },
    CompassComponent: {
      relationships: async (parent: ComponentValue, _args: unknown, context: unknown, info: GraphQLResolveInfo) =>
        parent[EXTRAS]?.relationships ?? (await extrasLoader(context, info).load(parent.id)).relationships ?? [],
      scorecardScores: async (parent: ComponentValue, _args: unknown, context: unknown, info: GraphQLResolveInfo) =>
        parent[EXTRAS]?.scorecardScores ?? (await extrasLoader(context, info).load(parent.id)).scorecardScores ?? [],
    },
  };
}
