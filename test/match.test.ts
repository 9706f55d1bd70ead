import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidates, pathFit } from '../src/match/path-match.js';
import { authGaps } from '../src/match/auth-gaps.js';
import { withBoard } from '../src/match/health.js';
import type { Call, Endpoint } from '../src/index.js';
import { scan } from '../src/index.js';

const endpoint = (method: string, path: string): Endpoint => ({
  id: `${method} ${path}`,
  repo: 'api',
  method: method as Endpoint['method'],
  path,
  framework: 'express',
  params: [],
  query: [],
  responses: [],
  auth: 'none',
  source: { repo: 'api', file: 'app.ts', line: 1, column: 1 },
});

describe('path matching', () => {
  const routes = [
    endpoint('GET', '/users/{id}'),
    endpoint('GET', '/users/profile'),
    endpoint('GET', '/files/{...path}'),
    endpoint('GET', '/docs/{...page?}'),
  ];
  const best = (path: string) => candidates(path, routes)[0]?.path;

  it('prefers a literal segment over a parameter, and a parameter over a guessed literal', () => {
    expect(best('/users/profile')).toBe('/users/profile');
    expect(best('/users/42')).toBe('/users/{id}');
    expect(best('/users/{userId}')).toBe('/users/{id}');
  });

  it('ignores parameter names and honours catch-alls, optional ones matching nothing', () => {
    expect(pathFit('/users/{comment_id}', '/users/{id}')).toBeDefined();
    expect(best('/files/a/b/c.txt')).toBe('/files/{...path}');
    expect(pathFit('/files', '/files/{...path}')).toBeUndefined();
    expect(best('/docs')).toBe('/docs/{...page?}');
  });

  it('never fits a different literal or length', () => {
    expect(pathFit('/users/42/posts', '/users/{id}')).toBeUndefined();
    expect(pathFit('/orders', '/users/{id}')).toBeUndefined();
  });
});

describe('fingerprints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-fp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fixture = join(import.meta.dirname, 'fixtures', 'api-mismatches', 'drift');

  it('survive lines inserted above and an unrelated rename', async () => {
    cpSync(fixture, dir, { recursive: true });
    const before = (await scan({ paths: [dir], cacheDir: false })).mismatches
      .map((m) => m.fingerprint)
      .sort();
    const web = join(dir, 'web', 'src', 'invoices.ts');
    const edited = `// a comment\n\nconst unrelatedHelper = 1;\n${readFileSync(web, 'utf8').replace('listInvoices', 'loadInvoices')}`;
    writeFileSync(web, edited);
    const after = (await scan({ paths: [dir], cacheDir: false })).mismatches.map((m) => m.fingerprint).sort();
    expect(before.length).toBeGreaterThan(5);
    expect(after).toEqual(before);
  });
});

describe('auth gaps', () => {
  const guarded = (method: string, path: string, guard: string): Endpoint => ({
    ...endpoint(method, path),
    auth: 'required',
    authVia: [guard],
  });
  const call = (method: string, path: string, extra: Partial<Call>): Call => ({
    id: `call ${method} ${path}`,
    repo: 'web',
    method: method as Call['method'],
    path,
    client: 'fetch',
    query: [],
    responseFields: [],
    source: { repo: 'web', file: 'api.ts', line: 1, column: 1 },
    ...extra,
  });
  const me = guarded('GET', '/me', 'requireSession');
  const orders = guarded('GET', '/orders', 'requireSession');
  const cookiePeer = { call: call('GET', '/me', { auth: true, credentials: 'cookies' }), endpoint: me };

  it('fires on a cross-origin fetch without credentials when a peer shows how this guard is passed', () => {
    const bare = call('GET', '/orders', { credentials: 'none', crossOrigin: true });
    const gaps = authGaps([cookiePeer, { call: bare, endpoint: orders }]);
    expect(gaps.map((g) => [g.kind, g.call])).toEqual([['auth-gap', bare.id]]);
    expect(gaps[0]?.suggestion).toContain("credentials: 'include'");
  });

  it('stays quiet on a same-origin fetch when the peer only shows cookies, which the browser sends anyway', () => {
    const bare = call('GET', '/orders', { credentials: 'none' });
    expect(authGaps([cookiePeer, { call: bare, endpoint: orders }])).toEqual([]);
  });

  it('stays quiet without proof: unknown credentials, another guard, or no peer at all', () => {
    const headerPeer = { call: call('GET', '/me', { auth: true, credentials: 'header' }), endpoint: me };
    const unknown = call('GET', '/orders', {});
    const otherGuard = guarded('GET', '/admin', 'requireAdmin');
    const bare = call('GET', '/admin', { credentials: 'none' });
    expect(authGaps([headerPeer, { call: unknown, endpoint: orders }])).toEqual([]);
    expect(authGaps([headerPeer, { call: bare, endpoint: otherGuard }])).toEqual([]);
    expect(authGaps([{ call: call('GET', '/orders', { credentials: 'none' }), endpoint: orders }])).toEqual(
      [],
    );
  });

  it('reports credentials sent to an unguarded write only when the call itself sets them', () => {
    const open = endpoint('DELETE', '/orders/{id}');
    const peer = { call: call('GET', '/orders', { auth: true, credentials: 'header' }), endpoint: orders };
    const own = call('DELETE', '/orders/{id}', { auth: true, credentials: 'header' });
    const viaInterceptor = call('DELETE', '/orders/{id}', { auth: true });
    expect(authGaps([peer, { call: own, endpoint: open }])).toHaveLength(1);
    expect(authGaps([peer, { call: viaInterceptor, endpoint: open }])).toEqual([]);
  });
});

describe('board health', () => {
  it('takes blocked tickets and unverified fixes off the scan score, each capped', () => {
    const scan = { score: 76, deductions: [{ kind: 'endpoint-missing', count: 3, points: 24 }] };
    const blocked = { stage: 'backlog', steps: [{ status: 'pending', blockedOn: 'HO-1' }] };
    const waiting = {
      stage: 'ready',
      steps: [{ status: 'done' }, { status: 'pending', blockedOn: 'role backend on HO-2' }],
    };
    const validation = { stage: 'validation', steps: [{ status: 'done' }] };
    const health = withBoard(scan, [blocked, waiting, validation, ...Array(12).fill(validation)]);
    expect(health.deductions).toEqual([
      { kind: 'endpoint-missing', count: 3, points: 24 },
      { kind: 'board:awaiting-verification', count: 13, points: 10 },
      { kind: 'board:blocked', count: 1, points: 2 },
    ]);
    expect(health.score).toBe(64);
    expect(withBoard(scan, [waiting]).score).toBe(76);
  });
});
