/**
 * Query.compassComponents, Query.compassComponent and the CompassComponent.relationships /
 * scorecardScores fields. Relationships (in the directions the caller selected) and scores come
 * with the components when selected (one AGG call per page); a component reached without them is
 * filled by batched compass.components(ids:) calls.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../../sources/context.ts';
import type { CompassComponentSort, CompassComponentSortField, QueryCompassComponentsArgs, QueryResolvers, Resolvers } from '../../generated/resolver-types.ts';
import { buildConnection, type NodeOrError } from '../../shared/connection.ts';
import { encodeUpstreamCursor, upstreamCursorAfter } from '../../shared/cursor.ts';
import { badUserInput, canonicalError, mapOrError } from '../../shared/errors.ts';
import type { ResolverDeps } from '../../shared/http.ts';
import { perContext } from '../../shared/per-context.ts';
import { arrayOf, isObject, optionalNumber, optionalString, type RawObject } from '../../shared/raw.ts';
import { collectArgumentValues, selectsField } from '../../shared/selection.ts';
import { optionalNonEmpty, requireNonEmpty, validateFirst } from '../../shared/validation.ts';
import { resolveCloudId } from '../../jira/urls.ts';
import { queryAgg } from '../call.ts';
import type { CallContext } from '../../shared/http.ts';
import { mapAppliedScorecardEdge, mapCompassComponent, mapCompassRelationship, type CompassRelationshipDirection } from '../mappers/compass.ts';
import {
  COMPASS_COMPONENT,
  COMPASS_COMPONENT_RELATIONSHIPS_PAGE,
  COMPASS_COMPONENT_SCORECARDS_PAGE,
  COMPASS_COMPONENTS_BY_IDS,
  COMPASS_SEARCH_COMPONENTS,
} from '../operations/compass.ts';
import { collectRemaining, readEdges, readPageInfo, walkAggConnection } from '../pagination.ts';
import { COMPASS_COMPONENT_TYPES, type CompassComponent, type CompassRelationship, type CompassScorecardScore } from '../types.ts';

const CURSOR_KIND = 'compassComponents';
const SEARCH_PAGE_MAX = 100;
const RELATIONSHIPS_PAGE = 50;
const SCORECARDS_PAGE = 50;
/** compass.components(ids:) takes at most 30 ids (AGG field documentation). */
const COMPONENTS_BY_IDS_MAX = 30;

/** Relationships/scores that arrived with the component, kept off the canonical fields. */
const EXTRAS = Symbol('compassExtras');
interface ComponentExtras {
  relationships: Partial<Record<CompassRelationshipDirection, NodeOrError<CompassRelationship>[]>>;
  scorecardScores?: NodeOrError<CompassScorecardScore>[];
}
export type ComponentValue = CompassComponent & { [EXTRAS]?: ComponentExtras };

/** What a request wants with each component (decides the @include variables). */
interface ExtrasWanted {
  directions: ReadonlySet<CompassRelationshipDirection>;
  scores: boolean;
}

/** Canonical sort fields and the Compass search field each sorts by. */
const SORT_FIELDS = {
  NAME: 'title',
  TYPE: 'type',
  TIER: 'compass:tier',
  STATE: 'state',
  SCORE: 'score',
  OWNER_TEAM: 'ownerId',
  EVENT_SOURCE_COUNT: 'eventSourceCount',
} as const satisfies Record<CompassComponentSortField, string>;

function upstreamQueryError(value: RawObject, what: string): Error {
  return canonicalError('UPSTREAM_ERROR', `AGG ${what}: ${optionalString(value.message) ?? 'QueryError'}`, { upstream: 'agg', identifier: value.identifier ?? null });
}

function isNotFound(error: RawObject): boolean {
  return arrayOf(error.extensions).some((extension) => isObject(extension) && (extension.statusCode === 404 || /NOT_FOUND/i.test(String(extension.errorType ?? ''))));
}

function nonEmptyList(name: string, values: ReadonlyArray<string> | null | undefined): string[] | null {
  if (values == null) return null;
  if (values.length === 0) throw badUserInput(`${name} must not be an empty list: omit it to apply no ${name} filter`);
  return values.map((value, index) => {
    if (value.trim() === '') throw badUserInput(`${name}[${index}] must not be empty`);
    return value.trim();
  });
}

