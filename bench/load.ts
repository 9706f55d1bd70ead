// Load bench: simulated agents against two Baton servers sharing one PostgreSQL, on loopback — asking,
// listing what is ready, claiming and finishing steps, reading contracts. Bounded in time and in requests.
// Prints throughput, p50/p99 latency, double claims and lost events (both must be 0), for a steady run and
// for a run where one server is killed halfway and its agents retry on the other. Asserts nothing.
//
//   npx tsx bench/load.ts [--agents 100] [--seconds 60] [--max-requests 200000] [--db postgres://…]
// Without --db it starts a throwaway cluster from Debian's postgresql package (as the test setup does).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import pg from 'pg';
import startPostgres from '../test/setup/postgres.js';
import { scan } from '../src/index.js';
import { createApp } from '../src/server/app.js';
import { Board, Store, authenticate, createToken } from '../src/store/index.js';
import { recordScanResult } from '../src/tools/record.js';

const { values: args } = parseArgs({
  options: {
    agents: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '60' },
    'max-requests': { type: 'string', default: '200000' },
    db: { type: 'string' },
  },
});
const AGENTS = Number(args.agents);
const SECONDS = Number(args.seconds);
const MAX_REQUESTS = Number(args['max-requests']);
const ROLES = ['backend', 'frontend', 'qa', 'db'] as const;
const root = join(import.meta.dirname, '..');
const log = (message: string) => process.stderr.write(`[load] ${message}\n`);

interface RunFigures {
  label: string;
  requests: number;
  errors: number;
  retried: number;
  ms: number;
  latencies: number[];
  claims: number;
  finishes: number;
  doubleClaims: number;
  lostEvents: number;
  streamMissed: number;
}

