import { afterEach, describe, expect, it } from 'vitest';
import { BatonError } from '../../src/errors.js';
import type { ScanResult } from '../../src/index.js';
import {
  Board,
  type Principal,
  Store,
  authenticate,
  createToken,
  listEvents,
  recordScan,
} from '../../src/store/index.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { STORE_KINDS, storeLabel } from './stores.js';

const note = { changed: 'added PATCH /orders/{id}', verify: 'curl it', left: 'nothing' };

describe.each(STORE_KINDS)('store: $name', (kind) => {
  const open: Store[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  let clock = Date.parse('2026-11-22T10:00:00Z');
  const openStore = async (location?: string) => {
    const store = await Store.open(location ?? (await kind.fresh()), { now: () => new Date(clock) });
    open.push(store);
    return store;
  };
  const principal = async (store: Store, project: string, role: string, human = false): Promise<Principal> =>
    authenticate(store, (await createToken(store, { project, role, human })).token);
  const refused = async (work: Promise<unknown>, code: string, text?: RegExp) => {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).code).toBe(code);
    if (text) expect((error as BatonError).message).toMatch(text);
  };

  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: numbers tickets per project and walks the role steps to live`,
    async () => {
      const store = await openStore();
      const backend = new Board(store, await principal(store, 'shop', 'backend'));
      const frontend = new Board(store, await principal(store, 'shop', 'frontend'));
      const qa = new Board(store, await principal(store, 'shop', 'qa'));
      const human = new Board(store, await principal(store, 'shop', 'qa', true));
      const other = new Board(store, await principal(store, 'blog', 'backend'));
      const first = await backend.create({ title: 'Cancel orders', acceptance: ['POST cancels'] });
      expect(first.key).toBe('HO-1');
      expect((await backend.create({ title: 'Second' })).key).toBe('HO-2');
      expect((await other.create({ title: 'Elsewhere' })).key).toBe('HO-1');
      expect(first.stage).toBe('ready');
      expect(first.steps.map((s) => [s.role, s.ready])).toEqual([
        ['backend', true],
        ['frontend', false],
        ['qa', false],
      ]);
      await refused(frontend.claim(1), 'claim-refused', /blocked on role backend on HO-1/);
      let ticket = await backend.claim(1);
      expect(ticket.stage).toBe('in_progress');
      expect(ticket.steps[0]).toMatchObject({ status: 'in_progress', holder: backend.principal.id });
      await refused(
        backend.finish(1, { version: ticket.version, note: { ...note, verify: ' ' } }),
        'invalid-argument',
        /note\.verify/,
      );
      ticket = await backend.finish(1, {
        version: ticket.version,
        note: { ...note, files: ['api/orders.ts'] },
      });
      expect(ticket.steps[1]?.ready).toBe(true);
      expect(ticket.notes?.[0]).toMatchObject({
        kind: 'handoff',
        data: { files: ['api/orders.ts'], role: 'backend' },
      });
      ticket = await frontend.claim(1);
      ticket = await frontend.finish(1, { version: ticket.version, note });
      ticket = await qa.claim(1);
      ticket = await qa.finish(1, { version: ticket.version, note });
      expect(ticket.stage).toBe('validation');
      // No agent token passes the gate, whatever its role.
      await refused(qa.verify(1, ticket.version), 'forbidden', /only a human/);
      ticket = await human.verify(1, ticket.version);
      expect(ticket.stage).toBe('live');
      expect(ticket.verifiedBy).toBe(human.principal.id);
    },
  );

  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: refuses stale writes, naming the current version`,
    async () => {
      const store = await openStore();
      const backend = new Board(store, await principal(store, 'shop', 'backend'));
      const ticket = await backend.create({ title: 'Orders' });
      await backend.update(1, ticket.version, { priority: 'high' });
      await refused(
        backend.update(1, ticket.version, { title: 'Mine' }),
        'conflict',
        /version 1, the current version is 2/,
      );
      expect((await backend.get(1)).title).toBe('Orders');
    },
  );

  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: a lapsed lease returns the step, and the next claim records it`,
    async () => {
      const store = await openStore();
      const first = new Board(store, await principal(store, 'shop', 'backend'));
      const second = new Board(store, await principal(store, 'shop', 'backend'));
      await first.create({ title: 'Orders' });
      await first.claim(1);
      await refused(second.claim(1), 'claim-refused', /held by token:1/);
      clock += 29 * 60_000;
      await first.note(1, 'comment', 'still on it'); // activity renews the lease
      clock += 29 * 60_000;
      await refused(second.claim(1), 'claim-refused', /held by/);
      clock += 2 * 60_000;
      const ticket = await second.get(1);
      expect(ticket.stage).toBe('ready');
      expect(ticket.steps[0]).toMatchObject({ status: 'pending', ready: true });
      expect((await second.claim(1)).steps[0]?.holder).toBe(second.principal.id);
      const actions = (await listEvents(store, 'shop', { ticket: 1 })).map((e) => e.action);
      expect(actions).toEqual([
        'ticket.created',
        'step.claimed',
        'comment.added',
        'step.lease-expired',
        'step.claimed',
      ]);
      await refused(first.finish(1, { version: ticket.version + 1, note }), 'conflict', /hold no step/);
    },
  );

  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: keeps projects apart and roles to their steps`,
    async () => {
      const store = await openStore();
      const shop = new Board(store, await principal(store, 'shop', 'backend'));
      const blog = new Board(store, await principal(store, 'blog', 'backend', true));
      const frontend = new Board(store, await principal(store, 'shop', 'frontend'));
      await shop.create({ title: 'Shop only' });
      await refused(blog.get(1), 'not-found', /HO-1 does not exist in project blog/);
      await refused(blog.claim(1), 'not-found');
      await refused(blog.note(1, 'comment', 'hi'), 'not-found');
      expect(await blog.list()).toEqual([]);
      await refused(
        frontend.claim(1, { position: 0 }),
        'forbidden',
        /role backend; this token's role is frontend/,
      );
      expect((await listEvents(store, 'blog')).filter((e) => e.ticket)).toEqual([]);
    },
  );

  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: blockers hold steps back and say so; QA sends back; agents close only duplicates`,
    async () => {
      const store = await openStore();
      const backend = new Board(store, await principal(store, 'shop', 'backend'));
      const qa = new Board(store, await principal(store, 'shop', 'qa'));
      const human = new Board(store, await principal(store, 'shop', 'backend', true));
      await backend.create({ title: 'Schema', steps: ['backend'] });
      const blocked = await backend.create({
        title: 'API',
        blockedBy: ['HO-1'],
        steps: ['backend', 'qa'],
        milestone: 'v1',
      });
      expect(blocked.stage).toBe('backlog');
      expect(blocked.steps[0]?.blockedOn).toBe('HO-1');
      expect((await backend.list({ blocked: true })).map((t) => t.key)).toEqual(['HO-2']);
      await refused(backend.claim(2), 'claim-refused', /blocked on HO-1/);
      let first = await backend.claim(1);
      first = await backend.finish(1, { version: first.version, note });
      await human.verify(1, first.version);
      expect((await backend.mine()).ready.map((t) => t.key)).toEqual(['HO-2']);
      let ticket = await backend.claim(2);
      expect((await backend.list({ heldBy: backend.principal.id })).map((t) => t.key)).toEqual(['HO-2']);
      ticket = await backend.finish(2, { version: ticket.version, note });
      ticket = await qa.claim(2);
      await refused(backend.sendBack(2, { version: ticket.version, to: 0, note: 'no' }), 'forbidden');
      ticket = await qa.sendBack(2, {
        version: ticket.version,
        to: 0,
        note: 'PATCH answers 500 on an unknown id',
      });
      expect(ticket.steps.map((s) => s.status)).toEqual(['pending', 'pending']);
      expect(ticket.notes?.at(-1)).toMatchObject({ kind: 'sendback' });
      expect((await backend.list({ milestone: 'v1', stage: 'ready' })).map((t) => t.key)).toEqual(['HO-2']);
      await refused(
        backend.close(2, { version: ticket.version, resolution: 'wont_fix' }),
        'forbidden',
        /only as a duplicate/,
      );
      ticket = await backend.close(2, {
        version: ticket.version,
        resolution: 'duplicate',
        note: 'same as HO-7',
      });
      expect(ticket.stage).toBe('closed');
      ticket = await human.reopen(2, { version: ticket.version, note: 'not a duplicate after all' });
      expect(ticket.stage).toBe('ready');
      // Every write above is in the log; the refused ones are not.
      const actions = (await listEvents(store, 'shop', { ticket: 2 })).map((e) => e.action);
      expect(actions).toEqual([
        'ticket.created',
        'step.claimed',
        'step.done',
        'step.claimed',
        'ticket.sent-back',
        'ticket.closed',
        'ticket.reopened',
      ]);
    },
  );

  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: records every write in the event log, per ticket and per principal`,
    async () => {
      const store = await openStore();
      const backend = new Board(store, await principal(store, 'shop', 'backend'));
      let ticket = await backend.create({ title: 'Orders', steps: ['backend'] });
      ticket = await backend.update(1, ticket.version, { labels: ['api'] });
      ticket = await backend.claim(1);
      await backend.note(1, 'decision', 'PATCH, not POST /cancel');
      ticket = await backend.release(1);
      const events = await listEvents(store, 'shop', { principal: backend.principal.id });
      expect(events.map((e) => e.action)).toEqual([
        'ticket.created',
        'ticket.updated',
        'step.claimed',
        'decision.logged',
        'step.released',
      ]);
      expect(events[1]).toMatchObject({
        ticket: 'HO-1',
        before: { labels: '[]' },
        after: { labels: ['api'] },
      });
      expect(ticket.stage).toBe('ready');
    },
  );

  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: opens tickets from scans, moves them to validation when fixed, reopens them when back`,
    async () => {
      const store = await openStore();
      const scan = (fingerprints: [string, 'error' | 'warning'][]): ScanResult =>
        ({
          version: 1,
          project: 'shop',
          scannedAt: new Date(clock).toISOString(),
          repos: [],
          endpoints: [],
          calls: [],
          tables: [],
          queries: [],
          mismatches: fingerprints.map(([fingerprint, severity]) => ({
            fingerprint,
            kind: fingerprint.startsWith('column') ? 'column-missing' : 'endpoint-missing',
            severity,
            message: `${fingerprint} is wrong`,
            method: 'POST',
            path: '/orders/cancel',
            suggestion: 'Use PATCH /orders/{id}.',
            sources: [{ repo: 'web', file: 'src/api.ts', line: 3, column: 1 }],
          })),
          findings: [],
          diagnostics: [],
          stats: {},
          health: { score: 90, deductions: [] },
        }) as unknown as ScanResult;
      const first = await recordScan(
        store,
        scan([
          ['endpoint-missing:a', 'error'],
          ['column-missing:b', 'error'],
          ['endpoint-missing:w', 'warning'],
        ]),
      );
      expect(first.opened).toEqual(['HO-1', 'HO-2']);
      const human = new Board(store, await principal(store, 'shop', 'qa', true));
      const [api, db] = await human.list();
      expect(api?.steps.map((s) => s.role)).toEqual(['backend', 'frontend', 'qa']);
      expect(db?.steps.map((s) => s.role)).toEqual(['db', 'backend', 'qa']);
      expect(api?.links).toMatchObject({
        fingerprints: ['endpoint-missing:a'],
        endpoints: ['POST /orders/cancel'],
        files: ['web/src/api.ts'],
      });
      const again = await recordScan(
        store,
        scan([
          ['endpoint-missing:a', 'error'],
          ['column-missing:b', 'error'],
        ]),
      );
      expect(again).toMatchObject({ opened: [], new: [], gone: ['endpoint-missing:w'] });
      const fixed = await recordScan(store, scan([['column-missing:b', 'error']]));
      expect(fixed.toValidation).toEqual(['HO-1']);
      let ticket = await human.get(1);
      expect(ticket.stage).toBe('validation');
      expect(ticket.notes?.at(-1)?.body).toMatch(/no longer reports this/);
      ticket = await human.verify(1, ticket.version);
      const back = await recordScan(
        store,
        scan([
          ['endpoint-missing:a', 'error'],
          ['column-missing:b', 'error'],
        ]),
      );
      expect(back).toMatchObject({ reopened: ['HO-1'], new: ['endpoint-missing:a'] });
      expect((await human.get(1)).stage).toBe('ready');
      expect((await human.list()).length).toBe(2);
    },
  );

  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: refuses a store written by a newer Baton, and changes nothing`,
    async () => {
      const location = await kind.fresh();
      const store = await openStore(location);
      await store.db
        .updateTable('baton_meta')
        .set({ value: '999' })
        .where('key', '=', 'schema_version')
        .execute();
      await refused(Store.open(location), 'store-too-new', /schema version 999.*upgrade Baton/);
      const row = await store.db.selectFrom('baton_meta').select('value').executeTakeFirst();
      expect(row?.value).toBe('999');
    },
  );
});

