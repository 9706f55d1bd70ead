import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Command } from 'commander';
import { BatonError } from '../errors.js';
import { createApp } from '../server/app.js';
import { ScanJobs } from '../server/scan-jobs.js';
import { Store } from '../store/index.js';
import { demoInstructions, demoStorePath, seedDemo } from './demo.js';
import { storeLocation } from './store-options.js';

/** `baton serve`: REST `/api/v1` and `/healthz` over the store until interrupted. */
export function serveCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('serve MCP (/mcp), REST (/api/v1), /healthz and /metrics over HTTP')
    .option('--db <url|file>', 'the store (default: $BATON_DB, else .baton/baton.db)')
    .option('--port <n>', 'port', '7420')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--no-scan-worker', 'on PostgreSQL: only queue scans, for `baton worker` processes to run')
    .option(
      '--demo',
      'seed a fresh demo store with the example shop, its tickets and tokens, and print how to connect',
    )
    .option(
      '--webhook-secret <secret>',
      'enable POST /webhooks/git with this secret (default: $BATON_WEBHOOK_SECRET)',
    )
    .action(async (options: Record<string, unknown>) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new BatonError(
          'invalid-argument',
          `--port: expected a port number, got "${String(options.port)}"`,
        );
      const location = options.demo ? demoStorePath() : storeLocation(options);
      const store = await Store.open(location);
      const demo = options.demo ? await seedDemo(store) : undefined;
      const projects = await store.db.selectFrom('projects').select('name').orderBy('name').execute();
      const webhookSecret =
        typeof options.webhookSecret === 'string' ? options.webhookSecret : process.env.BATON_WEBHOOK_SECRET;
      // On PostgreSQL several servers share the store: pushes become jobs any worker (or this server) runs.
      const jobs =
        store.dialect === 'postgres'
          ? await ScanJobs.start(store.location, (entry) =>
              process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`),
            )
          : undefined;
      if (jobs && options.scanWorker !== false) await jobs.work(store);
      const app = createApp(store, {
        ...(webhookSecret ? { webhookSecret } : {}),
        ...(jobs ? { jobs } : {}),
      });
      const server = serve({ fetch: app.fetch, port, hostname: String(options.host) });
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', (error) =>
          reject(new BatonError('invalid-argument', `cannot listen: ${error.message}`)),
        );
      });
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      process.stdout.write(
        `Baton serving http://${String(options.host)}:${bound}\n  dashboard / (sign in with a human token: baton token create --project <p> --role qa --human; or open /#token=<token>)\n  MCP /mcp · REST /api/v1 (openapi.json) · /healthz · /metrics\n  store: ${store.describe()} (${store.dialect})\n  projects: ${projects.map((p) => p.name).join(', ') || 'none yet'}\n`,
      );
      if (demo) {
        const shown = String(options.host) === '0.0.0.0' ? '127.0.0.1' : String(options.host);
        process.stdout.write(demoInstructions(demo, `http://${shown}:${bound}`, location));
      }
      await new Promise<void>((resolve) => {
        // An open dashboard stream never ends by itself: close would wait for it forever.
        const stop = () => {
          server.close(() => resolve());
          (server as Server).closeAllConnections();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await jobs?.stop();
      await store.close();
      setExit(0);
    });
}
