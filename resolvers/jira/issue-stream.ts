import type { JiraFieldSettings } from '../../sources/config/types.ts';
import { mapOrError, type MappingError } from '../shared/errors.ts';
import type { CallContext } from '../shared/http.ts';
import { PageWalkGuard } from '../shared/pagination.ts';
import { isObject, type RawObject } from '../shared/raw.ts';
import { normalizeDateTime } from '../shared/datetime.ts';
import { fetchSearchPage, JIRA, SEARCH_PAGE_MAX } from './fetchers/platform.ts';
import { mapJiraIssue } from './mappers/issue.ts';
import type { JiraIssue } from './types.ts';

/**
 * Where a JQL listing stands: the token of the upstream page holding the next issue (null =
 * first page), the offset inside it, and the upstream page size (kept so offsets stay valid).
 */
export interface SearchPosition {
  t: string | null;
  o: number;
  m: number;
}

export function parseSearchPosition(raw: RawObject | undefined, defaultPageSize: number): SearchPosition | null {
  if (!raw) return { t: null, o: 0, m: defaultPageSize };
  const { t, o, m } = raw;
  if ((t !== null && typeof t !== 'string') || !Number.isInteger(o) || !Number.isInteger(m)) return null;
  if ((o as number) < 0 || (m as number) < 1 || (m as number) > SEARCH_PAGE_MAX) return null;
  return { t: t as string | null, o: o as number, m: m as number };
}

export interface StreamEntry {
  node: JiraIssue | MappingError;
  /** Upstream updated time (ms) for merging; unmappable issues without one sort first (emitted at once). */
  updatedMillis: number;
}

/**
 * Issues of one JQL in upstream order, fetched page by page on demand. With `endBelowMillis` the JQL
 * must order by updated descending: the first issue updated before that time ends the stream (the
 * JQL's minute-precision lower bound lets a few earlier ones through, and they all come last).
 */
export class JiraIssueStream {
  private page: { issues: unknown[]; nextPageToken: string | null } | null = null;
  private readonly guard = new PageWalkGuard(JIRA, 'JQL search results');
  private ended = false;

  constructor(
    private readonly call: CallContext,
    private readonly base: string,
    private readonly jql: string,
    private readonly fields: string[],
    private readonly cloudId: string,
    private readonly fieldSettings: JiraFieldSettings,
    private position: SearchPosition,
    private readonly endBelowMillis: number | null = null,
  ) {}

  /** The next issue without consuming it, or null at the end. */
  async peek(): Promise<StreamEntry | null> {
    if (this.ended) return null;
    for (;;) {
      if (this.page === null) {
        this.guard.visit(this.position.t);
        this.page = await fetchSearchPage(this.call, this.base, {
          jql: this.jql,
          nextPageToken: this.position.t,
          maxResults: this.position.m,
          fields: this.fields,
        });
      }
      if (this.position.o < this.page.issues.length) {
        const entry = this.entryAt(this.position.o);
        if (this.isBelowEnd(entry)) {
          this.ended = true;
          return null;
        }
        return entry;
      }
      if (this.page.nextPageToken === null) return null;
      this.position = { t: this.page.nextPageToken, o: 0, m: this.position.m };
      this.page = null;
    }
  }

  /** Consumes the entry peek() returned. */
  take(): void {
    if (!this.page) throw new Error('JiraIssueStream.take() before peek()');
    this.position = { ...this.position, o: this.position.o + 1 };
    // At the end of a page the position moves to the next token, so resuming fetches nothing twice.
    if (this.position.o >= this.page.issues.length && this.page.nextPageToken !== null) {
      this.position = { t: this.page.nextPageToken, o: 0, m: this.position.m };
      this.page = null;
    }
  }

  /** Whether more issues may follow, known without another request. */
  hasMore(): boolean {
    if (this.ended) return false;
    if (this.page === null) return true;
    if (this.position.o < this.page.issues.length) return !this.isBelowEnd(this.entryAt(this.position.o));
    return this.page.nextPageToken !== null;
  }

  private isBelowEnd(entry: StreamEntry): boolean {
    return this.endBelowMillis !== null && entry.updatedMillis < this.endBelowMillis;
  }

  current(): SearchPosition {
    return this.position;
  }

  private readonly mapped = new Map<unknown, StreamEntry>();

  private entryAt(offset: number): StreamEntry {
    const raw = this.page!.issues[offset];
    let entry = this.mapped.get(raw);
    if (!entry) {
      const node = mapOrError(raw, (issue) => mapJiraIssue(issue, this.cloudId, this.fieldSettings));
      const rawUpdated = isObject(raw) && isObject(raw.fields) ? normalizeDateTime(raw.fields.updated) : null;
      entry = { node, updatedMillis: rawUpdated ? Date.parse(rawUpdated) : Number.POSITIVE_INFINITY };
      this.mapped.set(raw, entry);
    }
    return entry;
  }
}
