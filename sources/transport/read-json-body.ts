/** Reads an upstream JSON body, turning HTML error pages and other non-JSON into a clear error. */
import type { UpstreamName } from '../config/types.ts';
import { Redactor } from '../logging/redactor.ts';
import { UpstreamBadResponseError } from './errors.ts';
import { UPSTREAM_LABELS } from './upstreams.ts';

const EXCERPT_LENGTH = 160;
const patternRedactor = new Redactor();

/** A short single-line excerpt with HTML tags and Bearer/Basic values removed. */
export function safeExcerpt(text: string): string {
  // Redact before cutting, so a cut can never leave part of a credential behind.
  const flattened = patternRedactor.redactText(
    text
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return flattened.length > EXCERPT_LENGTH ? `${flattened.slice(0, EXCERPT_LENGTH)}…` : flattened;
}

export async function readJsonBody(response: Response, upstreamName: UpstreamName): Promise<unknown> {
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  const ref = { upstream: upstreamName, label: UPSTREAM_LABELS[upstreamName], status: response.status, contentType };
  if (text.trim() === '') {
    throw new UpstreamBadResponseError({ ...ref, excerpt: '', problem: 'an empty body where JSON was expected' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UpstreamBadResponseError({ ...ref, excerpt: safeExcerpt(text), problem: 'a body that is not JSON' });
  }
}
