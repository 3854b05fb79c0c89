import { isObject, optionalObject, optionalString } from '../../shared/raw.ts';

/** One entry of GET /rest/api/3/field (FieldDetails), as discovery needs it. */
export interface JiraFieldInfo {
  id: string;
  name: string;
  custom: boolean;
  /** schema.type: number, array, date, ... */
  schemaType: string | null;
  /** schema.custom: the custom field type key, e.g. com.pyxis.greenhopper.jira:gh-sprint. */
  schemaCustom: string | null;
}

/** A field discovery chose, and why (for the start-up line and error messages). */
export interface DiscoveredField {
  id: string;
  name: string;
  /** e.g. `by name "Story Points"`. */
  how: string;
}

/** Names tried for story points, in order: company-managed projects, then team-managed ones. */
export const STORY_POINTS_NAMES = ['Story Points', 'Story point estimate'] as const;
export const SPRINT_NAMES = ['Sprint'] as const;
/** Field type keys Jira Software gives these fields whatever they are called (renamed or translated). */
const STORY_POINTS_TYPE = 'com.pyxis.greenhopper.jira:jsw-story-points';
const SPRINT_TYPE = 'com.pyxis.greenhopper.jira:gh-sprint';

/**
 * GET /rest/api/3/field answer -> field infos; null when it is not a list. Entries without an id or
 * name cannot be asked for by either, so they are left out.
 */
export function mapFieldCatalogue(raw: unknown): JiraFieldInfo[] | null {
  if (!Array.isArray(raw)) return null;
  const fields: JiraFieldInfo[] = [];
  for (const entry of raw) {
    if (!isObject(entry)) continue;
    const id = optionalString(entry.id);
    const name = optionalString(entry.name);
    if (id === null || name === null) continue;
    const schema = optionalObject(entry.schema);
    fields.push({ id, name, custom: entry.custom === true, schemaType: optionalString(schema?.type), schemaCustom: optionalString(schema?.custom) });
  }
  return fields;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Numeric part of customfield_10016, for a stable choice among duplicates (the oldest field wins). */
function fieldOrder(field: JiraFieldInfo): number {
  const match = /(\d+)$/.exec(field.id);
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}

function oldest(fields: JiraFieldInfo[]): JiraFieldInfo | undefined {
  return [...fields].sort((a, b) => fieldOrder(a) - fieldOrder(b) || a.id.localeCompare(b.id))[0];
}

/** Fields whose name matches, ignoring case and surrounding space (Jira names are not unique). */
export function fieldsNamed(catalogue: readonly JiraFieldInfo[], name: string): JiraFieldInfo[] {
  return catalogue.filter((field) => sameName(field.name, name));
}

function discover(catalogue: readonly JiraFieldInfo[], names: readonly string[], typeKey: string): DiscoveredField | null {
  const custom = catalogue.filter((field) => field.custom);
  for (const name of names) {
    const match = oldest(fieldsNamed(custom, name));
    if (match) return { id: match.id, name: match.name, how: `by name "${match.name}"` };
  }
  const byType = oldest(custom.filter((field) => field.schemaCustom === typeKey));
  return byType ? { id: byType.id, name: byType.name, how: `by field type ${typeKey} ("${byType.name}")` } : null;
}

/** The story points field of a site: by name (Story Points, then Story point estimate), then by type. */
export function discoverStoryPointsField(catalogue: readonly JiraFieldInfo[]): DiscoveredField | null {
  return discover(catalogue, STORY_POINTS_NAMES, STORY_POINTS_TYPE);
}

/** The sprint field of a site: by name (Sprint), then by the Jira Software sprint field type. */
export function discoverSprintField(catalogue: readonly JiraFieldInfo[]): DiscoveredField | null {
  return discover(catalogue, SPRINT_NAMES, SPRINT_TYPE);
}