interface SearchFilters {
  types: string[] | null;
  labels: string[] | null;
  ownerTeamId: string | null;
  tiers: string[] | null;
  states: string[] | null;
  linkTypes: string[] | null;
  linkUrls: string[] | null;
  score: { gte: string | null; lte: string | null } | null;
  eventSourceCount: { gte: string | null; lte: string | null } | null;
}

function range(name: string, min: number | null | undefined, max: number | null | undefined): { gte: string | null; lte: string | null } | null {
  if (min == null && max == null) return null;
  if (min != null && max != null && min > max) throw badUserInput(`min${name} ${min} is greater than max${name} ${max}`);
  return { gte: min == null ? null : String(min), lte: max == null ? null : String(max) };
}

/** The canonical arguments as checked search filters (every check before any upstream call). */
export function searchFilters(args: QueryCompassComponentsArgs): SearchFilters {
  const types = nonEmptyList('types', args.types);
  types?.forEach((type) => {
    if (!(COMPASS_COMPONENT_TYPES as readonly string[]).includes(type)) throw badUserInput(`types: unknown component type ${type}`);
  });
  const tiers = args.tiers == null ? null : nonEmptyList('tiers', args.tiers.map(String));
  args.tiers?.forEach((tier) => {
    if (!Number.isInteger(tier) || tier < 1) throw badUserInput(`tiers: ${tier} is not a Compass tier (1, 2, 3, 4...)`);
  });
  if (args.minScore != null && (args.minScore < 0 || args.minScore > 100)) throw badUserInput(`minScore must be between 0 and 100, got ${args.minScore}`);
  if (args.maxScore != null && (args.maxScore < 0 || args.maxScore > 100)) throw badUserInput(`maxScore must be between 0 and 100, got ${args.maxScore}`);
  for (const [name, value] of [['minEventSourceCount', args.minEventSourceCount], ['maxEventSourceCount', args.maxEventSourceCount]] as const) {
    if (value != null && (!Number.isInteger(value) || value < 0)) throw badUserInput(`${name} must be a whole number of at least 0, got ${value}`);
  }
  return {
    types,
    labels: nonEmptyList('labels', args.labels),
    ownerTeamId: optionalNonEmpty('ownerTeamId', args.ownerTeamId) ?? null,
    tiers,
    states: nonEmptyList('states', args.states),
    linkTypes: nonEmptyList('linkTypes', args.linkTypes),
    linkUrls: nonEmptyList('linkUrls', args.linkUrls),
    score: range('Score', args.minScore, args.maxScore),
    eventSourceCount: range('EventSourceCount', args.minEventSourceCount, args.maxEventSourceCount),
  };
}

function rangeFilter(value: { gte: string | null; lte: string | null }): RawObject {
  return { ...(value.gte !== null ? { gte: value.gte } : {}), ...(value.lte !== null ? { lte: value.lte } : {}) };
}

/**
 * Search field filters in Compass's name/filter form, with the field names AGG documents
 * (CompassQueryFieldFilter.name: compass:tier, labels, ownerId, score, type, links, linkTypes,
 * state, eventSourceCount); every given filter applies.
 */
export function fieldFilters(filters: SearchFilters): RawObject[] {
  const list: RawObject[] = [];
  if (filters.types) list.push({ name: 'type', filter: { in: filters.types } });
  if (filters.labels) list.push({ name: 'labels', filter: { in: filters.labels } });
  if (filters.ownerTeamId) list.push({ name: 'ownerId', filter: { eq: filters.ownerTeamId } });
  if (filters.tiers) list.push({ name: 'compass:tier', filter: { in: filters.tiers } });
  if (filters.states) list.push({ name: 'state', filter: { in: filters.states } });
  if (filters.linkTypes) list.push({ name: 'linkTypes', filter: { in: filters.linkTypes } });
  if (filters.linkUrls) list.push({ name: 'links', filter: { in: filters.linkUrls } });
  if (filters.score) list.push({ name: 'score', filter: rangeFilter(filters.score) });
  if (filters.eventSourceCount) list.push({ name: 'eventSourceCount', filter: rangeFilter(filters.eventSourceCount) });
  return list;
}

