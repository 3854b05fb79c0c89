/**
 * Canonical todo.sr.ht resolvers and the cross-tracker WorkItem layer
 * (resolvers/schema/workitem.graphql) as a plain resolver map for Mesh additionalResolvers.
 */
import type { Resolvers } from '../generated/resolver-types.ts';
import type { ResolverDeps } from '../shared/http.ts';
import { sourcehutTicketFieldResolvers } from './resolvers/ticket-fields.ts';
import { resolveSourcehutTickets } from './resolvers/tickets.ts';
import { resolveWorkItems } from './resolvers/work-items.ts';

export function createSourcehutResolvers(deps: ResolverDeps): Resolvers {
  return {
    Query: {
      sourcehutTickets: (_root, args, context, info) => resolveSourcehutTickets(deps, args, context, info),
      workItems: (_root, args, context, info) => resolveWorkItems(deps, args, context, info),
    },
    SourcehutTicket: sourcehutTicketFieldResolvers(deps),
    WorkItem: {
      __resolveType: (item) => (item.source === 'JIRA' ? 'JiraIssue' : item.source === 'SOURCEHUT' ? 'SourcehutTicket' : null),
    },
  };
}
