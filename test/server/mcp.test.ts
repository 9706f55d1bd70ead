import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { scan } from '../../src/index.js';
import { Store, createToken, listEvents, recordScan } from '../../src/store/index.js';
import { TOOLS } from '../../src/tools/catalogue.js';
import { STORE_KINDS } from '../store/stores.js';
import { ARGS } from './tool-args.js';

const sqlite = STORE_KINDS[0];

describe('MCP over Streamable HTTP, with the official SDK client', () => {
  let store: Store;
  let url: URL;
  let close: () => void;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    store = await Store.open(await (sqlite as NonNullable<typeof sqlite>).fresh());
    const server = serve({ fetch: createApp(store, { log: false }).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
    close = () => server.close();
    tokens.agent = (await createToken(store, { project: 'shop', role: 'backend' })).token;
    tokens.human = (await createToken(store, { project: 'shop', role: 'qa', human: true })).token;
    tokens.other = (await createToken(store, { project: 'blog', role: 'backend', human: true })).token;
  });
  afterAll(async () => {
    close();
    await store.close();
  });
  const connect = async (token: string) => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    return client;
  };
  const call = async (client: Client, name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as {
      isError?: boolean;
      content: { type: string; text: string }[];
      structuredContent?: Record<string, unknown>;
    };

  it('lists every tool with its input schema and read-only hint', async () => {
    const client = await connect(tokens.agent as string);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    const claim = tools.find((t) => t.name === 'claim_step');
    expect(claim?.inputSchema.properties).toHaveProperty('ticket');
    expect(claim?.annotations?.readOnlyHint).toBe(false);
    expect(tools.find((t) => t.name === 'list_tickets')?.annotations?.readOnlyHint).toBe(true);
    await client.close();
  });

  it('runs the ticket tools, with structured content and concise text', async () => {
    const agent = await connect(tokens.agent as string);
    const created = await call(agent, 'create_ticket', { title: 'Cancel orders', steps: ['backend'] });
    expect(created.structuredContent).toMatchObject({ key: 'HO-1', stage: 'ready' });
    expect(created.content[0]?.text).toMatch(/^HO-1 \[ready\] v1 Cancel orders/);
    const ready = await call(agent, 'list_tickets', { ready: true });
    expect((ready.structuredContent?.items as unknown[]).length).toBe(1);
    await call(agent, 'claim_step', { ticket: 'HO-1' });
    const bad = await call(agent, 'finish_step', { ticket: 'HO-1', version: 2, note: { changed: 'x' } });
    expect(bad.isError).toBe(true);
    const done = await call(agent, 'finish_step', {
      ticket: 'HO-1',
      version: 2,
      note: { changed: 'a', verify: 'b', left: 'c' },
    });
    expect(done.structuredContent?.stage).toBe('validation');
    const gate = await call(agent, 'verify_ticket', { ticket: 'HO-1', version: 3 });
    expect(gate).toMatchObject({ isError: true });
    expect(gate.content[0]?.text).toMatch(/^forbidden: only a human/);
    const human = await connect(tokens.human as string);
    expect(
      (await call(human, 'verify_ticket', { ticket: 'HO-1', version: 3 })).structuredContent?.stage,
    ).toBe('live');
    const events = await call(human, 'list_events', { ticket: 'HO-1' });
    expect((events.structuredContent?.items as { action: string }[]).map((e) => e.action)).toEqual([
      'ticket.created',
      'step.claimed',
      'step.done',
      'ticket.verified',
    ]);
    await agent.close();
    await human.close();
  });

  it('gives a token of another project nothing, and refuses requests without a valid token', async () => {
    const other = await connect(tokens.other as string);
    const seen = await call(other, 'get_ticket', { ticket: 'HO-1' });
    expect(seen.isError).toBe(true);
    expect(seen.content[0]?.text).toMatch(/not-found: HO-1 does not exist in project blog/);
    expect((await call(other, 'list_tickets', {})).structuredContent?.items).toEqual([]);
    await other.close();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expect(connect('baton_wrong')).rejects.toThrow();
  });
});

describe('baton mcp over stdio', () => {
  it('serves the same tools to a local agent bound to a project and role, never human', async () => {
    const location = await (sqlite as NonNullable<typeof sqlite>).fresh();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        join(import.meta.dirname, '..', '..', 'bin', 'baton.js'),
        'mcp',
        '--db',
        location,
        '--project',
        'shop',
        '--role',
        'backend',
      ],
      stderr: 'pipe',
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    const created = (await client.callTool({
      name: 'create_ticket',
      arguments: { title: 'Local', steps: ['backend'] },
    })) as unknown as { structuredContent: { key: string } };
    expect(created.structuredContent.key).toBe('HO-1');
    await client.callTool({ name: 'claim_step', arguments: { ticket: 'HO-1' } });
    await client.callTool({
      name: 'finish_step',
      arguments: { ticket: 'HO-1', version: 2, note: { changed: 'a', verify: 'b', left: 'c' } },
    });
    const gate = (await client.callTool({
      name: 'verify_ticket',
      arguments: { ticket: 'HO-1', version: 3 },
    })) as {
      isError?: boolean;
    };
    expect(gate.isError).toBe(true);
    await client.close();
    const store = await Store.open(location);
    const events = await listEvents(store, 'shop', { ticket: 1 });
    expect(events.map((e) => e.principal)).toEqual(['local:backend', 'local:backend', 'local:backend']);
    await store.close();
  });
});

