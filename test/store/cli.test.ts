import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Board, Store, authenticate } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-repo.js';

const root = join(import.meta.dirname, '..', '..');

function baton(args: string[], cwd: string, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [join(root, 'bin/baton.js'), ...args], {
    cwd,
    encoding: 'utf8',
    // A burst of tickets with long descriptions listed as JSON is more than the 1 MB default.
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, BATON_DB: '', BATON_TOKEN: '', ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('baton token and baton ticket', () => {
  it('walk a ticket from create to live, with the human gate, from a terminal', () => {
    const dir = tempDir();
    const token = (role: string, human = false) =>
      (
        JSON.parse(
          baton(
            ['token', 'create', '--project', 'shop', '--role', role, '--json', ...(human ? ['--human'] : [])],
            dir,
          ).stdout,
        ) as { token: string }
      ).token;
    const agent = token('backend');
    const person = token('qa', true);
    expect(existsSync(join(dir, '.baton', 'baton.db'))).toBe(true);
    const create = baton(
      ['ticket', 'create', '--title', 'Cancel orders', '--steps', 'backend', '--json', '--token', agent],
      dir,
    );
    expect(create.code).toBe(0);
    expect(JSON.parse(create.stdout)).toMatchObject({ key: 'HO-1', stage: 'ready', version: 1 });
    expect(baton(['ticket', 'create', '--title', 'x'], dir).stderr).toMatch(/pass --token/);
    expect(baton(['ticket', 'claim', 'HO-1', '--token', agent], dir).code).toBe(0);
    const stale = baton(
      [
        'ticket',
        'done',
        'HO-1',
        '--version',
        '1',
        '--changed',
        'a',
        '--verify',
        'b',
        '--left',
        'c',
        '--token',
        agent,
      ],
      dir,
    );
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(/you have version 1, the current version is 2/);
    const done = baton(
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
        '--json',
      ],
      dir,
      { BATON_TOKEN: agent },
    );
    expect(JSON.parse(done.stdout)).toMatchObject({ stage: 'validation', version: 3 });
    const gate = baton(['ticket', 'verify', 'HO-1', '--version', '3', '--token', agent], dir);
    expect(gate.code).toBe(2);
    expect(gate.stderr).toMatch(/only a human/);
    const live = baton(['ticket', 'verify', 'HO-1', '--version', '3', '--token', person, '--json'], dir);
    expect(JSON.parse(live.stdout)).toMatchObject({ stage: 'live' });
    const list = JSON.parse(baton(['ticket', 'list', '--project', 'shop', '--json'], dir).stdout) as {
      items: { key: string; stage: string }[];
      total: number;
    };
    expect(list.items.map((t) => [t.key, t.stage])).toEqual([['HO-1', 'live']]);
    expect(list.total).toBe(1);
    const events = JSON.parse(
      baton(['ticket', 'events', 'HO-1', '--project', 'shop', '--json'], dir).stdout,
    ) as { action: string }[];
    expect(events.map((e) => e.action)).toEqual([
      'ticket.created',
      'step.claimed',
      'step.done',
      'ticket.verified',
    ]);
    const tokens = baton(['token', 'list', '--project', 'shop', '--json'], dir);
    expect(tokens.stdout).not.toContain(agent);
    expect(baton(['token', 'revoke', '1', '--project', 'shop'], dir).code).toBe(0);
    expect(baton(['ticket', 'show', 'HO-1', '--token', agent], dir).stderr).toMatch(/not valid/);
  });

  it('records scans in an existing store and opens tickets for new errors', () => {
    const dir = tempDir();
    const fixture = join(root, 'test/fixtures/api-mismatches/drift');
    const db = join(dir, 'board.db');
    const first = baton(['scan', fixture, '--no-cache', '--db', db, '--auto-tickets', 'error'], dir);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /recorded scan #1 .*: 22 new, 0 gone since the last scan; opened HO-1, .*HO-11\n/,
    );
    const second = baton(['scan', fixture, '--no-cache', '--db', db], dir);
    expect(second.stderr).toMatch(/recorded scan #2 .*: 0 new, 0 gone since the last scan\n/);
    // Without --db and without an existing store nothing is written.
    baton(['scan', fixture, '--no-cache'], dir);
    expect(existsSync(join(dir, '.baton', 'baton.db'))).toBe(false);
    expect(baton(['scan', fixture, '--no-cache', '--db', db, '--auto-tickets', 'some'], dir).stderr).toMatch(
      /--auto-tickets: expected one of error, warning, info, off/,
    );
  });

  it('backs up the store online while another process writes, and restores it', async () => {
    const dir = tempDir();
    const db = join(dir, '.baton', 'baton.db');
    const { token } = JSON.parse(
      baton(['token', 'create', '--project', 'shop', '--role', 'backend', '--json'], dir).stdout,
    ) as { token: string };
    const writer = spawn(process.execPath, [join(root, 'test/store/children/writer.mjs'), db, token], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => {
      let seen = '';
      writer.stdout.on('data', (d) => {
        seen += d;
        if (seen.split('\n').length > 5) resolve();
      });
    });
    const backup = baton(['backup', join(dir, 'copy.db')], dir);
    writer.kill('SIGKILL');
    expect(backup.code).toBe(0);
    expect(baton(['backup', join(dir, 'copy.db')], dir).stderr).toMatch(/already exists/);
    const copy = await Store.open(join(dir, 'copy.db'));
    expect(copy.sqlite?.pragma('integrity_check', { simple: true })).toBe('ok');
    const saved = await new Board(copy, await authenticate(copy, token)).list();
    expect(saved.length).toBeGreaterThan(0);
    for (const ticket of saved) expect(ticket.steps).toHaveLength(3);
    await copy.close();
    const restore = baton(['restore', join(dir, 'copy.db')], dir);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/previous store is kept as .*before-restore/);
    const list = JSON.parse(baton(['ticket', 'list', '--token', token, '--json'], dir).stdout) as {
      total: number;
    };
    expect(list.total).toBe(saved.length);
    expect(baton(['restore', join(dir, 'nothing.db')], dir).stderr).toMatch(/no such file/);
    expect(baton(['restore', join(root, 'package.json')], dir).code).toBe(2);
  });
});
