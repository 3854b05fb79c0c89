/**
 * Evaluates a parsed JQL query over the sandbox dataset: a predicate and a sort order.
 * Values are checked the way Jira checks them (unknown project, status or issue key -> 400).
 */
import type { JiraDataset, JiraDatasetIndex, JiraIssueRecord } from '../data/jira-dataset.ts';
import { BASE_MS, DAY, HOUR, MINUTE } from '../data/time.ts';
import { jiraError } from '../http/errors.ts';
import { parseJql, type JqlClause, type JqlOperator, type JqlQuery, type JqlValue } from './jql.ts';

export interface CompiledJql {
  query: JqlQuery;
  matches(issue: JiraIssueRecord): boolean;
  compare(a: JiraIssueRecord, b: JiraIssueRecord): number;
}

type Predicate = (issue: JiraIssueRecord) => boolean;

interface UserRef {
  accountId: string;
}
interface Named {
  id: string | number;
  name: string;
}

const FIELD_ALIASES: Record<string, string> = {
  project: 'project',
  key: 'key',
  issuekey: 'key',
  id: 'key',
  issue: 'key',
  status: 'status',
  statuscategory: 'statusCategory',
  issuetype: 'issuetype',
  type: 'issuetype',
  assignee: 'assignee',
  reporter: 'reporter',
  labels: 'labels',
  sprint: 'sprint',
  fixversion: 'fixVersion',
  component: 'component',
  parent: 'parent',
  created: 'created',
  createddate: 'created',
  updated: 'updated',
  updateddate: 'updated',
  resolved: 'resolved',
  resolutiondate: 'resolved',
};

const SORTABLE: Record<string, (issue: JiraIssueRecord) => number | string> = {
  key: (i) => Number(i.id),
  issuekey: (i) => Number(i.id),
  id: (i) => Number(i.id),
  created: (i) => i.createdMs,
  updated: (i) => i.updatedMs,
  resolved: (i) => (i.fields.resolutiondate ? Date.parse(String(i.fields.resolutiondate).replace('+0000', 'Z')) : Number.MAX_SAFE_INTEGER),
  // Boards order by rank; the sandbox's rank is creation order.
  rank: (i) => Number(i.id),
};

function badValue(value: string, field: string): never {
  throw jiraError(400, `The value '${value}' does not exist for the field '${field}'.`);
}

function unsupportedOperator(operator: JqlOperator, field: string): never {
  throw jiraError(400, `The operator '${operator.toUpperCase()}' is not supported by the '${field}' field.`);
}

function texts(clause: JqlClause, field: string): string[] {
  return clause.values.map((v) => {
    if (v.kind === 'text') return v.text;
    throw jiraError(400, `Error in the JQL Query: '${v.kind === 'function' ? `${v.name}()` : 'EMPTY'}' is not supported for the field '${field}' by the Jira sandbox.`);
  });
}

