/**
 * Wall-clock readings of instants in IANA time zones, for the places that must think in a zone's
 * local time (JQL date literals, flow-metric interval boundaries). Formatters are cached per zone.
 */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** A formatter of `timeZone`'s wall time to the second; null when the runtime does not know the zone. */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    } catch {
      formatter = null;
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time of `instant` in the formatter's zone, as epoch ms of that wall time read as UTC. */
export function wallTime(formatter: Intl.DateTimeFormat, instant: number): number {
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(instant))) parts[part.type] = part.value;
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}
