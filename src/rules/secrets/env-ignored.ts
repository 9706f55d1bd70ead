import { dirname, posix } from 'node:path';
import type { RepoFinding, RepoRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { isEnvFile } from './env-files.js';

export const ENV_NOT_IGNORED: RuleMeta = {
  id: 'secrets.env-not-ignored',
  severity: 'warning',
  title: '.env is not in .gitignore',
  fix: 'Add `.env` and `.env*.local` (keeping `!.env.example`) to the .gitignore next to the package, so the next `git add .` cannot commit real values.',
};

/** Templates that say "this package reads a .env": the strongest sign one exists on developers' machines. */
const TEMPLATE = /(?:^|\/)\.env\.(?:example|sample|template|dist|defaults?)$/i;

/**
 * A package that reads a `.env` (it commits a `.env.example`, or depends on dotenv) where no .gitignore
 * from its folder up to the repo root ignores `.env`. The committed file itself is `secrets.env-file`'s.
 */
export function envNotIgnoredFindings(context: RepoRuleContext): RepoFinding[] {
  const files = new Set(context.files);
  const candidates = new Map<string, string>();
  for (const path of context.files) {
    if (TEMPLATE.test(path)) candidates.set(dirname(path), path);
    else if (/(?:^|\/)package\.json$/.test(path) && !candidates.has(dirname(path))) {
      const text = context.read(path);
      if (text && /"dotenv(?:-[\w-]+)?"\s*:/.test(text)) candidates.set(dirname(path), path);
    }
  }
  const found: RepoFinding[] = [];
  for (const [dir, evidence] of candidates) {
    // A .env already listed is committed or about to be: secrets.env-file reports it.
    if (context.files.some((f) => dirname(f) === dir && isEnvFile(f))) continue;
    if (ignoredBySomeGitignore(dir, files, context)) continue;
    found.push({
      rule: ENV_NOT_IGNORED.id,
      file: evidence,
      line: 1,
      column: 1,
      message: `${evidence} shows this package reads a .env, but no .gitignore from ${dir === '.' ? 'the repo root' : dir} up ignores .env.`,
      subject: dir === '.' ? '.env' : `${dir}/.env`,
      key: dir,
    });
  }
  return found;
}

function ignoredBySomeGitignore(dir: string, files: ReadonlySet<string>, context: RepoRuleContext): boolean {
  let current = dir;
  // Bounded by the folder depth: each step goes one folder up.
  for (;;) {
    const gitignore = current === '.' ? '.gitignore' : `${current}/.gitignore`;
    if (files.has(gitignore) && ignoresEnv(context.read(gitignore) ?? '', dir, current)) return true;
    if (current === '.') return false;
    current = dirname(current);
  }
}

/** Whether the lines of a .gitignore at `base` ignore `<dir>/.env` (the last matching line wins). */
export function ignoresEnv(text: string, dir: string, base: string): boolean {
  const target = posix.relative(base === '.' ? '' : base, posix.join(dir, '.env'));
  let ignored = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/\/$/, '');
    if (globMatches(pattern, target)) ignored = !negated;
  }
  return ignored;
}

/** gitignore globs as far as `.env` needs: `*`, `?`, `**`, anchored with a slash or matching any name. */
function globMatches(pattern: string, path: string): boolean {
  const anchored = pattern.includes('/') && !pattern.startsWith('**/');
  const body = pattern.replace(/^\//, '').replace(/^\*\*\//, '');
  if (body.length > 200) return false;
  const regex = new RegExp(
    `^${body
      .split('')
      .map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  );
  if (anchored) return regex.test(path);
  return regex.test(path) || regex.test(posix.basename(path));
}