async function freshDatabase(admin: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`drop database if exists ${name}`);
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One server: its own store handle on the shared database, listening on a loopback port. */
async function startServer(
  url: string,
): Promise<{ origin: string; kill: () => Promise<void>; store: Store }> {
  const store = await Store.open(url);
  const server = serve({
    fetch: createApp(store, { log: false, rateLimit: { perMinute: 1e6, burst: 1e5 } }).fetch,
    port: 0,
    hostname: '127.0.0.1',
  }) as Server;
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    store,
    // Killed, not drained: open connections are cut mid-request.
    kill: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

async function run(label: string, admin: string, killHalfway: boolean): Promise<RunFigures> {
  const url = await freshDatabase(admin, `baton_load_${killHalfway ? 'kill' : 'steady'}`);
  const seed = await Store.open(url);
  const paths = [join(root, 'examples', 'shop')];
  await recordScanResult(seed, await scan({ paths, cacheDir: false }), paths, 'off');
  const creator = new Board(
    seed,
    await authenticate(seed, (await createToken(seed, { project: 'shop', role: 'qa' })).token),
  );
  // Enough work that agents never run dry: each ticket has one step per role.
  for (let i = 0; i < 400; i++) await creator.create({ title: `Load ticket ${i}`, steps: [...ROLES] });
  const tokens: { role: string; token: string }[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const role = ROLES[i % ROLES.length] as string;
    tokens.push({ role, token: (await createToken(seed, { project: 'shop', role })).token });
  }
  const observerToken = (await createToken(seed, { project: 'shop', role: 'qa', human: true })).token;
  const servers = [await startServer(url), await startServer(url)];
  const alive = [true, true];

  // A dashboard on the server that stays up: every step event committed anywhere must reach it.
  const streamed = new Map<string, number>();
  const observer = new AbortController();
  await (servers[1] as { store: Store }).store.listening();
  const stream = await fetch(`${servers[1]?.origin}/api/v1/stream`, {
    headers: { authorization: `Bearer ${observerToken}` },
    signal: observer.signal,
  });
  const reading = (async () => {
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (const match of buffer.matchAll(/"action":"(step\.(?:claimed|done))"/g))
          streamed.set(match[1] as string, (streamed.get(match[1] as string) ?? 0) + 1);
        buffer = buffer.slice(buffer.lastIndexOf('\n'));
      }
    } catch {
      // aborted at the end
    }
  })();

  const figures: RunFigures = {
    label,
    requests: 0,
    errors: 0,
    retried: 0,
    ms: 0,
    latencies: [],
    claims: 0,
    finishes: 0,
    doubleClaims: 0,
    lostEvents: 0,
    streamMissed: 0,
  };
  const held = new Map<string, string>(); // ticket:position → agent holding it
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  let killed = false;

  /** One request, on this agent's server or — when it is down — the other one. */
  const request = async (agent: number, method: string, path: string, body?: unknown) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const index = alive[agent % 2] ? agent % 2 : 1 - (agent % 2);
      const t0 = performance.now();
      try {
        const response = await fetch(`${servers[index]?.origin}/api/v1${path}`, {
          method,
          headers: {
            authorization: `Bearer ${tokens[agent]?.token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        const payload = (await response.json()) as Record<string, unknown>;
        figures.latencies.push(performance.now() - t0);
        figures.requests++;
        if (response.status >= 500) figures.errors++;
        return { status: response.status, payload };
      } catch {
        // The server went away mid-request: try again, on the other one.
        figures.retried++;
      }
    }
    figures.errors++;
    return { status: 0, payload: {} };
  };

  const agentLoop = async (agent: number) => {
    const role = tokens[agent]?.role as string;
    while (performance.now() < deadline && figures.requests < MAX_REQUESTS) {
      const pick = Math.random();
      if (pick < 0.1) await request(agent, 'POST', '/ask', { question: `what's ready for the ${role}?` });
      else if (pick < 0.25) await request(agent, 'GET', '/endpoints?limit=20');
      else {
        const ready = await request(agent, 'GET', '/tickets?ready=true&limit=5');
        const items = (ready.payload.items as { key: string }[] | undefined) ?? [];
        const ticket = items[Math.floor(Math.random() * items.length)];
        if (!ticket) continue;
        const claim = await request(agent, 'POST', `/tickets/${ticket.key}/claim`, {});
        if (claim.status !== 200) continue;
        const steps = claim.payload.steps as {
          position: number;
          holder?: string;
          status: string;
          role: string;
        }[];
        const mine = steps.find((s) => s.status === 'in_progress' && s.role === role);
        if (!mine) continue;
        const key = `${ticket.key}:${mine.position}`;
        if (held.has(key) && held.get(key) !== tokens[agent]?.token) figures.doubleClaims++;
        held.set(key, tokens[agent]?.token as string);
        figures.claims++;
        const finish = await request(agent, 'POST', `/tickets/${ticket.key}/finish`, {
          version: claim.payload.version,
          note: { changed: 'load', verify: 'load', left: 'nothing' },
        });
        if (finish.status === 200) {
          figures.finishes++;
          held.delete(key);
        }
      }
    }
  };

  const killer = killHalfway
    ? (async () => {
        await new Promise((resolve) => setTimeout(resolve, (SECONDS * 1000) / 2));
        log(`${label}: killing server 1 of 2`);
        alive[0] = false;
        killed = true;
        await servers[0]?.kill();
      })()
    : Promise.resolve();
  await Promise.all([...Array.from({ length: AGENTS }, (_, i) => agentLoop(i)), killer]);
  figures.ms = performance.now() - started;

  // Every claim and finish a client saw succeed is in the event log, once.
  const events = await seed.db
    .selectFrom('events')
    .select(['action'])
    .where('action', 'in', ['step.claimed', 'step.done'])
    .execute();
  const logged = {
    claimed: events.filter((e) => e.action === 'step.claimed').length,
    done: events.filter((e) => e.action === 'step.done').length,
  };
  // A write whose answer was lost with the killed server is logged but not counted by its client: it is not
  // lost. Lost means a success the log does not have.
  figures.lostEvents =
    Math.max(0, figures.claims - logged.claimed) + Math.max(0, figures.finishes - logged.done);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  figures.streamMissed =
    Math.max(0, logged.claimed - (streamed.get('step.claimed') ?? 0)) +
    Math.max(0, logged.done - (streamed.get('step.done') ?? 0));
  observer.abort();
  await reading;
  for (const [i, server] of servers.entries()) if (alive[i] || !killed) await server.kill().catch(() => {});
  await seed.close();
  return figures;
}

function report(f: RunFigures): void {
  const sorted = [...f.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  console.log(
    `${f.label.padEnd(28)} ${(f.requests / (f.ms / 1000)).toFixed(0).padStart(6)} req/s  p50 ${at(0.5).toFixed(1).padStart(6)} ms  p99 ${at(0.99).toFixed(1).padStart(7)} ms  ` +
      `claims ${String(f.claims).padStart(5)}  finishes ${String(f.finishes).padStart(5)}  double claims ${f.doubleClaims}  lost events ${f.lostEvents}  missed on the stream ${f.streamMissed}  5xx/failed ${f.errors}  retried ${f.retried}`,
  );
}

async function main(): Promise<void> {
  let admin = args.db;
  let stop: (() => Promise<void>) | undefined;
  if (!admin) {
    let provided = '';
    stop = await startPostgres({ provide: (_key: string, value: string) => (provided = value) } as never);
    if (!provided) throw new Error('no PostgreSQL here: install Debian postgresql or pass --db postgres://…');
    admin = provided;
  }
  try {
    log(`${AGENTS} agents, ${SECONDS} s per run, two servers on one PostgreSQL`);
    const steady = await run('steady (2 servers)', admin, false);
    const killed = await run('one server killed halfway', admin, true);
    console.log(`\n${AGENTS} simulated agents, ${SECONDS} s each run, loopback\n`);
    report(steady);
    report(killed);
  } finally {
    await stop?.();
  }
}

await main();