/**
 * Compass search sort: the caller's, else by name. AGG says the sort "is essential for proper
 * pagination", so there always is one, and name breaks ties of any other field.
 */
export function searchSort(sort: ReadonlyArray<CompassComponentSort> | null | undefined): Array<{ name: string; order: 'ASC' | 'DESC' }> {
  if (sort != null && sort.length === 0) throw badUserInput('sort must not be an empty list: omit it to sort by name');
  const fields = new Set<string>();
  const upstream: Array<{ name: string; order: 'ASC' | 'DESC' }> = [];
  for (const entry of sort ?? []) {
    const name = SORT_FIELDS[entry.field];
    if (name === undefined) throw badUserInput(`sort: unknown field ${String(entry.field)}`);
    if (fields.has(name)) throw badUserInput(`sort: ${entry.field} is given twice`);
    fields.add(name);
    upstream.push({ name, order: entry.order ?? 'ASC' });
  }
  if (!fields.has(SORT_FIELDS.NAME)) upstream.push({ name: SORT_FIELDS.NAME, order: 'ASC' });
  return upstream;
}

/** Directions one `relationships(direction:)` selection reads. */
function directionsOf(value: unknown): CompassRelationshipDirection[] {
  if (value === 'INWARD') return ['INWARD'];
  if (value === 'BOTH') return ['OUTWARD', 'INWARD'];
  return ['OUTWARD'];
}

/** What the caller's selection reads of each component. */
function extrasWanted(info: GraphQLResolveInfo | undefined): ExtrasWanted {
  // Without info (direct calls) both directions are fetched; else each relationships(direction:) asked for.
  const directions = new Set<CompassRelationshipDirection>(
    info === undefined ? ['OUTWARD', 'INWARD'] : collectArgumentValues(info, 'relationships').flatMap((args) => directionsOf(args.direction)),
  );
  return { directions, scores: selectsField(info, 'scorecardScores') };
}

function extrasVariables(wanted: ExtrasWanted): RawObject {
  return {
    withOutward: wanted.directions.has('OUTWARD'),
    withInward: wanted.directions.has('INWARD'),
    withScores: wanted.scores,
    relationshipsFirst: RELATIONSHIPS_PAGE,
    scorecardsFirst: SCORECARDS_PAGE,
  };
}

const RELATIONSHIP_ALIASES: Record<CompassRelationshipDirection, string> = { OUTWARD: 'outwardRelationships', INWARD: 'inwardRelationships' };

async function relationshipsOf(call: CallContext, raw: RawObject, componentId: string, direction: CompassRelationshipDirection): Promise<NodeOrError<CompassRelationship>[]> {
  const connection = raw[RELATIONSHIP_ALIASES[direction]];
  const what = `${direction.toLowerCase()} relationships of component ${componentId}`;
  if (!isObject(connection) || !Array.isArray(connection.nodes)) {
    const reason = isObject(connection) && typeof connection.message === 'string' ? connection.message : 'no relationships connection';
    return [canonicalError('UPSTREAM_ERROR', `AGG ${what}: ${reason}`, { upstream: 'agg' })];
  }
  const nodes = await collectRemaining<unknown>({
    what,
    first: connection.nodes,
    pageInfo: readPageInfo(connection.pageInfo, 'CompassComponent.relationships'),
    fetchPage: async (after) => {
      const data = await queryAgg(call, COMPASS_COMPONENT_RELATIONSHIPS_PAGE, { id: componentId, direction, first: RELATIONSHIPS_PAGE, after });
      const component = isObject(data.compass) && isObject(data.compass.component) ? data.compass.component : {};
      const page = isObject(component.relationships) ? component.relationships : {};
      if (!Array.isArray(page.nodes)) throw upstreamQueryError(isObject(component.relationships) ? page : component, what);
      return { items: page.nodes, pageInfo: readPageInfo(page.pageInfo, 'CompassComponent.relationships') };
    },
  });
  return nodes.map((node, index) => mapOrError(node, (value) => mapCompassRelationship(value, componentId, direction, index)));
}

