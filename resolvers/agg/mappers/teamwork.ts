/**
 * Raw Teamwork Graph rows (GraphStoreCypherQueryV2Connection edges: columns of ARI nodes)
 * -> TeamworkProject / TeamworkUserRelation. Column keys are query-defined upstream, so the
 * mappers pick values by what they are (project, team, user), preferring a column whose key
 * names the role (manager, report, user...) when a row carries several users.
 */
import { MappingError } from '../../shared/errors.ts';
import { arrayOf, isObject, optionalString, requiredString, type MapTarget, type RawObject } from '../../shared/raw.ts';
import type { TeamworkProject, TeamworkRelationType, TeamworkUserRelation } from '../types.ts';

const USER_ARI_PREFIX = 'ari:cloud:identity::user/';
const TEAM_ARI_PREFIX = 'ari:cloud:identity::team/';
const USER_ARI = /^ari:cloud:identity::user\/(.+)$/;
const TEAM_ARI = /^ari:cloud:identity::team\/.+$/;
const PROJECT_ARI = /^ari:cloud:(townsquare|jira):[^:]*:project\/.+$/;

/** accountId from an identity user ARI; a bare account id is returned as is. */
export function accountIdFromUserRef(value: string): string {
  return USER_ARI.exec(value)?.[1] ?? value;
}

/** The identity user ARI AGG's Teamwork Graph takes as `userId` (an accountId or an ARI in). */
export function userAriOf(value: string): string {
  return USER_ARI.test(value) ? value : `${USER_ARI_PREFIX}${value}`;
}

/** The identity team ARI AGG takes as `teamId` (a bare team id or an ARI in). */
export function teamAriOf(value: string): string {
  return value.startsWith('ari:') ? value : `${TEAM_ARI_PREFIX}${value}`;
}

export interface RowNode {
  /** The column's key, lower-cased ('' when absent). */
  key: string;
  node: RawObject;
}

/** ARI nodes of one row with their column keys (NodeList values flattened). */
export function ariNodesOf(row: unknown): RowNode[] {
  const nodes: RowNode[] = [];
  const columns = isObject(row) ? arrayOf(row.columns) : [];
  for (const column of columns) {
    const value = isObject(column) && isObject(column.value) ? column.value : null;
    if (!value) continue;
    const key = (optionalString(isObject(column) ? column.key : null) ?? '').toLowerCase();
    if (typeof value.id === 'string') nodes.push({ key, node: value });
    for (const inner of arrayOf(value.nodes)) if (isObject(inner) && typeof inner.id === 'string') nodes.push({ key, node: inner });
  }
  return nodes;
}

function dataOf(node: RawObject): RawObject | null {
  return isObject(node.data) ? node.data : null;
}

function isUserNode(node: RawObject): boolean {
  return dataOf(node)?.__typename === 'AtlassianAccountUser' || USER_ARI.test(String(node.id).trim());
}

function isTeamNode(node: RawObject): boolean {
  return dataOf(node)?.__typename === 'TeamV2' || TEAM_ARI.test(String(node.id).trim());
}

/** The accountId a user node stands for (its data's accountId, else from its ARI). */
function accountIdOfNode(node: RawObject, target: MapTarget): string {
  return optionalString(dataOf(node)?.accountId) ?? accountIdFromUserRef(requiredString(node.id, target, 'columns[].value.id'));
}

/** Column keys that name the related user of each relation type (reference clients' column names). */
const RELATED_KEYS: Record<'REPORTS_TO' | 'MANAGES', readonly string[]> = {
  REPORTS_TO: ['manager', 'managerid', 'manager_id'],
  MANAGES: ['report', 'reports', 'directreport', 'direct_report', 'directreports', 'direct_reports'],
};
const USER_KEYS = ['user', 'userid', 'user_id', 'member', 'users'];

export function mapTeamworkProjectRow(row: unknown, teamId: string, index: number): TeamworkProject {
  const target: MapTarget = { typeName: 'TeamworkProject', label: `row #${index} of team ${teamId}` };
  const project = ariNodesOf(row).find(({ node }) => {
    const typename = dataOf(node)?.__typename;
    return typename === 'TownsquareProject' || typename === 'JiraProject' || PROJECT_ARI.test(String(node.id).trim());
  });
  if (!project) throw new MappingError(target.typeName, target.label, 'columns[].value (project node)');
  const data = dataOf(project.node);
  return {
    teamId,
    projectId: requiredString(project.node.id, target, 'columns[].value.id (project)'),
    projectKey: optionalString(data?.key),
    projectName: optionalString(data?.name),
  };
}

/**
 * A row of a user's teams, manager or direct reports. REPORTS_TO/MANAGES rows may carry the
 * asked user's own column beside the manager or report: the related user is never the subject.
 */
export function mapTeamworkRelationRow(row: unknown, subjectUserId: string, relationType: TeamworkRelationType, index: number): TeamworkUserRelation {
  const target: MapTarget = { typeName: 'TeamworkUserRelation', label: `${relationType} row #${index} of user ${subjectUserId}` };
  const nodes = ariNodesOf(row);
  if (relationType === 'TEAM_MEMBER') {
    const team = nodes.find(({ node }) => isTeamNode(node));
    if (!team) throw new MappingError(target.typeName, target.label, 'columns[].value (team node)');
    return { subjectUserId, relationType, teamId: requiredString(team.node.id, target, 'columns[].value.id (team)'), relatedUserId: null };
  }
  const others = nodes.filter(({ node }) => isUserNode(node) && accountIdOfNode(node, target) !== subjectUserId);
  const keys = RELATED_KEYS[relationType];
  const related = others.find(({ key }) => keys.includes(key)) ?? others[0];
  if (!related) throw new MappingError(target.typeName, target.label, 'columns[].value (a user node other than the subject)');
  return { subjectUserId, relationType, teamId: null, relatedUserId: accountIdOfNode(related.node, target) };
}

/** A row of a team's users (teamworkGraph_teamUsers) as that user's TEAM_MEMBER relation to the team. */
export function mapTeamworkTeamUserRow(row: unknown, teamId: string, index: number): TeamworkUserRelation {
  const target: MapTarget = { typeName: 'TeamworkUserRelation', label: `user row #${index} of team ${teamId}` };
  const users = ariNodesOf(row).filter(({ node }) => isUserNode(node));
  const user = users.find(({ key }) => USER_KEYS.includes(key)) ?? users[0];
  if (!user) throw new MappingError(target.typeName, target.label, 'columns[].value (user node)');
  return { subjectUserId: accountIdOfNode(user.node, target), relationType: 'TEAM_MEMBER', teamId, relatedUserId: null };
}
