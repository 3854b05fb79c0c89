/** Raw AGG Team / TeamV2 / TeamMember(V2) -> canonical AtlassianTeam / AtlassianTeamMember. */
import { MappingError } from '../../shared/errors.ts';
import { asObject, isObject, optionalNumber, optionalObject, optionalString, requiredString, type MapTarget } from '../../shared/raw.ts';
import type { AtlassianTeam, AtlassianTeamMember, AtlassianTeamState } from '../types.ts';

export function teamLabel(raw: unknown): string {
  if (!isObject(raw)) return '(missing team)';
  return optionalString(raw.id) ?? optionalString(raw.displayName) ?? '(team without id)';
}

/** AGG teams are ACTIVE, DISBANDED or PURGED; the canonical contract knows ACTIVE and ARCHIVED. */
export function teamState(raw: unknown, target: MapTarget): AtlassianTeamState {
  if (raw === 'ACTIVE') return 'ACTIVE';
  if (raw === 'DISBANDED' || raw === 'PURGED' || raw === 'ARCHIVED') return 'ARCHIVED';
  throw new MappingError(target.typeName, target.label, 'state', raw == null ? 'is missing' : `has unknown value ${JSON.stringify(raw)}`);
}

export function mapAtlassianTeam(raw: unknown, memberCount: unknown): AtlassianTeam {
  const target: MapTarget = { typeName: 'AtlassianTeam', label: teamLabel(raw) };
  const team = asObject(raw, target, 'team');
  return {
    id: requiredString(team.id, target, 'id'),
    displayName: requiredString(team.displayName, target, 'displayName'),
    description: optionalString(team.description),
    state: teamState(team.state, target),
    avatarUrl: optionalString(team.smallAvatarImageUrl) ?? optionalString(team.largeAvatarImageUrl),
    memberCount: optionalNumber(memberCount),
  };
}

export function mapTeamMember(raw: unknown, teamId: string, index: number): AtlassianTeamMember {
  const target: MapTarget = { typeName: 'AtlassianTeamMember', label: `#${index} of team ${teamId}` };
  const membership = asObject(raw, target, 'member');
  const user = asObject(membership.member, target, 'member');
  const role = membership.role === 'ADMIN' || membership.role === 'REGULAR' ? membership.role : null;
  return {
    teamId,
    accountId: requiredString(user.accountId, target, 'member.accountId'),
    displayName: optionalString(user.name),
    role,
  };
}

/** Only current members count: alumni and join requests are not part of the team. */
export function isCurrentMember(raw: unknown): boolean {
  const state = optionalObject(raw)?.state;
  return state == null || state === 'FULL_MEMBER';
}
