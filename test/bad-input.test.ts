import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..');
import { scan } from '../src/index.js';
import { expressPackage, tempDir, tempRepo } from './helpers/temp-repo.js';

const goodRoute =
  "import express from 'express';\nconst app = express();\napp.get('/ok', (req, res) => res.json({}));\n";

function diagnosticFor(result: Awaited<ReturnType<typeof scan>>, file: string): string {
  return result.diagnostics
    .filter((d) => d.file === file)
    .map((d) => d.message)
    .join(' | ');
}

describe('bad input becomes a diagnostic and the scan goes on', () => {
  const root = tempRepo({
    'package.json': expressPackage,
    'src/app.ts': goodRoute,
    'src/broken.ts': "import express from 'express';\nconst app = express(;\napp.get('/x', h);\n",
    'src/giant.ts': `// big\n${'export const x = 1;\n'.repeat(70_000)}`,
    'src/binary.ts': Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02, 0xff, 0x00]),
    'src/latin1.ts': Buffer.concat([
      Buffer.from("export const name = '"),
      Buffer.from([0xe9, 0xe8]),
      Buffer.from("';\n"),
    ]),
    'src/bundle.js': `${'var a=1;'.repeat(2000)}\n`,
    'outside/secret.ts': 'export const leaked = true;\n',
  });
  // Symlinks: one loop, one escaping the repo, one dangling, one harmless inside.
  const elsewhere = tempDir();
  writeFileSync(join(elsewhere, 'target.ts'), "app.get('/escaped', h);\n");
  symlinkSync(join(root, 'src/loop-b.ts'), join(root, 'src/loop-a.ts'));
  symlinkSync(join(root, 'src/loop-a.ts'), join(root, 'src/loop-b.ts'));
  symlinkSync(join(elsewhere, 'target.ts'), join(root, 'src/escape.ts'));
  symlinkSync(join(root, 'missing.ts'), join(root, 'src/dangling.ts'));
  symlinkSync(join(root, 'src/app.ts'), join(root, 'src/alias.ts'));
  mkdirSync(join(root, 'linked-dir-parent'));
  symlinkSync(elsewhere, join(root, 'linked-dir-parent/dir'));
  execFileSync('mkfifo', [join(root, 'src/pipe.ts')]);

  const resultPromise = scan({ paths: [root], cacheDir: false, maxFileBytes: 1024 * 1024 });

  it('still finds the good endpoint', async () => {
    const result = await resultPromise;
    expect(result.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /ok']);
  });

  it('reports a syntax error with its line', async () => {
    expect(diagnosticFor(await resultPromise, 'src/broken.ts')).toMatch(/syntax error at line 2/);
  });

  it('skips a file over the size limit and says which limit', async () => {
    expect(diagnosticFor(await resultPromise, 'src/giant.ts')).toMatch(/exceeds the 1\.0 MiB per-file limit/);
  });

  it('skips binary content in a source file', async () => {
    expect(diagnosticFor(await resultPromise, 'src/binary.ts')).toMatch(/binary/);
  });

  it('skips invalid UTF-8', async () => {
    expect(diagnosticFor(await resultPromise, 'src/latin1.ts')).toMatch(/not valid UTF-8/);
  });

  it('skips minified bundles quietly', async () => {
    expect(diagnosticFor(await resultPromise, 'src/bundle.js')).toBe('');
  });

  it('never follows symlinks out of the repo, in loops or to nothing', async () => {
    const result = await resultPromise;
    expect(diagnosticFor(result, 'src/loop-a.ts')).toMatch(/symlink loop/);
    expect(diagnosticFor(result, 'src/escape.ts')).toMatch(/outside the repo/);
    expect(diagnosticFor(result, 'src/dangling.ts')).toMatch(/missing target/);
    expect(diagnosticFor(result, 'src/alias.ts')).toBe('');
    expect(result.endpoints.some((e) => e.path === '/escaped')).toBe(false);
  });

  it('does not block on a named pipe', async () => {
    expect(diagnosticFor(await resultPromise, 'src/pipe.ts')).toMatch(/not a regular file/);
  });

  it('counts what it skipped', async () => {
    const result = await resultPromise;
    // giant, binary, latin1, bundle, 2 loops, escape, dangling, alias, linked dir, pipe
    expect(result.stats.skippedFiles).toBeGreaterThanOrEqual(10);
  });
});

