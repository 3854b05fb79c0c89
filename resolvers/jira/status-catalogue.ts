/**
 * Jira's status catalogue (GET /rest/api/3/status): the category (To Do / In Progress / Done) of
 * every status, which the metrics need for historical statuses (an issue carries only its current
 * status's category). Cached like the field catalogue in site-info.ts: per settings object and
 * cloud for the process, per request with forwarded caller credentials (each caller may see other
 * workflows).
 */
import { GraphQLError } from 'graphql';
import type { GatewaySettings } from '../../sources/config/types.ts';
import type { CategoryOf, StatusCategory } from '../metrics/work-item.ts';
import type { CallContext } from '../shared/http.ts';
import { perContext } from '../shared/per-context.ts';
import { isObject, optionalObject, optionalString } from '../shared/raw.ts';
import { fetchStatuses, JIRA } from './fetchers/platform.ts';
import { JIRA_STATUS_CATEGORY_BY_KEY } from './mappers/issue.ts';
import { jiraBase } from './urls.ts';

/** A catalogue is fetched again on a miss at most this often per cloud (an unknown status must not cost a request each time). */
export const STATUS_REFRESH_MIN_MS = 60_000;


/** Category per status id, and per status name (null when statuses of that name disagree). */
export interface JiraStatusCatalogue {
  byId: Map<string, StatusCategory | null>;
  byName: Map<string, StatusCategory | null>;
}

// Jira refuses two statuses whose names differ only in case; changelogs may not keep the case.
const nameKey = (name: string) => name.trim().toLowerCase();

/** The answer of GET /rest/api/3/status -> catalogue, or null when it is not a list. */
export function mapStatusCatalogue(raw: unknown): JiraStatusCatalogue | null {
  if (!Array.isArray(raw)) return null;
  const byId = new Map<string, StatusCategory | null>();
  const byName = new Map<string, StatusCategory | null>();
  for (const status of raw) {
    if (!isObject(status)) continue;
    const key = optionalString(optionalObject(status.statusCategory)?.key);
    const category = key === null ? null : (JIRA_STATUS_CATEGORY_BY_KEY[key] ?? null);
    const id = optionalString(status.id);
    const name = optionalString(status.name);
    if (id !== null) byId.set(id, category);
    if (name !== null) {
      // Team-managed projects may each have a status of the same name in another category.
      const known = byName.get(nameKey(name));
      byName.set(nameKey(name), known === undefined || known === category ? category : null);
    }
  }
  return { byId, byName };
}

/** Looks a status up by id, then by name. undefined: the catalogue does not list it. */
export function lookupStatus(catalogue: JiraStatusCatalogue, status: string): StatusCategory | null | undefined {
  if (catalogue.byId.has(status)) return catalogue.byId.get(status);
  return catalogue.byName.get(nameKey(status));
}

interface CatalogueEntry {
  catalogue: JiraStatusCatalogue;
  fetchedAt: number;
  /** A status was asked for that the catalogue does not list: refresh at the next load (throttled). */
  missed: boolean;
}

/** Per-cloud catalogues with in-flight sharing: concurrent first requests make one upstream call. */
export class JiraStatusCatalogues {
  private readonly entries = new Map<string, CatalogueEntry>();
  private readonly pending = new Map<string, Promise<CatalogueEntry>>();

  constructor(private readonly clock: () => number = Date.now) {}

  async categoriesOf(call: CallContext, cloudId: string, expectedStatuses: readonly string[]): Promise<CategoryOf> {
    let entry = this.entries.get(cloudId) ?? (await this.load(call, cloudId));
    const stale = entry.missed || expectedStatuses.some((status) => lookupStatus(entry.catalogue, status) === undefined);
    if (stale && this.clock() - entry.fetchedAt >= STATUS_REFRESH_MIN_MS) entry = await this.load(call, cloudId);
    const used = entry;
    return (status) => {
      const category = lookupStatus(used.catalogue, status);
      if (category !== undefined) return category;
      used.missed = true;
      return null;
    };
  }

  private load(call: CallContext, cloudId: string): Promise<CatalogueEntry> {
    let pending = this.pending.get(cloudId);
    if (!pending) {
      pending = fetchStatuses(call, jiraBase(call.deps.settings, cloudId))
        .then((raw) => {
          const catalogue = mapStatusCatalogue(raw);
          if (catalogue === null) {
            throw new GraphQLError(`${JIRA} answered the status catalogue (GET /rest/api/3/status) in an unexpected shape`, { extensions: { code: 'UPSTREAM_ERROR', upstream: JIRA } });
          }
          const entry: CatalogueEntry = { catalogue, fetchedAt: this.clock(), missed: false };
          this.entries.set(cloudId, entry);
          return entry;
        })
        .finally(() => this.pending.delete(cloudId));
      this.pending.set(cloudId, pending);
    }
    return pending;
  }
}

const processWide = new WeakMap<GatewaySettings, JiraStatusCatalogues>();

function cataloguesFor(call: CallContext): JiraStatusCatalogues {
  const { settings } = call.deps;
  if (settings.forwardCallerCredentials) return perContext(call.context, 'jira.statusCatalogues', () => new JiraStatusCatalogues());
  let catalogues = processWide.get(settings);
  if (!catalogues) {
    catalogues = new JiraStatusCatalogues();
    processWide.set(settings, catalogues);
  }
  return catalogues;
}

/**
 * Status name/id -> category for one cloud from GET /rest/api/3/status, cached per settings object
 * and cloud, fetched again (at most once a minute) when asked for a status it does not know: one
 * listed in `expectedStatuses`, or one an earlier CategoryOf was asked for.
 */
export async function loadJiraStatusCategories(call: CallContext, cloudId: string, expectedStatuses: readonly string[] = []): Promise<CategoryOf> {
  return cataloguesFor(call).categoriesOf(call, cloudId, expectedStatuses);
}
