// `baton serve --demo` from the built CLI: a fresh store with the example shop's tickets, the dashboard at
// the printed link, and an MCP client connecting with a printed agent configuration.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp-repo.js';

const bin = join(import.meta.dirname, '..', 'bin', 'baton.js');

describe('baton serve --demo', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  const start = (cwd: string) =>
    new Promise<string>((resolve, reject) => {
      child = spawn(process.execPath, [bin, 'serve', '--demo', '--port', '0'], {
        cwd,
        env: { ...process.env, BATON_DB: '' },
      });
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // The last block printed: everything is there once Codex's lines are.
        if (/The store is .*demo\.db/.test(out)) resolve(out);
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.once('exit', (code) => reject(new Error(`baton serve --demo exited with ${code}: ${out}`)));
    });

  it('prints a dashboard link and agent configurations that work', async () => {
    const cwd = tempDir();
    const out = await start(cwd);
    expect(out).toMatch(/tickets opened for the planted drift: HO-1, HO-2, HO-3/);
    const link = /(http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(out);
    expect(link).not.toBeNull();
    const [, origin, human] = link as RegExpExecArray;
    expect(out).toContain(join(cwd, '.baton', 'demo.db'));
    // The dashboard page, and the board's data with the human token.
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    const tickets = (await (
      await fetch(`${origin}/api/v1/tickets`, { headers: { authorization: `Bearer ${human}` } })
    ).json()) as { total: number };
    expect(tickets.total).toBeGreaterThanOrEqual(3);
    const me = (await (
      await fetch(`${origin}/api/v1/me`, { headers: { authorization: `Bearer ${human}` } })
    ).json()) as {
      human: boolean;
    };
    expect(me.human).toBe(true);
    // The Claude Code line for the backend role, as printed.
    const claude =
      /claude mcp add --transport http baton-backend (\S+) --header "Authorization: Bearer (\S+)"/.exec(out);
    expect(claude).not.toBeNull();
    const client = new Client({ name: 'demo-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(claude?.[1] as string), {
        requestInit: { headers: { authorization: `Bearer ${claude?.[2]}` } },
      }),
    );
    const ready = await client.callTool({ name: 'list_tickets', arguments: { ready: true } });
    expect(ready.isError).toBeFalsy();
    expect((ready.structuredContent as { total: number }).total).toBeGreaterThanOrEqual(1);
    await client.close();
    // Cursor's JSON and Codex's TOML carry the same endpoint.
    expect(out).toMatch(/"url": "http:\/\/127\.0\.0\.1:\d+\/mcp"/);
    expect(out).toMatch(/bearer_token_env_var = "BATON_FRONTEND_TOKEN"/);
    // A dashboard left open does not keep the server from stopping.
    const stream = await fetch(`${origin}/api/v1/stream`, { headers: { authorization: `Bearer ${human}` } });
    expect(stream.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child?.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve('timeout'), 10_000)),
    ]);
    expect(code).toBe(0);
    await stream.body?.cancel().catch(() => {});
  }, 60_000);
});
