/**
 * Plain JavaScript on the built dist/: the Prisma schema parser does not load under tsx.
 * Tool-call latency and throughput of `baton serve` on loopback, next to the floor measured in the same run:
 * a bare Hono handler on the same node-server answering a JSON body of similar size. Reports p50/p99 and
 * requests per second at 1, 16 and 64 concurrent clients, and the p99 ratio the target is stated in
 * (get_endpoint p99 ≤ 5× the floor's at 16 clients). These machines are noisy: read the ratios.
 *
 *   npm run bench:server   (builds first)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { scan } from '../dist/index.js';
import { createApp } from '../dist/server/app.js';
import { Store, createToken, recordScan } from '../dist/store/index.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const LEVELS = [1, 16, 64];

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-server-'));
  const store = await Store.open(join(dir, 'baton.db'));
  const shop = join(import.meta.dirname, '..', 'examples', 'shop');
  await recordScan(store, await scan({ paths: [shop], cacheDir: false }), 'off', [shop]);
  const token = (await createToken(store, { project: 'shop', role: 'backend' })).token;
  const baton = await listen(
    createApp(store, { log: false, rateLimit: { perMinute: 1e9, burst: 1e9 } }).fetch,
  );
  const sample = await call(baton, token);
  const floorApp = new Hono();
  floorApp.post('/mcp', async (c) => {
    await c.req.json();
    return c.json(sample.body);
  });
  const floor = await listen(floorApp.fetch);
  console.log(
    `get_endpoint over MCP (Streamable HTTP, JSON responses), ${REQUESTS} calls per level; response ${sample.bytes} bytes`,
  );
  console.log('clients | floor p50 / p99 ms | floor req/s | baton p50 / p99 ms | baton req/s | p99 ratio');
  for (const clients of LEVELS) {
    const f = await load(floor, token, clients);
    const b = await load(baton, token, clients);
    console.log(
      `${String(clients).padStart(7)} | ${fmt(f.p50)} / ${fmt(f.p99)} | ${String(Math.round(f.rps)).padStart(11)} | ${fmt(b.p50)} / ${fmt(b.p99)} | ${String(Math.round(b.rps)).padStart(11)} | ${(b.p99 / f.p99).toFixed(1)}×`,
    );
  }
  baton.close();
  floor.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

/** @param {(request: Request) => Response | Promise<Response>} fetchHandler */
async function listen(fetchHandler) {
  const server = serve({ fetch: fetchHandler, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/mcp`,
    close: () => server.close(),
  };
}

const BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'get_endpoint', arguments: { method: 'PATCH', path: '/api/orders/42' } },
});

async function call(server, token) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: BODY,
  });
  const text = await response.text();
  if (!response.ok || !text.includes('/api/orders/{id}'))
    throw new Error(`unexpected answer ${response.status}: ${text.slice(0, 200)}`);
  return { body: JSON.parse(text), bytes: text.length };
}

async function load(server, token, clients) {
  for (let i = 0; i < 50; i++) await call(server, token);
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < REQUESTS) {
        next++;
        const t = performance.now();
        await call(server, token);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { p50: at(0.5), p99: at(0.99), rps: latencies.length / seconds };
}

function fmt(ms) {
  return ms.toFixed(2).padStart(6);
}

await main();
