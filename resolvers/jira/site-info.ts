/**
 * What the gateway learns about a Jira site once and keeps: its field catalogue (custom field ids
 * differ per site) and the time zone of the account the gateway searches as (JQL reads date literals
 * in it). Cached per cloud for the process with the gateway's own credentials; with forwarded caller
 * credentials each caller may see other fields and have another zone, so then per request only.
 */
import { GraphQLError } from 'graphql';
import type { GatewaySettings, JiraFieldSettings } from '../../sources/config/types.ts';
import type { CallContext, ResolverDeps } from '../shared/http.ts';
import { perContext } from '../shared/per-context.ts';
import { isObject, optionalString } from '../shared/raw.ts';
import { fetchFieldCatalogue, fetchMyself, JIRA } from './fetchers/platform.ts';
import { discoverSprintField, discoverStoryPointsField, fieldsNamed, mapFieldCatalogue, STORY_POINTS_NAMES, type DiscoveredField, type JiraFieldInfo } from './mappers/field.ts';
import type { FieldLookup } from './types.ts';
import { isKnownTimeZone } from './jql-time.ts';
import { jiraBase, resolveCloudId } from './urls.ts';

/** A catalogue is fetched again on a miss at most this often per cloud (a field that does not exist must not cost a request each time). */
export const FIELD_REFRESH_MIN_MS = 60_000;

interface CatalogueEntry {
  fields: JiraFieldInfo[];
  fetchedAt: number;
}

/** Per-site knowledge with in-flight sharing: concurrent first requests make one upstream call. */
export class JiraSiteInfo {
  private readonly catalogues = new Map<string, CatalogueEntry>();
  private readonly pendingCatalogues = new Map<string, Promise<CatalogueEntry>>();
  private readonly zones = new Map<string, Promise<string | null>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The field catalogue of the site at `base`, fetched on first use. */
  async fieldCatalogue(call: CallContext, base: string): Promise<JiraFieldInfo[]> {
    return (this.catalogues.get(base) ?? (await this.loadCatalogue(call, base))).fields;
  }

  /** The catalogue again after a miss, unless it was fetched less than FIELD_REFRESH_MIN_MS ago. */
  async refreshedFieldCatalogue(call: CallContext, base: string): Promise<JiraFieldInfo[]> {
    const cached = this.catalogues.get(base);
    if (cached && this.now() - cached.fetchedAt < FIELD_REFRESH_MIN_MS) return cached.fields;
    return (await this.loadCatalogue(call, base)).fields;
  }

  private loadCatalogue(call: CallContext, base: string): Promise<CatalogueEntry> {
    let pending = this.pendingCatalogues.get(base);
    if (!pending) {
      pending = fetchFieldCatalogue(call, base)
        .then((raw) => {
          const fields = mapFieldCatalogue(raw);
          if (fields === null) {
            throw new GraphQLError(`${JIRA} answered the field catalogue (GET /rest/api/3/field) in an unexpected shape`, { extensions: { code: 'UPSTREAM_ERROR', upstream: JIRA } });
          }
          const entry = { fields, fetchedAt: this.now() };
          this.catalogues.set(base, entry);
          return entry;
        })
        .finally(() => this.pendingCatalogues.delete(base));
      this.pendingCatalogues.set(base, pending);
    }
    return pending;
  }

  /**
   * The IANA time zone of the searching account (GET /myself), or null when Jira does not say or
   * the call fails: JQL literals are then written early enough for any zone (more overlap, no gap).
   */
  accountTimeZone(call: CallContext, base: string): Promise<string | null> {
    let zone = this.zones.get(base);
    if (!zone) {
      zone = fetchMyself(call, base).then(
        (raw) => {
          const timeZone = isObject(raw) ? optionalString(raw.timeZone) : null;
          return timeZone !== null && isKnownTimeZone(timeZone) ? timeZone : null;
        },
        () => {
          // Not cached: the next request asks again.
          this.zones.delete(base);
          return null;
        },
      );
      this.zones.set(base, zone);
    }
    return zone;
  }
}

const processWide = new WeakMap<GatewaySettings, JiraSiteInfo>();

