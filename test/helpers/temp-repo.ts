import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway repo on disk: real files, optionally a real git work tree. Removed after the test file. */
export function tempRepo(files: Record<string, string | Buffer>, options: { git?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-test-'));
  made.push(dir);
  writeFiles(dir, files);
  if (options.git) execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-test-'));
  made.push(dir);
  return dir;
}

export const expressPackage = JSON.stringify({ name: 'api', dependencies: { express: '^4.21.0' } });