async function scorecardScoresOf(call: CallContext, raw: RawObject, componentId: string): Promise<NodeOrError<CompassScorecardScore>[]> {
  const connection = raw.appliedScorecards;
  const what = `scorecards applied to component ${componentId}`;
  if (connection === null || connection === undefined) return []; // AGG: no scorecards applied
  if (!isObject(connection)) return [canonicalError('UPSTREAM_ERROR', `AGG ${what}: not a connection`, { upstream: 'agg' })];
  const edges = await collectRemaining<unknown>({
    what,
    first: arrayOf(connection.edges),
    pageInfo: readPageInfo(connection.pageInfo, 'CompassComponent.appliedScorecards'),
    fetchPage: async (after) => {
      const data = await queryAgg(call, COMPASS_COMPONENT_SCORECARDS_PAGE, { id: componentId, first: SCORECARDS_PAGE, after });
      const component = isObject(data.compass) && isObject(data.compass.component) ? data.compass.component : {};
      const page = component.appliedScorecards;
      if (!isObject(page)) throw upstreamQueryError(component, what);
      return { items: arrayOf(page.edges), pageInfo: readPageInfo(page.pageInfo, 'CompassComponent.appliedScorecards') };
    },
  });
  const scores: NodeOrError<CompassScorecardScore>[] = [];
  edges.forEach((edge, index) => {
    const mapped = mapOrError(edge, (value) => mapAppliedScorecardEdge(value, componentId, index));
    // null: a maturity-level scorecard, which has no percentage score.
    if (mapped !== null) scores.push(mapped);
  });
  return scores;
}

/** Extras of one raw component: every relationship page of each wanted direction (follow-ups only when needed) and scores. */
async function extrasOf(call: CallContext, raw: RawObject, componentId: string, wanted: ExtrasWanted): Promise<ComponentExtras> {
  const extras: ComponentExtras = { relationships: {} };
  for (const direction of wanted.directions) extras.relationships[direction] = await relationshipsOf(call, raw, componentId, direction);
  if (wanted.scores) extras.scorecardScores = await scorecardScoresOf(call, raw, componentId);
  return extras;
}

async function componentValue(call: CallContext, raw: unknown, cloudId: string | null, wanted: ExtrasWanted): Promise<NodeOrError<ComponentValue>> {
  const mapped = mapOrError(raw, (value) => mapCompassComponent(value, cloudId));
  if (mapped instanceof Error || !isObject(raw)) return mapped;
  const value: ComponentValue = { ...mapped };
  if (wanted.directions.size > 0 || wanted.scores) value[EXTRAS] = await extrasOf(call, raw, mapped.id, wanted);
  return value;
}

/** The relationships one field selection asks for; BOTH lists each relationship once. */
function combineDirections(byDirection: Array<NodeOrError<CompassRelationship>[]>): NodeOrError<CompassRelationship>[] {
  const seen = new Set<string>();
  const combined: NodeOrError<CompassRelationship>[] = [];
  for (const item of byDirection.flat()) {
    if (!(item instanceof Error)) {
      // A component related to itself shows up in both directions.
      if (seen.has(item.id)) continue;
      seen.add(item.id);
    }
    combined.push(item);
  }
  return combined;
}

