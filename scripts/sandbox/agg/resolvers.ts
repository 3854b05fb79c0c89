/**
 * Resolvers for exactly the AGG paths the canonical layer uses, plus a few common entry points
 * (me, user, users, jira.issueByKey with worklogs). Values are plain objects shaped like the AGG
 * types (with __typename for unions/interfaces), so graphql's default resolvers do the rest.
 */
import { GraphQLError, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import type { JiraIssueRecord, JiraUserJson } from '../data/jira-dataset.ts';
import { getAggSandboxData, type AggProjectData, type CompassComponentData, type TeamData } from './data.ts';
import { pageOf } from './paging.ts';

export interface AggSandboxContext {
  request: Request;
}

type Resolver = GraphQLFieldResolver<unknown, AggSandboxContext, Record<string, unknown>>;
type Args = Record<string, unknown>;

export function scenarioOf(context: AggSandboxContext): string | null {
  return context.request.headers.get('x-sandbox-scenario');
}

/** The error AGG answers when a field needs an OAuth scope the token lacks (seed: classification + required_scopes). */
export function insufficientScopesError(): GraphQLError {
  return new GraphQLError('This request does not contain the right authorisation scopes to access this field', {
    extensions: {
      statusCode: 403,
      errorSource: 'GRAPHQL_GATEWAY',
      classification: 'InsufficientOAuthScopes',
      required_scopes: ['jira:atlassian-external'],
    },
  });
}

function partialError(what: string): GraphQLError {
  return new GraphQLError(`Sandbox partial failure: ${what} is temporarily unavailable`, {
    extensions: { statusCode: 503, errorSource: 'UNDERLYING_SERVICE', classification: 'DownstreamServiceError' },
  });
}

function userValue(user: JiraUserJson) {
  return {
    __typename: 'AtlassianAccountUser',
    id: `ari:cloud:identity::user/${user.accountId}`,
    accountId: user.accountId,
    canonicalAccountId: user.accountId,
    accountStatus: user.active ? 'active' : 'inactive',
    name: user.displayName,
    email: user.emailAddress ?? null,
    picture: user.avatarUrls['48x48'],
  };
}

function projectValue(project: AggProjectData, cloudId: string) {
  return {
    __typename: 'JiraProject',
    id: project.ari,
    projectId: project.id,
    key: project.key,
    name: project.name,
    cloudId,
    projectType: project.projectType,
    projectTypeName: project.projectType.toLowerCase(),
    source: project,
  };
}

function issueValue(issue: JiraIssueRecord, cloudId: string) {
  const fields = issue.fields as { summary?: string; status?: { id: string; name: string } };
  return {
    __typename: 'JiraIssue',
    id: `ari:cloud:jira:${cloudId}:issue/${issue.id}`,
    issueId: issue.id,
    key: issue.key,
    summary: fields.summary ?? null,
    webUrl: `https://sandbox.atlassian.net/browse/${issue.key}`,
    status: fields.status ? { __typename: 'JiraStatus', id: `ari:cloud:jira:${cloudId}:status/${fields.status.id}`, statusId: fields.status.id, name: fields.status.name } : null,
    source: issue,
  };
}

function componentValue(component: CompassComponentData, index: number) {
  const data = getAggSandboxData();
  const owner = data.teams.find((team) => team.id === component.ownerTeamId) ?? null;
  return {
    __typename: 'CompassComponent',
    id: component.id,
    name: component.name,
    typeId: component.typeId,
    // The old `type` enum only knows four types.
    type: ['SERVICE', 'LIBRARY', 'APPLICATION'].includes(component.typeId) ? component.typeId : 'OTHER',
    description: component.description,
    ownerId: component.ownerTeamId,
    ownerTeam: owner ? teamValue(owner, 'TeamV2') : null,
    labels: component.labels.map((name) => ({ __typename: 'CompassComponentLabel', name })),
    changeMetadata: { createdAt: component.createdAt, lastUserModificationAt: component.updatedAt },
    scorecards: component.scores.map((score) => ({ __typename: 'CompassScorecard', ...data.scorecards.find((s) => s.id === score.scorecardId) })),
    sandboxIndex: index,
    source: component,
  };
}

function teamValue(team: TeamData, typename: 'Team' | 'TeamV2') {
  return {
    __typename: typename,
    id: team.id,
    displayName: team.displayName,
    description: team.description,
    state: team.state,
    smallAvatarImageUrl: `https://avatars.sandbox.example.com/teams/${encodeURIComponent(team.displayName)}/small.png`,
    organizationId: getAggSandboxData().orgId,
    source: team,
  };
}

function ariNode(id: string, data: Record<string, unknown>) {
  return { __typename: 'GraphStoreCypherQueryV2AriNode', id, data };
}

function cypherConnection(rows: Array<Record<string, unknown>>, args: Args) {
  const page = pageOf(rows, args);
  return { version: 'sandbox-1', pageInfo: page.pageInfo, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: edge.node })) };
}

