// The REST endpoints the dashboard reads beyond the tools: its live stream, source snippets (only where the
// scan pointed), the issues view with accepted and suppressed items, and the scan history.
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/index.js';
import { createApp } from '../../src/server/app.js';
import { Store, createToken } from '../../src/store/index.js';
import { recordScanResult } from '../../src/tools/record.js';
import { tempDir } from '../helpers/temp-repo.js';
import { STORE_KINDS } from '../store/stores.js';

const root = join(import.meta.dirname, '..', '..');

describe('dashboard REST endpoints', () => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let human: string;
  let other: string;
  let shop: string;
  beforeAll(async () => {
    store = await Store.open(await (STORE_KINDS[0] as NonNullable<(typeof STORE_KINDS)[0]>).fresh());
    // A copy: one test turns a reported file into a link after the scan.
    shop = tempDir();
    cpSync(join(root, 'examples', 'shop'), shop, { recursive: true });
    const paths = [shop];
    const result = await scan({ paths, cacheDir: false });
    await recordScanResult(store, result, paths, 'error');
    await recordScanResult(store, result, paths, 'error');
    app = createApp(store, { log: false });
    human = (await createToken(store, { project: 'shop', role: 'qa', human: true })).token;
    other = (await createToken(store, { project: 'blog', role: 'qa', human: true })).token;
  });
  afterAll(async () => {
    await store.close();
  });
  const get = (token: string, path: string) =>
    app.request(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('shows the lines around a location the scan reported, and nothing else', async () => {
    const issues = (await (await get(human, '/dashboard/issues')).json()) as {
      mismatches: { sources: { repo: string; file: string; line: number }[] }[];
    };
    const at = issues.mismatches[0]?.sources[0];
    expect(at).toBeDefined();
    const ok = await get(
      human,
      `/snippet?repo=${at?.repo}&file=${encodeURIComponent(at?.file ?? '')}&line=${at?.line}`,
    );
    const body = (await ok.json()) as { lines: { number: number; text: string }[] };
    expect(ok.status).toBe(200);
    expect(body.lines.map((l) => l.number)).toContain(at?.line);
    for (const file of ['../../../etc/passwd', 'src/../package.json', '/etc/hostname', 'src/secret.ts'])
      expect((await get(human, `/snippet?repo=api&file=${encodeURIComponent(file)}&line=1`)).status).toBe(
        404,
      );
    expect((await get(human, `/snippet?repo=api&file=x&line=0`)).status).toBe(400);
    // Another project's token learns nothing: it has no scan.
    expect((await get(other, `/snippet?repo=${at?.repo}&file=${at?.file}&line=1`)).status).toBe(404);
  });

  it('never shows a credential the scan found: on its reported line, or where the value is written', async () => {
    const issues = (await (await get(human, '/dashboard/issues')).json()) as {
      findings: { rule: string; source: { repo: string; file: string; line: number } }[];
    };
    const secret = issues.findings.find((f) => f.rule === 'secrets.hardcoded');
    expect(secret).toBeDefined();
    const { repo, file, line } = secret?.source as { repo: string; file: string; line: number };
    const snippet = async (at: number) =>
      (await (
        await get(human, `/snippet?repo=${repo}&file=${encodeURIComponent(file)}&line=${at}`)
      ).json()) as {
        lines: { number: number; text: string }[];
      };
    // The reported line (`jwt.sign(…, JWT_SECRET, { expiresIn: '7d' })`) loses its literals.
    const reported = (await snippet(line)).lines.find((l) => l.number === line)?.text ?? '';
    expect(reported).toContain("expiresIn: '‹redacted›'");
    // The value is written elsewhere (`const JWT_SECRET = process.env.JWT_SECRET ?? 'dev-secret-change-me'`):
    // around it, that literal is hidden and the rest of the code stays.
    const text = readFileSync(join(shop, repo, file), 'utf8');
    const declared = text.split('\n').findIndex((l) => l.includes('dev-secret-change-me')) + 1;
    expect(declared).toBeGreaterThan(0);
    const around = await snippet(declared);
    expect(JSON.stringify(around)).not.toContain('dev-secret-change-me');
    expect(around.lines.find((l) => l.number === declared)?.text).toContain("?? '‹redacted›'");
    expect(around.lines.find((l) => l.number === declared)?.text).toContain('process.env.JWT_SECRET');
    expect(JSON.stringify(around)).toContain('interface TokenPayload');
  });

  it('refuses a reported file that became a link out of the repo after the scan', async () => {
    const issues = (await (await get(human, '/dashboard/issues')).json()) as {
      mismatches: { sources: { repo: string; file: string; line: number }[] }[];
    };
    const at = issues.mismatches[0]?.sources[0] as { repo: string; file: string; line: number };
    const path = join(shop, at.repo, at.file);
    const kept = readFileSync(path);
    rmSync(path);
    symlinkSync('/etc/hostname', path);
    try {
      const reply = await get(human, `/snippet?repo=${at.repo}&file=${encodeURIComponent(at.file)}&line=1`);
      expect(reply.status).toBe(404);
    } finally {
      rmSync(path);
      writeFileSync(path, kept);
    }
  });

  it('lists issues with nothing new on an unchanged rescan, and a history point per scan', async () => {
    const issues = (await (await get(human, '/dashboard/issues')).json()) as {
      previousScan: number;
      mismatches: { new: boolean }[];
      accepted: unknown[];
    };
    expect(issues.previousScan).toBeGreaterThan(0);
    expect(issues.mismatches.length).toBeGreaterThanOrEqual(3);
    expect(issues.mismatches.some((m) => m.new)).toBe(false);
    expect(issues.accepted).toEqual([]);
    const history = (await (await get(human, '/dashboard/history')).json()) as { health: number }[];
    expect(history).toHaveLength(2);
  });

  it('shows the newest events as recent activity, however long the log', async () => {
    for (let i = 0; i < 60; i++)
      await app.request('/api/v1/tickets/HO-1/notes', {
        method: 'POST',
        headers: { authorization: `Bearer ${human}`, 'content-type': 'application/json' },
        body: JSON.stringify({ body: `note ${i}` }),
      });
    const activity = (await (await get(human, '/dashboard/activity')).json()) as {
      id: number;
      action: string;
    }[];
    expect(activity).toHaveLength(50);
    const newest = (
      await store.db
        .selectFrom('events')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow()
    ).id as number;
    expect(activity[0]?.id).toBe(newest);
    expect(activity.map((e) => e.id)).toEqual([...activity.map((e) => e.id)].sort((a, b) => b - a));
  });

  it('streams the project’s events as Server-Sent Events, without tool-call log entries', async () => {
    const response = await get(human, '/stream');
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    };
    await until(/event: ready/);
    await get(human, '/tickets'); // a read: logged as tool.list_tickets, not streamed
    await app.request('/api/v1/tickets/HO-1/notes', {
      method: 'POST',
      headers: { authorization: `Bearer ${human}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'checked by hand' }),
    });
    await until(/"action":"comment/);
    expect(text).toMatch(/event: baton\ndata: \{"action":"comment\.added"\}/);
    expect(text).not.toMatch(/tool\.list_tickets/);
    await reader.cancel();
  });
});
