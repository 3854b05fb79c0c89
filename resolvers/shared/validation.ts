import { badUserInput } from './errors.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `first` of a canonical connection: default 50, 1..500. */
export function validateFirst(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first <= 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`);
  }
  return first;
}

export function requireNonEmpty(argument: string, value: string | null | undefined): string {
  if (value == null || value.trim() === '') throw badUserInput(`${argument} must not be empty`);
  return value.trim();
}

/** An optional argument that, when given, must not be empty. */
export function optionalNonEmpty(argument: string, value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  return requireNonEmpty(argument, value);
}
