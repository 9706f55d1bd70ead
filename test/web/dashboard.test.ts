/// <reference lib="dom" />
// The dashboard end to end, in Debian's headless Chromium driven by playwright-core: the seeded demo
// project's planted mismatches as tickets on the board, a claim made through MCP appearing live, a human
// verifying a ticket, and an agent session without a verify action (the API refuses it too).
// Screenshots go to test-artifacts/dashboard/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/index.js';
import { createApp } from '../../src/server/app.js';
import { Store, createToken } from '../../src/store/index.js';
import { recordScanResult } from '../../src/tools/record.js';
import { tempDir } from '../helpers/temp-repo.js';
import { STORE_KINDS } from '../store/stores.js';

const CHROMIUM = '/usr/bin/chromium';
const root = join(import.meta.dirname, '..', '..');
const artifacts = join(root, 'test-artifacts', 'dashboard');
// CI installs Chromium and sets this: there the suite must run, never skip.
const required = process.env.BATON_REQUIRE_CHROMIUM === '1';
const available = existsSync(CHROMIUM) && existsSync(join(root, 'dist', 'web', 'index.html'));

describe.skipIf(!available && !required)('dashboard in headless Chromium', () => {
  let store: Store;
  let base: string;
  let closeServer: () => void;
  let browser: BrowserContext;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    if (!available)
      throw new Error(`Chromium (${CHROMIUM}) and a built dashboard (npm run build) are required`);
    store = await Store.open(await (STORE_KINDS[0] as NonNullable<(typeof STORE_KINDS)[0]>).fresh());
    // The demo project: a web app and an API that disagree (examples/shop), scanned and recorded with a
    // ticket for each error.
    const paths = [join(root, 'examples', 'shop')];
    const result = await scan({ paths, cacheDir: false });
    await recordScanResult(store, result, paths, 'error');
    // A second scan, so the health page has a trend to draw.
    await recordScanResult(store, result, paths, 'error');
    for (const [name, role, human] of [
      ['human', 'qa', true],
      ['db', 'db', false],
      ['backend', 'backend', false],
      ['frontend', 'frontend', false],
      ['qa', 'qa', false],
    ] as const)
      tokens[name] = (await createToken(store, { project: 'shop', role, human })).token;
    const server = serve({ fetch: createApp(store, { log: false }).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closeServer = () => server.close();
    browser = await chromium.launchPersistentContext(tempDir(), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(artifacts, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    closeServer?.();
    await store?.close();
  });

  const open = async (token: string, hash = '#/board'): Promise<Page> => {
    const page = await browser.newPage();
    // The link `baton serve` prints: the token rides in the fragment, never to the server's logs.
    await page.goto(`${base}/#token=${encodeURIComponent(token)}`);
    await page.getByTestId('who').waitFor();
    await page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
    return page;
  };

  const mcp = async (token: string) => {
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    return client;
  };
  const call = async (client: Client, name: string, args: Record<string, unknown>) => {
    const reply = await client.callTool({ name, arguments: args });
    if (reply.isError) throw new Error((reply.content as { text: string }[])[0]?.text);
    return reply.structuredContent as { version: number; stage: string };
  };

  it('shows the planted mismatches as tickets on the board', async () => {
    const page = await open(tokens.human as string);
    const listed = (await (
      await fetch(`${base}/api/v1/tickets?limit=200`, {
        headers: { authorization: `Bearer ${tokens.human}` },
      })
    ).json()) as { total: number };
    // One ticket per error the scan found: the three planted drifts (and any error-level finding).
    expect(listed.total).toBeGreaterThanOrEqual(3);
    const cards = page.locator('article.card');
    await expect.poll(() => cards.count()).toBe(listed.total);
    const titles = (await page.locator('.card-title').allTextContents()).join('\n');
    expect(titles).toMatch(/POST \/api\/orders\/cancel/);
    expect(titles).toMatch(/"quantity"/);
    // Each card shows its role steps; none is claimed yet.
    await expect.poll(() => page.locator('.card .step').count()).toBeGreaterThanOrEqual(9);
    await page.screenshot({ path: join(artifacts, 'board-1280.png'), fullPage: true });
    await page.close();
  });

  it('a claim made through MCP appears on the open board without a reload', async () => {
    const page = await open(tokens.human as string);
    await page.locator('article.card').first().waitFor();
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    const ticket = await page.locator('article.card').first().getAttribute('data-ticket');
    const firstRole = await page
      .locator(`article.card[data-ticket="${ticket}"] .step`)
      .first()
      .getAttribute('data-role');
    const agent = await mcp(tokens[firstRole as string] as string);
    await call(agent, 'claim_step', { ticket });
    const step = page.locator(`article.card[data-ticket="${ticket}"] .step`).first();
    await expect
      .poll(() => step.textContent(), { timeout: 10_000 })
      .toMatch(/in progress .*lease \d+ min left/);
    // The same document: the update came over the event stream, not a navigation.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await page.screenshot({ path: join(artifacts, 'board-live-claim.png'), fullPage: true });
    await agent.close();
    await page.close();
  });

  it('a human verifies a ticket in validation; an agent session has no verify action and the API refuses it', async () => {
    // Walk HO-2 and HO-3 through their steps over MCP, each step by its own role.
    for (const key of ['HO-2', 'HO-3']) {
      const human = await mcp(tokens.human as string);
      let view = (await call(human, 'get_ticket', { ticket: key })) as unknown as {
        version: number;
        stage: string;
        steps: { role: string; status: string }[];
      };
      await human.close();
      for (const step of view.steps) {
        const agent = await mcp(tokens[step.role] as string);
        const claimed = await call(agent, 'claim_step', { ticket: key });
        view = (await call(agent, 'finish_step', {
          ticket: key,
          version: claimed.version,
          note: { changed: `${step.role} work`, verify: 'run the check', left: 'nothing' },
        })) as typeof view;
        await agent.close();
      }
      expect(view.stage).toBe('validation');
    }

    const page = await open(tokens.human as string, '#/ticket/HO-2');
    await expect.poll(() => page.getByTestId('stage').textContent()).toBe('validation');
    // The mismatch the ticket is about, with both sources side by side.
    await expect.poll(() => page.locator('.side-by-side .snippet').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(artifacts, 'ticket-validation.png'), fullPage: true });
    await page.getByRole('button', { name: /Verify/ }).click();
    await expect.poll(() => page.getByTestId('stage').textContent(), { timeout: 10_000 }).toBe('live');
    await page.close();

    const agentPage = await open(tokens.qa as string, '#/ticket/HO-3');
    await expect.poll(() => agentPage.getByTestId('stage').textContent()).toBe('validation');
    expect(await agentPage.getByRole('button', { name: /Verify/ }).count()).toBe(0);
    await expect.poll(() => agentPage.getByText('Only a human session can verify').count()).toBe(1);
    await agentPage.screenshot({ path: join(artifacts, 'ticket-agent-session.png'), fullPage: true });
    await agentPage.close();
    const refused = await fetch(`${base}/api/v1/tickets/HO-3/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.qa}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1 }),
    });
    expect(refused.status).toBe(403);
  });

  it('works from the keyboard and at a phone width, and shows the other views', async () => {
    const page = await open(tokens.human as string);
    await page.locator('.card-title').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(/#\/ticket\/HO-\d+$/);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => {
      window.location.hash = '#/board';
    });
    await page.locator('article.card').first().waitFor();
    // One column: nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifacts, 'board-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    // A ticket closed as won't fix: its finding is accepted, shown apart with the reason.
    const human = await mcp(tokens.human as string);
    const last = (await call(human, 'get_ticket', { ticket: 'HO-4' })) as { version: number };
    await call(human, 'close_ticket', {
      ticket: 'HO-4',
      version: last.version,
      resolution: 'wont_fix',
      note: 'legacy column kept on purpose',
    });
    await human.close();
    for (const [hash, text] of [
      ['#/contracts', /Endpoints of api/],
      ['#/issues', /Accepted on the board \(1\)[\s\S]*HO-4 closed as wont fix/],
      ['#/health', /\/100[\s\S]*Last deploy check/],
    ] as const) {
      await page.evaluate((h) => {
        window.location.hash = h;
      }, hash);
      await expect.poll(() => page.locator('main').textContent()).toMatch(text);
      if (hash === '#/health') expect(await page.locator('.trend svg path').count()).toBe(3);
      await page.screenshot({ path: join(artifacts, `${hash.slice(2)}.png`), fullPage: true });
    }
    await page.close();
  });
});

describe('dashboard bundle', () => {
  it.skipIf(!existsSync(join(root, 'dist', 'web', 'index.html')))(
    'the first view loads at most 300 KB of gzipped JavaScript',
    () => {
      const html = readFileSync(join(root, 'dist', 'web', 'index.html'), 'utf8');
      const scripts = [...html.matchAll(/<script[^>]+src="\/(assets\/[^"]+\.js)"/g)].map(
        (m) => m[1] as string,
      );
      expect(scripts.length).toBeGreaterThan(0);
      const gzipped = scripts.reduce(
        (sum, script) => sum + gzipSync(readFileSync(join(root, 'dist', 'web', script))).length,
        0,
      );
      expect(gzipped).toBeLessThanOrEqual(300 * 1024);
    },
  );
});
