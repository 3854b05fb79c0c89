/** Raw AGG CompassComponent / CompassRelationship / CompassScorecardScore -> canonical Compass values. */
import { MappingError } from '../../shared/errors.ts';
import { arrayOf, asObject, isObject, optionalDateTime, optionalNumber, optionalObject, optionalString, requiredString, type MapTarget } from '../../shared/raw.ts';
import { COMPASS_COMPONENT_TYPES, type CompassComponent, type CompassComponentType, type CompassRelationship, type CompassScorecardScore } from '../types.ts';

const COMPONENT_ARI = /^ari:cloud:compass:([^:]+):component\//;

/** Cloud id inside a component ARI (ari:cloud:compass:{cloudId}:component/{workspace}/{id}). */
export function cloudIdFromComponentAri(id: string): string | null {
  return COMPONENT_ARI.exec(id)?.[1] ?? null;
}

export function componentLabel(raw: unknown): string {
  if (!isObject(raw)) return '(missing component)';
  return optionalString(raw.id) ?? optionalString(raw.name) ?? '(component without id)';
}

/** typeId carries the full type set (CAPABILITY, WEBSITE...); the older `type` enum only four; custom types are OTHER. */
export function componentType(raw: { typeId?: unknown; type?: unknown }, target: MapTarget): CompassComponentType {
  const token = optionalString(raw.typeId) ?? optionalString(raw.type);
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
 * AGG relationships have no id of their own: the canonical id is `start|type|end`, which is
 * unique (Compass allows one relationship of a type between two components) and stable.
 */
export function mapCompassRelationship(raw: unknown, componentId: string, index: number): CompassRelationship {
  const target: MapTarget = { typeName: 'CompassRelationship', label: `#${index} of component ${componentId}` };
  const relationship = asObject(raw, target, 'relationship');
  const type = optionalString(relationship.relationshipType) ?? optionalString(relationship.type);
  if (type === null) throw new MappingError(target.typeName, target.label, 'relationshipType');
  const startComponentId = requiredString(optionalObject(relationship.startNode)?.id, target, 'startNode.id');
  const endComponentId = requiredString(optionalObject(relationship.endNode)?.id, target, 'endNode.id');
  return { id: `${startComponentId}|${type}|${endComponentId}`, type, startComponentId, endComponentId };
}

/**
 * Scores of one component. Names come from the component's `scorecards` (same request).
 * AGG totalScore is a percentage; a value outside 0..100 is a mapping error, not clamped.
 * AGG gives no evaluation time for a score, so evaluatedAt stays null.
 */
export function mapCompassScorecardScore(raw: unknown, componentId: string, scorecardNames: ReadonlyMap<string, string>, index: number): CompassScorecardScore {
  const target: MapTarget = { typeName: 'CompassScorecardScore', label: `#${index} of component ${componentId}` };
  const score = asObject(raw, target, 'scorecardScore');
  const scorecardId = requiredString(score.scorecardId, target, 'scorecardId');
  const total = optionalNumber(score.totalScore);
  if (total === null) throw new MappingError(target.typeName, `${scorecardId} of component ${componentId}`, 'totalScore');
  if (total < 0 || total > 100) {
    throw new MappingError(target.typeName, `${scorecardId} of component ${componentId}`, 'totalScore', `is ${total}, outside 0..100`);
  }
  return {
    componentId,
    scorecardId,
    scorecardName: scorecardNames.get(scorecardId) ?? null,
    score: total,
    maxScore: optionalNumber(score.maxTotalScore),
    evaluatedAt: null,
  };
}

export function scorecardNamesOf(component: unknown): Map<string, string> {
  const names = new Map<string, string>();
  if (!isObject(component)) return names;
  for (const scorecard of arrayOf(component.scorecards)) {
    if (!isObject(scorecard)) continue;
    const id = optionalString(scorecard.id);
    const name = optionalString(scorecard.name);
    if (id && name) names.set(id, name);
  }
  return names;
}
