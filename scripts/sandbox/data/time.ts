/** The fixed "now" of every sandbox dataset; nothing reads the real clock. */
export const BASE_DATE = '2026-01-05T09:00:00.000Z';
export const BASE_MS = Date.parse(BASE_DATE);

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Jira Cloud REST date-time format: `2025-12-01T10:15:00.000+0000`. */
export function jiraDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** ISO 8601 UTC with milliseconds: `2025-12-01T10:15:00.000Z` (agile sprints, sourcehut). */
export function isoDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Calendar date `2025-12-01` (version release dates). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Jira's human duration for worklogs: 12000 s -> `3h 20m`. */
export function jiraDuration(seconds: number): string {
  const parts: string[] = [];
  const days = Math.floor(seconds / 28_800); // Jira's default 8-hour working day
  const hours = Math.floor((seconds % 28_800) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes || parts.length === 0) parts.push(`${minutes}m`);
  return parts.join(' ');
}
