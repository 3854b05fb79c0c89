/** Renders a dataset issue as the `IssueBean` JSON of GET issue / search, honouring fields and expand. */
import type { JiraDataset, JiraIssueRecord } from '../data/jira-dataset.ts';
import { JIRA_API_SELF_BASE } from '../data/jira-dataset.ts';

/** Which fields to include: the parsed `fields` parameter. */
export interface FieldSelection {
  /** Field ids to include in `fields`; empty means no `fields` object. */
  fieldIds: string[];
  /** Only `id` was asked for (enhanced search's default): the issue is `{ id }` alone. */
  idOnly: boolean;
}

/**
 * Parses the `fields` parameter: `*all`, `*navigable`, field ids, `-field` exclusions,
 * and the pseudo-fields `id` and `key`. Unknown field ids are ignored, as Jira does.
 */
export function selectFields(dataset: JiraDataset, requested: string[], defaults: string[]): FieldSelection {
  const tokens = requested.length > 0 ? requested : defaults;
  const known = dataset.fields.filter((f) => f.id !== 'issuekey');
  const include = new Set<string>();
  const exclude = new Set<string>();
  let onlyExclusions = true;
  for (const token of tokens) {
    if (token.startsWith('-')) {
      exclude.add(token.slice(1));
      continue;
    }
    onlyExclusions = false;
    if (token === '*all') known.forEach((f) => include.add(f.id));
    else if (token === '*navigable') known.filter((f) => f.navigable).forEach((f) => include.add(f.id));
    else if (known.some((f) => f.id === token)) include.add(token);
  }
  // `-description` alone means "navigable fields except description".
  if (onlyExclusions) known.filter((f) => f.navigable).forEach((f) => include.add(f.id));
  for (const id of exclude) include.delete(id);
  const idOnly = include.size === 0 && tokens.every((t) => t === 'id');
  return { fieldIds: [...include], idOnly };
}

export interface RenderOptions {
  selection: FieldSelection;
  expand: Set<string>;
  /** `self` base for the issue (platform: /rest/api/3, agile: /rest/agile/1.0). */
  selfBase?: string;
  /** Extra fields an API adds (agile: sprint, closedSprints, flagged). */
  extraFields?: Record<string, unknown>;
}

/** Changelog histories embedded by expand=changelog (Jira returns the newest 100, oldest first). */
const EMBEDDED_HISTORIES = 100;

export function renderIssue(dataset: JiraDataset, issue: JiraIssueRecord, options: RenderOptions): Record<string, unknown> {
  const { selection, expand } = options;
  if (selection.idOnly && expand.size === 0) return { id: issue.id };
  const json: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${options.selfBase ?? JIRA_API_SELF_BASE}/issue/${issue.id}`,
    key: issue.key,
  };
  if (selection.fieldIds.length > 0 || options.extraFields) {
    const fields: Record<string, unknown> = {};
    for (const id of selection.fieldIds) {
      if (id in issue.fields) fields[id] = issue.fields[id];
      else if (id === 'parent') continue; // only issues with a parent carry the field
      else fields[id] = null;
    }
    Object.assign(fields, options.extraFields ?? {});
    json.fields = fields;
  }
  if (expand.has('names')) {
    json.names = Object.fromEntries(dataset.fields.filter((f) => selection.fieldIds.includes(f.id)).map((f) => [f.id, f.name]));
  }
  if (expand.has('schema')) {
    json.schema = Object.fromEntries(dataset.fields.filter((f) => f.schema && selection.fieldIds.includes(f.id)).map((f) => [f.id, f.schema]));
  }
  if (expand.has('changelog')) {
    const histories = issue.changelog.slice(-EMBEDDED_HISTORIES);
    json.changelog = { startAt: 0, maxResults: histories.length, total: issue.changelog.length, histories };
  }
  return json;
}

export function expandSet(raw: string | null | undefined): Set<string> {
  return new Set((raw ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0));
}
