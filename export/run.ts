/**
 * One export run: walks the canonical queries page by page and commits each page (rows + the
 * page cursor in _export_state) in one transaction, so an interrupted run resumes where it stopped
 * and a finished one leaves the sync cursors the next run continues from.
 */
import { randomUUID } from 'node:crypto';
import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import type { GatewaySettings } from '../sources/config/types.ts';
import { createTransport } from '../sources/transport/create-transport.ts';
import type { TransportObserver } from '../sources/transport/observer.ts';
import { createCanonicalExecutor, type CanonicalExecutor } from './executor.ts';
import {
  BOARDS_DOCUMENT, CHANGELOGS_DOCUMENT, METRIC_FIELDS, SPRINTS_DOCUMENT, WORKLOGS_DOCUMENT, issuesDocument, reportIssuesField, sprintReportDocument, ticketsDocument,
} from './documents.ts';
import type { DuckDbStore, StreamState } from './duckdb-sink.ts';
import {
  CORE_TABLES, TABLES, changelogRows, issueRow, json, metricsRow, sprintRow, ticketRows, worklogRow,
  type ChangelogNode, type IssueNode, type Row, type SprintNode, type TableName, type TicketNode, type WorklogNode,
} from './tables.ts';

export const EPOCH = '1970-01-01T00:00:00Z';
/** jiraIssueChangelogs takes at most this many keys per call. */
const CHANGELOG_KEYS_PER_WALK = 1000;
const PAGE_SIZE = { issues: 100, changelogs: 500, worklogs: 1000, tickets: 100, boards: 50, sprints: 50 } as const;

export interface Tracker {
  owner: string;
  tracker: string;
}

export interface ExportOptions {
  settings: GatewaySettings;
  store: DuckDbStore;
  jql?: string;
  sourcehut: Tracker[];
  /** Overrides stored cursors: everything updated since this instant. */
  since?: string;
  cloudId?: string;
  /** Tests: the transport's fetch (e.g. one that fails after N requests). */
  fetchImpl?: typeof fetch;
  /** Tests: the time metrics are computed at. */
  now?: () => number;
  observer?: TransportObserver;
  /** Told after every committed batch. */
  onProgress?: (event: ProgressEvent) => void;
  /** Told once per note (e.g. metrics not in the schema yet). */
  onNote?: (line: string) => void;
  signal?: AbortSignal;
}

export interface ProgressEvent {
  phase: string;
  records: number;
}

export interface ExportSummary {
  runId: string;
  records: Record<string, number>;
  deletedWorklogs: number;
  /** Upstream HTTP exchanges of the run (retries included). */
  requests: number;
  tables: string[];
  notes: string[];
  warnings: string[];
}

/** An upstream or resolver failure, said in one line. */
export class ExportError extends Error {
  override name = 'ExportError';
  constructor(
    message: string,
    options?: { cause?: unknown; code?: string },
  ) {
    super(message, options);
    this.code = options?.code;
  }
  /** The GraphQL error's extensions.code, when it came from one. */
  readonly code: string | undefined;
}

interface Connection<T> {
  nodes: Array<T | null>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  syncCursor?: string | null;
  deleted?: Array<{ worklogId: string; deletedAt: string } | null>;
}

