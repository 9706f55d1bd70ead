import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/index.js';
import { createApp } from '../../src/server/app.js';
import { Metrics } from '../../src/server/metrics.js';
import type { RescanQueue } from '../../src/server/webhook.js';
import { Store, createToken, listScans, recordScan } from '../../src/store/index.js';
import { STORE_KINDS } from '../store/stores.js';

describe('the server observes itself', () => {
  let store: Store;
  let token: string;
  beforeAll(async () => {
    store = await Store.open(await (STORE_KINDS[0] as (typeof STORE_KINDS)[number]).fresh());
    token = (await createToken(store, { project: 'shop', role: 'backend' })).token;
  });
  afterAll(() => store.close());
  const auth = () => ({ authorization: `Bearer ${token}` });

  it('logs one JSON line per request with its id and principal, and counts tool calls and board events', async () => {
    const lines: Record<string, unknown>[] = [];
    const metrics = new Metrics();
    const app = createApp(store, { log: (entry) => lines.push(entry), metrics });
    const created = await app.request('/api/v1/tickets', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json', 'x-request-id': 'req-42' },
      body: JSON.stringify({ title: 'Observed' }),
    });
    expect(created.headers.get('x-request-id')).toBe('req-42');
    await app.request('/api/v1/tickets/HO-1/claim', { method: 'POST', headers: auth() });
    await app.request('/api/v1/tickets/HO-1/claim', { method: 'POST', headers: auth() });
    expect(lines[0]).toMatchObject({
      requestId: 'req-42',
      method: 'POST',
      path: '/api/v1/tickets',
      status: 200,
      principal: 'token:1',
    });
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain('baton_tool_calls_total{tool="create_ticket",transport="rest",outcome="ok"} 1');
    expect(text).toContain('baton_board_events_total{action="step.claimed"} 1');
    expect(text).toMatch(/baton_tool_call_seconds_count\{tool="claim_step"\} 2/);
    expect(text).toContain('baton_http_requests_total{surface="rest",status="2xx"} 3');
  });

  it('limits each token: 429 with Retry-After once the burst is spent', async () => {
    const metrics = new Metrics();
    const app = createApp(store, { log: false, metrics, rateLimit: { perMinute: 60, burst: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await app.request('/api/v1/tickets', { headers: auth() })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = await app.request('/api/v1/tickets', { headers: auth() });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(metrics.render()).toContain('baton_rate_limited_total 3');
  });

  it('describes REST /api/v1 as an OpenAPI 3.1 document that validates, without a token', async () => {
    const app = createApp(store, { log: false });
    const document = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, object>;
    };
    expect(Object.keys(document.paths)).toContain('/api/v1/tickets/{ticket}/claim');
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const validator = new Validator();
    const verdict = await validator.validate(document as never);
    expect(verdict.errors ?? []).toEqual([]);
    expect(verdict.valid).toBe(true);
  });
});

describe('POST /webhooks/git', () => {
  it('rescans the projects that read the pushed repo, and refuses bad signatures', async () => {
    const store = await Store.open(await (STORE_KINDS[0] as (typeof STORE_KINDS)[number]).fresh());
    const shop = join(import.meta.dirname, '..', '..', 'examples', 'shop');
    await recordScan(store, await scan({ paths: [shop], cacheDir: false }), 'off', [shop]);
    let queue: RescanQueue | undefined;
    const lines: Record<string, unknown>[] = [];
    const app = createApp(store, {
      log: (entry) => lines.push(entry),
      webhookSecret: 's3cret',
      onRescans: (q) => {
        queue = q;
      },
    });
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      repository: { name: 'api', full_name: 'acme/api' },
    });
    const sign = (secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const send = (signature: string) =>
      app.request('/webhooks/git', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-hub-signature-256': signature,
        },
        body,
      });
    const forged = await send(sign('guess'));
    expect(forged.status).toBe(401);
    expect(lines.some((l) => l.event === 'webhook.bad-signature')).toBe(true);
    const accepted = await send(sign('s3cret'));
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ repository: 'api', projects: ['shop'] });
    await queue?.idle();
    expect((await listScans(store, 'shop')).map((s) => s.id)).toEqual([2, 1]);
    const off = createApp(store, { log: false });
    expect((await off.request('/webhooks/git', { method: 'POST', body })).status).toBe(404);
    await store.close();
  });
});