describe('unreadable files', () => {
  it('reports a file it may not read', () => {
    const root = tempRepo({ 'package.json': expressPackage, 'src/app.ts': goodRoute, 'src/locked.ts': 'x' });
    chmodSync(root, 0o755);
    chmodSync(join(root, 'src'), 0o755);
    chmodSync(join(root, 'src/locked.ts'), 0);
    // Root reads any file whatever its mode: as root, scan as the unprivileged `nobody` instead.
    const asRoot = process.getuid?.() === 0;
    const command = asRoot ? 'runuser' : process.execPath;
    const args = [join(repoRoot, 'bin/baton.js'), 'scan', root, '--json', '--no-cache'];
    const run = spawnSync(command, asRoot ? ['-u', 'nobody', '--', process.execPath, ...args] : args, {
      encoding: 'utf8',
      cwd: root,
    });
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as Awaited<ReturnType<typeof scan>>;
    expect(diagnosticFor(result, 'src/locked.ts')).toMatch(/cannot read: EACCES/);
    expect(result.endpoints.map((e) => e.path)).toEqual(['/ok']);
  });

  it('treats a tracked file deleted from the work tree as gone, not as an error', async () => {
    const root = tempRepo(
      { 'package.json': expressPackage, 'src/app.ts': goodRoute, 'src/gone.ts': 'x' },
      { git: true },
    );
    execFileSync('git', ['add', '.'], { cwd: root });
    execFileSync('rm', [join(root, 'src/gone.ts')]);
    const result = await scan({ paths: [root], cacheDir: false });
    expect(result.diagnostics).toEqual([]);
    expect(result.endpoints).toHaveLength(1);
  });
});

describe('unusable paths', () => {
  it('rejects a path that does not exist, naming it', async () => {
    await expect(scan({ paths: ['/no/such/dir'], cacheDir: false })).rejects.toMatchObject({
      code: 'path-not-found',
      message: expect.stringContaining('/no/such/dir'),
    });
  });

  it('rejects a file given as a repo', async () => {
    const root = tempRepo({ 'a.ts': '' });
    await expect(scan({ paths: [join(root, 'a.ts')], cacheDir: false })).rejects.toMatchObject({
      code: 'not-a-directory',
    });
  });

  it('rejects an apiOrigins entry that is not an origin', async () => {
    const root = tempRepo({ 'baton.config.json': JSON.stringify({ apiOrigins: ['api.example.com/v1'] }) });
    await expect(scan({ paths: [root], cacheDir: false })).rejects.toMatchObject({
      code: 'invalid-config',
      message: expect.stringMatching(/"apiOrigins" must be an array of origins/),
    });
  });

  it('rejects a config with a bad field, naming file and field', async () => {
    const root = tempRepo({ 'baton.config.json': JSON.stringify({ repos: [{ path: 'web', role: 'ui' }] }) });
    await expect(scan({ paths: [root], cacheDir: false })).rejects.toMatchObject({
      code: 'invalid-config',
      message: expect.stringMatching(/baton\.config\.json: "repos\[0\]\.role" must be one of frontend/),
    });
  });
});

describe('hostile documents', () => {
  it('reports a YAML alias bomb in an OpenAPI file instead of expanding it', async () => {
    const lines = ['openapi: 3.0.0', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(
        `${next}: &${next} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`,
      );
    }
    lines.push('paths:', '  /boom:', '    get:', '      responses: { "200": { description: ok } }');
    const root = tempRepo({ 'openapi.yaml': `${lines.join('\n')}\n`, 'package.json': '{}' });
    const result = await scan({ paths: [root], cacheDir: false });
    expect(diagnosticFor(result, 'openapi.yaml')).toMatch(/openapi: .*alias/i);
    expect(result.endpoints).toEqual([]);
  });
});
