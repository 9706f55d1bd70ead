import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { EXTRACTORS } from '../extract/registry.js';
import type { FileFacts } from '../extract/facts.js';
import { analyzerDigest } from '../version.js';
import { analyzeFile } from './analyze-file.js';
import { buildCalls, buildEndpoints, inferRole } from './build-result.js';
import { scanTargets } from './config.js';
import { FactCache } from './fact-cache.js';
import { linkCalls } from './link-calls.js';
import { linkRoutes } from './link-routes.js';
import { ModuleGraph } from './module-graph.js';
import { analyzeAll, defaultWorkers } from './pool.js';
import { readRepo } from './read-repo.js';
import { readSource } from './read-source.js';
import { repoInfo } from './repo-info.js';
import { ModuleResolver } from './resolve-module.js';
import type { Diagnostic, ScanResult } from './scan-result.js';
import { walkRepo } from './walk.js';

export interface ScanProgress {
  phase: 'walk' | 'read' | 'parse' | 'link';
  done: number;
  total: number;
}

export interface ScanOptions {
  /** Repo roots (or folders holding a baton.config.json); default: the config in `cwd`, else `cwd`. */
  paths?: readonly string[];
  cwd?: string;
  /** Where parsed facts are cached between runs; `false` disables the cache. Default `<cwd>/.baton/cache`. */
  cacheDir?: string | false;
  /** Parser threads; default one per core. */
  workers?: number;
  /** Files larger than this are skipped with a diagnostic; default 1 MiB. */
  maxFileBytes?: number;
  onProgress?: (progress: ScanProgress) => void;
}

