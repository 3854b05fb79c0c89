/**
 * Canonical todo.sr.ht resolvers and the cross-tracker WorkItem layer
 * (resolvers/schema/workitem.graphql) as a plain resolver map for Mesh additionalResolvers.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { ResolverDeps } from '../shared/http.ts';
import { sourcehutTicketFieldResolvers } from './resolvers/ticket-fields.ts';
import { resolveSourcehutTickets } from './resolvers/tickets.ts';
import { resolveWorkItems } from './resolvers/work-items.ts';

type Args<T> = T & Record<string, unknown>;
type Sync = { updatedSince?: string | null; syncCursor?: string | null };

export function createSourcehutResolvers(deps: ResolverDeps) {
  return {
    Query: {
      sourcehutTickets: (_root: unknown, args: Args<{ owner: string; tracker: string; first?: number | null; after?: string | null } & Sync>, context: unknown, info: GraphQLResolveInfo) =>
        resolveSourcehutTickets(deps, args, context, info),
      workItems: (
        _root: unknown,
        args: Args<{ cloudId?: string | null; jql?: string | null; sourcehut?: Array<{ owner: string; tracker: string }> | null; first?: number | null; after?: string | null } & Sync>,
        context: unknown,
        info: GraphQLResolveInfo,
      ) => resolveWorkItems(deps, args, context, info),
    },
    SourcehutTicket: sourcehutTicketFieldResolvers(deps),
    WorkItem: {
      __resolveType: (item: { source?: unknown }) => (item.source === 'JIRA' ? 'JiraIssue' : item.source === 'SOURCEHUT' ? 'SourcehutTicket' : null),
    },
  };
}
