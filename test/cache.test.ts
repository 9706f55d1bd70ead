import { appendFileSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../src/index.js';
import { FactCache } from '../src/scan/fact-cache.js';
import { emptyFacts } from '../src/extract/facts.js';
import { expressPackage, tempDir, tempRepo } from './helpers/temp-repo.js';

function project() {
  return tempRepo({
    'package.json': expressPackage,
    'src/app.ts':
      "import express from 'express';\nimport users from './users';\nconst app = express();\napp.use('/users', users);\n",
    'src/users.ts':
      "import { Router } from 'express';\nconst r = Router();\nr.get('/:id', (req, res) => res.json({}));\nexport default r;\n",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture file's own source contains a template literal.
    'src/client.ts': 'export const load = (id: string) => fetch(`/users/${id}`);\n',
    'src/plain.ts': 'export const nothingToSee = 42;\n',
  });
}

/** Moves every file's mtime into the past, as if written long before the scan (no "racy" stat). */
function age(root: string, dir = ''): void {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(root, dir, entry.name);
    if (entry.isDirectory()) age(root, join(dir, entry.name));
    else utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  }
}

describe('the fact cache', () => {
  it('parses zero unchanged files on a second scan, with the same result', async () => {
    const root = project();
    age(root);
    const cacheDir = tempDir();
    const first = await scan({ paths: [root], cacheDir });
    expect(first.stats.parsedFiles).toBeGreaterThan(0);
    expect(first.stats.cachedFiles).toBe(0);
    const second = await scan({ paths: [root], cacheDir });
    expect(second.stats.parsedFiles).toBe(0);
    // The four sources, and package.json, which the text rules read (secrets can sit in any config file).
    expect(second.stats.cachedFiles).toBe(5);
    expect(second.endpoints).toEqual(first.endpoints);
    expect(second.calls).toEqual(first.calls);
  });

  it('parses only the file that changed', async () => {
    const root = project();
    age(root);
    const cacheDir = tempDir();
    await scan({ paths: [root], cacheDir });
    appendFileSync(join(root, 'src/users.ts'), "r.delete('/:id', (req, res) => res.sendStatus(204));\n");
    const again = await scan({ paths: [root], cacheDir });
    expect(again.stats.parsedFiles).toBe(1);
    expect(again.endpoints.map((e) => `${e.method} ${e.path}`).sort()).toEqual([
      'DELETE /users/{id}',
      'GET /users/{id}',
    ]);
  });

  it('re-hashes a touched file but does not parse it again when its content is the same', async () => {
    const root = project();
    age(root);
    const cacheDir = tempDir();
    await scan({ paths: [root], cacheDir });
    utimesSync(join(root, 'src/users.ts'), new Date(), new Date(Date.now() - 30_000));
    const again = await scan({ paths: [root], cacheDir });
    expect(again.stats.parsedFiles).toBe(0);
  });

  it('is not used by a different analyser version', () => {
    const cacheDir = tempDir();
    const root = tempDir();
    const file = { path: 'a.ts', size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1 };
    const v1 = FactCache.open(cacheDir, root, 'v1');
    v1.put(file, 'hash', emptyFacts(false));
    v1.save();
    expect(FactCache.open(cacheDir, root, 'v1').byHash(file, 'hash')).toBeDefined();
    expect(FactCache.open(cacheDir, root, 'v2').byHash(file, 'hash')).toBeUndefined();
  });

  it('can be turned off', async () => {
    const root = project();
    const first = await scan({ paths: [root], cacheDir: false });
    const second = await scan({ paths: [root], cacheDir: false });
    expect(second.stats.cachedFiles).toBe(0);
    expect(second.stats.parsedFiles).toBe(first.stats.parsedFiles);
  });
});
