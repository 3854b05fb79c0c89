import { describe, expect, it } from 'vitest';
import { startSandbox, type SandboxStarter, type StartedSandbox } from '../../../scripts/sandbox/index.ts';
import { getJson } from './helpers.ts';

/** A stand-in AGG server so the launcher is testable without the AGG sandbox. */
function fakeStarter(path: string, closed: string[], name: string): SandboxStarter {
  return async (options) => {
    const { startRestSandbox } = await import('../../../scripts/sandbox/http/server.ts');
    const { Router } = await import('../../../scripts/sandbox/http/router.ts');
    const server = await startRestSandbox({ ...options, router: new Router().get('/ping', () => ({ ok: name })), notFound: () => ({}) });
    return { url: `${server.url}${path}`, close: async () => { closed.push(name); await server.close(); } } satisfies StartedSandbox;
  };
}

describe('startSandbox', () => {
  it('starts Jira, Jira Software and todo.sr.ht plus an injected AGG and closes them all', async () => {
    const closed: string[] = [];
    const sandbox = await startSandbox({ starters: { agg: fakeStarter('/graphql', closed, 'agg') } });
    try {
      expect(sandbox.urls.agg).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      expect(sandbox.urls.srht).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/query$/);
      expect((await getJson(`${sandbox.urls.jira}/rest/api/3/serverInfo`)).status).toBe(200);
      expect((await getJson(`${sandbox.urls.jiraSoftware}/rest/agile/1.0/board`)).status).toBe(200);
      const ports = Object.values(sandbox.urls).map((u) => new URL(u).port);
      expect(new Set(ports).size).toBe(4);
    } finally {
      await sandbox.close();
    }
    expect(closed).toEqual(['agg']);
    await expect(fetch(`${sandbox.urls.jira}/rest/api/3/serverInfo`)).rejects.toThrow();
  });

  it('closes the servers that started when one fails, and names the failing one', async () => {
    const closed: string[] = [];
    const failing: SandboxStarter = async () => {
      throw new Error('port in use');
    };
    await expect(
      startSandbox({ starters: { agg: fakeStarter('/graphql', closed, 'agg'), jira: fakeStarter('', closed, 'jira'), srht: failing } }),
    ).rejects.toThrow('Sandbox failed to start (srht: port in use)');
    expect(closed.sort()).toEqual(['agg', 'jira']);
  });
});
