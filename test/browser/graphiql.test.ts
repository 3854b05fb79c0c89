/**
 * GraphiQL in a real browser: headless Debian chromium (driven by playwright-core) against the
 * sandbox gateway (in the test process). The page must load with no request leaving 127.0.0.1, the
 * docs explorer must show the canonical field, and a canonical query must run and show the same
 * answer the gateway gives over plain HTTP. Saves docs/graphiql.png (shown by the README) when it
 * is missing or UPDATE_SCREENSHOT=1: PNG bytes differ from run to run, and a test run should not
 * leave the committed file modified.
 *
 * Chromium comes from Debian (`apt-get install -y chromium`). Without it the browser tests skip
 * with a message, except under CI=true, where a missing browser is a failure.
 * The typed SDK (sdk/client.ts) runs every example operation against the same gateway here too.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { postGraphQL, projectRoot } from '../support/gateway-process.ts';
import { startGatewayInProcess, type InProcessGateway } from '../support/gateway-in-process.ts';
import { createGatewayClient } from '../../sdk/client.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
const SCREENSHOT = join(projectRoot, 'docs', 'graphiql.png');
const SANDBOX_ORG_ID = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';

// The default query GraphiQL opens with (server/start-gateway.ts), run directly for comparison.
const RECENT_ISSUES = `query RecentIssues {
  jiraIssues(jql: "project = DEV ORDER BY updated DESC", first: 5) { totalCount nodes { key } }
}`;

let gateway: InProcessGateway;
let profileDir: string | undefined;
let context: BrowserContext | undefined;
let page: Page;
const requested: string[] = [];

beforeAll(async () => {
  gateway = await startGatewayInProcess();
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  await gateway?.stop();
});

if (!hasChromium && !inCi) {
  console.warn(`test/browser: ${CHROMIUM} not found; browser tests skipped (install it: apt-get install -y chromium)`);
}

describe('chromium is available under CI', () => {
  it.runIf(inCi)('has Debian chromium at /usr/bin/chromium (.ci/run installs it)', () => {
    expect(hasChromium, `${CHROMIUM} is missing: CI must install Debian's chromium`).toBe(true);
  });
});

describe.skipIf(!hasChromium)('GraphiQL in headless chromium', () => {
  beforeAll(async () => {
    profileDir = mkdtempSync(join(tmpdir(), 'graphiql-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // Anything not on 127.0.0.1 is recorded and refused: the page must be fully offline.
    await context.route(/^(https?|wss?):\/\//, (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
      return route.abort();
    });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
  }, 60_000);

  it('loads GraphiQL with no request leaving 127.0.0.1', async () => {
    const response = await page.goto(gateway.url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    await page.getByRole('button', { name: /Execute query/ }).waitFor({ timeout: 30_000 });
    const external = requested.filter((url) => /^(https?|wss?):/.test(url) && !/^(https?|wss?):\/\/(127\.0\.0\.1|localhost)[:/]/.test(url));
    expect(external).toEqual([]);
    expect(requested.some((url) => url.startsWith(gateway.url))).toBe(true);
  }, 40_000);

  it('opens the docs explorer on the canonical jiraIssues field', async () => {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    // Root types appear once GraphiQL has loaded the schema by introspection.
    await docs.getByText('Root Types').waitFor({ timeout: 30_000 });
    await docs.getByText('Query', { exact: true }).first().click();
    const field = docs.locator('.graphiql-doc-explorer-field-name', { hasText: /^jiraIssues$/ }).first();
    await field.waitFor({ timeout: 20_000 });
    await field.click();
    await expect.poll(() => docs.textContent(), { timeout: 10_000 }).toContain('Issues matching a JQL query');
    expect(await docs.textContent()).toContain('JiraIssueConnection!');
  }, 60_000);

  it('runs the canonical query and shows what the gateway answers over HTTP', async () => {
    const direct = await postGraphQL<{ jiraIssues: { totalCount: number; nodes: { key: string }[] } }>(gateway.url, RECENT_ISSUES);
    const expected = direct.body.data!.jiraIssues;
    await page.getByRole('button', { name: /Execute query/ }).click();
    const result = page.locator('.graphiql-response');
    await result.getByText('totalCount').waitFor({ timeout: 30_000 });
    // The result editor renders spaces as non-breaking spaces; compare with plain ones.
    const text = ((await result.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(`"totalCount": ${expected.totalCount}`);
    expect(text).toContain(`"key": "${expected.nodes[0].key}"`);
    expect(text).not.toContain('"errors"');
    const png = await page.screenshot();
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(20_000);
    if (!existsSync(SCREENSHOT) || process.env.UPDATE_SCREENSHOT === '1') {
      mkdirSync(join(projectRoot, 'docs'), { recursive: true });
      writeFileSync(SCREENSHOT, png);
    }
  }, 60_000);
});

describe.skipIf(!hasChromium)('GraphiQL validates and completes against the served schema', () => {
  /** Replaces the query editor's text (typed as input, so Monaco does not auto-close brackets). */
  async function setQuery(text: string): Promise<void> {
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }

  it('underlines an unknown field and a wrong argument before anything runs', async () => {
    let executed = 0;
    const onRequest = (request: { method(): string; postData(): string | null }) => {
      if (request.method() === 'POST' && (request.postData() ?? '').includes('notAField')) executed++;
    };
    page.on('request', onRequest);
    await setQuery('{ notAField jiraIssues(jql: 3) { totalCount } }');
    const squiggles = page.locator('.graphiql-query-editor .squiggly-error');
    // GraphiQL validates with its own graphql-js (17): it does so only if it accepts the schema.
    await expect.poll(() => squiggles.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    page.off('request', onRequest);
    expect(executed).toBe(0);
  }, 60_000);

  it('offers the canonical fields in autocomplete', async () => {
    await setQuery('{ jiraIs');
    await page.keyboard.press('Control+Space');
    const suggestions = page.locator('.suggest-widget');
    await suggestions.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => suggestions.textContent(), { timeout: 10_000 }).toContain('jiraIssues');
    expect(await suggestions.textContent()).toContain('jiraIssue');
    await page.keyboard.press('Escape');
  }, 60_000);

  it('opens the canonical JiraIssue type in the docs explorer', async () => {
    const docs = page.locator('.graphiql-doc-explorer');
    if (!(await docs.isVisible())) await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    // From jiraIssues (opened above): its connection type, the connection's nodes, their type.
    const typeLink = (name: string) => docs.locator('a.graphiql-doc-explorer-type-name', { hasText: new RegExp(`^${name}$`) }).first();
    await typeLink('JiraIssueConnection').click();
    await docs.locator('.graphiql-doc-explorer-field-name', { hasText: /^nodes$/ }).first().click();
    await typeLink('JiraIssue').click();
    await expect.poll(() => docs.locator('.graphiql-doc-explorer-title').first().textContent(), { timeout: 10_000 }).toBe('JiraIssue');
    expect(await docs.textContent()).toContain('statusCategory');
  }, 60_000);
});

