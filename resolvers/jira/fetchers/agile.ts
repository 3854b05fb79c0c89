/** Jira Software agile REST calls: raw JSON pages out, no mapping. */
import { notFound } from '../../shared/errors.ts';
import { requestJson, withQuery, type CallContext } from '../../shared/http.ts';
import { parseOffsetPage, type OffsetPage } from '../../shared/offset-walk.ts';
import { encodePathSegment } from '../../../sources/transport/path-segment.ts';

export const JIRA_SOFTWARE = 'Jira Software REST';
/** Agile lists answer at most 50 per page. */
export const AGILE_PAGE_MAX = 50;

/** GET /rest/agile/1.0/board. */
export async function fetchBoardsPage(
  call: CallContext,
  base: string,
  request: { startAt: number; maxResults: number; projectKeyOrId?: string; type?: string },
): Promise<OffsetPage> {
  const raw = await requestJson(call, {
    upstream: 'jiraSoftware',
    url: withQuery(base, '/rest/agile/1.0/board', request),
  });
  return parseOffsetPage(raw, JIRA_SOFTWARE, 'the board list');
}

/** GET /rest/agile/1.0/board/{boardId}/sprint. */
export async function fetchSprintsPage(
  call: CallContext,
  base: string,
  boardId: string,
  request: { startAt: number; maxResults: number; states?: string[] },
): Promise<OffsetPage> {
  const raw = await requestJson(call, {
    upstream: 'jiraSoftware',
    url: withQuery(base, `/rest/agile/1.0/board/${encodePathSegment(boardId, 'boardId')}/sprint`, {
      startAt: request.startAt,
      maxResults: request.maxResults,
      state: request.states,
    }),
    onNotFound: () => notFound(`Jira board ${boardId} was not found`),
  });
  return parseOffsetPage(raw, JIRA_SOFTWARE, `the sprints of board ${boardId}`);
}

/** GET /rest/agile/1.0/sprint/{sprintId}: one sprint, raw. */
export async function fetchSprint(call: CallContext, base: string, sprintId: string): Promise<unknown> {
  return requestJson(call, {
    upstream: 'jiraSoftware',
    url: `${base}/rest/agile/1.0/sprint/${encodePathSegment(sprintId, 'sprintId')}`,
    onNotFound: () => notFound(`Jira sprint ${sprintId} was not found (or the caller may not see it)`),
  });
}

/** GET /rest/agile/1.0/board/{boardId}: one board, raw. */
export async function fetchBoard(call: CallContext, base: string, boardId: string): Promise<unknown> {
  return requestJson(call, {
    upstream: 'jiraSoftware',
    url: `${base}/rest/agile/1.0/board/${encodePathSegment(boardId, 'boardId')}`,
    onNotFound: () => notFound(`Jira board ${boardId} was not found (or the caller may not see it)`),
  });
}
