/** Raw AGG CompassComponent / CompassRelationship / applied scorecards -> canonical Compass values. */
import { MappingError } from '../../shared/errors.ts';
import { arrayOf, asObject, isObject, optionalDateTime, optionalNumber, optionalObject, optionalString, requiredString, type MapTarget } from '../../shared/raw.ts';
import { COMPASS_COMPONENT_TYPES, type CompassComponent, type CompassComponentType, type CompassRelationship, type CompassScorecardScore } from '../types.ts';

const COMPONENT_ARI = /^ari:cloud:compass:([^:]+):component\//;

export type CompassRelationshipDirection = 'OUTWARD' | 'INWARD';

/** Cloud id inside a component ARI (ari:cloud:compass:{cloudId}:component/{workspace}/{id}). */
export function cloudIdFromComponentAri(id: string): string | null {
  return COMPONENT_ARI.exec(id)?.[1] ?? null;
}

export function componentLabel(raw: unknown): string {
  if (!isObject(raw)) return '(missing component)';
  return optionalString(raw.id) ?? optionalString(raw.name) ?? '(component without id)';
}

/** typeId carries the full type set (CAPABILITY, WEBSITE...); custom types (their own ids) are OTHER. */
export function componentType(raw: { typeId?: unknown }, target: MapTarget): CompassComponentType {
  const token = optionalString(raw.typeId);
  if (token === null) throw new MappingError(target.typeName, target.label, 'typeId');
  const upper = token.toUpperCase();
  return (COMPASS_COMPONENT_TYPES as readonly string[]).includes(upper) ? (upper as CompassComponentType) : 'OTHER';
}

export function mapCompassComponent(raw: unknown, requestedCloudId: string | null): CompassComponent {
  const target: MapTarget = { typeName: 'CompassComponent', label: componentLabel(raw) };
  const component = asObject(raw, target, 'component');
  const id = requiredString(component.id, target, 'id');
  const cloudId = cloudIdFromComponentAri(id) ?? requestedCloudId;
  if (cloudId === null) throw new MappingError(target.typeName, target.label, 'id', 'is not a Compass component ARI carrying a cloud id');
  const ownerTeam = optionalObject(component.ownerTeam);
  const change = optionalObject(component.changeMetadata) ?? {};
  return {
    id,
    cloudId,
    name: requiredString(component.name, target, 'name'),
    type: componentType(component, target),
    description: optionalString(component.description),
    ownerTeamId: optionalString(component.ownerId) ?? optionalString(ownerTeam?.id),
    ownerTeamName: optionalString(ownerTeam?.displayName),
    labels: arrayOf(component.labels)
      .map((label) => (isObject(label) ? optionalString(label.name) : null))
      .filter((name): name is string => name !== null),
    createdAt: optionalDateTime(change.createdAt, target, 'changeMetadata.createdAt'),
    updatedAt: optionalDateTime(change.lastUserModificationAt, target, 'changeMetadata.lastUserModificationAt'),
  };
}

/**
 * One relationship of a component, fetched in either direction. The canonical value always reads
 * start -> end as the relationship goes (an INWARD relationship ends at this component), so the
 * same relationship seen from both of its components has the same id. AGG relationships have no id
 * of their own: the canonical id is `start|type|end`, unique (Compass allows one relationship of a
 * type between two components) and stable.
 */
export function mapCompassRelationship(raw: unknown, componentId: string, direction: CompassRelationshipDirection, index: number): CompassRelationship {
  const target: MapTarget = { typeName: 'CompassRelationship', label: `${direction.toLowerCase()} #${index} of component ${componentId}` };
  const relationship = asObject(raw, target, 'relationship');
  const type = requiredString(relationship.relationshipType, target, 'relationshipType');
  let startComponentId = requiredString(optionalObject(relationship.startNode)?.id, target, 'startNode.id');
  let endComponentId = requiredString(optionalObject(relationship.endNode)?.id, target, 'endNode.id');
  // AGG words start/end relative to the direction asked; an INWARD answer that starts at this
  // component is told from this component's side: turn it round.
  if (direction === 'INWARD' && startComponentId === componentId && endComponentId !== componentId) {
    [startComponentId, endComponentId] = [endComponentId, startComponentId];
  }
  return { id: `${startComponentId}|${type}|${endComponentId}`, type, startComponentId, endComponentId };
}

/** The latest of a score's evaluation times: when its criteria data last changed, else when its status last changed. */
function evaluatedAtOf(score: Record<string, unknown>, target: MapTarget): string | null {
  let latest: string | null = null;
  const criteria = arrayOf(score.criteriaScores);
  for (let index = 0; index < criteria.length; index++) {
    const criterion = criteria[index];
    const updated = isObject(criterion) ? optionalDateTime(criterion.dataSourceLastUpdated, target, `score.criteriaScores[${index}].dataSourceLastUpdated`) : null;
    // Both are normalised UTC ISO strings, so they compare as text.
    if (updated !== null && (latest === null || updated > latest)) latest = updated;
  }
  return latest ?? optionalDateTime(optionalObject(score.statusDuration)?.since, target, 'score.statusDuration.since');
}

/**
 * One applied-scorecard edge (CompassComponentHasScorecardsAppliedEdge: `node` the scorecard,
 * `score` its CompassScorecardScoreResult) -> the canonical score, or null for a scorecard scored
 * by maturity level, which has no percentage to report. totalScore is a percentage; a value
 * outside 0..100 is a mapping error, not clamped. evaluatedAt is the latest
 * `criteriaScores[].dataSourceLastUpdated` (the inputs the score was last computed from), falling
 * back to `statusDuration.since`.
 */
export function mapAppliedScorecardEdge(raw: unknown, componentId: string, index: number): CompassScorecardScore | null {
  const target: MapTarget = { typeName: 'CompassScorecardScore', label: `#${index} of component ${componentId}` };
  const edge = asObject(raw, target, 'appliedScorecards.edges[]');
  const scorecard = optionalObject(edge.node);
  const score = asObject(edge.score, target, 'score');
  const scorecardId = optionalString(scorecard?.id) ?? requiredString(score.scorecardId, target, 'node.id');
  const label: MapTarget = { ...target, label: `${scorecardId} of component ${componentId}` };
  if (score.__typename === 'CompassScorecardMaturityLevelAwarded') return null;
  if (score.__typename === 'QueryError') {
    throw new MappingError(label.typeName, label.label, 'score', `is an AGG QueryError: ${optionalString(score.message) ?? 'no message'}`);
  }
  const total = optionalNumber(score.totalScore);
  if (total === null) throw new MappingError(label.typeName, label.label, 'score.totalScore');
  if (total < 0 || total > 100) throw new MappingError(label.typeName, label.label, 'score.totalScore', `is ${total}, outside 0..100`);
  return {
    componentId,
    scorecardId,
    scorecardName: optionalString(scorecard?.name),
    score: total,
    maxScore: optionalNumber(score.maxTotalScore),
    evaluatedAt: evaluatedAtOf(score, label),
  };
}
