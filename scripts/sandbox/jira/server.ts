/**
 * Jira Cloud platform REST v3 sandbox: serves the shared Jira dataset under /rest/api/3
 * with Jira's pagination and error shapes, for offline use of the gateway.
 */
import { getJiraDataset, indexJiraDataset, type JiraDataset } from '../data/jira-dataset.ts';
import { Router } from '../http/router.ts';
import { startRestSandbox, type ListenOptions, type SandboxServerHandle } from '../http/server.ts';
import { addIssueRoutes } from './routes-issues.ts';
import { addProjectRoutes } from './routes-projects.ts';
import { addSiteRoutes } from './routes-site.ts';

export interface JiraSandboxOptions extends ListenOptions {
  /** Defaults to getJiraDataset(). */
  dataset?: JiraDataset;
}

export function createJiraRouter(dataset: JiraDataset): Router {
  const index = indexJiraDataset(dataset);
  const router = new Router();
  addSiteRoutes(router, dataset, index);
  addProjectRoutes(router, dataset, index);
  addIssueRoutes(router, dataset, index);
  return router;
}

/** Starts the Jira REST sandbox; `url` is the site base (append /rest/api/3/...). */
export async function startJiraSandbox(options: JiraSandboxOptions = {}): Promise<SandboxServerHandle> {
  const router = createJiraRouter(options.dataset ?? getJiraDataset());
  return startRestSandbox({
    ...options,
    router,
    notFound: (method, path) => ({
      errorMessages: [`The Jira sandbox does not implement ${method} ${path}. Implemented routes: ${router.names().join(', ')}.`],
      errors: {},
    }),
  });
}
