/**
 * The JQL subset the sandbox understands: AND-joined clauses (parenthesised groups of them too,
 * as clients wrap a caller's JQL: `updated >= x AND (project = DEV)`) over project, key, status,
 * statusCategory, issuetype, assignee, reporter, labels, sprint, fixVersion, component,
 * parent and the created/updated/resolved dates, plus ORDER BY. Anything else is a 400
 * with a Jira-like message, so a client never mistakes an ignored clause for a result.
 */
import { jiraError } from '../http/errors.ts';

export type JqlOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in' | 'is' | 'is not';

export type JqlValue =
  | { kind: 'text'; text: string }
  | { kind: 'function'; name: string }
  | { kind: 'empty' };

export interface JqlClause {
  field: string;
  operator: JqlOperator;
  values: JqlValue[];
}

export interface JqlOrder {
  field: string;
  direction: 'ASC' | 'DESC';
}

export interface JqlQuery {
  clauses: JqlClause[];
  orderBy: JqlOrder[];
}

type Token =
  | { type: 'word'; text: string; quoted: boolean }
  | { type: 'op'; text: string }
  | { type: 'punct'; text: '(' | ')' | ',' };

function syntaxError(message: string): never {
  throw jiraError(400, `Error in the JQL Query: ${message}`);
}

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const ch = jql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"' || ch === "'") {
      let text = '';
      i++;
      while (i < jql.length && jql[i] !== ch) {
        if (jql[i] === '\\' && i + 1 < jql.length) i++;
        text += jql[i++];
      }
      if (i >= jql.length) syntaxError(`The quoted string ${ch}${text} has not been completed. (line 1, character ${jql.length})`);
      i++;
      tokens.push({ type: 'word', text, quoted: true });
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: 'punct', text: ch });
      i++;
    } else if ('!=<>~'.includes(ch)) {
      const two = jql.slice(i, i + 2);
      const op = ['!=', '>=', '<=', '!~'].includes(two) ? two : ch;
      if (op === '!') syntaxError(`Unexpected character '!' at character ${i + 1}.`);
      tokens.push({ type: 'op', text: op });
      i += op.length;
    } else {
      let text = '';
      while (i < jql.length && !/[\s(),!=<>~"']/.test(jql[i])) text += jql[i++];
      tokens.push({ type: 'word', text, quoted: false });
    }
  }
  return tokens;
}

