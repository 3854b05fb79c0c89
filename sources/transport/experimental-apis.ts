/** The X-ExperimentalApi opt-ins sent to AGG: configured ones plus the caller's, without duplicates. */

/** Splits header values that may hold comma lists (Fetch and Node both join repeated headers with ", "). */
export function splitHeaderList(values: Array<string | null | undefined>): string[] {
  return values
    .flatMap((value) => (value ?? '').split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function mergeExperimentalApis(configured: readonly string[], ...headerValues: Array<string | null>): string[] {
  return [...new Set([...configured, ...splitHeaderList(headerValues)])];
}
