import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../../sources/context.ts';
import { badUserInput, mapOrError, type MappingError } from '../shared/errors.ts';
import type { CallContext, ResolverDeps } from '../shared/http.ts';
import { PageWalkGuard } from '../shared/pagination.ts';
import { normalizeProjectType, parseProjectType, REST_PROJECT_TYPE_KEYS, type JiraProjectTypeName } from '../shared/project-type.ts';
import { isObject } from '../shared/raw.ts';
import { fetchProjectSearchPage, JIRA } from './fetchers/platform.ts';
import { mapRestProjectWithOpsgenieTeams } from './mappers/project.ts';
import type { CanonicalProjectWithOpsgenieTeams } from './types.ts';
import { jiraBase, resolveCloudId } from './urls.ts';

export interface ListProjectsViaRestOptions {
  /** Cloud whose projects to list; the gateway's configured cloud id when absent. */
  cloudId?: string | null;
  /** Project types in any spelling (SOFTWARE, software, service-desk, Service Desk); all types when empty. */
  projectTypes?: string[] | null;
  /** Upstream page size, 1..100 (Jira's project search maximum); default 50. */
  pageSize?: number | null;
}

const PROJECT_PAGE_MAX = 100;

/**
 * Projects via GET /rest/api/3/project/search, as canonical CanonicalProjectWithOpsgenieTeams
 * with empty opsgenieTeams: the fallback when AGG refuses the project listing with
 * InsufficientOAuthScopes (normal 3LO scopes allow this REST route). Project types come back in
 * the canonical upper-case form and the type filter is applied here too. Yields page by page so a
 * caller can stop early; an unmappable project is yielded as a MappingError naming the project
 * and field, the others still arrive.
 */
export async function* listProjectsViaRest(
  deps: ResolverDeps,
  options: ListProjectsViaRestOptions,
  context: GatewayContext,
  info?: GraphQLResolveInfo,
): AsyncGenerator<CanonicalProjectWithOpsgenieTeams | MappingError> {
  const cloudId = resolveCloudId(deps.settings, options.cloudId);
  const pageSize = options.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > PROJECT_PAGE_MAX) {
    throw badUserInput(`pageSize must be between 1 and ${PROJECT_PAGE_MAX}, got ${pageSize}`);
  }
  const types = new Set<JiraProjectTypeName>(
    (options.projectTypes ?? []).map((type, index) => {
      if (type.trim() === '') throw badUserInput(`projectTypes[${index}] must not be empty`);
      const parsed = parseProjectType(type);
      if (parsed === null) throw badUserInput(`projectTypes[${index}]: unknown Jira project type ${JSON.stringify(type)}`);
      return parsed;
    }),
  );
  // Jira's typeKey knows only some types: ask it to filter only when it can take every requested
  // type, and filter here in every case (the requested types are the contract, not Jira's subset).
  const restKeys = [...types].map((type) => REST_PROJECT_TYPE_KEYS[type]);
  const typeKeys = restKeys.every((key): key is string => key !== undefined) ? restKeys : [];
  const wanted = (raw: unknown): boolean => {
    if (types.size === 0 || !isObject(raw)) return true;
    const type = normalizeProjectType(raw.projectTypeKey);
    // A project Jira sends without a type cannot be matched: kept (type null) rather than dropped unseen.
    return type === null || (types as ReadonlySet<string>).has(type);
  };
  const call: CallContext = { deps, context, info };
  const base = jiraBase(deps.settings, cloudId);
  const guard = new PageWalkGuard(JIRA, 'projects');
  let startAt = 0;
  for (;;) {
    guard.visit(startAt);
    const page = await fetchProjectSearchPage(call, base, { startAt, maxResults: pageSize, typeKeys });
    for (const raw of page.values) {
      if (wanted(raw)) yield mapOrError(raw, (project) => mapRestProjectWithOpsgenieTeams(project, cloudId));
    }
    const next = startAt + page.values.length;
    const more = page.isLast !== null ? !page.isLast : page.total !== null ? next < page.total : page.values.length >= pageSize;
    if (!more) return;
    startAt = next;
  }
}
