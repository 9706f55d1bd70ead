import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProjectFinding, ProjectRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { appSourceFiles, MIN_APP_FILES } from '../app-files.js';

export const NO_CI: RuleMeta = {
  id: 'ci.none',
  severity: 'info',
  title: 'No CI configuration',
  fix: 'Add a pipeline that installs with the lockfile and runs the type check, the tests and the build on every push and pull request (e.g. `.github/workflows/ci.yml` running `npm ci && npm test && npm run build`).',
};

/** CI systems by the file or folder they read. */
const CI_FILES = [
  '.gitlab-ci.yml',
  '.circleci/config.yml',
  'azure-pipelines.yml',
  'Jenkinsfile',
  'bitbucket-pipelines.yml',
  '.buildkite',
  '.drone.yml',
  '.travis.yml',
  '.woodpecker.yml',
  '.woodpecker',
  'appveyor.yml',
  '.semaphore/semaphore.yml',
  'buildspec.yml',
  'cloudbuild.yaml',
  'codemagic.yaml',
  'bitrise.yml',
];
/** Folders of workflow files: one `.yml` in them is a pipeline. */
const WORKFLOW_DIRS = ['.github/workflows', '.gitea/workflows', '.forgejo/workflows'];
/** How far above a repo root CI config is looked for (a package of a monorepo is tested from its root). */
const MAX_LEVELS_UP = 12;

/**
 * A project none of whose repos has CI config, at its root or above it up to the enclosing git work tree (a
 * monorepo's pipeline lives at the top). Fixed paths are asked of the disk: the walker's list does not
 * reach above the scanned folder. Deploy hooks (Vercel, Netlify) build but run no tests; they do not count.
 */
export function noCi(context: ProjectRuleContext): ProjectFinding[] {
  const sources = context.repos.reduce((n, repo) => n + appSourceFiles(repo.files).length, 0);
  if (sources < MIN_APP_FILES || context.repos.length === 0) return [];
  if (context.repos.some((repo) => searchedFolders(repo.root).some(hasCiConfig))) return [];
  const repo = context.repos[0] as (typeof context.repos)[number];
  // At the shallowest package.json: the project's manifest, where a pipeline would run its scripts.
  const manifests = repo.files
    .filter((path) => /(?:^|\/)package\.json$/.test(path))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const file = manifests[0] ?? repo.files[0] ?? 'package.json';
  return [
    {
      repo: repo.name,
      file,
      rule: NO_CI.id,
      line: 1,
      column: 1,
      message: `No CI configuration in ${context.repos.length === 1 ? 'the repo' : `any of the ${context.repos.length} repos`} (looked for .github/workflows, .gitlab-ci.yml, .circleci, Jenkinsfile, azure-pipelines.yml, bitbucket-pipelines.yml…): tests, type checks and builds run only when someone remembers to.`,
      subject: 'ci',
      key: 'ci',
    },
  ];
}

/** The repo root, then the folders above it up to the git work tree's top (none above when not in one). */
function searchedFolders(root: string): string[] {
  const folders = [root];
  let dir = root;
  for (let level = 0; level < MAX_LEVELS_UP && !existsSync(join(dir, '.git')); level++) {
    const parent = dirname(dir);
    if (parent === dir) return [root];
    dir = parent;
    folders.push(dir);
  }
  return existsSync(join(dir, '.git')) ? folders : [root];
}

function hasCiConfig(dir: string): boolean {
  if (CI_FILES.some((name) => existsSync(join(dir, name)))) return true;
  return WORKFLOW_DIRS.some((folder) => {
    try {
      return readdirSync(join(dir, folder)).some((name) => /\.ya?ml$/.test(name));
    } catch {
      return false;
    }
  });
}
