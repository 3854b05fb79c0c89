/**
 * The AGG-backed canonical resolvers: jiraProjects (REST fallback on InsufficientOAuthScopes),
 * compassComponents/compassComponent, teams/team, teamworkProjects, teamworkUserRelations,
 * teamworkTeamUsers (Teamwork Graph: tenanted credentials only). Routes and partial-data errors
 * reach the response through server/plugins/use-canonical-route-extensions.ts.
 */
import type { Resolvers } from '../generated/resolver-types.ts';
import type { ResolverDeps } from '../shared/http.ts';
import { createCompassResolvers } from './resolvers/compass.ts';
import { createJiraProjectsResolver, JiraProjectTypeScalar, type ListProjectsViaRestFn } from './resolvers/jira-projects.ts';
import { createTeamsResolvers } from './resolvers/teams.ts';
import { createTeamworkResolvers } from './resolvers/teamwork.ts';

export { canonicalNotes } from './route-extensions.ts';
export { AGG_OPERATIONS, AGG_OPERATION_DEFINITIONS } from './operations/index.ts';

export interface AggResolverDeps extends ResolverDeps {
  /** The REST project listing used on InsufficientOAuthScopes; resolvers/jira/projects-rest.ts when absent. */
  listProjectsViaRest?: ListProjectsViaRestFn;
}

export function createAggResolvers(deps: AggResolverDeps): Resolvers {
  const { listProjectsViaRest, ...resolverDeps } = deps;
  // Loaded on first fallback only, so the AGG routes never depend on the REST module loading.
  const restLister = async (): Promise<ListProjectsViaRestFn> => listProjectsViaRest ?? (await import('../jira/projects-rest.ts')).listProjectsViaRest;
  const compass = createCompassResolvers(resolverDeps);
  const teams = createTeamsResolvers(resolverDeps);
  const teamwork = createTeamworkResolvers(resolverDeps);
  return {
    JiraProjectType: JiraProjectTypeScalar,
    Query: {
      jiraProjects: createJiraProjectsResolver(resolverDeps, restLister),
      ...compass.Query,
      ...teams.Query,
      ...teamwork.Query,
    },
    CompassComponent: compass.CompassComponent,
    AtlassianTeam: teams.AtlassianTeam,
  };
}
