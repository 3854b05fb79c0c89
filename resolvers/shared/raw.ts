/**
 * Helpers for reading untyped upstream JSON in mappers. Each required reader throws a
 * MappingError naming the item and the field path, so one bad item never hides the others.
 */
import { MappingError } from './errors.ts';
import { normalizeDateTime } from './datetime.ts';

export type RawObject = Record<string, unknown>;

export function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Identifies the item being mapped, for error messages. */
export interface MapTarget {
  typeName: string;
  label: string;
}

export function asObject(value: unknown, target: MapTarget, field: string): RawObject {
  if (!isObject(value)) throw new MappingError(target.typeName, target.label, field, value == null ? 'is missing' : 'is not an object');
  return value;
}

export function optionalObject(value: unknown): RawObject | null {
  return isObject(value) ? value : null;
}

/**
 * A non-empty string without surrounding whitespace, as the reference clients map every string
 * (names, labels, display names); numbers are accepted and stringified (Jira ids are sometimes
 * numeric). Blank is empty.
 */
export function requiredString(value: unknown, target: MapTarget, field: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new MappingError(target.typeName, target.label, field, value == null ? 'is missing' : 'is not a string');
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new MappingError(target.typeName, target.label, field, 'is empty');
  return trimmed;
}

/** Trimmed, or null when absent or blank. */
export function optionalString(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : null;
}

/** An opaque token (page token, cursor) exactly as the upstream sent it, or null. */
export function optionalToken(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

export function optionalNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function requiredDateTime(value: unknown, target: MapTarget, field: string): string {
  if (value == null || value === '') throw new MappingError(target.typeName, target.label, field);
  const iso = normalizeDateTime(value);
  if (iso === null) throw new MappingError(target.typeName, target.label, field, `is not a date-time (${JSON.stringify(value)})`);
  return iso;
}

/** Absent stays null; a present but unparseable value is an error (silently dropping it would skew analytics). */
export function optionalDateTime(value: unknown, target: MapTarget, field: string): string | null {
  if (value == null || value === '') return null;
  const iso = normalizeDateTime(value);
  if (iso === null) throw new MappingError(target.typeName, target.label, field, `is not a date-time (${JSON.stringify(value)})`);
  return iso;
}

export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