function userByRef(ref: unknown): JiraUserJson | undefined {
  const id = String(ref ?? '').replace(/^ari:cloud:identity::user\//, '');
  return getAggSandboxData().users.find((user) => user.accountId === id);
}

function searchComponents(args: Args) {
  const data = getAggSandboxData();
  const query = (args.query ?? {}) as { query?: string | null; first?: number | null; after?: string | null; fieldFilters?: Array<{ name: string; filter?: { eq?: string; in?: string[] } }> | null };
  let components = data.components.map((component, index) => ({ component, index }));
  if (query.query) components = components.filter(({ component }) => component.name.includes(query.query!.toLowerCase()));
  for (const filter of query.fieldFilters ?? []) {
    const accepts = (value: string) => (filter.filter?.eq != null ? value === filter.filter.eq : filter.filter?.in ? filter.filter.in.includes(value) : true);
    if (filter.name === 'typeId') components = components.filter(({ component }) => accepts(component.typeId));
    else if (filter.name === 'labels') components = components.filter(({ component }) => component.labels.some(accepts));
    else if (filter.name === 'ownerId') components = components.filter(({ component }) => accepts(component.ownerTeamId));
    else throw new GraphQLError(`Unknown component field filter ${filter.name}`, { extensions: { classification: 'ValidationError' } });
  }
  const page = pageOf(components, { first: query.first ?? 25, after: query.after });
  return {
    __typename: 'CompassSearchComponentConnection',
    totalCount: page.totalCount,
    pageInfo: page.pageInfo,
    edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: { link: `https://sandbox.atlassian.net/compass/component/${edge.node.index + 1}`, component: componentValue(edge.node.component, edge.node.index) } })),
    nodes: page.nodes.map((node) => ({ link: '', component: componentValue(node.component, node.index) })),
  };
}

