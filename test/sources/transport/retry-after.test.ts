import { describe, expect, it } from 'vitest';
import { parseHttpDate, parseIso8601, parseRetryAt } from '../../../sources/transport/retry-after.ts';

const NOW = Date.parse('2021-05-10T10:59:00.000Z');
const headers = (values: Record<string, string>) => new Headers(values);

describe('parseRetryAt', () => {
  it('reads the minute-precision RFC 3339 timestamp AGG sends', () => {
    const result = parseRetryAt(headers({ 'Retry-After': '2021-05-10T11:00Z' }), NOW);
    expect(result).toMatchObject({ ok: true, parser: 'iso8601', header: 'Retry-After', raw: '2021-05-10T11:00Z' });
    expect(result.ok && result.retryAtMs).toBe(Date.parse('2021-05-10T11:00:00Z'));
  });

  it('reads full ISO 8601 with fractions and offsets', () => {
    expect(parseIso8601('2021-05-10T11:00:30.250Z')).toBe(Date.parse('2021-05-10T11:00:30.250Z'));
    expect(parseIso8601('2021-05-10T13:00:00+02:00')).toBe(Date.parse('2021-05-10T11:00:00Z'));
    expect(parseIso8601('2021-05-10T06:30-0430')).toBe(Date.parse('2021-05-10T11:00:00Z'));
    expect(parseIso8601('2021-02-30T11:00Z')).toBeUndefined();
    expect(parseIso8601('2021-05-10T25:00Z')).toBeUndefined();
  });

  it('reads a bare integer as seconds, never as a year', () => {
    for (const raw of ['2021', '5', '0']) {
      const result = parseRetryAt(headers({ 'Retry-After': raw }), NOW);
      expect(result).toMatchObject({ ok: true, parser: 'seconds' });
      expect(result.ok && result.retryAtMs).toBe(NOW + Number(raw) * 1000);
    }
  });

  it('reads the three HTTP-date forms', () => {
    const expected = Date.parse('1994-11-06T08:49:37Z');
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(expected);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(expected);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(expected);
    expect(parseRetryAt(headers({ 'Retry-After': 'Mon, 10 May 2021 11:00:00 GMT' }), NOW)).toMatchObject({
      ok: true,
      parser: 'http-date',
      retryAtMs: Date.parse('2021-05-10T11:00:00Z'),
    });
  });

  it('falls back to X-RateLimit-Reset only when Retry-After is absent', () => {
    expect(parseRetryAt(headers({ 'X-RateLimit-Reset': '2021-05-10T11:00Z' }), NOW)).toMatchObject({
      ok: true,
      parser: 'x-ratelimit-reset',
      format: 'iso8601',
      header: 'X-RateLimit-Reset',
      retryAtMs: Date.parse('2021-05-10T11:00:00Z'),
    });
    expect(parseRetryAt(headers({ 'X-RateLimit-Reset': '1620644400' }), NOW)).toMatchObject({
      ok: true,
      format: 'epoch-seconds',
      retryAtMs: 1620644400_000,
    });
    expect(parseRetryAt(headers({ 'Retry-After': '7', 'X-RateLimit-Reset': '2030-01-01T00:00Z' }), NOW)).toMatchObject({
      parser: 'seconds',
      retryAtMs: NOW + 7000,
    });
  });

  it('reports unparseable and missing headers with the raw value', () => {
    expect(parseRetryAt(headers({ 'Retry-After': 'soon-ish' }), NOW)).toEqual({ ok: false, header: 'Retry-After', raw: 'soon-ish' });
    expect(parseRetryAt(headers({ 'Retry-After': '1.5' }), NOW)).toMatchObject({ ok: false });
    expect(parseRetryAt(headers({ 'X-RateLimit-Reset': 'later' }), NOW)).toEqual({ ok: false, header: 'X-RateLimit-Reset', raw: 'later' });
    expect(parseRetryAt(headers({}), NOW)).toEqual({ ok: false, header: null, raw: null });
  });
});