describe.each(STORE_KINDS)('store migrations: $name', (kind) => {
  it.skipIf(!kind.available)(
    `${storeLabel(kind)}: upgrades a store written at schema version 1 and keeps its data`,
    async () => {
      const location = await kind.fresh();
      const store = await Store.open(location);
      const backend = new Board(
        store,
        await authenticate(store, (await createToken(store, { project: 'shop', role: 'backend' })).token),
      );
      await backend.create({ title: 'Kept across the upgrade' });
      // Put it back to what version 1 wrote: no stored scan results.
      await store.db.schema.alterTable('scans').dropColumn('result').execute();
      for (const table of ['scan_jobs', 'oauth_tokens', 'oauth_codes', 'oauth_clients'])
        await store.db.schema.dropTable(table).execute();
      await store.db
        .updateTable('baton_meta')
        .set({ value: '1' })
        .where('key', '=', 'schema_version')
        .execute();
      await store.close();
      const upgraded = await Store.open(location);
      const version = await upgraded.db.selectFrom('baton_meta').select('value').executeTakeFirstOrThrow();
      expect(version.value).toBe(String(SCHEMA_VERSION));
      expect((await new Board(upgraded, backend.principal).get(1)).title).toBe('Kept across the upgrade');
      await upgraded.db.selectFrom('scans').select('result').execute();
      await upgraded.db.selectFrom('oauth_clients').selectAll().execute();
      await upgraded.close();
    },
  );
});
