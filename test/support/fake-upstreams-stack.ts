/**
 * The sandbox upstreams behind four fault-injecting fakes, and the real gateway child process in
 * live mode pointed at the fakes with canary credentials. Used by the fault suite and the soak.
 */
import { randomBytes } from 'node:crypto';
import type { UpstreamName } from '../../sources/config/types.ts';
import { startSandbox, type RunningSandbox } from '../../scripts/sandbox/index.ts';
import { postGraphQL, startGatewayProcess, type GatewayProcess, type GraphQLResponse } from './gateway-process.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstreams.ts';

export const SANDBOX_CLOUD_ID = '11111111-2222-4333-8444-555555555555';

/** Credential values that must never appear in a response or a log line, in any encoding. */
export interface Canaries {
  email: string;
  apiToken: string;
  srhtToken: string;
  /** Every form to search for: raw values and the Basic header's base64. */
  forms: string[];
}

export function makeCanaries(): Canaries {
  const tag = randomBytes(6).toString('hex');
  const email = `canary-${tag}@example.com`;
  const apiToken = `CANARYTOKEN${tag}${randomBytes(8).toString('hex')}`;
  const srhtToken = `CANARYSRHT${tag}${randomBytes(8).toString('hex')}`;
  const forms = (secret: string) => {
    const buffer = Buffer.from(secret);
    return [secret, buffer.toString('base64').replace(/=+$/, ''), buffer.toString('base64url'), encodeURIComponent(secret)];
  };
  // Base64 of a value inside a longer string depends on its alignment: cover all three.
  const aligned = (secret: string) => [0, 1, 2].map((pad) => Buffer.from(`${'.'.repeat(pad)}${secret}`).toString('base64').slice(4, -4));
  return {
    email,
    apiToken,
    srhtToken,
    forms: [...forms(apiToken), ...forms(srhtToken), ...forms(`${email}:${apiToken}`), ...aligned(apiToken), ...aligned(srhtToken)],
  };
}

/** Lists every canary form found in `text` (empty when clean). */
export function findCanaries(text: string, canaries: Canaries): string[] {
  return canaries.forms.filter((form) => text.includes(form));
}

export interface FaultyStack {
  sandbox: RunningSandbox;
  fakes: Record<UpstreamName, FakeUpstream>;
  gateway: GatewayProcess;
  canaries: Canaries;
  /** Every answer the gateway gave through `ask` (bodies and headers, as JSON), for canary searches. */
  answers: string[];
  /** Sends a query to the gateway; a gateway that does not answer fails with its last output. */
  ask(query: string): Promise<{ body: GraphQLResponse['body']; ms: number }>;
  close(): Promise<void>;
}

const PATHS: Record<UpstreamName, string> = { agg: '/graphql', jira: '', jiraSoftware: '', srht: '/query' };

/** Live mode with the canary credentials, every upstream at its fake. */
export function liveEnvFor(fakes: Record<UpstreamName, { origin: string }>, canaries: Canaries): Record<string, string> {
  return {
    ATLASSIAN_MESH_MODE: 'live',
    ATLASSIAN_EMAIL: canaries.email,
    ATLASSIAN_API_TOKEN: canaries.apiToken,
    SRHT_TOKEN: canaries.srhtToken,
    ATLASSIAN_CLOUD_ID: SANDBOX_CLOUD_ID,
    ATLASSIAN_GQL_BASE_URL: `${fakes.agg.origin}${PATHS.agg}`,
    ATLASSIAN_JIRA_BASE_URL: fakes.jira.origin,
    ATLASSIAN_JIRA_SOFTWARE_BASE_URL: fakes.jiraSoftware.origin,
    SRHT_TODO_URL: `${fakes.srht.origin}${PATHS.srht}`,
  };
}

export async function startFaultyStack(env: Record<string, string> = {}): Promise<FaultyStack> {
  const sandbox = await startSandbox();
  const fakes = {} as Record<UpstreamName, FakeUpstream>;
  for (const name of ['agg', 'jira', 'jiraSoftware', 'srht'] as UpstreamName[]) {
    fakes[name] = await startFakeUpstream({ target: new URL(sandbox.urls[name]).origin });
  }
  const canaries = makeCanaries();
  let gateway: GatewayProcess;
  try {
    gateway = await startGatewayProcess({
      ...liveEnvFor(fakes, canaries),
      // The per-caller operation limit is not under test here.
      GATEWAY_RATE_LIMIT_MAX: '0',
      ...env,
    });
  } catch (error) {
    await Promise.all(Object.values(fakes).map((fake) => fake.close()));
    await sandbox.close();
    throw error;
  }
  const answers: string[] = [];
  return {
    sandbox,
    fakes,
    gateway,
    canaries,
    answers,
    async ask(query) {
      const started = performance.now();
      const response = await postGraphQL(gateway.url, query).catch((error: unknown) => {
        throw new Error(`the gateway did not answer (${String(error)}); its last output:\n${gateway.output().slice(-4000)}`);
      });
      const ms = performance.now() - started;
      answers.push(JSON.stringify(response.body), JSON.stringify([...response.headers]));
      return { body: response.body, ms };
    },
    async close() {
      await gateway.stop();
      await Promise.all(Object.values(fakes).map((fake) => fake.close()));
      await sandbox.close();
    },
  };
}
