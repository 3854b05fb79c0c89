import DataLoader from 'dataloader';
import { mapOrError, type MappingError } from '../shared/errors.ts';
import type { CallContext } from '../shared/http.ts';
import { perContext } from '../shared/per-context.ts';
import { Semaphore } from '../shared/concurrency.ts';
import { fetchBulkChangelogs, fetchIssueWorklogs } from './fetchers/platform.ts';
import { mapJiraChangelogEvent } from './mappers/changelog.ts';
import { mapJiraWorklog } from './mappers/worklog.ts';
import type { JiraChangelogEvent, JiraWorklog } from './types.ts';

/** Worklog requests in flight at once per GraphQL request. */
export const WORKLOG_CONCURRENCY = 8;

export interface IssueRef {
  /** Numeric issue id: the bulk changelog answer names issues by id. */
  issueId: string;
  key: string;
  base: string;
}

/**
 * One loader per GraphQL request: every JiraIssue.changelog of that request in the same tick
 * becomes one bulk changelog fetch (one request per upstream page per 1000 issues).
 */
export function changelogLoader(call: CallContext): DataLoader<IssueRef, Array<JiraChangelogEvent | MappingError>, string> {
  return perContext(call.context, 'jira.changelog', () =>
    new DataLoader<IssueRef, Array<JiraChangelogEvent | MappingError>, string>(
      async (refs) => {
        const byBase = new Map<string, IssueRef[]>();
        for (const ref of refs) byBase.set(ref.base, [...(byBase.get(ref.base) ?? []), ref]);
        const histories = new Map<string, unknown[]>();
        for (const [base, group] of byBase) {
          const found = await fetchBulkChangelogs(call, base, group.map((ref) => ref.issueId));
          for (const [issueId, list] of found) histories.set(`${base}|${issueId}`, list);
        }
        return refs.map((ref) =>
          (histories.get(`${ref.base}|${ref.issueId}`) ?? [])
            .map((raw) => mapOrError(raw, (history) => mapJiraChangelogEvent(history, ref.key)))
            .sort(byCreatedAt),
        );
      },
      { cacheKeyFn: (ref) => `${ref.base}|${ref.issueId}`, maxBatchSize: 1000 },
    ),
  );
}

function byCreatedAt(a: JiraChangelogEvent | MappingError, b: JiraChangelogEvent | MappingError): number {
  if (a instanceof Error || b instanceof Error) return 0;
  return a.createdAt.localeCompare(b.createdAt);
}

/** Worklogs per issue key, cached per request, at most WORKLOG_CONCURRENCY requests in flight. */
export function worklogLoader(call: CallContext): DataLoader<{ key: string; base: string }, Array<JiraWorklog | MappingError>, string> {
  const semaphore = perContext(call.context, 'jira.worklog.semaphore', () => new Semaphore(WORKLOG_CONCURRENCY));
  return perContext(call.context, 'jira.worklog', () =>
    new DataLoader<{ key: string; base: string }, Array<JiraWorklog | MappingError>, string>(
      (refs) =>
        Promise.all(
          refs.map((ref) =>
            semaphore
              .run(() => fetchIssueWorklogs(call, ref.base, ref.key))
              .then((raws) => raws.map((raw) => mapOrError(raw, (worklog) => mapJiraWorklog(worklog, ref.key))))
              // One failing issue must not fail the whole batch: its own field gets the error.
              .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
          ),
        ),
      { cacheKeyFn: (ref) => `${ref.base}|${ref.key}` },
    ),
  );
}
