/**
 * What a scan never reads: dependencies, build output, caches, and generated or vendored files. A repo's own
 * .gitignore applies on top of this.
 */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'dist',
  'build',
  'out',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.output',
  '.vercel',
  '.netlify',
  '.turbo',
  '.cache',
  '.parcel-cache',
  'coverage',
  '.nyc_output',
  '.git',
  '.hg',
  '.svn',
  '.baton',
  '.yarn',
  '.venv',
  'venv',
  '__pycache__',
]);

const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'bun.lock',
  'deno.lock',
  'composer.lock',
  'Cargo.lock',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'Gemfile.lock',
]);

const GENERATED_SUFFIXES = [
  '.min.js',
  '.min.mjs',
  '.min.cjs',
  '.min.css',
  '.map',
  '.tsbuildinfo',
  '.bundle.js',
];

/** True when a repo-relative path (forward slashes) is never scanned. */
export function isIgnoredPath(path: string): boolean {
  const segments = path.split('/');
  for (let i = 0; i < segments.length - 1; i++) {
    if (IGNORED_DIRECTORIES.has(segments[i] as string)) return true;
  }
  const name = segments[segments.length - 1] as string;
  if (LOCKFILES.has(name)) return true;
  const lower = name.toLowerCase();
  return GENERATED_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}
