import { dirname } from 'node:path';
import { type FindingFact, type RuleMeta, positionAt } from '../rule.js';

export const UNPINNED: RuleMeta = {
  id: 'deps.unpinned',
  severity: 'warning',
  title: 'A dependency accepts any version',
  fix: 'Give it a range with an upper bound (`^1.4.2`), and commit the lockfile so every install resolves the same versions.',
};

export const NO_LOCKFILE: RuleMeta = {
  id: 'deps.no-lockfile',
  severity: 'warning',
  title: 'Dependencies without a lockfile',
  fix: 'Run the package manager once and commit its lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock or bun.lock); install with `npm ci` in CI and deploys.',
};

const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
/** Ranges that take whatever is newest: a new major lands on the next install, unreviewed. */
const OPEN = /^(?:\*|x|X|latest|next|)$|^>=?\s*[\d.x*]+$/;
/** Not registry ranges: workspace links, paths, git and URLs pin themselves or are the repo's own. */
const NOT_A_RANGE = /^(?:workspace:|file:|link:|portal:|git\+|git:|github:|https?:|npm:|catalog:)/;

/** `"left-pad": "*"` and `"react": "latest"` in a package.json. */
export function unpinnedFindings(path: string, text: string): FindingFact[] {
  if (!/(?:^|\/)package\.json$/.test(path)) return [];
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return [];
  }
  const found: FindingFact[] = [];
  for (const section of SECTIONS) {
    const deps = json[section];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, range] of Object.entries(deps as Record<string, unknown>)) {
      if (typeof range !== 'string' || NOT_A_RANGE.test(range) || !OPEN.test(range.trim())) continue;
      const at = text.indexOf(`"${name}"`, text.indexOf(`"${section}"`));
      found.push({
        rule: UNPINNED.id,
        ...positionAt(text, Math.max(0, at)),
        message: `${name} is "${range || '(empty)'}" in ${section}: every install may take a new major version.`,
        subject: `${section}.${name}`,
        key: `${section}.${name}`,
      });
    }
  }
  return found;
}

const LOCKFILES = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lockb',
  'bun.lock',
];

/**
 * Package manifests with dependencies and no lockfile beside them or in a folder above (a workspace root
 * locks its packages), up to the repo root. Reads only the manifests the walker listed.
 */
export function noLockfileFindings(
  paths: readonly string[],
  read: (path: string) => string | undefined,
  /** Lockfiles are not in the walked list (the walker drops them as noise): asked of the disk. */
  exists: (path: string) => boolean,
): (FindingFact & { file: string })[] {
  const found: (FindingFact & { file: string })[] = [];
  for (const path of paths) {
    if (!/(?:^|\/)package\.json$/.test(path)) continue;
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(read(path) ?? '') as Record<string, unknown>;
    } catch {
      continue;
    }
    const count = SECTIONS.reduce(
      (n, s) => n + Object.keys((json?.[s] as object | undefined) ?? {}).length,
      0,
    );
    if (count === 0) continue;
    let dir = dirname(path);
    let locked = false;
    for (;;) {
      const prefix = dir === '.' ? '' : `${dir}/`;
      if (LOCKFILES.some((lock) => exists(`${prefix}${lock}`))) {
        locked = true;
        break;
      }
      if (dir === '.' || dir === '') break;
      dir = dirname(dir);
    }
    if (locked) continue;
    found.push({
      file: path,
      rule: NO_LOCKFILE.id,
      line: 1,
      column: 1,
      message: `${path} declares ${count} dependenc${count === 1 ? 'y' : 'ies'} and no lockfile is committed: each install may resolve different versions.`,
      subject: path,
      key: path,
    });
  }
  return found;
}
