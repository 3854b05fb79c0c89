import { Semaphore } from '../shared/concurrency.ts';
import type { CallContext } from '../shared/http.ts';
import { isObject, optionalObject, optionalString } from '../shared/raw.ts';
import { fetchIssuesBulk, ISSUE_BULK_MAX } from './fetchers/platform.ts';

/** Bulk issue requests in flight at once for one lookup. */
const LOOKUP_CONCURRENCY = 4;

/** An issue's id, current key and project key. */
export interface IssueRef {
  id: string;
  key: string;
  projectKey: string;
}

/** One issue of a bulk fetch answer -> its ref, or null when id or key is missing (it cannot be matched then). */
export function mapIssueRef(raw: unknown): IssueRef | null {
  if (!isObject(raw)) return null;
  const id = optionalString(raw.id);
  const key = optionalString(raw.key)?.toUpperCase() ?? null;
  if (id === null || key === null) return null;
  const project = optionalString(optionalObject(optionalObject(raw.fields)?.project)?.key);
  return { id, key, projectKey: project ?? key.replace(/-\d+$/, '') };
}

/**
 * Issues by id or key, 100 a request (POST /rest/api/3/issue/bulkfetch), a few requests at once.
 * Unknown and unbrowsable issues are simply not in the answer. A moved issue comes back under its
 * current key.
 */
export async function lookupIssues(call: CallContext, base: string, idsOrKeys: string[]): Promise<IssueRef[]> {
  const semaphore = new Semaphore(LOOKUP_CONCURRENCY);
  const chunks: string[][] = [];
  for (let start = 0; start < idsOrKeys.length; start += ISSUE_BULK_MAX) chunks.push(idsOrKeys.slice(start, start + ISSUE_BULK_MAX));
  const answers = await Promise.all(chunks.map((chunk) => semaphore.run(() => fetchIssuesBulk(call, base, chunk, ['project']))));
  return answers.flat().map(mapIssueRef).filter((ref): ref is IssueRef => ref !== null);
}