/** Field resolvers by type, then field. */
function resolverTable(): Record<string, Record<string, Resolver>> {
  const data = getAggSandboxData();
  const members: Resolver = (team, args, context) => {
    const source = (team as { source: TeamData }).source;
    if (scenarioOf(context) === 'partial-errors' && source.id === data.teams[1].id) throw partialError(`members of team ${source.displayName}`);
    const states = Array.isArray(args.state) ? (args.state as string[]) : null;
    const rows = source.members
      .filter((member) => !states || states.includes(member.state))
      .map((member) => ({ role: member.role, state: member.state, member: userValue(data.users.find((u) => u.accountId === member.accountId)!) }));
    return pageOf(rows, args);
  };
  return {
    Query: {
      me: () => ({ user: userValue(data.users.find((u) => u.accountId === data.jira.myselfAccountId)!) }),
      user: (_root, args) => {
        const user = userByRef(args.accountId);
        return user ? userValue(user) : null;
      },
      users: (_root, args) => ((args.accountIds as string[]) ?? []).map(userByRef).filter((u): u is JiraUserJson => !!u).map(userValue),
      jira: () => ({}),
      compass: () => ({}),
      team: () => ({}),
      teamworkGraph_teamProjects: (_root, args) => {
        const team = data.teams.find((t) => t.id === args.teamId);
        const start = Date.parse(String(args.startDate));
        const end = Date.parse(String(args.endDate));
        const rows = (team?.projects ?? [])
          .filter((p) => Date.parse(p.activeFrom) <= end && (p.activeTo === null || Date.parse(p.activeTo) >= start))
          .map((p) => ({ columns: [{ key: 'project', value: ariNode(p.id, { __typename: 'TownsquareProject', id: p.id, key: p.key, name: p.name }) }] }));
        return cypherConnection(rows, args);
      },
      teamworkGraph_teamActiveProjects: (_root, args) => {
        const team = data.teams.find((t) => t.id === args.teamId);
        const rows = (team?.projects ?? [])
          .filter((p) => p.activeTo === null)
          .map((p) => ({ columns: [{ key: 'project', value: ariNode(p.id, { __typename: 'TownsquareProject', id: p.id, key: p.key, name: p.name }) }] }));
        return cypherConnection(rows, args);
      },
      teamworkGraph_userTeams: (_root, args) => {
        const user = userByRef(args.userId);
        const rows = data.teams
          .filter((team) => user && team.members.some((m) => m.accountId === user.accountId && m.state === 'FULL_MEMBER'))
          .map((team) => ({ columns: [{ key: 'team', value: ariNode(team.id, { __typename: 'TeamV2', id: team.id, displayName: team.displayName }) }] }));
        return cypherConnection(rows, args);
      },
      teamworkGraph_userManager: (_root, args) => {
        const user = userByRef(args.userId);
        const manager = user ? userByRef(data.managers.get(user.accountId)) : undefined;
        const rows = manager ? [{ columns: [{ key: 'manager', value: ariNode(`ari:cloud:identity::user/${manager.accountId}`, userValue(manager)) }] }] : [];
        return cypherConnection(rows, {});
      },
      teamworkGraph_userDirectReports: (_root, args) => {
        const user = userByRef(args.userId);
        const rows = data.users
          .filter((candidate) => user && data.managers.get(candidate.accountId) === user.accountId)
          .map((report) => ({ columns: [{ key: 'report', value: ariNode(`ari:cloud:identity::user/${report.accountId}`, userValue(report)) }] }));
        return cypherConnection(rows, { first: 1000 });
      },
    },
    JiraQuery: {
      allJiraProjects: (_root, args, context) => {
        if (scenarioOf(context) === 'insufficient-scopes') throw insufficientScopesError();
        if (args.cloudId !== data.cloudId) return pageOf([], args);
        const types = ((args.filter as { types?: string[] } | null)?.types ?? null) as string[] | null;
        const projects = data.projects.filter((p) => !types || types.length === 0 || types.includes(p.projectType));
        return pageOf(projects.map((p) => projectValue(p, data.cloudId)), args);
      },
      jiraProject: (_root, args) => {
        const project = data.projects.find((p) => p.ari === args.id);
        return project ? projectValue(project, data.cloudId) : null;
      },
      issueByKey: (_root, args) => {
        if (args.cloudId !== data.cloudId) return null;
        const issue = data.jira.issues.find((i) => i.key === args.key);
        return issue ? issueValue(issue, data.cloudId) : null;
      },
    },
    JiraProject: {
      opsgenieTeamsAvailableToLinkWith: (project, args, context) => {
        const source = (project as { source?: AggProjectData }).source;
        if (!source) return null;
        if (scenarioOf(context) === 'partial-errors' && source.key === 'API') throw partialError(`Opsgenie teams of project ${source.key}`);
        return pageOf(source.opsgenieTeams.map((team) => ({ __typename: 'OpsgenieTeam', ...team })), args);
      },
    },
    JiraIssue: {
      worklogs: (issue, args) => {
        const source = (issue as { source?: JiraIssueRecord }).source;
        if (!source) return null;
        const worklogs = source.worklogs.map((worklog) => {
          const author = data.users.find((u) => u.accountId === worklog.author.accountId);
          return {
            __typename: 'JiraWorklog',
            id: `ari:cloud:jira:${data.cloudId}:worklog/${source.id}/${worklog.id}`,
            worklogId: worklog.id,
            created: worklog.created,
            updated: worklog.updated,
            startDate: worklog.started,
            timeSpent: { timeInSeconds: worklog.timeSpentSeconds },
            author: author ? userValue(author) : null,
          };
        });
        return pageOf(worklogs, args);
      },
    },
    CompassCatalogQueryApi: {
      searchComponents: (_root, args) => {
        if (args.cloudId !== data.cloudId) return { __typename: 'QueryError', message: `No Compass site for cloud ${String(args.cloudId)}`, identifier: 'NOT_FOUND' };
        return searchComponents(args);
      },
      components: (_root, args) =>
        ((args.ids as string[]) ?? []).flatMap((id) => {
          const index = data.components.findIndex((c) => c.id === id);
          return index >= 0 ? [componentValue(data.components[index], index)] : [];
        }),
      component: (_root, args) => {
        const index = data.components.findIndex((c) => c.id === args.id);
        return index >= 0 ? componentValue(data.components[index], index) : { __typename: 'QueryError', message: `Component ${String(args.id)} not found`, identifier: 'NOT_FOUND' };
      },
    },
    CompassComponent: {
      relationships: (component, args) => {
        const source = (component as { source?: CompassComponentData }).source;
        if (!source) return null;
        const query = (args.query ?? {}) as { first?: number; after?: string; direction?: string };
        const outward = query.direction !== 'INWARD';
        const pairs = outward
          ? source.dependsOn.map((end) => [source.id, end])
          : data.components.filter((c) => c.dependsOn.includes(source.id)).map((c) => [c.id, source.id]);
        const rows = pairs.map(([start, end]) => ({
          type: 'DEPENDS_ON',
          relationshipType: 'DEPENDS_ON',
          startNode: componentValue(data.components.find((c) => c.id === start)!, 0),
          endNode: componentValue(data.components.find((c) => c.id === end)!, 0),
        }));
        return { __typename: 'CompassRelationshipConnection', ...pageOf(rows, { first: query.first ?? 25, after: query.after }) };
      },
      scorecardScores: (component, _args, context) => {
        const value = component as { source?: CompassComponentData; sandboxIndex?: number };
        if (!value.source) return null;
        if (scenarioOf(context) === 'partial-errors' && value.sandboxIndex === 1) throw partialError(`scorecard scores of ${value.source.name}`);
        return value.source.scores;
      },
    },
    TeamQuery: {
      teamSearchV2: (_root, args) => {
        if (args.organizationId !== data.orgId) return { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };
        const query = ((args.filter as { query?: string } | null)?.query ?? '').toLowerCase();
        const teams = data.teams.filter((team) => team.displayName.toLowerCase().includes(query));
        const page = pageOf(teams, args);
        return {
          pageInfo: page.pageInfo,
          edges: page.edges.map((edge) => ({
            cursor: edge.cursor,
            node: { memberCount: edge.node.members.filter((m) => m.state === 'FULL_MEMBER').length, includesYou: false, team: teamValue(edge.node, 'TeamV2') },
          })),
        };
      },
      team: (_root, args) => {
        const team = data.teams.find((t) => t.id === args.id);
        return team ? teamValue(team, 'Team') : null;
      },
      teamV2: (_root, args) => {
        const team = data.teams.find((t) => t.id === args.id);
        return team ? teamValue(team, 'TeamV2') : null;
      },
    },
    Team: { members },
    TeamV2: { members },
  };
}

const attached = new WeakSet<GraphQLSchema>();

/** Sets the sandbox resolvers on the (memoized) AGG schema once; fails loudly when a path is missing. */
export function attachSandboxResolvers(schema: GraphQLSchema): void {
  if (attached.has(schema)) return;
  for (const [typeName, fields] of Object.entries(resolverTable())) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`AGG sandbox: type ${typeName} is not in the AGG schema`);
    const fieldMap = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const field = fieldMap[fieldName];
      if (!field) throw new Error(`AGG sandbox: field ${typeName}.${fieldName} is not in the AGG schema`);
      field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  attached.add(schema);
}
