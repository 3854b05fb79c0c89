/**
 * Reverses graphql-codegen's `transformComment`: a GraphQL description (plus an appended
 * `@deprecated <reason>` line for deprecated fields and values) becomes `/** text *\/` for one
 * line or `/**\n * line\n *\/` for several, with `*\/` escaped as `*\\/`.
 */

export interface DocComment {
  description?: string;
  /** Set only when the comment ends with codegen's `@deprecated <reason>` line (fields, arguments, values). */
  deprecationReason?: string;
}

const DEPRECATED_LINE = /^@deprecated(?: (.*))?$/;

/** The text inside a `/** ... *\/` comment, with codegen's ` * ` line prefixes removed. */
export function commentText(raw: string): string {
  const inner = raw.replace(/^\/\*\*/, '').replace(/\*\/$/, '');
  const lines = inner.split('\n');
  if (lines.length === 1) return unescape(lines[0].trim());
  const body = lines.slice(1, lines.length - 1).map((line) => {
    const stripped = line.replace(/^\s*\*/, '');
    return stripped.startsWith(' ') ? stripped.slice(1) : stripped;
  });
  return unescape(body.join('\n'));
}

function unescape(text: string): string {
  return text.split('*\\/').join('*/');
}

/**
 * Splits a member's comment into description and deprecation reason. Codegen appends the
 * deprecation as the last line(s), so the last line that starts with `@deprecated ` begins the reason;
 * text such as `@deprecated(reason: ...)` inside a description is left alone.
 */
export function parseMemberComment(raw: string | undefined): DocComment {
  if (raw === undefined) return {};
  const text = commentText(raw);
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = DEPRECATED_LINE.exec(lines[i]);
    if (!match) continue;
    const reason = [match[1] ?? '', ...lines.slice(i + 1)].join('\n').trim();
    const description = lines.slice(0, i).join('\n').trim();
    return {
      description: description === '' ? undefined : description,
      // codegen prints a missing reason as an empty tail; GraphQL's default reason applies then.
      deprecationReason: reason === '' ? 'No longer supported' : reason,
    };
  }
  const description = text.trim();
  return { description: description === '' ? undefined : description };
}

/** Type-level comments never carry a GraphQL deprecation (types cannot be deprecated): keep all text. */
export function parseTypeComment(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = commentText(raw).trim();
  return text === '' ? undefined : text;
}
