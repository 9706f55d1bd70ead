import type { Command } from 'commander';
import { BatonError } from '../errors.js';
import { ScanJobs } from '../server/scan-jobs.js';
import { Store } from '../store/index.js';
import { storeLocation } from './store-options.js';

/** `baton worker --db postgres://…`: runs the scan jobs servers queue (one at a time) until interrupted. */
export function workerCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('run queued scans (pushes reported to the git webhook) against a PostgreSQL store')
    .option('--db <url>', 'the PostgreSQL store (default: $BATON_DB)')
    .option(
      '--job-timeout <seconds>',
      'how long a scan may run before another worker takes it over (a killed worker)',
      '900',
    )
    .action(async (options: Record<string, unknown>) => {
      const store = await Store.open(storeLocation(options));
      if (store.dialect !== 'postgres') {
        await store.close();
        throw new BatonError(
          'invalid-argument',
          '--db: scan workers share a PostgreSQL store with the servers (postgres://…); an SQLite store scans inside `baton serve`',
        );
      }
      const log = (entry: Record<string, unknown>) =>
        process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
      const timeout = Number(options.jobTimeout);
      if (!Number.isInteger(timeout) || timeout < 1)
        throw new BatonError(
          'invalid-argument',
          `--job-timeout: expected whole seconds, got "${String(options.jobTimeout)}"`,
        );
      const jobs = await ScanJobs.start(store.location, log, {
        expireInSeconds: timeout,
        // Expired jobs are looked for a few times per timeout.
        maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(timeout / 3))),
      });
      await jobs.work(store);
      process.stdout.write(`Baton worker running scan jobs from ${store.describe()}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await jobs.stop();
      await store.close();
      setExit(0);
    });
}
