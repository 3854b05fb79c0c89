/** Site-level routes: serverInfo, myself, user, field, status. */
import type { JiraDataset, JiraDatasetIndex } from '../data/jira-dataset.ts';
import { JIRA_API_SELF_BASE as API } from '../data/jira-dataset.ts';
import { jiraError } from '../http/errors.ts';
import type { Router } from '../http/router.ts';
import { expandSet } from './issue-json.ts';

function renderUser(user: Record<string, unknown>, expand: Set<string>): Record<string, unknown> {
  const json: Record<string, unknown> = { ...user, expand: 'groups,applicationRoles' };
  if (expand.has('groups')) json.groups = { size: 2, items: [{ name: 'jira-software-users', groupId: 'a1b2c3d4-0000-4000-8000-000000000001', self: `${API}/group?groupId=a1b2c3d4-0000-4000-8000-000000000001` }, { name: 'developers', groupId: 'a1b2c3d4-0000-4000-8000-000000000002', self: `${API}/group?groupId=a1b2c3d4-0000-4000-8000-000000000002` }], 'max-results': 200 };
  else json.groups = { size: 2, items: [] };
  if (expand.has('applicationRoles')) json.applicationRoles = { size: 1, items: [{ key: 'jira-software', name: 'Jira Software' }], 'max-results': 200 };
  else json.applicationRoles = { size: 1, items: [] };
  return json;
}

export function addSiteRoutes(router: Router, dataset: JiraDataset, index: JiraDatasetIndex): void {
  router.get('/rest/api/3/serverInfo', () => ({
    baseUrl: dataset.siteUrl,
    displayUrl: dataset.siteUrl,
    version: '1001.0.0-SNAPSHOT',
    versionNumbers: [1001, 0, 0],
    deploymentType: 'Cloud',
    buildNumber: 100289,
    buildDate: '2025-12-18T00:00:00.000+0000',
    serverTime: dataset.baseDate.replace('Z', '+0000'),
    scmInfo: '6c1f7ad3e0b84c5e8a1b2d3e4f5a6b7c8d9e0f1a',
    serverTitle: 'Jira',
    serverTimeZone: 'Etc/UTC',
  }));

  router.get('/rest/api/3/myself', ({ query }) => {
    const me = index.user(dataset.myselfAccountId);
    if (!me) throw jiraError(500, 'Sandbox dataset has no current user.');
    return renderUser({ ...me }, expandSet(query.get('expand')));
  });

  router.get('/rest/api/3/user', ({ query }) => {
    const accountId = query.get('accountId');
    if (!accountId) {
      if (query.get('username') || query.get('key')) {
        throw jiraError(400, "The 'username' and 'key' parameters are deprecated (GDPR); use 'accountId'.");
      }
      throw jiraError(400, "The query parameter 'accountId' is required.");
    }
    const user = index.user(accountId);
    if (!user) throw jiraError(404, 'Specified user does not exist or you do not have required permissions');
    return renderUser({ ...user }, expandSet(query.get('expand')));
  });

  router.get('/rest/api/3/field', () => dataset.fields);

  // StatusDetails[] of the dataset's workflow statuses, each with its statusCategory (new / indeterminate / done).
  router.get('/rest/api/3/status', () => dataset.statuses);
}
