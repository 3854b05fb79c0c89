/** Canonical values the AGG-backed resolvers produce (names as in the canonical YAML contracts). */
// The SDL's enums, as graphql-codegen writes them (one definition, not a hand-kept copy).
import type { AtlassianTeamState } from '../generated/resolver-types.ts';
export type { CanonicalProjectWithOpsgenieTeams, JiraProject, OpsgenieTeamRef } from '../jira/types.ts';

export const COMPASS_COMPONENT_TYPES = [
  'SERVICE',
  'LIBRARY',
  'APPLICATION',
  'CAPABILITY',
  'CLOUD_RESOURCE',
  'DATA_PIPELINE',
  'MACHINE_LEARNING_MODEL',
  'UI_ELEMENT',
  'WEBSITE',
  'OTHER',
] as const;
export type CompassComponentType = (typeof COMPASS_COMPONENT_TYPES)[number];

export interface CompassComponent {
  id: string;
  cloudId: string;
  name: string;
  type: CompassComponentType;
  description: string | null;
  ownerTeamId: string | null;
  ownerTeamName: string | null;
  labels: string[];
  createdAt: string | null;
  updatedAt: string | null;
}

export interface CompassRelationship {
  id: string;
  type: string;
  startComponentId: string;
  endComponentId: string;
}

export interface CompassScorecardScore {
  componentId: string;
  scorecardId: string;
  scorecardName: string | null;
  score: number;
  maxScore: number | null;
  evaluatedAt: string | null;
}

export type { AtlassianTeamState };

export interface AtlassianTeam {
  id: string;
  displayName: string;
  description: string | null;
  state: AtlassianTeamState;
  avatarUrl: string | null;
  memberCount: number | null;
}

export interface AtlassianTeamMember {
  teamId: string;
  accountId: string;
  displayName: string | null;
  role: 'REGULAR' | 'ADMIN' | null;
}

export interface TeamworkProject {
  teamId: string;
  projectId: string;
  projectKey: string | null;
  projectName: string | null;
}

export const TEAMWORK_RELATION_TYPES = ['TEAM_MEMBER', 'REPORTS_TO', 'MANAGES'] as const;
export type TeamworkRelationType = (typeof TEAMWORK_RELATION_TYPES)[number];

export interface TeamworkUserRelation {
  subjectUserId: string;
  relationType: TeamworkRelationType;
  teamId: string | null;
  relatedUserId: string | null;
}
