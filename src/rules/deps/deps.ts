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

export const VERSION_SKEW: RuleMeta = {
  id: 'deps.version-skew',
  severity: 'warning',
  title: 'Repos of one project use different majors of a package',
  fix: 'Align the repos on one major (shared schemas, API types and validators must agree on both sides), or document why they differ.',
};

/** The major a range starts from (`^4.2.0` → 4, `~3.1` → 3, `5.0.0` → 5); none for open or odd ranges. */
export function majorOf(range: string): number | undefined {
  const match = /^\s*[\^~=v]?\s*(\d+)\.\d+/.exec(range) ?? /^\s*[\^~]?(\d+)\s*$/.exec(range);
  return match ? Number(match[1]) : undefined;
}

/**
 * Across the repos of a project: a package whose `dependencies` ranges start from different majors in
 * different repos (zod 3 in the frontend, zod 4 in the backend). One finding per repo that differs from the
 * others, at its manifest; repos of one major and packages used by one repo say nothing.
 */
export function versionSkewFindings(
  manifests: readonly { repo: string; file: string; text: string }[],
): { repo: string; fact: FindingFact & { file: string } }[] {
  const uses = new Map<string, { repo: string; file: string; major: number; range: string; at: number }[]>();
  for (const manifest of manifests) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(manifest.text) as Record<string, unknown>;
    } catch {
      continue;
    }
    const deps = json.dependencies;
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, range] of Object.entries(deps as Record<string, unknown>)) {
      if (typeof range !== 'string' || NOT_A_RANGE.test(range)) continue;
      const major = majorOf(range);
      if (major === undefined) continue;
      const list = uses.get(name) ?? [];
      list.push({
        repo: manifest.repo,
        file: manifest.file,
        major,
        range,
        at: manifest.text.indexOf(`"${name}"`),
      });
      uses.set(name, list);
    }
  }
  const found: { repo: string; fact: FindingFact & { file: string } }[] = [];
  for (const [name, list] of uses) {
    const majors = new Set(list.map((u) => u.major));
    if (majors.size < 2 || new Set(list.map((u) => u.repo)).size < 2) continue;
    const others = (repo: string) =>
      [...new Set(list.filter((u) => u.repo !== repo).map((u) => `${u.repo} ${u.range}`))].join(', ');
    for (const use of list) {
      if (list.every((u) => u.repo === use.repo || u.major === use.major)) continue;
      const text = manifests.find((m) => m.repo === use.repo && m.file === use.file)?.text ?? '';
      found.push({
        repo: use.repo,
        fact: {
          file: use.file,
          rule: VERSION_SKEW.id,
          ...positionAt(text, Math.max(0, use.at)),
          message: `${name} is ${use.range} here but ${others(use.repo)} elsewhere in the project: different majors.`,
          subject: name,
          key: name,
        },
      });
    }
  }
  return found;
}
