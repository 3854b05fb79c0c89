/** Reading what an upstream answered beyond its status: request ids, operation names, redirects. */

/** The operationName of a GraphQL request body (AGG, todo.sr.ht), for costs and logs. */
export function graphqlOperationName(body: RequestInit['body'] | undefined): string | undefined {
  if (typeof body !== 'string' || !body.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    const name = typeof parsed === 'object' && parsed !== null ? (parsed as { operationName?: unknown }).operationName : undefined;
    return typeof name === 'string' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

const SAFE_ID = /^[\w.:-]{1,128}$/;

/** AGG puts `request_id` in the response `extensions`; Jira REST has trace headers instead. */
export async function readRequestIds(response: Response): Promise<{ requestId?: string; traceId?: string }> {
  const result: { requestId?: string; traceId?: string } = {};
  const trace = response.headers.get('atl-traceid') ?? response.headers.get('x-arequestid');
  if (trace !== null && SAFE_ID.test(trace)) result.traceId = trace;
  let text: string;
  try {
    text = await response.text();
  } catch {
    return result;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return result;
  }
  const candidates: unknown[] = [];
  if (typeof parsed === 'object' && parsed !== null) {
    const body = parsed as { extensions?: unknown; errors?: unknown };
    candidates.push(body.extensions);
    if (Array.isArray(body.errors)) for (const error of body.errors) candidates.push((error as { extensions?: unknown } | null)?.extensions);
  }
  for (const extensions of candidates) {
    if (typeof extensions !== 'object' || extensions === null) continue;
    const id = (extensions as Record<string, unknown>).request_id ?? (extensions as Record<string, unknown>).requestId;
    if (typeof id === 'string' && SAFE_ID.test(id)) {
      result.requestId = id;
      break;
    }
  }
  return result;
}

/** 3xx with a Location (304 Not Modified is an answer, not a redirect). */
export function isRedirect(response: Response): boolean {
  return response.status >= 300 && response.status < 400 && response.status !== 304 && response.headers.has('location');
}

export async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already consumed or closed.
  }
}
