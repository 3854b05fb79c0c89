/**
 * graphql-codegen example: TypeScript types for the gateway's whole schema with the `typescript`
 * plugin. Run from the project root:
 *
 *   GATEWAY_API_KEY=<key> npx graphql-codegen --config examples/codegen/codegen.ts
 *
 * Environment:
 *   GATEWAY_URL          the gateway's origin (default http://127.0.0.1:4000)
 *   GATEWAY_API_KEY      sent as X-API-Key: /schema.graphql asks for the same auth as /graphql
 *   GATEWAY_SCHEMA_FILE  read this SDL file instead of asking a gateway, e.g. graphql/schema.snapshot.graphql
 *
 * test/tools/codegen.test.ts generates with these settings from the snapshot and compiles the
 * result with `tsc --strict`; see README.md beside this file for why each setting is there.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';
import type { TypeScriptPluginConfig } from '@graphql-codegen/typescript';

type ScalarType = string | { input: string; output: string };

/** Where the example writes: dist/ is git-ignored here (the file is ~17 MB); pick your own place. */
export const DEFAULT_OUTPUT = 'dist/codegen/types.ts';

/** Number or numeric string in; number out, or a string past 2^53 (graphql-scalars' BigInt without a JSON BigInt patch). */
const BIG_INT: ScalarType = { input: 'number | string', output: 'number | string' };

/**
 * Every custom scalar the gateway serves under its own name, typed as its value travels in JSON.
 * Without a mapping a custom scalar would be `unknown`.
 */
export const GATEWAY_SCALARS = {
  // Canonical types.
  DateTime: 'string', // ISO 8601 UTC with milliseconds
  Date: 'string', // calendar day yyyy-mm-dd (JiraVersion.releaseDate), never an instant
  JSON: 'unknown', // JiraIssue.fields: raw Jira values keyed as asked; narrow where read
  JiraProjectType: 'string', // input only: SOFTWARE, software, service-desk... (case and -/_ are free)

  // Jira platform and Jira Software REST, through Mesh's OpenAPI source (graphql-scalars).
  jira_BigInt: BIG_INT,
  jiraSoftware_BigInt: BIG_INT,
  jira_Byte: 'string', // base64
  jira_Date: 'string', // yyyy-mm-dd
  jira_DateTime: 'string',
  jiraSoftware_DateTime: 'string',
  jira_UUID: 'string',
  jira_URL: 'string',
  jiraSoftware_URL: 'string',
  jiraSoftware_EmailAddress: 'string',
  jira_NonEmptyString: 'string',
  jiraSoftware_IssueKey: 'string',
  jiraSoftware_IssueIdOrKeys: 'string',
  jiraSoftware_ProjectKey: 'string',
  jiraSoftware_NonNegativeInt: 'number',
  jiraSoftware_NonNegativeFloat: 'number',
  jira_JSON: 'unknown', // any JSON value: narrow it where it is read
  jiraSoftware_JSON: 'unknown',
  jira_ObjMap: 'Record<string, unknown>',
  jiraSoftware_ObjMap: 'Record<string, unknown>',
  jira_Void: "''", // operations without a response body answer an empty string
  jiraSoftware_Void: "''",
  jira_File: 'Blob', // a multipart upload; Blob is global in the DOM lib and in @types/node

  // AGG, passed through as AGG (graphql-java) serialises them.
  agg_Long: 'number',
  agg_BigDecimal: 'number',
  agg_Date: 'string', // yyyy-mm-dd
  agg_DateTime: 'string',
  agg_URL: 'string',
  agg_UUID: 'string',
  agg_TrelloShortLink: 'string',
  agg_MercuryJSONString: 'string', // JSON text, not a JSON value
  agg_CardPaletteColor: 'string', // enum-like strings AGG declares as scalars
  agg_CardTypeHierarchyLevelType: 'string',
  agg_SoftwareBoardFeatureKey: 'string',
  agg_SoftwareBoardPermission: 'string',
  agg_SprintScopeChangeEventType: 'string',
  agg_TrelloCardPosition: "number | 'top' | 'bottom'",
  agg_JSON: 'unknown',
  agg_JSDependency: 'unknown',
  agg_AppStorageEntityValue: 'unknown',
  agg_AppStoredCustomEntityFieldValue: 'unknown',
  agg_AppStoredEntityFieldValue: 'unknown',
  agg_Upload: 'Blob',

  // todo.sr.ht.
  srht_Cursor: 'string',
  srht_Time: 'string', // RFC 3339
  srht_URL: 'string',
  srht_Upload: 'Blob',
} satisfies Record<string, ScalarType>;

/** The `typescript` plugin settings: what is needed for the output to compile, and scalar types. */
export const TYPESCRIPT_CONFIG = {
  // Needed: Jira's orderBy enums hold both `-name` and `name` (GraphQL `_name` and `name`), which
  // the default PascalCase member names turn into two `Name` members (112 duplicate identifiers).
  // String unions have no member names, so nothing can collide; they are also the client preset's
  // enum shape, and type-only output (no runtime enum objects) suits Node's type stripping.
  // `namingConvention: { enumValues: 'keep' }` is the alternative that keeps TypeScript enums.
  enumsAsTypes: true,
  scalars: GATEWAY_SCALARS,
  // The scalars not named above (~300, e.g. jira_mutationInput_createPriority_input_name) are
  // Mesh's OpenAPI length and pattern constraints on strings: strings on the wire.
  defaultScalarType: 'string',
} satisfies TypeScriptPluginConfig;

/** The gateway's SDL endpoint, or GATEWAY_SCHEMA_FILE when set. */
export function gatewaySchema(env: NodeJS.ProcessEnv = process.env): CodegenConfig['schema'] {
  if (env.GATEWAY_SCHEMA_FILE) return env.GATEWAY_SCHEMA_FILE;
  const origin = (env.GATEWAY_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
  // The url loader reads a URL ending in .graphql as SDL (a GET), not by introspection.
  return {
    [`${origin}/schema.graphql`]: {
      headers: env.GATEWAY_API_KEY ? { 'X-API-Key': env.GATEWAY_API_KEY } : {},
      customFetch: fetchSdl,
    },
  };
}

/** The url loader parses any answer as SDL, so a 401 would read as a syntax error; say what happened instead. */
async function fetchSdl(url: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (response.ok) return response;
  const hint = response.status === 401 || response.status === 403 ? ' (set GATEWAY_API_KEY to a key the gateway accepts)' : '';
  throw new Error(`GET ${url} answered HTTP ${response.status}${hint}`);
}

/** The example's config for any schema pointer; the test uses it with the committed snapshot. */
export function gatewayCodegenConfig(schema: CodegenConfig['schema'], output: string = DEFAULT_OUTPUT): CodegenConfig {
  return {
    schema,
    generates: {
      [output]: { plugins: ['typescript'], config: TYPESCRIPT_CONFIG },
    },
  };
}

export default gatewayCodegenConfig(gatewaySchema());