/** The site knowledge store for this call: process-wide per settings, or per request with forwarded credentials. */
export function siteInfo(call: CallContext): JiraSiteInfo {
  const { settings } = call.deps;
  if (settings.forwardCallerCredentials) return perContext(call.context, 'jira.siteInfo', () => new JiraSiteInfo());
  let info = processWide.get(settings);
  if (!info) {
    info = new JiraSiteInfo();
    processWide.set(settings, info);
  }
  return info;
}

export interface FieldDiscovery {
  storyPoints: DiscoveredField | null;
  sprint: DiscoveredField | null;
}

async function discoverFields(call: CallContext, base: string, needs: { storyPoints: boolean; sprint: boolean }): Promise<FieldDiscovery> {
  const info = siteInfo(call);
  const find = (catalogue: JiraFieldInfo[]): FieldDiscovery => ({
    storyPoints: needs.storyPoints ? discoverStoryPointsField(catalogue) : null,
    sprint: needs.sprint ? discoverSprintField(catalogue) : null,
  });
  let found = find(await info.fieldCatalogue(call, base));
  // A miss may be a field created since the catalogue was read: look once more (throttled).
  if ((needs.storyPoints && !found.storyPoints) || (needs.sprint && !found.sprint)) found = find(await info.refreshedFieldCatalogue(call, base));
  return found;
}

/**
 * The story points and sprint field ids to use on this site: configured ones as they are; unset
 * ones discovered from the site's field catalogue (cached), falling back to the defaults when the
 * site has no such field. (Discovered even when a query does not read them: a default id may be
 * another field on this site, whose values the sprint mapper would refuse.)
 */
export async function effectiveFieldSettings(call: CallContext, base: string): Promise<JiraFieldSettings> {
  const configured = call.deps.settings.jira;
  const wanted = { storyPoints: configured.discover?.storyPoints === true, sprint: configured.discover?.sprint === true };
  if (!wanted.storyPoints && !wanted.sprint) return configured;
  let found: FieldDiscovery;
  try {
    found = await discoverFields(call, base, wanted);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof GraphQLError ? (error.extensions.code ?? 'UPSTREAM_ERROR') : 'UPSTREAM_ERROR';
    throw new GraphQLError(`Cannot discover the story points and sprint fields of this Jira site: ${message} (JIRA_STORY_POINTS_FIELD and JIRA_SPRINT_FIELD skip discovery)`, {
      extensions: { code, upstream: JIRA },
    });
  }
  return {
    ...configured,
    storyPointsField: found.storyPoints?.id ?? configured.storyPointsField,
    sprintField: found.sprint?.id ?? configured.sprintField,
  };
}

/** One requested `fields(ids:, names:)` selection. */
export interface RequestedFields {
  ids: string[];
  names: string[];
}

/** Reads the arguments of every JiraIssue.fields selection (non-strings were refused by GraphQL already). */
export function requestedFields(argumentSets: Array<Record<string, unknown>>): RequestedFields {
  const ids = new Set<string>();
  const names = new Set<string>();
  const strings = (value: unknown) => (Array.isArray(value) ? value : value == null ? [] : [value]).filter((item): item is string => typeof item === 'string');
  for (const args of argumentSets) {
    for (const id of strings(args.ids)) ids.add(id.trim());
    for (const name of strings(args.names)) names.add(name.trim());
  }
  return { ids: [...ids].filter((id) => id !== ''), names: [...names].filter((name) => name !== '') };
}

/**
 * Resolves requested field ids and names against the site's catalogue: the ids to ask Jira for, and
 * per unknown or ambiguous name (or unknown id) the problem, reported on JiraIssue.fields. A miss
 * reads the catalogue again (throttled) before it counts as unknown.
 */
