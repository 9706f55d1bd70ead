import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Board, Store, authenticate, createToken, listEvents } from '../../src/store/index.js';
import { STORE_KINDS, storeLabel } from './stores.js';

const CHILDREN = join(import.meta.dirname, 'children');

function run(script: string, args: string[]): { child: ChildProcess; output: Promise<string> } {
  const child = spawn(process.execPath, [join(CHILDREN, script), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const output = new Promise<string>((resolve, reject) =>
    child.on('exit', (code, signal) =>
      code === 0 || signal === 'SIGKILL'
        ? resolve(out)
        : reject(new Error(`${script} exited ${code}: ${err}`)),
    ),
  );
  return { child, output };
}

describe.each(STORE_KINDS)('store processes: $name', (kind) => {
  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: 50 concurrent claimers in 10 processes on one step: exactly one wins`,
    async () => {
      const location = await kind.fresh();
      const store = await Store.open(location);
      const tokens: string[] = [];
      for (let i = 0; i < 50; i++)
        tokens.push((await createToken(store, { project: 'shop', role: 'backend' })).token);
      const board = new Board(store, await authenticate(store, tokens[0] as string));
      await board.create({ title: 'Contended' });
      const startAt = String(Date.now() + 2500);
      const races = Array.from({ length: 10 }, (_, i) =>
        run('claimer.mjs', [location, '1', startAt, ...tokens.slice(i * 5, i * 5 + 5)]),
      );
      const results = (await Promise.all(races.map((r) => r.output))).flatMap(
        (o) => JSON.parse(o) as string[],
      );
      expect(results).toHaveLength(50);
      expect(results.filter((r) => r === 'won')).toHaveLength(1);
      expect(results.filter((r) => r !== 'won').every((r) => r === 'claim-refused')).toBe(true);
      const ticket = await board.get(1);
      expect(ticket.steps[0]?.status).toBe('in_progress');
      expect(
        (await listEvents(store, 'shop', { ticket: 1 })).filter((e) => e.action === 'step.claimed'),
      ).toHaveLength(1);
      await store.close();
    },
    60_000,
  );

  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: a writer killed with SIGKILL mid-burst leaves a store that opens with no half-written ticket`,
    async () => {
      const location = await kind.fresh();
      const setup = await Store.open(location);
      const { token } = await createToken(setup, { project: 'shop', role: 'backend' });
      await setup.close();
      const writer = run('writer.mjs', [location, token]);
      // Kill it once it has committed a few tickets, at whatever point of the next one it has reached.
      await new Promise<void>((resolve) => {
        let seen = '';
        writer.child.stdout?.on('data', (d) => {
          seen += d;
          if (seen.split('\n').length > 15) resolve();
        });
      });
      writer.child.kill('SIGKILL');
      const committed = (await writer.output).trim().split('\n').map(Number);
      const store = await Store.open(location);
      if (store.sqlite) expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      const board = new Board(store, await authenticate(store, token));
      const tickets = await board.list();
      // Every ticket it reported is there; whatever it was writing when killed is there whole or not at all.
      expect(tickets.length).toBeGreaterThanOrEqual(committed.length);
      expect(tickets.map((t) => t.number)).toEqual(tickets.map((_, i) => i + 1));
      for (const ticket of tickets) {
        expect(ticket.steps).toHaveLength(3);
        expect(ticket.title).toBe(`Burst ${ticket.number - 1}`);
      }
      const project = await store.db
        .selectFrom('projects')
        .selectAll()
        .where('name', '=', 'shop')
        .executeTakeFirstOrThrow();
      expect(project.ticket_seq).toBe(tickets.length);
      // It still takes writes.
      expect((await board.create({ title: 'After the crash' })).number).toBe(tickets.length + 1);
      await store.close();
    },
    60_000,
  );
});
