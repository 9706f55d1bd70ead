import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidates, pathFit } from '../src/match/path-match.js';
import type { Endpoint } from '../src/index.js';
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
