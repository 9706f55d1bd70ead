// Several servers on one PostgreSQL store: an event committed through one is heard by the others (LISTEN/
// NOTIFY), once, and only after its commit; the dashboard's stream on another server carries it.
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { Board, Store, createToken } from '../../src/store/index.js';
import { STORE_KINDS } from './stores.js';

const postgres = STORE_KINDS.find((kind) => kind.name === 'postgres');

describe.skipIf(!postgres?.available)('event fan-out across servers on PostgreSQL', () => {
  const open: Store[] = [];
  afterAll(async () => {
    for (const store of open) await store.close();
  });

  it('delivers another server’s committed events once, and none of a rolled-back write', async () => {
    const url = await (postgres as NonNullable<typeof postgres>).fresh();
    const first = await Store.open(url);
    const second = await Store.open(url);
    open.push(first, second);
    const heard: string[] = [];
    first.onEvent((event) => heard.push(`${event.project}:${event.action}`));
    await first.listening();
    const { token } = await createToken(second, { project: 'shop', role: 'backend' });
    const { authenticate } = await import('../../src/store/index.js');
    const board = new Board(second, await authenticate(second, token));
    await board.create({ title: 'Cancel orders', steps: ['backend'] });
    await expect.poll(() => heard, { timeout: 5000 }).toContain('shop:ticket.created');
    // A write that fails commits nothing and notifies nobody.
    await expect(
      second.write(async (tx) => {
        await tx
          .insertInto('events')
          .values({
            project: 'shop',
            ticket: null,
            principal: 'x',
            action: 'never',
            before: null,
            after: null,
            at: '2026-01-01',
          })
          .execute();
        throw new Error('abandoned');
      }),
    ).rejects.toThrow('abandoned');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard.filter((h) => h === 'shop:ticket.created')).toHaveLength(1);
    expect(heard.join()).not.toContain('never');
  });

  it('streams a claim made through one server to a dashboard connected to the other', async () => {
    const url = await (postgres as NonNullable<typeof postgres>).fresh();
    const a = await Store.open(url);
    const b = await Store.open(url);
    open.push(a, b);
    const appA = createApp(a, { log: false });
    const appB = createApp(b, { log: false });
    const human = (await createToken(a, { project: 'shop', role: 'qa', human: true })).token;
    const agent = (await createToken(a, { project: 'shop', role: 'backend' })).token;
    await a.listening();
    const stream = await appA.request('/api/v1/stream', { headers: { authorization: `Bearer ${human}` } });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const post = (path: string, body: unknown) =>
      appB.request(`/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/tickets', { title: 'Cancel orders', steps: ['backend'] })).status).toBe(200);
    expect((await post('/tickets/HO-1/claim', {})).status).toBe(200);
    const deadline = Date.now() + 5000;
    while (!/step\.claimed/.test(text) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toMatch(/event: baton\ndata: \{"action":"ticket\.created"\}/);
    expect(text).toMatch(/"action":"step\.claimed"/);
    await reader.cancel();
  });
});
