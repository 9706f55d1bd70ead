// Scale-out on PostgreSQL: two servers and two scan workers on one store, pushes arriving through the git
// webhook (each delivered to both servers). One scan per push, tickets created once, every event logged.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/index.js';
import { createApp } from '../../src/server/app.js';
import { ScanJobs } from '../../src/server/scan-jobs.js';
import { Store, listEvents } from '../../src/store/index.js';
import { recordScanResult } from '../../src/tools/record.js';
import { rescanProject } from '../../src/tools/scan-tools.js';
import { tempDir } from '../helpers/temp-repo.js';
import { STORE_KINDS } from './stores.js';

const postgres = STORE_KINDS.find((kind) => kind.name === 'postgres');
const SECRET = 'push-secret';
const quiet = () => {};
const bin = join(import.meta.dirname, '..', '..', 'bin', 'baton.js');

describe.skipIf(!postgres?.available)('two servers and two workers on one PostgreSQL store', () => {
  const stops: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  /** A fresh database holding a copy of the example shop, scanned and recorded with a ticket per error. */
  const seeded = async () => {
    const url = await (postgres as NonNullable<typeof postgres>).fresh();
    const project = tempDir();
    cpSync(join(import.meta.dirname, '..', '..', 'examples', 'shop'), project, { recursive: true });
    const store = await Store.open(url);
    stops.push(() => store.close());
    await recordScanResult(store, await scan({ paths: [project], cacheDir: false }), [project], 'error');
    return { url, project, store };
  };

  it('scans once per push, creates tickets once, and logs every event', async () => {
    const { url, project, store: setup } = await seeded();
    const ticketsAtStart = await count(setup, 'tickets');

    const origins: string[] = [];
    for (let i = 0; i < 2; i++) {
      const store = await Store.open(url);
      const jobs = await ScanJobs.start(url, quiet);
      const server = serve({
        fetch: createApp(store, { log: false, webhookSecret: SECRET, jobs }).fetch,
        port: 0,
        hostname: '127.0.0.1',
      });
      await new Promise((resolve) => server.once('listening', resolve));
      origins.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      stops.push(
        () => jobs.stop(),
        () => store.close(),
        () => new Promise<void>((resolve) => server.close(() => resolve())),
      );
    }
    for (let i = 0; i < 2; i++) {
      const store = await Store.open(url);
      const jobs = await ScanJobs.start(url, quiet);
      await jobs.work(store);
      stops.push(
        () => jobs.stop(),
        () => store.close(),
      );
    }

    // Push 1 fixes the planted call to a route that does not exist; push 2 puts it back.
    const api = join(project, 'web', 'src', 'api', 'orders.ts');
    const original = readFileSync(api, 'utf8');
    expect(original).toContain('/orders/cancel');
    const pushes = [
      {
        after: 'a'.repeat(40),
        text: original
          .replace(
            // biome-ignore lint/suspicious/noTemplateCurlyInString: the text edited is the app's template literal
            "fetch(`${API_BASE}/orders/cancel`, {\n    method: 'POST',",
            // biome-ignore lint/suspicious/noTemplateCurlyInString: the text written is the app's template literal
            "fetch(`${API_BASE}/orders/${orderId}`, {\n    method: 'PATCH',",
          )
          .replace('body: JSON.stringify({ orderId }),', "body: JSON.stringify({ status: 'cancelled' }),"),
      },
      { after: 'b'.repeat(40), text: original },
    ];
    expect(pushes[0]?.text).not.toContain('/orders/cancel');
    for (const [n, push] of pushes.entries()) {
      writeFileSync(api, push.text);
      const body = JSON.stringify({ ref: 'refs/heads/main', after: push.after, repository: { name: 'web' } });
      const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
      // GitHub retries a delivery it thinks failed, and a load balancer may send it to either server.
      for (const origin of [...origins, origins[0]])
        expect(
          (
            await fetch(`${origin}/webhooks/git`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'x-hub-signature-256': signature,
                'x-github-event': 'push',
              },
              body,
            })
          ).status,
        ).toBe(202);
      await expect.poll(() => count(setup, 'scans'), { timeout: 30_000, interval: 250 }).toBe(2 + n);
    }
    // Nothing else was queued behind them: the counts stay.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await count(setup, 'scans')).toBe(3);
    expect(await count(setup, 'scan_jobs')).toBe(2);
    // The fix moved its ticket to validation and the regression reopened the same ticket: no new ones.
    expect(await count(setup, 'tickets')).toBe(ticketsAtStart);
    const events = await listEvents(setup, 'shop');
    const actions = events.map((e) => e.action);
    expect(actions.filter((a) => a === 'scan.recorded')).toHaveLength(3);
    expect(actions.filter((a) => a === 'ticket.created')).toHaveLength(ticketsAtStart);
    expect(actions).toContain('ticket.validation');
    expect(actions).toContain('ticket.reopened');
  }, 90_000);

  it('a worker killed mid-job: the job expires, another worker runs it, and it is recorded once', async () => {
    const { url, store } = await seeded();
    const options = { expireInSeconds: 2, maintenanceIntervalSeconds: 1, retryDelaySeconds: 1 };
    const queue = await ScanJobs.start(url, quiet, options);
    stops.push(() => queue.stop());
    // The built CLI's worker, in its own process, so it can be killed for real.
    const worker = spawn(process.execPath, [bin, 'worker', '--db', url, '--job-timeout', '2'], {
      stdio: 'ignore',
    });
    stops.push(() => {
      worker.kill('SIGKILL');
    });
    expect(await queue.enqueue({ project: 'shop', push: 'd'.repeat(40) })).toBe(true);
    const state = async () =>
      (
        await sql<{ state: string }>`select state from baton_jobs.job where name = 'baton-scan'`.execute(
          store.db,
        )
      ).rows[0]?.state;
    await expect.poll(state, { timeout: 20_000, interval: 20 }).toBe('active');
    worker.kill('SIGKILL');
    // Another worker takes the expired job over.
    const rescuer = await Store.open(url);
    const jobs = await ScanJobs.start(url, quiet, options);
    await jobs.work(rescuer);
    stops.push(
      () => jobs.stop(),
      () => rescuer.close(),
    );
    await expect.poll(state, { timeout: 30_000, interval: 250 }).toBe('completed');
    expect(await count(store, 'scans')).toBe(2);
    expect(await count(store, 'scan_jobs')).toBe(1);
  }, 60_000);

  it('two scans of one project recording at once open a new error’s ticket once', async () => {
    const { url, project, store } = await seeded();
    const before = await count(store, 'tickets');
    const api = join(project, 'web', 'src', 'api', 'orders.ts');
    writeFileSync(api, readFileSync(api, 'utf8').replace('/orders/cancel', '/orders/refund'));
    const other = await Store.open(url);
    stops.push(() => other.close());
    await Promise.all([rescanProject(store, 'shop', 'shop:e1'), rescanProject(other, 'shop', 'shop:e2')]);
    expect(await count(store, 'scans')).toBe(3);
    // The refund call's endpoint-missing is new; the cancel one is gone (to validation, not a new ticket).
    expect(await count(store, 'tickets')).toBe(before + 1);
  });

  it('a job retried after its scan committed records nothing twice', async () => {
    const { store } = await seeded();
    await rescanProject(store, 'shop', 'shop:c0ffee');
    await expect(rescanProject(store, 'shop', 'shop:c0ffee')).rejects.toThrow(/already recorded/);
    expect(await count(store, 'scans')).toBe(2);
  });
});

async function count(store: Store, table: 'tickets' | 'scans' | 'scan_jobs'): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