describe('typed SDK against the sandbox gateway', () => {
  it('runs every example operation with typed results', async () => {
    const sdk = createGatewayClient({ url: gateway.url });
    const issues = await sdk.JiraIssues({ jql: 'project = DEV ORDER BY key ASC', first: 3 });
    expect(issues.jiraIssues.nodes.map((node) => node?.key)).toEqual(['DEV-1', 'DEV-2', 'DEV-3']);
    expect((await sdk.JiraIssue({ key: 'DEV-2' })).jiraIssue?.key).toBe('DEV-2');
    const boards = await sdk.JiraBoards({ projectKey: 'DEV' });
    const boardId = boards.jiraBoards.nodes[0]?.id;
    expect(boardId).toBe('1');
    expect((await sdk.JiraBoardSprints({ boardId: boardId!, state: ['CLOSED'] })).jiraBoardSprints.nodes.length).toBeGreaterThan(0);
    const projects = await sdk.ProjectsWithOpsgenieTeams({ projectTypes: ['SOFTWARE'] });
    expect(projects.jiraProjects.nodes.map((node) => node?.project.key).sort()).toEqual(['API', 'DEV']);
    expect((await sdk.Teams({ organizationId: SANDBOX_ORG_ID, first: 2 })).teams.nodes.length).toBeGreaterThan(0);
    expect((await sdk.CompassComponents({ first: 2 })).compassComponents.nodes).toHaveLength(2);
    const items = await sdk.WorkItems({ jql: 'project = DEV', sourcehut: [{ owner: '~sandbox', tracker: 'gateway' }], first: 5 });
    expect(items.workItems.nodes).toHaveLength(5);
    expect(new Set(items.workItems.nodes.map((node) => node?.__typename)).size).toBeGreaterThan(0);
  }, 60_000);

  it('raises a GatewayError carrying the GraphQL errors', async () => {
    const sdk = createGatewayClient({ url: gateway.url });
    await expect(sdk.JiraIssue({ key: 'NOPE-1' })).rejects.toMatchObject({ name: 'GatewayError' });
  });
});
