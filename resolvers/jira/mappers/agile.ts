import { MappingError } from '../../shared/errors.ts';
import { asObject, optionalDateTime, requiredString, type MapTarget } from '../../shared/raw.ts';
import type { JiraBoard, JiraBoardType, JiraSprint } from '../types.ts';

/** Board types Jira Software answers: `simple` is a team-managed board (most new boards on Cloud). */
export const JIRA_BOARD_TYPES: readonly JiraBoardType[] = ['scrum', 'kanban', 'simple'];

function isBoardType(value: string): value is JiraBoardType {
  return (JIRA_BOARD_TYPES as readonly string[]).includes(value);
}

/** Jira Software board -> JiraBoard. A type Jira Software does not document is a mapping error naming it. */
export function mapJiraBoard(raw: unknown): JiraBoard {
  const board = asObject(raw, { typeName: 'JiraBoard', label: '(unknown id)' }, 'board');
  const id = requiredString(board.id, { typeName: 'JiraBoard', label: '(unknown id)' }, 'id');
  const target: MapTarget = { typeName: 'JiraBoard', label: id };
  const type = requiredString(board.type, target, 'type');
  if (!isBoardType(type)) throw new MappingError(target.typeName, target.label, 'type', `is '${type}', not scrum, kanban or simple`);
  return { id, name: requiredString(board.name, target, 'name'), type };
}

/** Jira Software sprint -> JiraSprint (dates normalised to UTC). */
export function mapJiraSprint(raw: unknown): JiraSprint {
  const sprint = asObject(raw, { typeName: 'JiraSprint', label: '(unknown id)' }, 'sprint');
  const id = requiredString(sprint.id, { typeName: 'JiraSprint', label: '(unknown id)' }, 'id');
  const target: MapTarget = { typeName: 'JiraSprint', label: id };
  return {
    id,
    name: requiredString(sprint.name, target, 'name'),
    state: requiredString(sprint.state, target, 'state'),
    startAt: optionalDateTime(sprint.startDate, target, 'startDate'),
    endAt: optionalDateTime(sprint.endDate, target, 'endDate'),
    completeAt: optionalDateTime(sprint.completeDate, target, 'completeDate'),
  };
}