describe('the scan tools over MCP, answering from the latest recorded scan', () => {
  let store: Store;
  let client: Client;
  let close: () => void;
  const shop = join(import.meta.dirname, '..', '..', 'examples', 'shop');
  beforeAll(async () => {
    store = await Store.open(await (sqlite as NonNullable<typeof sqlite>).fresh());
    const server = serve({ fetch: createApp(store, { log: false }).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    close = () => server.close();
    const token = (await createToken(store, { project: 'shop', role: 'backend' })).token;
    client = new Client({ name: 'test', version: '1.0.0' });
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
  });
  afterAll(async () => {
    await client.close();
    close();
    await store.close();
  });
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const reply = (await client.callTool({ name, arguments: args })) as unknown as {
      isError?: boolean;
      content: { text: string }[];
      // biome-ignore lint/suspicious/noExplicitAny: tool output is read loosely, shape by shape, below
      structuredContent: Record<string, any>;
    };
    return reply;
  };

  it('says there is nothing to answer from before a scan is recorded', async () => {
    const reply = await call('project_health');
    expect(reply.isError).toBe(true);
    expect(reply.content[0]?.text).toMatch(/no recorded scan yet/);
  });

  it('answers health, endpoints, schema, usages, mismatches, the gate and symbols; run_scan rescans', async () => {
    const result = await scan({ paths: [shop], cacheDir: false });
    const recorded = await recordScan(store, result, 'error', [shop]);
    // The three planted mismatches, and the migration that drops a column the code still reads.
    expect(recorded.opened).toHaveLength(4);
    const health = (await call('project_health')).structuredContent;
    expect(health).toMatchObject({
      project: 'shop',
      counts: { endpoints: 10 },
      mismatches: { error: 4 },
      tickets: { ready: 4 },
    });
    const endpoints = (await call('list_endpoints', { path: 'orders', limit: 2 })).structuredContent;
    expect(endpoints.items).toHaveLength(2);
    expect(endpoints.next).toBe(2);
    const patch = (await call('get_endpoint', { method: 'PATCH', path: '/api/orders/42' })).structuredContent;
    expect(patch.endpoint).toMatchObject({ path: '/api/orders/{id}', auth: 'required' });
    const missing = await call('get_endpoint', { method: 'POST', path: '/api/orders/cancel' });
    expect(missing.content[0]?.text).toMatch(
      /no endpoint POST \/api\/orders\/cancel; on that path: .*PATCH \/api\/orders\/\{id\}/,
    );
    const schema = (await call('get_schema', { table: 'orders' })).structuredContent;
    expect(schema.table.columns.map((c: { name: string }) => c.name)).toContain('status');
    expect(schema.queries.length).toBeGreaterThan(0);
    const usages = (await call('find_usages', { table: 'orders', column: 'shipping_note' }))
      .structuredContent;
    expect(usages.items.length).toBeGreaterThan(0);
    const callers = (await call('find_usages', { endpoint: 'POST /api/cart/items' })).structuredContent;
    expect(callers.items[0]).toMatchObject({ repo: 'web' });
    const errors = (await call('list_mismatches', { severity: 'error' })).structuredContent;
    expect(errors.items.map((m: { kind: string }) => m.kind).sort()).toEqual([
      'body-field-missing',
      'column-missing',
      'endpoint-missing',
    ]);
    const gate = (await call('deploy_check')).structuredContent;
    expect(gate).toMatchObject({ safe: false, failingCount: 4 });
    const symbol = (await call('find_symbol', { name: 'requireAuth' })).structuredContent;
    expect(symbol.declarations[0]).toMatchObject({
      kind: 'function',
      source: { repo: 'api', file: 'src/middleware/require-auth.ts' },
    });
    expect((await call('find_symbol', { name: 'a.b' })).isError).toBe(true);
    const rescan = (await call('run_scan')).structuredContent;
    expect(rescan).toMatchObject({ id: 2, new: [], gone: [], opened: [] });
  });

  it('calls every tool through the SDK client: answers, or refusals with a stable code, never an internal error', async () => {
    const outcomes: Record<string, string> = {};
    for (const tool of TOOLS) {
      const reply = await call(tool.name, ARGS[tool.name] as Record<string, unknown>);
      outcomes[tool.name] = reply.isError ? (reply.content[0]?.text.split(':')[0] as string) : 'ok';
    }
    expect(Object.values(outcomes).filter((o) => o !== 'ok' && !/^[a-z-]+$/.test(o))).toEqual([]);
    expect(Object.values(outcomes)).not.toContain('internal');
    // Reads of the project, and the writes a backend agent may do, succeed.
    for (const name of [
      'project_health',
      'list_endpoints',
      'get_endpoint',
      'get_schema',
      'find_usages',
      'list_mismatches',
      'deploy_check',
      'find_symbol',
      'list_tickets',
      'get_ticket',
      'create_ticket',
      'add_note',
      'log_decision',
      'list_events',
      'ask',
    ])
      expect([name, outcomes[name]]).toEqual([name, 'ok']);
    // The agent is no human: the gate refuses it (its version is stale as well, by then).
    expect(['forbidden', 'conflict']).toContain(outcomes.verify_ticket);
  });
});
