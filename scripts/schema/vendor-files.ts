/** The vendor documents the build needs: where each lives in the project and where it comes from. */
export interface VendorFile {
  /** Path inside the project (git-ignored). */
  target: string;
  /** File name under ../shared/data/ when that folder exists. */
  shared: string;
  /** Vendor download used when ../shared/data/ is not beside the project. */
  url?: string;
  kind: 'openapi-json' | 'openapi-yaml' | 'sdl';
}

export const VENDOR_FILES: readonly VendorFile[] = [
  {
    target: 'openapi/jira-platform.openapi.json',
    shared: 'jira-platform-rest-v3.openapi.json',
    url: 'https://developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json',
    kind: 'openapi-json',
  },
  {
    target: 'openapi/jira-software.openapi.json',
    shared: 'jira-software-agile.openapi.json',
    url: 'https://developer.atlassian.com/cloud/jira/software/swagger.v3.json',
    kind: 'openapi-json',
  },
  {
    target: 'graphql/todo-srht.graphql',
    shared: 'todo.sr.ht.schema.graphqls',
    url: 'https://git.sr.ht/~sircmpwn/todo.sr.ht/blob/master/api/graph/schema.graphqls',
    kind: 'sdl',
  },
  { target: 'openapi/jira-developer-health.canonical.yaml', shared: 'jira-developer-health.canonical.openapi.yaml', kind: 'openapi-yaml' },
  { target: 'openapi/compass-developer-health.canonical.yaml', shared: 'compass-developer-health.canonical.openapi.yaml', kind: 'openapi-yaml' },
  { target: 'openapi/teams-developer-health.canonical.yaml', shared: 'teams-developer-health.canonical.openapi.yaml', kind: 'openapi-yaml' },
  { target: 'openapi/atlassian.transport.yaml', shared: 'atlassian.transport.openapi.yaml', kind: 'openapi-yaml' },
];
