import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/index.js';
import { createApp } from '../../src/server/app.js';
import { Board, Store, authenticate, createToken, listEvents, recordScan } from '../../src/store/index.js';
import { TOOLS } from '../../src/tools/catalogue.js';
import { STORE_KINDS } from '../store/stores.js';
import { ARGS } from './tool-args.js';

describe('a token of project B gets nothing of project A through any path', () => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    store = await Store.open(await (STORE_KINDS[0] as (typeof STORE_KINDS)[number]).fresh());
    app = createApp(store, { log: false });
    const shop = join(import.meta.dirname, '..', '..', 'examples', 'shop');
    await recordScan(store, await scan({ paths: [shop], cacheDir: false }), 'off', [shop]);
    tokens.a = (await createToken(store, { project: 'shop', role: 'backend' })).token;
    tokens.b = (await createToken(store, { project: 'blog', role: 'backend', human: true })).token;
    const board = new Board(store, await authenticate(store, tokens.a));
    await board.create({ title: 'Secret shop ticket', description: 'only shop sees this' });
  });
  afterAll(() => store.close());

  const mcp = async (token: string, name: string, args: Record<string, unknown>) => {
    const response = await app.request('/mcp', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name, arguments: args },
      }),
    });
    return JSON.stringify(await response.json());
  };

  it('covers every tool', () => {
    expect(Object.keys(ARGS).sort()).toEqual(TOOLS.map((t) => t.name).sort());
  });

  it.each(Object.keys(ARGS))('MCP %s', async (name) => {
    const text = await mcp(tokens.b as string, name, ARGS[name] as Record<string, unknown>);
    // B's own log holds the paths B asked about; what must never show is what only A has.
    const secrets = ['Secret shop ticket', 'only shop sees this', 'require-auth.ts', 'shipping_note'];
    if (name !== 'list_events') secrets.push('/api/orders');
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('REST and ask as well, and project A is untouched', async () => {
    const b = { authorization: `Bearer ${tokens.b}` };
    for (const path of [
      '/api/v1/tickets/HO-1',
      '/api/v1/endpoints',
      '/api/v1/schema',
      '/api/v1/events',
      '/api/v1/health',
    ])
      expect(await (await app.request(path, { headers: b })).text()).not.toContain('Secret shop ticket');
    const ask = await app.request('/api/v1/ask', {
      method: 'POST',
      headers: { ...b, 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'what does PATCH /api/orders/{id} accept?' }),
    });
    expect(await ask.text()).not.toContain('"status"');
    const ticket = await new Board(store, await authenticate(store, tokens.a as string)).get(1);
    expect(ticket).toMatchObject({ title: 'Secret shop ticket', version: 1, stage: 'ready' });
    expect(ticket.notes).toEqual([]);
  });

  it('records every tool call, reads included, with its principal and outcome', async () => {
    await mcp(tokens.a as string, 'list_tickets', {});
    await mcp(tokens.a as string, 'get_ticket', { ticket: 'HO-99' });
    const calls = (await listEvents(store, 'shop', { principal: 'token:1' })).filter((e) =>
      e.action.startsWith('tool.'),
    );
    expect(calls.map((e) => [e.action, (e.after as { outcome: string }).outcome])).toEqual([
      ['tool.list_tickets', 'ok'],
      ['tool.get_ticket', 'not-found'],
    ]);
    // B's attempts are in B's log, not A's.
    expect((await listEvents(store, 'blog')).some((e) => e.action === 'tool.get_ticket')).toBe(true);
  });
});
