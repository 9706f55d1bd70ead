import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { Store, createToken } from '../../src/store/index.js';
import { STORE_KINDS, storeLabel } from '../store/stores.js';
import { tempDir } from '../helpers/temp-repo.js';

const root = join(import.meta.dirname, '..', '..');

/** What the routes answer, loosely: a ticket view, a list, or an error. */
interface Reply {
  key: string;
  stage: string;
  version: number;
  steps: { status: string }[];
  error: { code: string; message: string };
}

describe.each(STORE_KINDS)('REST /api/v1: $name', (kind) => {
  const open: Store[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  const setup = async () => {
    const store = await Store.open(await kind.fresh());
    open.push(store);
    const app = createApp(store, { log: false });
    const token = async (project: string, role: string, human = false) =>
      (await createToken(store, { project, role, human })).token;
    const request = async (token: string | undefined, method: string, path: string, body?: unknown) => {
      const response = await app.request(`/api/v1${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as Reply,
      };
    };
    return { store, app, token, request };
  };

  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: the ticket tools over HTTP, with their checks and errors`,
    async () => {
      const { token, request } = await setup();
      const agent = await token('shop', 'backend');
      const human = await token('shop', 'qa', true);
      const created = await request(agent, 'POST', '/tickets', {
        title: 'Cancel orders',
        steps: ['backend'],
      });
      expect(created).toMatchObject({ status: 200, body: { key: 'HO-1', stage: 'ready' } });
      const claimed = await request(agent, 'POST', '/tickets/HO-1/claim');
      expect(claimed.body.steps[0]).toMatchObject({ status: 'in_progress' });
      const missing = await request(agent, 'POST', '/tickets/HO-1/finish', {
        version: 2,
        note: { changed: 'x' },
      });
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/note\.verify.*note\.left|note\.verify/);
      const done = await request(agent, 'POST', '/tickets/HO-1/finish', {
        version: 2,
        note: { changed: 'a', verify: 'b', left: 'c' },
      });
      expect(done.body.stage).toBe('validation');
      const stale = await request(human, 'POST', '/tickets/HO-1/verify', { version: 2 });
      expect(stale).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
      expect((await request(agent, 'POST', '/tickets/HO-1/verify', { version: 3 })).status).toBe(403);
      expect((await request(human, 'POST', '/tickets/HO-1/verify', { version: 3 })).body.stage).toBe('live');
      const listed = await request(agent, 'GET', '/tickets?stage=live');
      expect((listed.body as unknown as { items: { key: string }[] }).items.map((t) => t.key)).toEqual([
        'HO-1',
      ]);
      const events = await request(agent, 'GET', '/events?ticket=HO-1&limit=10');
      expect((events.body as unknown as { action: string }[]).map((e) => e.action)).toEqual([
        'ticket.created',
        'step.claimed',
        'step.done',
        'ticket.verified',
      ]);
    },
  );

  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: refuses missing tokens, other projects, bad JSON and big bodies`,
    async () => {
      const { token, request } = await setup();
      const shop = await token('shop', 'backend');
      const blog = await token('blog', 'backend', true);
      await request(shop, 'POST', '/tickets', { title: 'Shop only' });
      const anonymous = await request(undefined, 'GET', '/tickets');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await request('baton_nope', 'GET', '/tickets')).status).toBe(401);
      for (const [method, path] of [
        ['GET', '/tickets/HO-1'],
        ['POST', '/tickets/HO-1/claim'],
        ['POST', '/tickets/HO-1/notes'],
      ] as const)
        expect(
          (await request(blog, method, path, method === 'POST' ? { body: 'hi' } : undefined)).status,
        ).toBe(404);
      expect(((await request(blog, 'GET', '/tickets')).body as unknown as { total: number }).total).toBe(0);
      expect((await request(shop, 'POST', '/tickets', '{"title":')).body.error.message).toMatch(
        /not valid JSON/,
      );
      const wrong = await request(shop, 'POST', '/tickets', { title: 'x', priority: 'asap' });
      expect(wrong).toMatchObject({ status: 400 });
      expect(wrong.body.error.message).toMatch(/^create_ticket: priority:/);
      expect((await request(shop, 'POST', '/tickets', { title: 'x'.repeat(300_000) })).status).toBe(413);
    },
  );
});

describe('baton ticket --server', () => {
  let server: ChildProcess | undefined;
  afterAll(() => server?.kill('SIGTERM'));

  it('runs the same commands against a running baton serve', async () => {
    const dir = tempDir();
    const env = { ...process.env, BATON_DB: '', BATON_TOKEN: '' };
    const cli = (args: string[]) => {
      const run = spawnSync(process.execPath, [join(root, 'bin/baton.js'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        env,
      });
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    };
    const agent = (
      JSON.parse(cli(['token', 'create', '--project', 'shop', '--role', 'backend', '--json']).stdout) as {
        token: string;
      }
    ).token;
    const human = (
      JSON.parse(
        cli(['token', 'create', '--project', 'shop', '--role', 'qa', '--human', '--json']).stdout,
      ) as { token: string }
    ).token;
    server = spawn(process.execPath, [join(root, 'bin/baton.js'), 'serve', '--port', '0'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve) => {
      let out = '';
      server?.stdout?.on('data', (d) => {
        out += d;
        const match = /serving (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1] as string);
      });
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const remote = (args: string[], token: string) =>
      cli([...args, '--server', url, '--token', token, '--json']);
    expect(
      JSON.parse(remote(['ticket', 'create', '--title', 'Remote', '--steps', 'backend'], agent).stdout),
    ).toMatchObject({ key: 'HO-1' });
    expect(JSON.parse(remote(['ticket', 'claim', 'HO-1'], agent).stdout).version).toBe(2);
    const done = remote(
      [
        'ticket',
        'done',
        'HO-1',
        '--version',
        '2',
        '--changed',
        'a',
        '--verify',
        'b',
        '--left',
        'c',
        '--files',
        'x.ts',
      ],
      agent,
    );
    expect(JSON.parse(done.stdout)).toMatchObject({ stage: 'validation' });
    const gate = remote(['ticket', 'verify', 'HO-1', '--version', '3'], agent);
    expect(gate.code).toBe(2);
    expect(gate.stderr).toMatch(/only a human can verify HO-1/);
    expect(JSON.parse(remote(['ticket', 'verify', 'HO-1', '--version', '3'], human).stdout).stage).toBe(
      'live',
    );
    expect(
      JSON.parse(remote(['ticket', 'note', 'HO-1', 'shipped', '--decision'], agent).stdout).notes.at(-1),
    ).toMatchObject({ kind: 'decision' });
    // The same store read locally shows what the server wrote.
    expect(JSON.parse(cli(['ticket', 'list', '--project', 'shop', '--json']).stdout).items[0]).toMatchObject({
      key: 'HO-1',
      stage: 'live',
    });
    expect(cli(['ticket', 'list', '--server', url]).stderr).toMatch(/--server needs --token/);
  });
});
