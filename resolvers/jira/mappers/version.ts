import { MappingError } from '../../shared/errors.ts';
import { normalizeCalendarDate } from '../../shared/date.ts';
import { asObject, requiredString, type MapTarget } from '../../shared/raw.ts';
import type { JiraVersion } from '../types.ts';

/**
 * Jira Version of a project -> JiraVersion. `releaseDate` stays the calendar date Jira sends
 * (`2024-01-15`): as an instant at UTC midnight it would show as the day before west of UTC.
 * Absent, null or blank is no date; anything else that is not a real date is a mapping error.
 */
export function mapJiraVersion(raw: unknown, projectKey: string): JiraVersion {
  const version = asObject(raw, { typeName: 'JiraVersion', label: `of project ${projectKey}` }, 'version');
  const id = requiredString(version.id, { typeName: 'JiraVersion', label: `(unknown id) of project ${projectKey}` }, 'id');
  const target: MapTarget = { typeName: 'JiraVersion', label: `${id} of project ${projectKey}` };
  return {
    id,
    name: requiredString(version.name, target, 'name'),
    projectKey,
    released: version.released === true,
    releaseDate: mapReleaseDate(version.releaseDate, target),
  };
}

function mapReleaseDate(value: unknown, target: MapTarget): string | null {
  if (value == null || (typeof value === 'string' && value.trim() === '')) return null;
  const date = normalizeCalendarDate(value);
  if (date === null) throw new MappingError(target.typeName, target.label, 'releaseDate', `is not a calendar date (${JSON.stringify(value)})`);
  return date;
}
