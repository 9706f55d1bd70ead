import { execFileSync } from 'node:child_process';
import { type Dirent, type Stats, lstatSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { IGNORED_DIRECTORIES, isIgnoredPath } from './ignore-rules.js';

export interface WalkedFile {
  /** Repo-relative, forward slashes. */
  path: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Files listed but not usable, with the reason when a person should hear it. */
  skipped: { path: string; reason?: string }[];
  lister: 'git' | 'glob';
}

/**
 * Lists a repo's files: `git ls-files` in a git work tree (tracked + untracked, honouring every ignore file
 * git honours, ~50× faster than walking), else a directory walk honouring .gitignore files. Symlinks are never
 * followed.
 */
export function walkRepo(root: string): WalkResult {
  const listed = gitFiles(root);
  const lister = listed && listed.length > 0 ? 'git' : 'glob';
  const paths = lister === 'git' ? (listed as string[]) : plainFiles(root);
  const files: WalkedFile[] = [];
  const skipped: WalkResult['skipped'] = [];
  let rootReal: string | undefined;
  for (const path of paths) {
    if (isIgnoredPath(path)) continue;
    let stats: Stats;
    try {
      stats = lstatSync(join(root, path));
    } catch (error) {
      // git lists tracked files deleted from the work tree; they are simply gone.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        skipped.push({ path, reason: `cannot read: ${(error as Error).message}` });
      continue;
    }
    if (stats.isSymbolicLink()) {
      rootReal ??= realpathSync(root);
      const reason = symlinkProblem(join(root, path), rootReal);
      skipped.push(reason ? { path, reason } : { path });
      continue;
    }
    if (!stats.isFile()) {
      // Submodules show up as directories; pipes and sockets would block a read forever.
      if (!stats.isDirectory())
        skipped.push({ path, reason: 'not a regular file (pipe, socket or device); skipped' });
      continue;
    }
    files.push({ path, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino });
  }
  return { files, skipped, lister };
}

/** Symlinked files are never read: their targets are scanned in their own right when inside the repo. */
function symlinkProblem(link: string, rootReal: string): string | undefined {
  let target: string;
  try {
    target = realpathSync(link);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'symlink loop; not followed';
    if (code === 'ENOENT') return 'symlink to a missing target; not followed';
    return `symlink not followed: ${(error as Error).message}`;
  }
  const inside = relative(rootReal, target);
  if (inside.startsWith('..') || inside === '' || inside.startsWith(sep) || /^[a-zA-Z]:/.test(inside))
    return 'symlink points outside the repo; not followed';
  return undefined;
}

function gitFiles(root: string): string[] | undefined {
  try {
    const inside = execFileSync('git', ['-C', root, 'rev-parse', '--is-inside-work-tree'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    if (inside.trim() !== 'true') return undefined;
    const out = execFileSync('git', ['-C', root, 'ls-files', '-z', '-c', '-o', '--exclude-standard'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 1024 * 1024 * 512,
    });
    // -c and -o overlap for files both tracked and modified; keep one entry each.
    return [...new Set(out.split('\0').filter((line) => line.length > 0))];
  } catch {
    return undefined;
  }
}

/**
 * Walks a folder that is not a git work tree, honouring every .gitignore on the way down and pruning ignored
 * directories before entering them. Symlinks and special files are listed (not entered) so they get checked.
 */
function plainFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string, rules: { base: string; rules: Ignore }[]) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    const own = entries.find((entry) => entry.name === '.gitignore' && entry.isFile());
    let active = rules;
    if (own) {
      try {
        const text = readFileSync(join(root, dir, '.gitignore'), 'utf8');
        active = [...rules, { base: dir === '' ? '' : `${dir}/`, rules: ignore().add(text) }];
      } catch {
        // An unreadable .gitignore ignores nothing.
      }
    }
    for (const entry of entries) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      const isDir = entry.isDirectory();
      if (isDir && IGNORED_DIRECTORIES.has(entry.name)) continue;
      const ignored = active.some(
        ({ base, rules: ig }) =>
          path.startsWith(base) && ig.ignores(path.slice(base.length) + (isDir ? '/' : '')),
      );
      if (ignored) continue;
      if (isDir) visit(path, active);
      else out.push(path);
    }
  };
  visit('', []);
  return out;
}
