import { describe, expect, it } from 'vitest';
import { normalizeDateTime } from '../../resolvers/shared/datetime.ts';

/** What Date.parse makes of a UTC timestamp: the general path's answer. */
function viaDateParse(text: string): string | null {
  const millis = Date.parse(text.replace(/\+00:?00$/, 'Z'));
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

describe('normalizeDateTime fast path for UTC timestamps with milliseconds', () => {
  it('answers exactly what Date.parse answers, edge days and times included', () => {
    const years = ['2026', '2024', '2000', '1900', '0000', '9999'];
    const months = ['00', '01', '02', '04', '12', '13'];
    const days = ['00', '01', '28', '29', '30', '31', '32'];
    const times = ['00:00:00', '23:59:59', '24:00:00', '23:60:00', '23:59:60', '09:07:05'];
    const suffixes = ['Z', '+0000', '+00:00'];
    let checked = 0;
    for (const year of years)
      for (const month of months)
        for (const day of days)
          for (const time of times)
            for (const suffix of suffixes) {
              const text = `${year}-${month}-${day}T${time}.123${suffix}`;
              expect(normalizeDateTime(text), text).toBe(viaDateParse(text));
              checked++;
            }
    expect(checked).toBe(years.length * months.length * days.length * times.length * suffixes.length);
  });

  it('returns a canonical string unchanged and turns +0000 into Z', () => {
    expect(normalizeDateTime('2026-01-05T09:00:00.000Z')).toBe('2026-01-05T09:00:00.000Z');
    expect(normalizeDateTime('2026-01-05T09:00:00.000+0000')).toBe('2026-01-05T09:00:00.000Z');
    expect(normalizeDateTime('2026-01-05T09:00:00.000+00:00')).toBe('2026-01-05T09:00:00.000Z');
    // Not UTC, or no milliseconds, or padded: the general path still handles them.
    expect(normalizeDateTime('2026-01-05T09:00:00.000+0100')).toBe('2026-01-05T08:00:00.000Z');
    expect(normalizeDateTime('2026-01-05T09:00:00Z')).toBe('2026-01-05T09:00:00.000Z');
    expect(normalizeDateTime(' 2026-01-05T09:00:00.000Z ')).toBe('2026-01-05T09:00:00.000Z');
  });
});