export async function resolveRequestedFields(call: CallContext, base: string, requested: RequestedFields): Promise<{ ids: string[]; lookup: FieldLookup }> {
  const lookup: FieldLookup = { idByName: new Map(), problems: new Map() };
  if (requested.ids.length === 0 && requested.names.length === 0) return { ids: [], lookup };
  const info = siteInfo(call);
  let catalogue: JiraFieldInfo[];
  try {
    catalogue = await info.fieldCatalogue(call, base);
    const missing = requested.ids.some((id) => !catalogue.some((field) => field.id === id)) || requested.names.some((name) => fieldsNamed(catalogue, name).length === 0);
    if (missing) catalogue = await info.refreshedFieldCatalogue(call, base);
  } catch (error) {
    // Without the catalogue no name can be resolved; ids are still asked for, as given.
    const message = error instanceof Error ? error.message : String(error);
    for (const name of requested.names) lookup.problems.set(`name:${name}`, { code: 'UPSTREAM_ERROR', message: `the field catalogue could not be read (${message})` });
    return { ids: requested.ids, lookup };
  }
  const ids = new Set<string>();
  for (const id of requested.ids) {
    if (catalogue.some((field) => field.id === id)) ids.add(id);
    else lookup.problems.set(`id:${id}`, { code: 'BAD_USER_INPUT', message: `Jira has no field with id "${id}" that the caller can see (GET /rest/api/3/field does not list it)` });
  }
  for (const name of requested.names) {
    const matches = fieldsNamed(catalogue, name);
    if (matches.length === 1) {
      lookup.idByName.set(name, matches[0].id);
      ids.add(matches[0].id);
    } else if (matches.length === 0) {
      lookup.problems.set(`name:${name}`, { code: 'BAD_USER_INPUT', message: `Jira has no field named "${name}" that the caller can see` });
    } else {
      lookup.problems.set(`name:${name}`, { code: 'BAD_USER_INPUT', message: `Jira has ${matches.length} fields named "${name}" (${matches.map((field) => field.id).join(', ')}); ask for one by id` });
    }
  }
  return { ids: [...ids], lookup };
}

/**
 * The start-up line naming the story points and sprint field ids in use on the default cloud:
 * configured, discovered (and how), or the fallback. Never throws: a failed discovery is reported
 * and retried at first use.
 */
export async function describeJiraFieldIds(deps: ResolverDeps): Promise<string> {
  const { jira } = deps.settings;
  const discover = jira.discover ?? { storyPoints: false, sprint: false };
  const configured = (id: string, variable: string) => `${id} (${variable})`;
  if (!discover.storyPoints && !discover.sprint) {
    return `Jira fields: story points ${configured(jira.storyPointsField, 'JIRA_STORY_POINTS_FIELD')}, sprint ${configured(jira.sprintField, 'JIRA_SPRINT_FIELD')}`;
  }
  if (deps.settings.forwardCallerCredentials || deps.settings.cloudId === undefined) {
    const why = deps.settings.forwardCallerCredentials ? 'per caller (caller credentials)' : 'per cloud at first use (no ATLASSIAN_CLOUD_ID)';
    return `Jira fields: story points ${discover.storyPoints ? `discovered ${why}` : configured(jira.storyPointsField, 'JIRA_STORY_POINTS_FIELD')}, sprint ${discover.sprint ? `discovered ${why}` : configured(jira.sprintField, 'JIRA_SPRINT_FIELD')}`;
  }
  const cloudId = resolveCloudId(deps.settings, null);
  // No request: a context of its own, with no caller headers.
  const call: CallContext = { deps, context: {} };
  try {
    const found = await discoverFields(call, jiraBase(deps.settings, cloudId), discover);
    const describe = (wanted: boolean, field: DiscoveredField | null, fallback: string, variable: string, names: readonly string[]) =>
      !wanted ? configured(fallback, variable) : field ? `${field.id} (found ${field.how})` : `${fallback} (no field named ${names.map((name) => `"${name}"`).join(' or ')}; default)`;
    return (
      `Jira fields on cloud ${cloudId}: story points ${describe(discover.storyPoints, found.storyPoints, jira.storyPointsField, 'JIRA_STORY_POINTS_FIELD', STORY_POINTS_NAMES)}, ` +
      `sprint ${describe(discover.sprint, found.sprint, jira.sprintField, 'JIRA_SPRINT_FIELD', ['Sprint'])}`
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `Jira fields: discovery from GET /rest/api/3/field failed (${message}); retried at first use (defaults ${jira.storyPointsField}, ${jira.sprintField})`;
  }
}