const KEYWORDS = ['and', 'or', 'not', 'in', 'is', 'order', 'by', 'asc', 'desc', 'empty', 'null'];

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private isWord(token: Token | undefined, word: string): boolean {
    return token?.type === 'word' && !token.quoted && token.text.toLowerCase() === word;
  }

  private isPunct(token: Token | undefined, text: '(' | ')' | ','): boolean {
    return token?.type === 'punct' && token.text === text;
  }

  /** AND-joined clauses up to the end, ORDER BY, or (inside a group) the closing parenthesis. */
  private conjunction(inGroup: boolean): JqlClause[] {
    const clauses: JqlClause[] = [...this.term()];
    while (this.peek() && !this.isWord(this.peek(), 'order') && !(inGroup && this.isPunct(this.peek(), ')'))) {
      const token = this.peek();
      if (this.isWord(token, 'and')) {
        this.pos++;
        clauses.push(...this.term());
      } else if (this.isWord(token, 'or') || this.isWord(token, 'not')) {
        syntaxError(`'${(token as { text: string }).text.toUpperCase()}' is not supported by the Jira sandbox; combine clauses with AND only.`);
      } else {
        syntaxError(`Expecting either 'OR' or 'AND' but got '${(token as { text: string }).text}'.`);
      }
    }
    return clauses;
  }

  /** One clause, or a parenthesised group of AND-joined clauses (flattened: AND is associative). */
  private term(): JqlClause[] {
    if (!this.isPunct(this.peek(), '(')) return [this.clause()];
    this.pos++;
    const clauses = this.conjunction(true);
    if (!this.isPunct(this.peek(), ')')) syntaxError("Expecting ')' to close the group.");
    this.pos++;
    return clauses;
  }

  parse(): JqlQuery {
    const clauses: JqlClause[] = [];
    if (this.peek() && !this.isWord(this.peek(), 'order')) clauses.push(...this.conjunction(false));
    const orderBy: JqlOrder[] = [];
    if (this.isWord(this.peek(), 'order')) {
      this.pos++;
      if (!this.isWord(this.peek(), 'by')) syntaxError("Expecting 'by' after 'order'.");
      this.pos++;
      do {
        if (this.peek()?.type === 'punct' && (this.peek() as { text: string }).text === ',') this.pos++;
        const field = this.peek();
        if (field?.type !== 'word') syntaxError('Expecting a field name after ORDER BY.');
        this.pos++;
        let direction: 'ASC' | 'DESC' = 'ASC';
        if (this.isWord(this.peek(), 'asc') || this.isWord(this.peek(), 'desc')) {
          direction = (this.peek() as { text: string }).text.toUpperCase() as 'ASC' | 'DESC';
          this.pos++;
        }
        orderBy.push({ field: field.text, direction });
      } while (this.peek()?.type === 'punct' && (this.peek() as { text: string }).text === ',');
      if (orderBy.length > 7) syntaxError('The ORDER BY clause can contain at most 7 fields.');
      if (this.peek()) syntaxError(`Unexpected '${(this.peek() as { text: string }).text}' after the ORDER BY clause.`);
    }
    return { clauses, orderBy };
  }

  private clause(): JqlClause {
    const fieldToken = this.peek();
    if (fieldToken?.type !== 'word' || (!fieldToken.quoted && KEYWORDS.includes(fieldToken.text.toLowerCase()))) {
      syntaxError(`Expecting a field name but got '${fieldToken ? (fieldToken as { text: string }).text : 'end of query'}'.`);
    }
    this.pos++;
    const operator = this.operator();
    const values: JqlValue[] = [];
    if (operator === 'in' || operator === 'not in') {
      const open = this.peek();
      if (open?.type === 'punct' && open.text === '(') {
        this.pos++;
        values.push(this.value());
        while (this.peek()?.type === 'punct' && (this.peek() as { text: string }).text === ',') {
          this.pos++;
          values.push(this.value());
        }
        const close = this.peek();
        if (close?.type !== 'punct' || close.text !== ')') syntaxError("Expecting ',' or ')' in the IN list.");
        this.pos++;
      } else {
        values.push(this.value()); // `sprint in openSprints()`
      }
    } else {
      values.push(this.value());
    }
    return { field: fieldToken.text, operator, values };
  }

  private operator(): JqlOperator {
    const token = this.peek();
    if (token?.type === 'op') {
      this.pos++;
      return token.text as JqlOperator;
    }
    if (this.isWord(token, 'in')) {
      this.pos++;
      return 'in';
    }
    if (this.isWord(token, 'not') && this.isWord(this.peek(1), 'in')) {
      this.pos += 2;
      return 'not in';
    }
    if (this.isWord(token, 'is')) {
      this.pos++;
      if (this.isWord(this.peek(), 'not')) {
        this.pos++;
        return 'is not';
      }
      return 'is';
    }
    if (token && token.type === 'word' && ['was', 'changed'].includes(token.text.toLowerCase())) {
      syntaxError(`The history operator '${token.text.toUpperCase()}' is not supported by the Jira sandbox.`);
    }
    return syntaxError(`Expecting operator but got '${token ? (token as { text: string }).text : 'end of query'}'.`);
  }

  private value(): JqlValue {
    const token = this.peek();
    if (token?.type !== 'word') syntaxError(`Expecting a value but got '${token ? token.text : 'end of query'}'.`);
    this.pos++;
    if (!token.quoted && (token.text.toLowerCase() === 'empty' || token.text.toLowerCase() === 'null')) return { kind: 'empty' };
    const open = this.peek();
    if (!token.quoted && open?.type === 'punct' && open.text === '(') {
      this.pos++;
      const close = this.peek();
      if (close?.type !== 'punct' || close.text !== ')') syntaxError(`Function arguments are not supported by the Jira sandbox ('${token.text}(...)').`);
      this.pos++;
      return { kind: 'function', name: token.text };
    }
    return { kind: 'text', text: token.text };
  }
}

/** Parses JQL; throws a Jira-style 400 HttpError for anything outside the subset. */
export function parseJql(jql: string): JqlQuery {
  return new Parser(tokenize(jql)).parse();
}
