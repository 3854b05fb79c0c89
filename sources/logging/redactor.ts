/**
 * Removes credentials from anything about to be logged or returned: values under sensitive keys,
 * `Bearer …`/`Basic …` header values, and every known secret string in raw, base64, base64url
 * and URL-encoded form wherever it appears inside a longer string.
 */
const REDACTED = '[REDACTED]';
const SENSITIVE_KEY = /authorization|cookie|token|secret|password|passwd|api[-_]?key|credential|session/i;
const AUTH_SCHEME_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/** Shorter strings would scrub ordinary words out of log lines; real credentials are far longer. */
const MIN_SECRET_LENGTH = 4;
const MAX_DEPTH = 8;

export class Redactor {
  private readonly needles = new Set<string>();
  /** Longest first, so a secret that contains another is removed whole. */
  private sorted: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.addSecret(secret);
  }

  /** Registers a secret (and its encoded forms) to be scrubbed from now on. */
  addSecret(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH) return;
    const buffer = Buffer.from(secret, 'utf8');
    const forms = [
      secret,
      buffer.toString('base64'),
      buffer.toString('base64').replace(/=+$/, ''),
      buffer.toString('base64url'),
      encodeURIComponent(secret),
    ];
    let changed = false;
    for (const form of forms) {
      if (form.length >= MIN_SECRET_LENGTH && !this.needles.has(form)) {
        this.needles.add(form);
        changed = true;
      }
    }
    if (changed) this.sorted = [...this.needles].sort((a, b) => b.length - a.length);
  }

  redactText(text: string): string {
    let result = text.replace(AUTH_SCHEME_VALUE, (_, scheme: string) => `${scheme} ${REDACTED}`);
    for (const needle of this.sorted) {
      if (result.includes(needle)) result = result.split(needle).join(REDACTED);
    }
    return result;
  }

  /** A JSON-safe copy of `value` with credentials removed. */
  redactValue(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object') {
      return typeof value === 'bigint' ? value.toString() : typeof value === 'function' ? undefined : value;
    }
    if (depth >= MAX_DEPTH) return '[Truncated]';
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return {
        name: value.name,
        message: this.redactText(value.message),
        ...(typeof code === 'string' ? { code } : {}),
      };
    }
    if (value instanceof URL) return this.redactText(`${value.origin}${value.pathname}`);
    if (typeof Headers !== 'undefined' && value instanceof Headers) {
      return this.redactValue(Object.fromEntries(value.entries()), depth + 1);
    }
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item, depth + 1));
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      result[key] = SENSITIVE_KEY.test(key) ? REDACTED : this.redactValue(entry, depth + 1);
    }
    return result;
  }
}

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}