const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/**
 * Scans repos without running them and returns the ScanResult v1: endpoints and calls linked across files.
 * @throws BatonError `path-not-found` / `not-a-directory` / `invalid-config` for unusable input.
 */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const targets = scanTargets(options.paths ?? [], cwd);
  const maxFileBytes = options.maxFileBytes ?? targets.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const cacheDir =
    options.cacheDir === false ? undefined : (options.cacheDir ?? join(cwd, '.baton', 'cache'));
  const progress = options.onProgress ?? (() => {});
  const diagnostics: Diagnostic[] = [];
  const digest = analyzerDigest();

  progress({ phase: 'walk', done: 0, total: targets.repos.length });
  const repos = targets.repos.map((target) => {
    const diagnose = (file: string, message: string) =>
      diagnostics.push({ repo: target.name, file, message });
    const walked = walkRepo(target.root);
    for (const skip of walked.skipped) if (skip.reason) diagnose(skip.path, skip.reason);
    const info = repoInfo(target.root, walked.files, diagnose);
    const extractors = EXTRACTORS.filter((extractor) => extractor.detect(info));
    const cache = FactCache.open(
      cacheDir,
      target.root,
      `${digest}:${extractors.map((e) => e.name).join(',')}`,
    );
    return { target, walked, extractors, cache, diagnose };
  });

  const reads = repos.map((repo, i) => {
    progress({ phase: 'read', done: i, total: repos.length });
    return readRepo(
      repo.target.root,
      repo.walked.files,
      repo.extractors,
      repo.cache,
      maxFileBytes,
      repo.diagnose,
    );
  });

  const jobs = reads.flatMap((read, r) => read.jobs.map((job) => ({ ...job, repo: r })));
  progress({ phase: 'parse', done: 0, total: jobs.length });
  const parsed = await analyzeAll(jobs, options.workers ?? defaultWorkers(), (done) =>
    progress({ phase: 'parse', done, total: jobs.length }),
  );
  jobs.forEach((job, i) => {
    const facts = parsed[i] as FileFacts;
    (reads[job.repo] as (typeof reads)[number]).facts.set(job.path, facts);
    repos[job.repo]?.cache.put(job.file, job.hash, facts);
  });

  const result: ScanResult = {
    version: 1,
    project: targets.project,
    scannedAt: new Date().toISOString(),
    repos: [],
    endpoints: [],
    calls: [],
    tables: [],
    queries: [],
    mismatches: [],
    findings: [],
    diagnostics,
    stats: {
      files: 0,
      bytes: 0,
      parsedFiles: jobs.length,
      cachedFiles: 0,
      unresolvedCalls: 0,
      ms: 0,
      skippedFiles: 0,
    },
  };
  const endpointIds = new Set<string>();
  const callIds = new Set<string>();
  repos.forEach((repo, r) => {
    progress({ phase: 'link', done: r, total: repos.length });
    const read = reads[r] as (typeof reads)[number];
    const { root, name } = repo.target;
    for (const [file, facts] of read.facts)
      for (const message of facts.diagnostics) repo.diagnose(file, message);
    const paths = repo.walked.files.map((file) => file.path);
    const resolver = new ModuleResolver(
      new Set(paths),
      (path) => readSmallText(join(root, path)),
      repo.diagnose,
    );
    // The linker may need exports and constants of a file no extractor wanted: read those on demand.
    const graph = new ModuleGraph(resolver, (path) => {
      const facts = read.facts.get(path);
      if (!facts || facts.parsed) return facts;
      const source = readSource(join(root, path));
      if (!('text' in source)) return facts;
      const full = analyzeFile(path, source.text, [], true);
      result.stats.parsedFiles++;
      read.facts.set(path, full);
      repo.cache.upgrade(path, full);
      return full;
    });
    const sourceFiles = [...read.facts.keys()].sort();
    const routes = linkRoutes(sourceFiles, graph, repo.diagnose);
    const calls = linkCalls(sourceFiles, graph);
    const endpoints = buildEndpoints(name, routes, endpointIds);
    const builtCalls = buildCalls(name, calls.calls, callIds);
    result.endpoints.push(...endpoints);
    result.calls.push(...builtCalls);
    const bytes = repo.walked.files.reduce((sum, file) => sum + file.size, 0);
    const commit = repo.walked.lister === 'git' ? gitCommit(root) : undefined;
    result.repos.push({
      name,
      root: displayPath(cwd, root),
      role: repo.target.role ?? inferRole(endpoints.length, builtCalls.length, 0),
      ...(commit ? { commit } : {}),
      files: repo.walked.files.length,
      bytes,
    });
    result.stats.files += repo.walked.files.length;
    result.stats.bytes += bytes;
    result.stats.cachedFiles += read.cached;
    result.stats.unresolvedCalls += calls.unresolved;
    result.stats.skippedFiles += read.skipped + repo.walked.skipped.length;
    repo.cache.save();
  });

  sortResult(result);
  result.stats.ms = Math.round(performance.now() - started);
  return result;
}

function sortResult(result: ScanResult): void {
  const bySource = (
    a: { source: { repo: string; file: string; line: number; column: number } },
    b: typeof a,
  ) =>
    a.source.repo.localeCompare(b.source.repo) ||
    a.source.file.localeCompare(b.source.file) ||
    a.source.line - b.source.line ||
    a.source.column - b.source.column;
  result.endpoints.sort(
    (a, b) =>
      a.repo.localeCompare(b.repo) ||
      a.path.localeCompare(b.path) ||
      a.method.localeCompare(b.method) ||
      bySource(a, b),
  );
  result.calls.sort(bySource);
  result.diagnostics.sort((a, b) => a.repo.localeCompare(b.repo) || a.file.localeCompare(b.file));
}

function readSmallText(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return text.length > 1024 * 1024 ? undefined : text;
  } catch {
    return undefined;
  }
}

function gitCommit(root: string): string | undefined {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

function displayPath(cwd: string, root: string): string {
  const inside = relative(cwd, root);
  if (inside === '') return '.';
  if (inside.startsWith('..') || isAbsolute(inside)) return root;
  return inside.split(sep).join('/');
}