export async function runExport(options: ExportOptions): Promise<ExportSummary> {
  const { settings, store } = options;
  let requests = 0;
  // Counts upstream exchanges for the run history, then hands every event on.
  const outer = options.observer;
  const observer: TransportObserver = {
    onUpstreamCall: (event) => {
      requests += 1;
      outer?.onUpstreamCall?.(event);
    },
    onRateLimited: (event) => outer?.onRateLimited?.(event),
    onRetry: (event) => outer?.onRetry?.(event),
    onBudget: (event) => outer?.onBudget?.(event),
    onDeduplicated: (event) => outer?.onDeduplicated?.(event),
  };
  const transport = createTransport({ settings, observer, ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}) });
  const executor = await createCanonicalExecutor(settings, transport.fetch, options.now);
  const cloudId = options.cloudId ?? settings.cloudId ?? new URL(settings.upstreams.jira.baseUrl).host;
  const summary: ExportSummary = { runId: randomUUID(), records: {}, deletedWorklogs: 0, requests: 0, tables: [], notes: [], warnings: [] };
  const note = (line: string) => {
    summary.notes.push(line);
    options.onNote?.(line);
  };
  const count = (table: string, n: number) => {
    summary.records[table] = (summary.records[table] ?? 0) + n;
  };
  const total = () => Object.values(summary.records).reduce((a, b) => a + b, 0);
  const progress = (phase: string) => options.onProgress?.({ phase, records: total() });

  const withMetrics = METRIC_FIELDS.every((field) => executor.hasField('JiraIssue', field) && executor.hasField('SourcehutTicket', field));
  const reportDocument = sprintReportDocument(executor.schema);
  const reportIssues = reportIssuesField(executor.schema);
  const tables: TableName[] = [...CORE_TABLES];
  if (withMetrics) tables.push('work_item_metrics');
  else note('work_item_metrics skipped: the schema has no WorkItem timeInStatus / cycleTimeSeconds / leadTimeSeconds / reopenedCount yet');
  if (reportDocument !== undefined && executor.hasField('Query', 'jiraSprintReport')) tables.push('sprint_reports', 'sprint_report_issues');
  else note('sprint_reports skipped: the schema has no Query.jiraSprintReport(boardId, sprintId) with a resolver yet');
  await store.ensureTables(tables);
  summary.tables = tables;

  const startedAt = new Date().toISOString();
  const runArguments = { jql: options.jql ?? null, sourcehut: options.sourcehut, since: options.since ?? null, cloudId };
  await store.recordRun({ runId: summary.runId, startedAt, finishedAt: null, status: 'running', arguments: runArguments, records: 0, requests: 0, error: null });

  const execute = async <T>(document: string, variables: Record<string, unknown>, rootName: string): Promise<T> => {
    if (options.signal?.aborted) throw new ExportError('interrupted');
    const result: ExecutionResult = await executor.execute(document, variables);
    const root = (result.data as Record<string, unknown> | null | undefined)?.[rootName];
    const errors = (result.errors ?? []) as readonly GraphQLFormattedError[];
    // Unknown issue keys (deleted or moved issues) are expected; any other error fails the batch
    // before it is written: a transient upstream failure must not be stored as missing data.
    const fatal = errors.find((error) => !(error.path ?? []).includes('unknownIssueKeys'));
    if (fatal !== undefined || root === null || root === undefined) {
      const first = fatal ?? errors[0];
      const code = first?.extensions?.code;
      throw new ExportError(first?.message ?? `${rootName}: no data`, { code: typeof code === 'string' ? code : undefined });
    }
    for (const error of errors) {
      const line = `${rootName}: ${error.message}`;
      if (!summary.warnings.includes(line)) summary.warnings.push(line);
    }
    return root as T;
  };

  /**
   * Walks one incremental query: resumes a walk in progress, else starts from --since, the stored
   * cursor or the epoch. `write` runs inside the page's transaction.
   */
  const walkIncremental = async <T>(spec: {
    stream: string;
    query: string;
    args: Record<string, unknown>;
    document: string;
    sinceArg: 'updatedSince' | 'since';
    first: number;
    /** Overrides the start (the changelog phase shares one start across its walks). */
    start?: Record<string, string>;
    write: (page: Connection<T>, state: StreamState, last: boolean) => Promise<void>;
  }): Promise<void> => {
    const state: StreamState = (await store.getState(spec.stream)) ?? { stream: spec.stream, query: spec.query, args: spec.args, syncCursor: null, walkStart: null, walkAfter: null, extra: {} };
    let start: Record<string, string>;
    let after: string | null = null;
    if (spec.start !== undefined) {
      start = spec.start;
      if (state.walkStart !== null && JSON.stringify(state.walkStart) === JSON.stringify(spec.start)) after = state.walkAfter;
    } else if (options.since !== undefined) start = { [spec.sinceArg]: options.since };
    else if (state.walkStart !== null) {
      start = state.walkStart;
      after = state.walkAfter;
    } else if (state.syncCursor !== null) start = { syncCursor: state.syncCursor };
    else start = { [spec.sinceArg]: EPOCH };
    let resumedAfter = after;
    for (;;) {
      let page: Connection<T>;
      try {
        page = await execute<Connection<T>>(spec.document, { ...spec.args, ...start, first: spec.first, after }, 'page');
      } catch (error) {
        // A stored page cursor the resolver no longer accepts (e.g. after an upgrade): redo the walk from its start.
        if (resumedAfter === null || !(error instanceof ExportError) || error.code !== 'BAD_USER_INPUT') throw error;
        note(`${spec.query}: the stored page cursor was refused (${error.message}); walking again from the start of that walk`);
        resumedAfter = null;
        after = null;
        continue;
      }
      resumedAfter = null;
      const last = !page.pageInfo.hasNextPage;
      await store.transaction(async () => {
        await spec.write(page, state, last);
        if (last) {
          state.syncCursor = page.syncCursor ?? state.syncCursor;
          state.walkStart = null;
          state.walkAfter = null;
        } else {
          state.walkStart = start;
          state.walkAfter = page.pageInfo.endCursor;
        }
        await store.putState(state);
      });
      progress(spec.query);
      if (last) return;
      after = page.pageInfo.endCursor;
    }
  };

  /** Every page of a plain (non-incremental) connection. */
  const walkAll = async <T>(document: string, variables: Record<string, unknown>, first: number): Promise<T[]> => {
    const nodes: T[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Connection<T> = await execute<Connection<T>>(document, { ...variables, first, after }, 'page');
      nodes.push(...page.nodes.filter((node): node is T => node !== null));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
  };

  const present = <T>(nodes: Array<T | null>): T[] => nodes.filter((node): node is T => node !== null);

  try {
    let projects: string[] = [];
    if (options.jql !== undefined) {
      // ---- Issues (and the keys whose changelog must follow) ----
      const issueStream = `jiraIssues|${cloudId}|${options.jql}`;
      // Per JQL too: another JQL's cursor would skip the older events of issues only this one selects.
      const changelogStream = `jiraIssueChangelogs|${cloudId}|${options.jql}`;
      await walkIncremental<IssueNode>({
        stream: issueStream,
        query: 'jiraIssues',
        args: { cloudId, jql: options.jql },
        document: issuesDocument(withMetrics),
        sinceArg: 'updatedSince',
        first: PAGE_SIZE.issues,
        write: async (page, state) => {
          const issues = present(page.nodes);
          await store.upsert(TABLES.jira_issues, issues.map((issue) => issueRow(issue, cloudId)));
          if (withMetrics) await store.upsert(TABLES.work_item_metrics, issues.map((issue) => metricsRow('JIRA', issue.key, issue)));
          await store.addPendingKeys(changelogStream, issues.map((issue) => issue.key));
          // The projects in scope (for worklogs and boards), remembered across runs.
          const seen = new Set([...((state.extra.projects as string[] | undefined) ?? []), ...issues.map((issue) => issue.projectKey)]);
          state.extra = { ...state.extra, projects: [...seen].sort() };
          count('jira_issues', issues.length);
          if (withMetrics) count('work_item_metrics', issues.length);
        },
      });
      projects = ((await store.getState(issueStream))?.extra.projects as string[] | undefined) ?? [];

      // ---- Changelog events of the issues that changed, 1000 keys a walk, one start per phase ----
      for (;;) {
        const state = (await store.getState(changelogStream)) ?? { stream: changelogStream, query: 'jiraIssueChangelogs', args: { cloudId, jql: options.jql }, syncCursor: null, walkStart: null, walkAfter: null, extra: {} };
        const phaseStart =
          (state.extra.phaseStart as Record<string, string> | undefined) ??
          (options.since !== undefined ? { since: options.since } : state.syncCursor !== null ? { syncCursor: state.syncCursor } : { since: EPOCH });
        const inProgress = state.walkStart !== null ? (state.extra.keys as string[] | undefined) : undefined;
        const keys = inProgress ?? (await store.pendingKeys(changelogStream, CHANGELOG_KEYS_PER_WALK));
        if (keys.length === 0) {
          if (state.extra.phaseStart !== undefined) {
            // Phase over: the next run starts from the newest event this phase saw.
            await store.transaction(() => store.putState({ ...state, syncCursor: (state.extra.nextCursor as string | undefined) ?? state.syncCursor, extra: {} }));
          }
          break;
        }
        await walkIncremental<ChangelogNode>({
          stream: changelogStream,
          query: 'jiraIssueChangelogs',
          args: { cloudId, issueKeys: keys },
          document: CHANGELOGS_DOCUMENT,
          sinceArg: 'since',
          first: PAGE_SIZE.changelogs,
          start: phaseStart,
          write: async (page, walkState, last) => {
            const events = present(page.nodes).map((event) => changelogRows(event, cloudId));
            await store.upsert(TABLES.jira_changelog_events, events.map((event) => event.event));
            // Items are replaced whole per event: positions come from the event.
            await store.deleteWhere(TABLES.jira_changelog_items, ['cloud_id', 'event_id'], events.map((event) => [cloudId, String(event.event.event_id)]));
            await store.upsert(TABLES.jira_changelog_items, events.flatMap((event) => event.items));
            count('jira_changelog_events', events.length);
            walkState.extra = { ...walkState.extra, phaseStart, keys };
            if (last) {
              await store.removePendingKeys(changelogStream, keys);
              walkState.extra = { phaseStart, ...(page.syncCursor ? { nextCursor: page.syncCursor } : walkState.extra.nextCursor ? { nextCursor: walkState.extra.nextCursor } : {}) };
              // The walk's own cursor is not the next run's start: the phase's is (set when the phase ends).
              page.syncCursor = walkState.syncCursor;
            }
          },
        });
      }

      // ---- Worklogs of the projects in scope, deletions applied on the last page ----
      if (projects.length > 0) {
        await walkIncremental<WorklogNode>({
          stream: `jiraWorklogs|${cloudId}|${projects.join(',')}`,
          query: 'jiraWorklogs',
          args: { cloudId, projectKeys: projects },
          document: WORKLOGS_DOCUMENT,
          sinceArg: 'updatedSince',
          first: PAGE_SIZE.worklogs,
          write: async (page) => {
            const worklogs = present(page.nodes);
            await store.upsert(TABLES.jira_worklogs, worklogs.map((worklog) => worklogRow(worklog, cloudId)));
            count('jira_worklogs', worklogs.length);
            const deleted = present(page.deleted ?? []);
            await store.deleteWhere(TABLES.jira_worklogs, ['cloud_id', 'worklog_id'], deleted.map((entry) => [cloudId, entry.worklogId]));
            summary.deletedWorklogs += deleted.length;
          },
        });
      }

      // ---- Sprints of the boards of the projects in scope (small: read whole every run) ----
      const sprintsByBoard: Array<{ boardId: string; sprint: SprintNode }> = [];
      const boardIds = new Set<string>();
      for (const projectKey of projects) {
        // Kanban boards have no sprints (Jira answers 400); team-managed ones only with the feature on.
        for (const board of await walkAll<{ id: string; type: string }>(BOARDS_DOCUMENT, { cloudId, projectKey }, PAGE_SIZE.boards)) if (board.type !== 'kanban') boardIds.add(board.id);
      }
      for (const boardId of boardIds) {
        let sprints: SprintNode[];
        try {
          sprints = await walkAll<SprintNode>(SPRINTS_DOCUMENT, { cloudId, boardId }, PAGE_SIZE.sprints);
        } catch (error) {
          if (error instanceof ExportError && /does not support sprints/i.test(error.message)) continue;
          throw error;
        }
        await store.transaction(() => store.upsert(TABLES.jira_sprints, sprints.map((sprint) => sprintRow(sprint, boardId, cloudId))));
        count('jira_sprints', sprints.length);
        sprintsByBoard.push(...sprints.map((sprint) => ({ boardId, sprint })));
        progress('jiraBoardSprints');
      }

      // ---- Sprint reports: started sprints; a closed sprint's report once stored is final ----
      if (tables.includes('sprint_reports') && reportDocument !== undefined) {
        const stored = new Set((await store.query(`SELECT sprint_id FROM sprint_reports WHERE cloud_id = ? AND sprint_state = 'closed'`, [cloudId])).map((row) => String(row.sprint_id)));
        for (const { boardId, sprint } of sprintsByBoard) {
          if (sprint.state === 'future' || stored.has(sprint.id)) continue;
          const report = await execute<Record<string, unknown>>(reportDocument, { cloudId, boardId, sprintId: sprint.id }, 'report');
          const entries = reportIssues ? ((report[reportIssues.name] as Array<Record<string, unknown> | null> | null) ?? []) : [];
          const issueRows: Row[] = entries.flatMap((entry, position) =>
            entry === null ? [] : [{ cloud_id: cloudId, sprint_id: sprint.id, position, issue_key: String(entry[reportIssues!.keyField] ?? ''), entry: json(entry) }],
          );
          await store.transaction(async () => {
            await store.upsert(TABLES.sprint_reports, [{ cloud_id: cloudId, sprint_id: sprint.id, board_id: boardId, sprint_state: sprint.state, report: json(report) }]);
            await store.deleteWhere(TABLES.sprint_report_issues, ['cloud_id', 'sprint_id'], [[cloudId, sprint.id]]);
            await store.upsert(TABLES.sprint_report_issues, issueRows);
          });
          count('sprint_reports', 1);
          progress('jiraSprintReport');
        }
      }
    }

    // ---- todo.sr.ht tickets and their status changes ----
    for (const { owner, tracker } of options.sourcehut) {
      await walkIncremental<TicketNode>({
        stream: `sourcehutTickets|${owner}/${tracker}`,
        query: 'sourcehutTickets',
        args: { owner, tracker },
        document: ticketsDocument(withMetrics),
        sinceArg: 'updatedSince',
        first: PAGE_SIZE.tickets,
        write: async (page) => {
          const tickets = present(page.nodes).map((ticket) => ({ node: ticket, rows: ticketRows(ticket) }));
          await store.upsert(TABLES.sourcehut_tickets, tickets.map((ticket) => ticket.rows.ticket));
          await store.deleteWhere(TABLES.sourcehut_ticket_status_changes, ['ref'], tickets.map((ticket) => [ticket.node.ref]));
          await store.upsert(TABLES.sourcehut_ticket_status_changes, tickets.flatMap((ticket) => ticket.rows.statusChanges));
          if (withMetrics) await store.upsert(TABLES.work_item_metrics, tickets.map((ticket) => metricsRow('SOURCEHUT', ticket.node.ref, ticket.node)));
          count('sourcehut_tickets', tickets.length);
          if (withMetrics) count('work_item_metrics', tickets.length);
        },
      });
    }
    await store.recordRun({ runId: summary.runId, startedAt, finishedAt: new Date().toISOString(), status: 'ok', arguments: runArguments, records: total(), requests, error: null });
    summary.requests = requests;
    return summary;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await store
      .recordRun({ runId: summary.runId, startedAt, finishedAt: new Date().toISOString(), status: options.signal?.aborted ? 'interrupted' : 'failed', arguments: runArguments, records: total(), requests, error: message })
      .catch(() => undefined);
    throw error instanceof ExportError ? error : new ExportError(message, { cause: error });
  } finally {
    await transport.close();
  }
}

export type { CanonicalExecutor };
