/** Atlassian Document Format (ADF) builders: Jira REST v3 returns rich text as ADF documents. */
export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

export function adfText(text: string, marks?: AdfNode['marks']): AdfNode {
  return marks ? { type: 'text', text, marks } : { type: 'text', text };
}

export function adfParagraph(...content: AdfNode[]): AdfNode {
  return { type: 'paragraph', content };
}

export function adfBulletList(items: string[]): AdfNode {
  return { type: 'bulletList', content: items.map((item) => ({ type: 'listItem', content: [adfParagraph(adfText(item))] })) };
}

export function adfCodeBlock(code: string, language: string): AdfNode {
  return { type: 'codeBlock', attrs: { language }, content: [adfText(code)] };
}

export function adfDoc(...content: AdfNode[]): AdfDocument {
  return { type: 'doc', version: 1, content };
}

/** Plain text of an ADF tree: inline text joined, blocks separated by newlines. */
export function adfToPlainText(node: AdfNode | AdfDocument): string {
  if (node.type === 'text') return (node as AdfNode).text ?? '';
  const children = node.content ?? [];
  const inline = children.every((child) => child.type === 'text');
  return children.map((child) => adfToPlainText(child)).join(inline ? '' : '\n');
}
