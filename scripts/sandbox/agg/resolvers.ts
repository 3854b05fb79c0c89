/**
 * Resolvers for exactly the AGG paths the canonical layer uses, plus a few common entry points
 * (me, user, users, jira.issueByKey with worklogs). Values are plain objects shaped like the AGG
 * types (with __typename for unions/interfaces), so graphql's default resolvers do the rest.
 */
import { GraphQLError, isInputObjectType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
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
    links: component.links.map((link, i) => ({ __typename: 'CompassLink', id: `${component.id}/link/${i}`, name: link.type.toLowerCase(), type: link.type, url: link.url })),
    state: component.state,
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

/** Lenient lookup (me/user/users take bare account ids). */
function userByRef(ref: unknown): JiraUserJson | undefined {
  const id = String(ref ?? '').replace(/^ari:cloud:identity::user\//, '');
  return getAggSandboxData().users.find((user) => user.accountId === id);
}

/** The ARI argument the Teamwork Graph takes (ID! holding an ARI): a bare id is refused as AGG refuses a malformed ARI. */
function requireAri(value: unknown, kind: 'user' | 'team', argument: string): string {
  const text = String(value ?? '');
  if (!text.startsWith(`ari:cloud:identity::${kind}/`)) {
    throw new GraphQLError(`Invalid ARI ${JSON.stringify(text)} for ${argument}: expected ari:cloud:identity::${kind}/{id}`, {
      extensions: { classification: 'ValidationError', errorSource: 'GRAPHQL_GATEWAY', statusCode: 400 },
    });
  }
  return text;
}

function graphUser(ref: unknown, argument = 'userId'): JiraUserJson | undefined {
  return userByRef(requireAri(ref, 'user', argument));
}

function graphTeam(ref: unknown): TeamData | undefined {
  const id = requireAri(ref, 'team', 'teamId');
  return getAggSandboxData().teams.find((team) => team.id === id);
}

function userNode(user: JiraUserJson) {
  return ariNode(`ari:cloud:identity::user/${user.accountId}`, userValue(user));
}

interface SandboxFilter {
  eq?: string | null;
  neq?: string | null;
  in?: Array<string | null> | null;
  gt?: string | null;
  gte?: string | null;
  lt?: string | null;
  lte?: string | null;
}

/** The search field names AGG documents on CompassQueryFieldFilter.name ("The valid field names are a, b, and c."). */
function documentedFilterNames(schema: GraphQLSchema): string[] {
  const input = schema.getType('CompassQueryFieldFilter');
  const description = isInputObjectType(input) ? (input.getFields().name?.description ?? '') : '';
  const list = /valid field names are ([^.]+)\./.exec(description)?.[1] ?? '';
  return list.split(/,\s*(?:and\s+)?|\s+and\s+/).map((name) => name.trim()).filter(Boolean);
}

function averageScore(component: CompassComponentData): number | null {
  if (component.scores.length === 0) return null;
  return Math.round(component.scores.reduce((sum, score) => sum + score.totalScore, 0) / component.scores.length);
}

/** A component's values for one search field (several for lists such as labels). */
function searchValues(component: CompassComponentData, field: string): Array<string | number> {
  switch (field) {
    case 'type':
      return [component.typeId];
    case 'labels':
      return component.labels;
    case 'ownerId':
      return [component.ownerTeamId];
    case 'compass:tier':
      return [component.tier];
    case 'state':
      return [component.state];
    case 'linkTypes':
      return component.links.map((link) => link.type);
    case 'links':
      return component.links.map((link) => link.url);
    case 'score': {
      const score = averageScore(component);
      return score === null ? [] : [score];
    }
    case 'eventSourceCount':
      return [component.eventSourceCount];
    case 'title':
      return [component.name];
    default:
      return [];
  }
}

function compareValues(a: string | number, b: string): number {
  return typeof a === 'number' ? a - Number(b) : a.localeCompare(b);
}

function matchesFilter(values: Array<string | number>, filter: SandboxFilter): boolean {
  const some = (test: (value: string | number) => boolean) => values.some(test);
  if (filter.eq != null && !some((value) => String(value) === filter.eq)) return false;
  if (filter.neq != null && some((value) => String(value) === filter.neq)) return false;
  if (filter.in != null && !some((value) => filter.in!.includes(String(value)))) return false;
  if (filter.gt != null && !some((value) => compareValues(value, filter.gt!) > 0)) return false;
  if (filter.gte != null && !some((value) => compareValues(value, filter.gte!) >= 0)) return false;
  if (filter.lt != null && !some((value) => compareValues(value, filter.lt!) < 0)) return false;
  if (filter.lte != null && !some((value) => compareValues(value, filter.lte!) <= 0)) return false;
  return true;
}

/** Sort fields the sandbox knows: the documented filter fields plus title (the component name). */
const SORTABLE = new Set(['title', 'type', 'ownerId', 'compass:tier', 'state', 'score', 'eventSourceCount']);

function searchComponents(args: Args, schema: GraphQLSchema) {
  const data = getAggSandboxData();
  const query = (args.query ?? {}) as {
    query?: string | null;
    first?: number | null;
    after?: string | null;
    fieldFilters?: Array<{ name: string; filter?: SandboxFilter | null } | null> | null;
    sort?: Array<{ name?: string | null; order?: 'ASC' | 'DESC' | null } | null> | null;
  };
  const validNames = documentedFilterNames(schema);
  let components = data.components.map((component, index) => ({ component, index }));
  if (query.query) components = components.filter(({ component }) => component.name.includes(query.query!.toLowerCase()));
  for (const fieldFilter of query.fieldFilters ?? []) {
    if (!fieldFilter) continue;
    // Live Compass answers a QueryError for a field name it does not know (e.g. typeId).
    if (!validNames.includes(fieldFilter.name)) {
      return { __typename: 'QueryError', message: `Invalid field filter name '${fieldFilter.name}'. The valid field names are ${validNames.join(', ')}`, identifier: null };
    }
    components = components.filter(({ component }) => matchesFilter(searchValues(component, fieldFilter.name), fieldFilter.filter ?? {}));
  }
  const sort = (query.sort ?? []).filter((entry): entry is { name?: string | null; order?: 'ASC' | 'DESC' | null } => entry !== null);
  for (const entry of sort) {
    if (!entry.name || !SORTABLE.has(entry.name)) return { __typename: 'QueryError', message: `Invalid sort field '${entry.name ?? ''}'`, identifier: null };
  }
  if (sort.length > 0) {
    components = [...components].sort((a, b) => {
      for (const entry of sort) {
        const left = searchValues(a.component, entry.name!)[0];
        const right = searchValues(b.component, entry.name!)[0];
        const order = entry.order === 'DESC' ? -1 : 1;
        if (left === undefined || right === undefined) {
          if (left !== right) return left === undefined ? 1 : -1;
          continue;
        }
        const compared = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right));
        if (compared !== 0) return compared * order;
      }
      return a.index - b.index;
    });
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

/** A component's applied scorecards as CompassComponentHasScorecardsAppliedEdge values (score on the edge). */
function appliedScorecards(component: CompassComponentData) {
  const data = getAggSandboxData();
  const percentage = component.scores.map((score) => {
    const scorecard = data.scorecards.find((s) => s.id === score.scorecardId)!;
    return {
      node: { __typename: 'CompassScorecard', ...scorecard },
      score: {
        __typename: 'CompassScorecardScore',
        scorecardId: score.scorecardId,
        totalScore: score.totalScore,
        maxTotalScore: score.maxTotalScore,
        statusDuration: { since: score.statusSince },
        criteriaScores: score.criteriaUpdatedAt.map((updated, i) => ({ criterionId: `${score.scorecardId}/criterion/${i}`, dataSourceLastUpdated: updated, maxScore: 50, score: 25 })),
      },
    };
  });
  const maturity = component.maturityScorecardIds.map((id) => ({
    node: { __typename: 'CompassScorecard', ...data.maturityScorecards.find((s) => s.id === id)! },
    score: { __typename: 'CompassScorecardMaturityLevelAwarded', scorecardId: id, maturityLevel: { id: `${id}/level/2`, displayName: 'Silver' } },
  }));
  return [...percentage, ...maturity];
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
        const team = graphTeam(args.teamId);
        const start = Date.parse(String(args.startDate));
        const end = Date.parse(String(args.endDate));
        const rows = (team?.projects ?? [])
          .filter((p) => Date.parse(p.activeFrom) <= end && (p.activeTo === null || Date.parse(p.activeTo) >= start))
          .map((p) => ({ columns: [{ key: 'project', value: ariNode(p.id, { __typename: 'TownsquareProject', id: p.id, key: p.key, name: p.name }) }] }));
        return cypherConnection(rows, args);
      },
      teamworkGraph_teamActiveProjects: (_root, args) => {
        const team = graphTeam(args.teamId);
        const rows = (team?.projects ?? [])
          .filter((p) => p.activeTo === null)
          .map((p) => ({ columns: [{ key: 'project', value: ariNode(p.id, { __typename: 'TownsquareProject', id: p.id, key: p.key, name: p.name }) }] }));
        return cypherConnection(rows, args);
      },
      teamworkGraph_teamUsers: (_root, args) => {
        const team = graphTeam(args.teamId);
        // Rows carry the team beside each user, as the graph's team-user paths do.
        const rows = (team?.members ?? [])
          .filter((member) => member.state === 'FULL_MEMBER')
          .map((member) => data.users.find((u) => u.accountId === member.accountId)!)
          .map((user) => ({ columns: [{ key: 'team', value: ariNode(team!.id, { __typename: 'TeamV2', id: team!.id, displayName: team!.displayName }) }, { key: 'user', value: userNode(user) }] }));
        return cypherConnection(rows, args);
      },
      teamworkGraph_userTeams: (_root, args) => {
        const user = graphUser(args.userId);
        const rows = data.teams
          .filter((team) => user && team.members.some((m) => m.accountId === user.accountId && m.state === 'FULL_MEMBER'))
          .map((team) => ({ columns: [{ key: 'team', value: ariNode(team.id, { __typename: 'TeamV2', id: team.id, displayName: team.displayName }) }] }));
        return cypherConnection(rows, args);
      },
      // Manager and report rows carry the asked user's own column first, then the related user.
      teamworkGraph_userManager: (_root, args) => {
        const user = graphUser(args.userId);
        const manager = user ? userByRef(data.managers.get(user.accountId)) : undefined;
        const rows = user && manager ? [{ columns: [{ key: 'user', value: userNode(user) }, { key: 'manager', value: userNode(manager) }] }] : [];
        return cypherConnection(rows, {});
      },
      teamworkGraph_userDirectReports: (_root, args) => {
        const user = graphUser(args.userId);
        const rows = data.users
          .filter((candidate) => user && data.managers.get(candidate.accountId) === user.accountId)
          .map((report) => ({ columns: [{ key: 'user', value: userNode(user!) }, { key: 'report', value: userNode(report) }] }));
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
      searchComponents: (_root, args, _context, info) => {
        if (args.cloudId !== data.cloudId) return { __typename: 'QueryError', message: `No Compass site for cloud ${String(args.cloudId)}`, identifier: null };
        return searchComponents(args, info.schema);
      },
      components: (_root, args) =>
        ((args.ids as string[]) ?? []).flatMap((id) => {
          const index = data.components.findIndex((c) => c.id === id);
          return index >= 0 ? [componentValue(data.components[index], index)] : [];
        }),
      component: (_root, args) => {
        const index = data.components.findIndex((c) => c.id === args.id);
        if (index >= 0) return componentValue(data.components[index], index);
        return {
          __typename: 'QueryError',
          message: `Component ${String(args.id)} not found`,
          identifier: args.id,
          extensions: [{ __typename: 'GenericQueryErrorExtension', statusCode: 404, errorType: 'NOT_FOUND' }],
        };
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
      appliedScorecards: (component, args, context) => {
        const value = component as { source?: CompassComponentData; sandboxIndex?: number };
        if (!value.source) return null;
        if (scenarioOf(context) === 'partial-errors' && value.sandboxIndex === 1) throw partialError(`scorecard scores of ${value.source.name}`);
        const page = pageOf(appliedScorecards(value.source), args);
        return { pageInfo: page.pageInfo, edges: page.edges.map((edge) => ({ cursor: edge.cursor, ...edge.node })), nodes: page.nodes.map((edge) => edge.node) };
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
