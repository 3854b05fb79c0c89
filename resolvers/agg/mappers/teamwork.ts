/**
 * Raw Teamwork Graph rows (GraphStoreCypherQueryV2Connection edges: columns of ARI nodes)
 * -> TeamworkProject / TeamworkUserRelation. Column keys are query-defined upstream, so the
 * mappers pick values by what they are (project, team, user), not by column name.
 */
import { MappingError } from '../../shared/errors.ts';
import { arrayOf, isObject, optionalString, type MapTarget, type RawObject } from '../../shared/raw.ts';
import type { TeamworkProject, TeamworkRelationType, TeamworkUserRelation } from '../types.ts';

const USER_ARI = /^ari:cloud:identity::user\/(.+)$/;
const TEAM_ARI = /^ari:cloud:identity::team\/.+$/;
const PROJECT_ARI = /^ari:cloud:(townsquare|jira):[^:]*:project\/.+$/;

/** accountId from an identity user ARI; a bare account id is returned as is. */
export function accountIdFromUserRef(value: string): string {
  return USER_ARI.exec(value)?.[1] ?? value;
}

/** ARI nodes of one row (NodeList values flattened). */
export function ariNodesOf(row: unknown): RawObject[] {
  const nodes: RawObject[] = [];
  const columns = isObject(row) ? arrayOf(row.columns) : [];
  for (const column of columns) {
    const value = isObject(column) && isObject(column.value) ? column.value : null;
    if (!value) continue;
    if (typeof value.id === 'string') nodes.push(value);
    for (const inner of arrayOf(value.nodes)) if (isObject(inner) && typeof inner.id === 'string') nodes.push(inner);
  }
  return nodes;
}

function dataOf(node: RawObject): RawObject | null {
  return isObject(node.data) ? node.data : null;
}

export function mapTeamworkProjectRow(row: unknown, teamId: string, index: number): TeamworkProject {
  const target: MapTarget = { typeName: 'TeamworkProject', label: `row #${index} of team ${teamId}` };
  const project = ariNodesOf(row).find((node) => {
    const typename = dataOf(node)?.__typename;
    return typename === 'TownsquareProject' || typename === 'JiraProject' || PROJECT_ARI.test(String(node.id));
  });
  if (!project) throw new MappingError(target.typeName, target.label, 'columns[].value (project node)');
  const data = dataOf(project);
  return {
    teamId,
    projectId: String(project.id),
    projectKey: optionalString(data?.key),
    projectName: optionalString(data?.name),
  };
}

export function mapTeamworkRelationRow(row: unknown, subjectUserId: string, relationType: TeamworkRelationType, index: number): TeamworkUserRelation {
  const target: MapTarget = { typeName: 'TeamworkUserRelation', label: `${relationType} row #${index} of user ${subjectUserId}` };
  const nodes = ariNodesOf(row);
  if (relationType === 'TEAM_MEMBER') {
    const team = nodes.find((node) => dataOf(node)?.__typename === 'TeamV2' || TEAM_ARI.test(String(node.id)));
    if (!team) throw new MappingError(target.typeName, target.label, 'columns[].value (team node)');
    return { subjectUserId, relationType, teamId: String(team.id), relatedUserId: null };
  }
  const user = nodes.find((node) => {
    const typename = dataOf(node)?.__typename;
    return typename === 'AtlassianAccountUser' || USER_ARI.test(String(node.id));
  });
  if (!user) throw new MappingError(target.typeName, target.label, 'columns[].value (user node)');
  const related = optionalString(dataOf(user)?.accountId) ?? accountIdFromUserRef(String(user.id));
  return { subjectUserId, relationType, teamId: null, relatedUserId: related };
}
