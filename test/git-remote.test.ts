// Repos by git URL in baton.config.json: fetched into .baton/repos and scanned at a ref, credentials refused.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../src/index.js';
import { expressPackage, tempDir, tempRepo, writeFiles } from './helpers/temp-repo.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

/** A remote with two commits: the first serves GET /api/items, the second adds DELETE /api/items/:id. */
function remote(): { url: string; first: string } {
  const work = tempRepo(
    {
      'package.json': expressPackage,
      'src/app.ts':
        "import express from 'express';\nconst app = express();\napp.get('/api/items', (_req, res) => res.json([]));\napp.listen(3000);\n",
    },
    { git: true },
  );
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'first');
  const first = git(work, 'rev-parse', 'HEAD');
  writeFiles(work, {
    'src/app.ts':
      "import express from 'express';\nconst app = express();\napp.get('/api/items', (_req, res) => res.json([]));\napp.delete('/api/items/:id', (_req, res) => res.json({}));\napp.listen(3000);\n",
  });
  git(work, 'commit', '-q', '-am', 'second');
  return { url: `file://${work}`, first };
}

describe('repos by git URL', () => {
  it('fetches the remote into .baton/repos and scans it at the ref given, else at its HEAD', async () => {
    const { url, first } = remote();
    const project = tempDir();
    writeFileSync(
      join(project, 'baton.config.json'),
      JSON.stringify({
        project: 'shop',
        repos: [
          { name: 'api', url, role: 'backend' },
          { name: 'api-old', url, ref: first },
        ],
      }),
    );
    const result = await scan({ paths: [project], cacheDir: false });
    const routes = (repo: string) =>
      result.endpoints
        .filter((e) => e.repo === repo)
        .map((e) => `${e.method} ${e.path}`)
        .sort();
    expect(routes('api')).toEqual(['DELETE /api/items/{id}', 'GET /api/items']);
    expect(routes('api-old')).toEqual(['GET /api/items']);
    const old = result.repos.find((r) => r.name === 'api-old');
    expect(old?.root).toContain(join(project, '.baton', 'repos'));
    expect(old?.commit).toBe(first);
    // A second scan fetches into the same folder.
    const again = await scan({ paths: [project], cacheDir: false });
    expect(again.endpoints).toHaveLength(result.endpoints.length);
  });

  it('rescans a pushed change reading only the files it changed (the checkout keeps the others as they were)', async () => {
    const work = tempRepo(
      Object.fromEntries([
        ['package.json', expressPackage],
        ...Array.from({ length: 12 }, (_, i) => [
          `src/routes/r${i}.ts`,
          `import { Router } from 'express';\nexport const r${i} = Router();\nr${i}.get('/r${i}', (_req, res) => res.json({}));\n`,
        ]),
      ]),
      { git: true },
    );
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'first');
    const project = tempDir();
    writeFileSync(
      join(project, 'baton.config.json'),
      JSON.stringify({ repos: [{ name: 'api', url: `file://${work}` }] }),
    );
    const cacheDir = join(project, '.baton', 'cache');
    const first = await scan({ paths: [project], cacheDir });
    expect(first.stats.parsedFiles).toBeGreaterThanOrEqual(12);
    // Past the cache's 2 s window for files written in the same clock tick as its save.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    writeFiles(work, {
      'src/routes/r3.ts':
        "import { Router } from 'express';\nexport const r3 = Router();\nr3.post('/r3', (_req, res) => res.json({}));\n",
    });
    git(work, 'commit', '-q', '-am', 'second');
    const second = await scan({ paths: [project], cacheDir });
    expect(second.stats.parsedFiles).toBe(1);
    expect(second.stats.cachedFiles).toBeGreaterThanOrEqual(12);
  });

  it('refuses credentials in the config and says which field, and names a ref it cannot fetch', async () => {
    const project = tempDir();
    const config = (repos: unknown[]) =>
      writeFileSync(join(project, 'baton.config.json'), JSON.stringify({ repos }));
    config([{ url: 'https://alice:hunter2@example.com/acme/api.git' }]);
    await expect(scan({ paths: [project], cacheDir: false })).rejects.toThrow(
      /repos\[0\]\.url.*without a password/,
    );
    config([{ url: 'https://example.com/acme/api.git', ref: '--upload-pack=touch /tmp/x' }]);
    await expect(scan({ paths: [project], cacheDir: false })).rejects.toThrow(/repos\[0\]\.ref/);
    config([{ url: 'ftp://example.com/api' }]);
    await expect(scan({ paths: [project], cacheDir: false })).rejects.toThrow(/repos\[0\]\.url.*a git URL/);
    config([{ url: 'file:///nonexistent/repo.git', ref: 'main' }]);
    await expect(scan({ paths: [project], cacheDir: false })).rejects.toThrow(
      /file:\/\/\/nonexistent\/repo\.git at main: git could not fetch it/,
    );
  });
});