/** Offset (ms) of `timeZone` at `instant`: wall-clock time minus UTC. */
function zoneOffset(timeZone: string, instant: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time (given as UTC ms) denotes in `timeZone`; an ambiguous one (autumn) is the earlier. */
export function wallTimeToInstant(wall: number, timeZone: string): number {
  const first = wall - zoneOffset(timeZone, wall);
  const second = wall - zoneOffset(timeZone, first);
  return Math.min(first, second);
}

/**
 * Relative (`-7d`, `-2w`, `-12h`, `-30m`) or absolute (`2025-12-01`, `2025-12-01 10:00`) JQL date,
 * in ms. Absolute dates are wall-clock time in `timeZone`, the searching account's zone, as Jira
 * reads them (UTC when none is given).
 */
export function parseJqlDate(value: JqlValue, field: string, timeZone = 'UTC'): number {
  if (value.kind === 'function') {
    if (value.name.toLowerCase() === 'now') return BASE_MS;
    const day = Math.floor(BASE_MS / DAY) * DAY;
    if (value.name.toLowerCase() === 'startofday') return day;
    if (value.name.toLowerCase() === 'endofday') return day + DAY - 1;
    throw jiraError(400, `Error in the JQL Query: the function '${value.name}()' is not supported by the Jira sandbox.`);
  }
  if (value.kind === 'empty') throw jiraError(400, `Error in the JQL Query: EMPTY cannot be compared with '${field}'.`);
  const text = value.text.trim();
  const relative = /^([-+]?)(\d+)([wdhm])$/.exec(text);
  if (relative) {
    const unit = { w: 7 * DAY, d: DAY, h: HOUR, m: MINUTE }[relative[3] as 'w' | 'd' | 'h' | 'm'];
    return BASE_MS + (relative[1] === '-' ? -1 : 1) * Number(relative[2]) * unit;
  }
  const absolute = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:\s+(\d{2}):(\d{2}))?$/.exec(text);
  if (absolute) {
    const [, y, mo, d, h = '00', mi = '00'] = absolute;
    const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:00.000Z`);
    if (!Number.isNaN(ms)) return wallTimeToInstant(ms, timeZone);
  }
  throw jiraError(
    400,
    `Date value '${text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

function membership(clause: JqlClause, field: string, valuesOf: (issue: JiraIssueRecord) => string[], resolve: (text: string) => string): Predicate {
  const { operator } = clause;
  if (operator === 'is' || operator === 'is not') {
    if (clause.values.length !== 1 || clause.values[0].kind !== 'empty') throw jiraError(400, `Error in the JQL Query: IS and IS NOT must be followed by EMPTY for the field '${field}'.`);
    return operator === 'is' ? (i) => valuesOf(i).length === 0 : (i) => valuesOf(i).length > 0;
  }
  if (!['=', '!=', 'in', 'not in'].includes(operator)) unsupportedOperator(operator, field);
  const wanted = new Set(texts(clause, field).map(resolve));
  const positive = operator === '=' || operator === 'in';
  return (issue) => {
    const hit = valuesOf(issue).some((v) => wanted.has(v));
    return positive ? hit : !hit;
  };
}

function userClause(clause: JqlClause, field: 'assignee' | 'reporter', ctx: { index: JiraDatasetIndex; myself: string }): Predicate {
  const valuesOf = (issue: JiraIssueRecord) => {
    const user = issue.fields[field] as UserRef | null;
    return user ? [user.accountId] : [];
  };
  if (clause.operator === 'is' || clause.operator === 'is not') return membership(clause, field, valuesOf, (t) => t);
  if (!['=', '!=', 'in', 'not in'].includes(clause.operator)) unsupportedOperator(clause.operator, field);
  const wanted = clause.values.map((v) => {
    if (v.kind === 'function' && v.name.toLowerCase() === 'currentuser') return ctx.myself;
    if (v.kind === 'empty') return '';
    if (v.kind === 'function') throw jiraError(400, `Error in the JQL Query: the function '${v.name}()' is not supported by the Jira sandbox.`);
    if (!ctx.index.user(v.text)) badValue(v.text, field);
    return v.text;
  });
  const positive = clause.operator === '=' || clause.operator === 'in';
  return (issue) => {
    const actual = valuesOf(issue)[0] ?? '';
    return wanted.includes(actual) === positive;
  };
}

function dateClause(clause: JqlClause, field: string, valueOf: (issue: JiraIssueRecord) => number | undefined, timeZone: string): Predicate {
  if (clause.operator === 'is' || clause.operator === 'is not') {
    return membership(clause, field, (i) => (valueOf(i) === undefined ? [] : ['x']), (t) => t);
  }
  if (!['=', '!=', '>', '>=', '<', '<='].includes(clause.operator)) unsupportedOperator(clause.operator, field);
  const bound = parseJqlDate(clause.values[0], field, timeZone);
  const compare: Record<string, (a: number) => boolean> = {
    '=': (a) => a === bound,
    '!=': (a) => a !== bound,
    '>': (a) => a > bound,
    '>=': (a) => a >= bound,
    '<': (a) => a < bound,
    '<=': (a) => a <= bound,
  };
  const test = compare[clause.operator];
  return (issue) => {
    const value = valueOf(issue);
    return value !== undefined && test(value);
  };
}

function ms(jiraDate: unknown): number | undefined {
  return typeof jiraDate === 'string' ? Date.parse(jiraDate.replace(/\+0000$/, 'Z')) : undefined;
}

function compileClause(clause: JqlClause, dataset: JiraDataset, index: JiraDatasetIndex): Predicate {
  // `cf[10104]` names the site's sprint field by its number, whatever that is on this site.
  const customNumber = /^cf\[(\d+)\]$/i.exec(clause.field)?.[1];
  const field = customNumber !== undefined && `customfield_${customNumber}` === dataset.sprintField ? 'sprint' : FIELD_ALIASES[clause.field.toLowerCase()];
  // Jira reads date literals in the searching account's zone; the sandbox searches as `myself`.
  const timeZone = index.user(dataset.myselfAccountId)?.timeZone ?? 'UTC';
  if (!field) throw jiraError(400, `Field '${clause.field}' does not exist or you do not have permission to view it.`);
  const named = (issue: JiraIssueRecord, name: string) => issue.fields[name] as Named | null;
  switch (field) {
    case 'project':
      return membership(clause, 'project', (i) => [i.projectKey], (text) => {
        const project = index.project(text) ?? dataset.projects.find((p) => p.name.toLowerCase() === text.toLowerCase());
        return project ? project.key : badValue(text, 'project');
      });
    case 'key':
      return membership(clause, 'key', (i) => [i.key], (text) => {
        const issue = index.issue(text);
        if (!issue) throw jiraError(400, `An issue with key '${text}' does not exist for field 'key'.`);
        return issue.key;
      });
    case 'status':
      return membership(clause, 'status', (i) => [String(named(i, 'status')?.id)], (text) => {
        const status = dataset.statuses.find((s) => s.id === text || s.name.toLowerCase() === text.toLowerCase());
        return status ? status.id : badValue(text, 'status');
      });
    case 'statusCategory':
      return membership(clause, 'statusCategory', (i) => [(i.fields.status as { statusCategory: { key: string } }).statusCategory.key], (text) => {
        const category = dataset.statuses.map((s) => s.statusCategory).find((c) => [c.key, c.name.toLowerCase(), String(c.id)].includes(text.toLowerCase()));
        return category ? category.key : badValue(text, 'statusCategory');
      });
    case 'issuetype':
      return membership(clause, 'issuetype', (i) => [String(named(i, 'issuetype')?.id)], (text) => {
        const type = dataset.issueTypes.find((t) => t.id === text || t.name.toLowerCase() === text.toLowerCase());
        return type ? type.id : badValue(text, 'issuetype');
      });
    case 'assignee':
    case 'reporter':
      return userClause(clause, field, { index, myself: dataset.myselfAccountId });
    case 'labels':
      return membership(clause, 'labels', (i) => i.fields.labels as string[], (t) => t);
    case 'sprint': {
      const sprintsOf = (i: JiraIssueRecord) => ((i.fields[dataset.sprintField] as Array<{ id: number }> | null) ?? []).map((s) => String(s.id));
      const functions: Record<string, string> = { opensprints: 'active', closedsprints: 'closed', futuresprints: 'future' };
      if (clause.values.some((v) => v.kind === 'function')) {
        if (!['in', 'not in'].includes(clause.operator)) unsupportedOperator(clause.operator, 'sprint');
        const states = clause.values.map((v) => {
          const state = v.kind === 'function' ? functions[v.name.toLowerCase()] : undefined;
          if (!state) throw jiraError(400, 'Error in the JQL Query: only openSprints(), closedSprints() and futureSprints() are supported for sprint functions.');
          return state;
        });
        const ids = new Set(dataset.sprints.filter((s) => states.includes(s.state)).map((s) => String(s.id)));
        const positive = clause.operator === 'in';
        return (i) => sprintsOf(i).some((id) => ids.has(id)) === positive;
      }
      return membership(clause, 'sprint', sprintsOf, (text) => {
        const sprint = dataset.sprints.find((s) => String(s.id) === text || s.name.toLowerCase() === text.toLowerCase());
        return sprint ? String(sprint.id) : badValue(text, 'sprint');
      });
    }
    case 'fixVersion':
      return membership(clause, 'fixVersion', (i) => (i.fields.fixVersions as Named[]).map((v) => String(v.id)), (text) => {
        const version = dataset.versions.find((v) => v.id === text || v.name === text);
        return version ? version.id : badValue(text, 'fixVersion');
      });
    case 'component':
      return membership(clause, 'component', (i) => (i.fields.components as Named[]).map((c) => String(c.id)), (text) => {
        const component = dataset.projects.flatMap((p) => p.components).find((c) => c.id === text || c.name.toLowerCase() === text.toLowerCase());
        return component ? component.id : badValue(text, 'component');
      });
    case 'parent':
      return membership(clause, 'parent', (i) => {
        const parent = i.fields.parent as { key: string } | undefined;
        return parent ? [parent.key] : [];
      }, (text) => index.issue(text)?.key ?? badValue(text, 'parent'));
    case 'created':
      return dateClause(clause, 'created', (i) => i.createdMs, timeZone);
    case 'updated':
      return dateClause(clause, 'updated', (i) => i.updatedMs, timeZone);
    case 'resolved':
      return dateClause(clause, 'resolved', (i) => ms(i.fields.resolutiondate), timeZone);
    default:
      throw jiraError(400, `Field '${clause.field}' does not exist or you do not have permission to view it.`);
  }
}

export interface CompileOptions {
  /** Enhanced search refuses queries without a restriction; board/sprint listings allow them. */
  requireBounded: boolean;
  /** Order used when the query has no ORDER BY. */
  defaultOrder?: JqlQuery['orderBy'];
}

export function compileJql(jql: string, dataset: JiraDataset, index: JiraDatasetIndex, options: CompileOptions): CompiledJql {
  const query = parseJql(jql);
  if (options.requireBounded && query.clauses.length === 0) {
    throw jiraError(400, 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
  }
  const predicates = query.clauses.map((clause) => compileClause(clause, dataset, index));
  const order = (query.orderBy.length > 0 ? query.orderBy : (options.defaultOrder ?? [{ field: 'created', direction: 'DESC' as const }])).map((o) => {
    const key = SORTABLE[o.field.toLowerCase()];
    if (!key) throw jiraError(400, `Not able to sort using field '${o.field}'. The Jira sandbox sorts by key, created, updated, resolved or rank.`);
    return { key, sign: o.direction === 'DESC' ? -1 : 1 };
  });
  return {
    query,
    matches: (issue) => predicates.every((p) => p(issue)),
    compare: (a, b) => {
      for (const { key, sign } of order) {
        const x = key(a);
        const y = key(b);
        if (x < y) return -sign;
        if (x > y) return sign;
      }
      return Number(a.id) - Number(b.id);
    },
  };
}

/** Runs a query: matching issues in order. */
export function runJql(jql: string, dataset: JiraDataset, index: JiraDatasetIndex, options: CompileOptions): JiraIssueRecord[] {
  const compiled = compileJql(jql, dataset, index, options);
  return dataset.issues.filter(compiled.matches).sort(compiled.compare);
}
