import { canonicalError } from './errors.ts';

/** No walk follows more upstream pages than this in one resolver call. */
export const DEFAULT_MAX_PAGES = 200;

/**
 * Guards an upstream page walk: an upstream that hands back a page token, cursor or startAt
 * it already gave (or never stops) ends with UPSTREAM_PAGINATION_LOOP instead of looping forever.
 */
export class PageWalkGuard {
  private readonly seen = new Set<string>();
  private pages = 0;

  constructor(
    private readonly upstream: string,
    private readonly what: string,
    private readonly maxPages = DEFAULT_MAX_PAGES,
  ) {}

  /** Call before fetching each page with the position (token/cursor/startAt) about to be requested. */
  visit(position: string | number | null | undefined): void {
    const key = position == null ? '<start>' : String(position);
    if (this.seen.has(key)) {
      throw canonicalError(
        'UPSTREAM_PAGINATION_LOOP',
        `${this.upstream} repeated the page position ${JSON.stringify(key)} while listing ${this.what}; stopped to avoid an endless loop`,
        { upstream: this.upstream },
      );
    }
    this.seen.add(key);
    this.pages += 1;
    if (this.pages > this.maxPages) {
      throw canonicalError(
        'UPSTREAM_PAGINATION_LOOP',
        `${this.upstream} returned more than ${this.maxPages} pages while listing ${this.what}; stopped at the page cap`,
        { upstream: this.upstream },
      );
    }
  }
}
