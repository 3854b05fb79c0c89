/**
 * Two gateways in one process, each with its own upstreams and credentials: nothing about a gateway
 * is process-wide any more (settings, transport, logger and redactor are made per gateway and passed
 * in), so neither may send its credentials to the other's upstreams, log the other's secrets, or
 * stop serving when the other closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamName } from '../../sources/config/types.ts';
import { startSandbox, type RunningSandbox } from '../../scripts/sandbox/index.ts';
import { findCanaries, liveEnvFor, makeCanaries, type Canaries } from '../support/fake-upstreams-stack.ts';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstreams.ts';
import { startGatewayInProcess, type InProcessGateway } from '../support/gateway-in-process.ts';
import { postGraphQL } from '../support/gateway-process.ts';

const NAMES: UpstreamName[] = ['agg', 'jira', 'jiraSoftware', 'srht'];

interface Side {
  fakes: Record<UpstreamName, FakeUpstream>;
  canaries: Canaries;
  gateway: InProcessGateway;
}

let sandbox: RunningSandbox;
const sides: Side[] = [];

async function startSide(): Promise<Side> {
  const fakes = {} as Record<UpstreamName, FakeUpstream>;
  for (const name of NAMES) fakes[name] = await startFakeUpstream({ target: new URL(sandbox.urls[name]).origin });
  const canaries = makeCanaries();
  const gateway = await startGatewayInProcess({
    ...liveEnvFor(fakes, canaries),
    // Debug: every upstream call is logged, so a secret of the other side would show.
    LOG_LEVEL: 'debug',
  });
  return { fakes, canaries, gateway };
}

beforeAll(async () => {
  sandbox = await startSandbox();
  sides.push(await startSide());
  sides.push(await startSide());
}, 240_000);

afterAll(async () => {
  for (const side of sides) {
    await side.gateway.stop();
    await Promise.all(Object.values(side.fakes).map((fake) => fake.close()));
  }
  await sandbox?.close();
});

const QUERY = `{
  jiraIssues(jql: "project = DEV ORDER BY key ASC", first: 1) { nodes { key } }
  jira_getCurrentUser { accountId }
  jiraSoftware_getAllBoards { total }
  srht_me { canonicalName }
  agg_me { user { accountId } }
}`;

function basic(canaries: Canaries): string {
  return `Basic ${Buffer.from(`${canaries.email}:${canaries.apiToken}`).toString('base64')}`;
}

describe('two gateways in one process', () => {
  it('each sends its own credentials to its own upstreams only, for canonical and pass-through fields', async () => {
    for (const side of sides) {
      const result = await postGraphQL(side.gateway.url, QUERY);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data).toMatchObject({ jiraIssues: { nodes: [{ key: expect.stringMatching(/^DEV-/) }] } });
    }
    for (const [index, side] of sides.entries()) {
      const other = sides[1 - index]!;
      for (const name of NAMES) {
        const requests = side.fakes[name].requests;
        expect(requests.length, `${name} of gateway ${index}`).toBeGreaterThan(0);
        const expected = name === 'srht' ? `Bearer ${side.canaries.srhtToken}` : basic(side.canaries);
        for (const request of requests) {
          expect(request.authorization, `${name} ${request.path}`).toBe(expected);
          expect(findCanaries(request.authorization ?? '', other.canaries)).toEqual([]);
        }
      }
    }
    // The first requests compile the schema's execution paths; a busy machine makes that slow.
  }, 120_000);

  it("logs through its own redactor: no gateway's log holds either gateway's secrets", async () => {
    for (const side of sides) {
      expect(side.gateway.output()).toContain('"level":"debug"');
      for (const owner of sides) expect(findCanaries(side.gateway.output(), owner.canaries)).toEqual([]);
    }
  });

  it('closing one leaves the other serving', async () => {
    const [first, second] = sides as [Side, Side];
    await first.gateway.stop();
    await expect(fetch(first.gateway.url, { method: 'POST', body: '{}' })).rejects.toThrow();
    const before = second.fakes.jira.requests.length;
    const result = await postGraphQL(second.gateway.url, '{ jira_getCurrentUser { accountId } }');
    expect(result.body.errors).toBeUndefined();
    expect(second.fakes.jira.requests.length).toBe(before + 1);
  }, 60_000);
});
