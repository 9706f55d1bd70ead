import type { Endpoint } from '../../scan/scan-result.js';
import type { RepoRuleContext } from '../family.js';
import { appSourceFiles, isApp } from '../app-files.js';
import { type Manifest, dependenciesOf, manifestOf, manifestsOf, readBounded } from '../manifests.js';

/** A package of the repo that serves endpoints: its manifest, what it depends on and its own code. */
export interface BackendPackage {
  manifest: Manifest;
  dependencies: Set<string>;
  /** Every manifest of the repo (for rules that look beyond the package). */
  manifests: Manifest[];
  frameworks: Set<string>;
  endpoints: Endpoint[];
  /** The package's own source files (not tests, not those of a package nested in it). */
  files: string[];
}

/**
 * The repo's packages with endpoints from `frameworks`, grouped by the package.json that governs each
 * endpoint's file. Repos below the app size, and endpoints outside any package.json, are not judged.
 */
export function backendPackages(context: RepoRuleContext, frameworks: ReadonlySet<string>): BackendPackage[] {
  if (!isApp(context.files)) return [];
  const endpoints = context.links.endpoints.filter((e) => frameworks.has(e.framework));
  if (endpoints.length === 0) return [];
  const manifests = manifestsOf(context.files, context.read);
  const byManifest = new Map<Manifest, Endpoint[]>();
  for (const endpoint of endpoints) {
    const manifest = manifestOf(endpoint.source.file, manifests);
    if (!manifest) continue;
    const list = byManifest.get(manifest);
    if (list) list.push(endpoint);
    else byManifest.set(manifest, [endpoint]);
  }
  // Each source file under the manifest that governs it, grouped once rather than filtered per package.
  const filesOf = new Map<Manifest, string[]>();
  for (const file of appSourceFiles(context.files)) {
    const manifest = manifestOf(file, manifests);
    if (!manifest || !byManifest.has(manifest)) continue;
    const list = filesOf.get(manifest);
    if (list) list.push(file);
    else filesOf.set(manifest, [file]);
  }
  return [...byManifest].map(([manifest, own]) => ({
    manifest,
    dependencies: dependenciesOf(manifest, manifests),
    manifests,
    frameworks: new Set(own.map((e) => e.framework)),
    endpoints: own,
    files: filesOf.get(manifest) ?? [],
  }));
}

/** Bounded reads of a package's files: enough to see how it logs, never the whole of a huge repo. */
export function readPackageFiles(
  files: readonly string[],
  read: (path: string) => string | undefined,
): { path: string; text: string }[] {
  return readBounded(files, read, 600, 8 * 1024 * 1024);
}
