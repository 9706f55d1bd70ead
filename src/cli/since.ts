import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { BatonError } from '../errors.js';
import { scan } from '../scan/scan.js';
import type { ScanOptions } from '../scan/scan.js';

/**
 * The fingerprints of the mismatches and findings a git ref already had, for `--since`: each scanned path's repository is
 * checked out at the ref into a temporary worktree (removed afterwards) under the same folder name, so repo
 * names — and with them fingerprints — match the work tree's.
 */
export async function fingerprintsAt(ref: string, options: ScanOptions): Promise<Set<string>> {
  const paths = options.paths && options.paths.length > 0 ? options.paths : ['.'];
  const scratch = mkdtempSync(join(tmpdir(), 'baton-since-'));
  const worktrees = new Map<string, string>();
  try {
    const mapped = paths.map((path) => {
      const absolute = resolve(options.cwd ?? process.cwd(), path);
      const top = git(absolute, ['rev-parse', '--show-toplevel']).trim();
      let tree = worktrees.get(top);
      if (!tree) {
        tree = join(scratch, String(worktrees.size), basename(top));
        git(top, ['worktree', 'add', '--detach', '--quiet', tree, ref]);
        worktrees.set(top, tree);
      }
      const inside = relative(top, absolute);
      return inside === '' ? tree : join(tree, inside);
    });
    // The folder scanned keeps its name: `.` in a repo named shop is `…/shop` in the worktree.
    const { onProgress: _quiet, ...rest } = options;
    const before = await scan({ ...rest, paths: mapped, cacheDir: false });
    // Findings pass the same gate, so what the ref already had of them is accepted too.
    return new Set([...before.mismatches, ...before.findings].map((m) => m.fingerprint));
  } finally {
    for (const [top, tree] of worktrees) {
      try {
        git(top, ['worktree', 'remove', '--force', tree]);
      } catch {
        // Removing the folder below is enough; `git worktree prune` forgets it later.
      }
    }
    rmSync(scratch, { recursive: true, force: true });
  }
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new BatonError(
      'invalid-argument',
      `--since: git ${args[0]} in ${cwd} failed: ${stderr || (error as Error).message}`,
    );
  }
}
