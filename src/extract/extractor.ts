import type { FileFacts } from './facts.js';
import type { PyFile } from './python/py-file.js';
import type { ParsedFile } from './parsed-file.js';

/** What an extractor may know about a repo before reading files: enough to decide whether it applies. */
export interface RepoInfo {
  root: string;
  /** Every dependency named by any package.json in the repo. */
  dependencies: ReadonlySet<string>;
  hasPackageJson: boolean;
  /** A requirements file, pyproject.toml, Pipfile or setup.py; its names are in `dependencies` as `pypi:…`. */
  hasPythonManifest?: boolean;
}

/**
 * One framework, client or schema source. `prefilter` runs on raw text and must be cheap: only files that pass
 * any active extractor's prefilter get a syntax tree built. Extractors never read other files, the store or
 * the network; cross-file meaning (imports, mounts, base URLs) is the linker's job.
 */
export interface Extractor {
  name: string;
  detect(repo: RepoInfo): boolean;
  /** `path` is repo-relative: file-based routers (Next.js, SvelteKit) decide by where a file lives. */
  prefilter(text: string, path: string): boolean;
  extract(file: ParsedFile, facts: FileFacts): void;
  /**
   * Extractors that read documents rather than code (OpenAPI specs) name the files they want; those files
   * go to `extractDocument` as text, with no syntax tree.
   */
  documents?: RegExp;
  /** The PostgreSQL parser (WASM) must be loaded before `extract` runs: the scan loads it only when asked. */
  needs?: Need | readonly Need[];
  /** Reads Python (`.py`) files, through `extractPython`, instead of JavaScript and TypeScript ones. */
  language?: 'python';
  extractPython?(file: PyFile, facts: FileFacts): void;
  extractDocument?(path: string, text: string, facts: FileFacts): void;
}

/** A parser (WASM) some extractors need loaded before they run. */
export type Need = 'sql-parser' | 'python-parser';

export function needs(extractor: Extractor, need: Need): boolean {
  const list = extractor.needs;
  return list === need || (Array.isArray(list) && list.includes(need));
}

/** The Python counterpart of dependsOn: on in repos that declare no Python dependencies at all. */
export function dependsOnPython(repo: RepoInfo, ...names: string[]): boolean {
  return !repo.hasPythonManifest || names.some((name) => repo.dependencies.has(`pypi:${name}`));
}

/** True when the repo declares `name`, or declares nothing at all (plain scripts get the benefit of the doubt). */

export function dependsOn(repo: RepoInfo, ...names: string[]): boolean {
  return !repo.hasPackageJson || names.some((name) => repo.dependencies.has(name));
}
