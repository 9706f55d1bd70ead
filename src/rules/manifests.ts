import { dirname } from 'node:path';

/** A package.json the walker listed, parsed. */
export interface Manifest {
  path: string;
  /** The folder it governs, `''` for the repo root. */
  dir: string;
  text: string;
  json: {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    scripts?: Record<string, string>;
  };
}

/**
 * Parsed once per repo's file list: half a dozen repo rules ask for the manifests of the same repo, and a
 * monorepo has hundreds.
 */
const PARSED = new WeakMap<readonly string[], Manifest[]>();

/** Every readable package.json of the repo, shallowest first. */
export function manifestsOf(
  files: readonly string[],
  read: (path: string) => string | undefined,
): Manifest[] {
  const parsed = PARSED.get(files);
  if (parsed) return parsed;
  const found: Manifest[] = [];
  for (const path of files) {
    if (!/(?:^|\/)package\.json$/.test(path)) continue;
    const text = read(path);
    if (!text) continue;
    try {
      const json = JSON.parse(text) as Manifest['json'];
      if (typeof json !== 'object' || json === null) continue;
      const dir = dirname(path);
      found.push({ path, dir: dir === '.' ? '' : dir, text, json });
    } catch {
      // A manifest that does not parse declares nothing we can read; other rules report broken JSON.
    }
  }
  found.sort((a, b) => depth(a.dir) - depth(b.dir) || a.path.localeCompare(b.path));
  PARSED.set(files, found);
  return found;
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}

/** The folder `dir` is inside (or is) `parent`. */
export function within(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

/** Manifests by folder, built once per list: rules ask for thousands of files' manifests in big repos. */
const BY_DIR = new WeakMap<readonly Manifest[], Map<string, Manifest>>();

/** The manifest governing `file`: the deepest one whose folder holds it (a walk up the file's folders). */
export function manifestOf(file: string, manifests: readonly Manifest[]): Manifest | undefined {
  let byDir = BY_DIR.get(manifests);
  if (!byDir) {
    byDir = new Map(manifests.map((m) => [m.dir, m]));
    BY_DIR.set(manifests, byDir);
  }
  let dir = file;
  // Bounded by the path's depth: each step drops one segment.
  for (;;) {
    const slash = dir.lastIndexOf('/');
    dir = slash < 0 ? '' : dir.slice(0, slash);
    const found = byDir.get(dir);
    if (found) return found;
    if (dir === '') return undefined;
  }
}

/** Names the manifest and every manifest above it declare (a workspace root's packages serve its members). */
export function dependenciesOf(manifest: Manifest, manifests: readonly Manifest[]): Set<string> {
  const names = new Set<string>();
  for (const other of manifests) {
    if (!within(manifest.dir, other.dir)) continue;
    const { dependencies, devDependencies, optionalDependencies, peerDependencies } = other.json;
    for (const section of [dependencies, devDependencies, optionalDependencies, peerDependencies])
      for (const name of Object.keys(section ?? {})) names.add(name);
  }
  return names;
}

/** The 1-based line of `"key"` in the manifest's text, or 1. */
export function lineOfKey(manifest: Manifest, key: string): number {
  const at = manifest.text.indexOf(`"${key}"`);
  return at < 0 ? 1 : manifest.text.slice(0, at).split('\n').length;
}

/**
 * The texts of `files` in order, stopping at `maxFiles` or once `maxBytes` have been read: rules that read a
 * package's or the tests' code see enough of it, never the whole of a huge repo.
 */
export function readBounded(
  files: readonly string[],
  read: (path: string) => string | undefined,
  maxFiles: number,
  maxBytes: number,
): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  let bytes = 0;
  for (const path of files.slice(0, maxFiles)) {
    const text = read(path);
    if (text === undefined) continue;
    bytes += text.length;
    if (bytes > maxBytes) break;
    out.push({ path, text });
  }
  return out;
}