export function createCompassResolvers(deps: ResolverDeps): Resolvers {
  const compassComponents: QueryResolvers['compassComponents'] = async (_parent, args, context, info) => {
    const cloudId = resolveCloudId(deps.settings, args.cloudId);
    const query = optionalNonEmpty('query', args.query) ?? null;
    const filters = searchFilters(args);
    const sort = searchSort(args.sort);
    const first = validateFirst(args.first);
    const cursorArgs = { cloudId, query, filters, sort };
    const after = upstreamCursorAfter(CURSOR_KIND, args.after, cursorArgs);
    const wanted = extrasWanted(info);
    const call: CallContext = { deps, context, info };
    const walk = await walkAggConnection<unknown>({
      what: 'Compass components',
      want: first,
      after,
      pageMax: SEARCH_PAGE_MAX,
      fetchPage: async (pageFirst, pageAfter) => {
        const data = await queryAgg(call, COMPASS_SEARCH_COMPONENTS, {
          cloudId,
          query: { query, first: pageFirst, after: pageAfter, fieldFilters: fieldFilters(filters), sort },
          ...extrasVariables(wanted),
        });
        const result = isObject(data.compass) && isObject(data.compass.searchComponents) ? data.compass.searchComponents : null;
        if (!result) throw canonicalError('UPSTREAM_ERROR', 'AGG returned no compass.searchComponents result', { upstream: 'agg' });
        if (!('pageInfo' in result)) throw upstreamQueryError(result, 'compass.searchComponents');
        return {
          items: readEdges(result).map((edge) => ({ item: isObject(edge.node) ? edge.node.component : null, cursor: edge.cursor })),
          pageInfo: readPageInfo(result.pageInfo, 'compass.searchComponents'),
          totalCount: optionalNumber(result.totalCount),
        };
      },
    });
    const edges = await Promise.all(
      walk.items.map(async ({ item, cursor }) => ({
        cursor: encodeUpstreamCursor(CURSOR_KIND, cursorArgs, cursor),
        node: await componentValue(call, item, cloudId, wanted),
      })),
    );
    return buildConnection(edges, walk.hasNextPage, { hasPreviousPage: after !== null, totalCount: walk.totalCount });
  };

  const compassComponent: QueryResolvers['compassComponent'] = async (_parent, args, context, info) => {
    const id = requireNonEmpty('id', args.id);
    const wanted = extrasWanted(info);
    const call: CallContext = { deps, context, info };
    const data = await queryAgg(call, COMPASS_COMPONENT, { id, ...extrasVariables(wanted) });
    const result = isObject(data.compass) ? data.compass.component : null;
    if (!isObject(result)) return null;
    if (result.__typename === 'QueryError') {
      if (isNotFound(result)) return null;
      throw upstreamQueryError(result, `compass.component ${id}`);
    }
    const value = await componentValue(call, result, deps.settings.cloudId ?? null, wanted);
    if (value instanceof Error) throw value;
    return value;
  };

  /** Batches every component a request still needs extras for into compass.components(ids:) calls of up to 30 ids. */
  const extrasLoader = (context: GatewayContext, info: GraphQLResolveInfo | undefined) =>
    perContext(context, 'agg.compassExtras', () =>
      new DataLoader<string, ComponentExtras>(
        async (ids) => {
          const call: CallContext = { deps, context, info };
          const all: ExtrasWanted = { directions: new Set(['OUTWARD', 'INWARD']), scores: true };
          const data = await queryAgg(call, COMPASS_COMPONENTS_BY_IDS, { ids: [...ids], ...extrasVariables(all) });
          const byId = new Map<string, RawObject>();
          for (const raw of arrayOf(isObject(data.compass) ? data.compass.components : null)) {
            if (isObject(raw) && typeof raw.id === 'string') byId.set(raw.id, raw);
          }
          return Promise.all(
            ids.map(async (id) => {
              const raw = byId.get(id);
              if (!raw) return canonicalError('NOT_FOUND', `AGG compass.components returned no component ${id}`, { upstream: 'agg' });
              return extrasOf(call, raw, id, all);
            }),
          );
        },
        { maxBatchSize: COMPONENTS_BY_IDS_MAX },
      ),
    );

  const relationshipsIn = async (parent: ComponentValue, direction: CompassRelationshipDirection, context: GatewayContext, info: GraphQLResolveInfo) =>
    parent[EXTRAS]?.relationships[direction] ?? (await extrasLoader(context, info).load(parent.id)).relationships[direction] ?? [];

  return {
    Query: { compassComponents, compassComponent },
    CompassComponent: {
      relationships: async (parent, args, context, info) =>
        combineDirections(await Promise.all(directionsOf(args.direction).map((direction) => relationshipsIn(parent, direction, context, info)))),
      scorecardScores: async (parent, _args, context, info) =>
        parent[EXTRAS]?.scorecardScores ?? (await extrasLoader(context, info).load(parent.id)).scorecardScores ?? [],
    },
  };
}
