import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { isAbsolute, join, relative, sep } from 'node:path';
import { EXTRACTORS } from '../extract/registry.js';
import { apiMismatches } from '../match/api-mismatches.js';
import { healthOf } from '../match/health.js';
import { buildFindings } from '../rules/build-findings.js';
import { noLockfileFindings, versionSkewFindings } from '../rules/deps/deps.js';
import type { FindingFact } from '../rules/rule.js';
import { projectRuleFindings, repoRuleFindings } from '../rules/run-families.js';
import { readSmallText } from './read-source.js';
import { migrationConflicts } from '../match/migration-conflicts.js';
import { schemaSourceDrift } from '../match/schema-sources.js';
import { schemaUsageMismatches } from '../match/schema-usage.js';
import { analyzerDigest, outcomeDigest } from '../version.js';
import { inferRole } from './build-result.js';
import { type RepoTarget, scanTargets } from './config.js';
import { FactCache, repoKey } from './fact-cache.js';
import { linkRepo } from './link-repo.js';
import { ParsePool, defaultWorkers } from './pool.js';
import { type RepoRead, readRepo } from './read-repo.js';
import { repoInfo } from './repo-info.js';
import { type RepoOutcome, RepoSnapshot } from './repo-snapshot.js';
import type { Diagnostic, Finding, ScanResult } from './scan-result.js';
import { type WalkedFile, type WalkResult, walkRepo } from './walk.js';
import { isPythonFile, isSourceFile } from './analyze-file.js';
import { loadPythonParser } from '../extract/python/parser.js';

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
// Uncached source past which the parse threads start before reading: about a third of a repo's source
// passes the extractors' prefilters, so this much source means more to parse than one thread should.
const WARM_UP_BYTES = 4_000_000;

function readPython(read: RepoRead | undefined): boolean {
  for (const [path, facts] of read?.facts ?? []) if (facts.parsed && isPythonFile(path)) return true;
  return false;
}

/** Bytes of source files the cache cannot answer for by their stat. */
function sourceBytesToParse(files: readonly WalkedFile[], cache: FactCache): number {
  let bytes = 0;
  for (const file of files) if (isSourceFile(file.path) && !cache.hasFresh(file)) bytes += file.size;
  return bytes;
}

interface RepoScan {
  target: RepoTarget;
  walked: WalkResult;
  walkDiagnostics: Diagnostic[];
  snapshot: RepoSnapshot;
  reused?: RepoOutcome;
  /** Set for repos that are read and linked in this scan. */
  work?: { cache: FactCache; read: RepoRead; diagnostics: Diagnostic[] };
}

/**
 * Scans repos without running them and returns the ScanResult v1: endpoints and calls linked across files.
 * @throws BatonError `path-not-found` / `not-a-directory` / `invalid-config` for unusable input.
 */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const startedAt = Date.now();
  const cwd = options.cwd ?? process.cwd();
  const targets = scanTargets(options.paths ?? [], cwd);
  const maxFileBytes = options.maxFileBytes ?? targets.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const cacheDir =
    options.cacheDir === false ? undefined : (options.cacheDir ?? join(cwd, '.baton', 'cache'));
  const progress = options.onProgress ?? (() => {});
  const digest = analyzerDigest();
  let submitted = 0;
  const pool = new ParsePool(options.workers ?? defaultWorkers(), (done) =>
    progress({ phase: 'parse', done, total: submitted }),
  );

  const repos: RepoScan[] = targets.repos.map((target, i) => {
    progress({ phase: 'walk', done: i, total: targets.repos.length });
    const walkDiagnostics: Diagnostic[] = [];
    const diagnose = (file: string, message: string) =>
      walkDiagnostics.push({ repo: target.name, file, message });
    const walked = walkRepo(target.root);
    for (const skip of walked.skipped) if (skip.reason) diagnose(skip.path, skip.reason);
    const info = repoInfo(target.root, walked.files, diagnose);
    const extractors = EXTRACTORS.filter((extractor) => extractor.detect(info));
    // Hashed: a cache file's header is read from its first 512 bytes, and the list of extractors outgrew them.
    const signature = `${digest}:${createHash('sha1')
      .update(extractors.map((e) => e.name).join(','))
      .digest('hex')
      .slice(0, 16)}`;
    const key = repoKey(target.root);
    const snapshot = RepoSnapshot.open(
      cacheDir,
      key,
      `${outcomeDigest()}:${signature}:${target.name}:${maxFileBytes}:${targets.apiHosts.join(',')}`,
      walked.files,
    );
    const reused = snapshot.reuse();
    if (reused) return { target, walked, walkDiagnostics, snapshot, reused };
    const cache = FactCache.open(cacheDir, target.root, signature);
    if (sourceBytesToParse(walked.files, cache) >= WARM_UP_BYTES) pool.warmUp();
    const diagnostics: Diagnostic[] = [];
    progress({ phase: 'read', done: i, total: targets.repos.length });
    const read = readRepo(
      target.root,
      walked.files,
      extractors,
      cache,
      maxFileBytes,
      (file, message) => diagnostics.push({ repo: target.name, file, message }),
      pool,
    );
    submitted += read.parsed;
    return { target, walked, walkDiagnostics, snapshot, work: { cache, read, diagnostics } };
  });

  // Parsing started while files were read; wait for the rest before linking.
  await pool.finish();
  await Promise.all(repos.flatMap((repo) => repo.work?.read.settled ?? []));
  // The linker may read Python modules no extractor wanted (a router's package __init__.py): it parses them
  // on this thread, so the Python parser must be here when any Python file was read for an extractor.
  if (repos.some((repo) => readPython(repo.work?.read))) await loadPythonParser();

  const outcomes = repos.map((repo, i) => {
    if (repo.reused) return repo.reused;
    progress({ phase: 'link', done: i, total: repos.length });
    return linkAndSave(repo, startedAt, new Set(targets.apiHosts));
  });
  const result = assemble(targets.project, cwd, repos, outcomes);
  result.findings.push(
    ...skewFindings(repos),
    ...projectRuleFindings({
      result,
      repos: repos.map((repo, i) => ({
        name: repo.target.name,
        root: repo.target.root,
        role: result.repos[i]?.role ?? 'unknown',
        files: repo.walked.files.map((f) => f.path),
      })),
      read: (repo, path) => {
        const target = repos.find((r) => r.target.name === repo)?.target;
        return target ? readSmallText(join(target.root, path)) : undefined;
      },
    }),
  );
  result.findings.sort(
    (a, b) =>
      a.source.repo.localeCompare(b.source.repo) ||
      a.source.file.localeCompare(b.source.file) ||
      a.source.line - b.source.line ||
      a.rule.localeCompare(b.rule),
  );
  const schemas = repos.map((repo, i) => ({
    repo: repo.target.name,
    summary: (outcomes[i] as RepoOutcome).schema,
  }));
  result.mismatches.push(
    ...apiMismatches(result.calls, result.endpoints),
    ...schemaUsageMismatches(result.queries, result.calls, schemas),
    ...schemaSourceDrift(schemas),
    ...migrationConflicts(schemas),
  );
  sortMismatches(result);
  result.health = healthOf(result.mismatches, result.findings);
  result.stats.ms = Math.round(performance.now() - started);
  return result;
}

/** Package majors that differ between the project's repos: only the project as a whole can tell. */
function skewFindings(repos: readonly RepoScan[]): Finding[] {
  if (repos.length < 2) return [];
  const manifests = repos.flatMap((repo) =>
    repo.walked.files
      .filter((f) => /(?:^|\/)package\.json$/.test(f.path))
      .map((f) => ({
        repo: repo.target.name,
        file: f.path,
        text: readSmallText(join(repo.target.root, f.path)) ?? '',
      })),
  );
  const byRepo = new Map<string, (FindingFact & { file: string })[]>();
  for (const { repo, fact } of versionSkewFindings(manifests)) {
    const list = byRepo.get(repo) ?? [];
    list.push(fact);
    byRepo.set(repo, list);
  }
  return [...byRepo].flatMap(([repo, facts]) => buildFindings(repo, new Map(), facts));
}

function linkAndSave(repo: RepoScan, startedAt: number, ownHosts: ReadonlySet<string>): RepoOutcome {
  const work = repo.work as NonNullable<RepoScan['work']>;
  const { name, root } = repo.target;
  const diagnose = (file: string, message: string) => work.diagnostics.push({ repo: name, file, message });
  for (const [file, facts] of work.read.facts)
    for (const message of facts.diagnostics) diagnose(file, message);
  const links = linkRepo(name, root, repo.walked.files, work.read.facts, work.cache, diagnose, ownHosts);
  const outcome: RepoOutcome = {
    endpoints: links.endpoints,
    calls: links.calls,
    tables: links.tables,
    queries: links.queries,
    findings: buildFindings(name, work.read.facts, [
      ...noLockfileFindings(
        repo.walked.files.map((f) => f.path),
        (path) => readSmallText(join(root, path)),
        (path) => existsSync(join(root, path)),
      ),
      ...repoRuleFindings({
        repo: name,
        root,
        files: repo.walked.files.map((f) => f.path),
        facts: work.read.facts,
        links,
        read: (path) => readSmallText(join(root, path)),
      }),
    ]),
    schema: links.schema,
    diagnostics: work.diagnostics,
    unresolvedCalls: links.unresolvedCalls,
    unresolvedQueries: links.unresolvedQueries,
    skippedFiles: work.read.skipped,
    sourceFiles: work.read.facts.size,
    parsedFiles: work.read.parsed + links.parsedOnDemand,
    cachedFiles: work.read.cached,
  };
  work.cache.save();
  repo.snapshot.save(outcome, startedAt);
  return outcome;
}

function assemble(project: string, cwd: string, repos: RepoScan[], outcomes: RepoOutcome[]): ScanResult {
  const result: ScanResult = {
    version: 1,
    project,
    scannedAt: new Date().toISOString(),
    repos: [],
    endpoints: [],
    calls: [],
    tables: [],
    queries: [],
    mismatches: [],
    findings: [],
    diagnostics: [],
    health: { score: 100, deductions: [] },
    stats: {
      files: 0,
      bytes: 0,
      parsedFiles: 0,
      cachedFiles: 0,
      unresolvedCalls: 0,
      unresolvedQueries: 0,
      ms: 0,
      skippedFiles: 0,
    },
  };
  repos.forEach((repo, i) => {
    const outcome = outcomes[i] as RepoOutcome;
    const { root, name } = repo.target;
    const bytes = repo.walked.files.reduce((sum, file) => sum + file.size, 0);
    const commit = repo.walked.lister === 'git' ? gitCommit(root) : undefined;
    result.repos.push({
      name,
      root: displayPath(cwd, root),
      role:
        repo.target.role ?? inferRole(outcome.endpoints.length, outcome.calls.length, outcome.tables.length),
      ...(commit ? { commit } : {}),
      files: repo.walked.files.length,
      bytes,
    });
    result.endpoints.push(...outcome.endpoints);
    result.calls.push(...outcome.calls);
    result.tables.push(...outcome.tables);
    result.queries.push(...outcome.queries);
    result.findings.push(...(outcome.findings ?? []));
    result.diagnostics.push(...repo.walkDiagnostics, ...outcome.diagnostics);
    const { stats } = result;
    stats.files += repo.walked.files.length;
    stats.bytes += bytes;
    stats.parsedFiles += outcome.parsedFiles;
    stats.cachedFiles += outcome.cachedFiles;
    stats.unresolvedCalls += outcome.unresolvedCalls;
    stats.unresolvedQueries += outcome.unresolvedQueries;
    stats.skippedFiles += outcome.skippedFiles + repo.walked.skipped.length;
  });
  sortResult(result);
  return result;
}

function sortResult(result: ScanResult): void {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const bySource = (
    a: { source: { repo: string; file: string; line: number; column: number } },
    b: typeof a,
  ) =>
    compare(a.source.repo, b.source.repo) ||
    compare(a.source.file, b.source.file) ||
    a.source.line - b.source.line ||
    a.source.column - b.source.column;
  result.endpoints.sort(
    (a, b) =>
      compare(a.repo, b.repo) || compare(a.path, b.path) || compare(a.method, b.method) || bySource(a, b),
  );
  result.calls.sort(bySource);
  result.queries.sort(bySource);
  result.findings.sort((a, b) => bySource(a, b) || compare(a.rule, b.rule));
  result.tables.sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name));
  result.diagnostics.sort((a, b) => compare(a.repo, b.repo) || compare(a.file, b.file));
}

function sortMismatches(result: ScanResult): void {
  const where = (m: ScanResult['mismatches'][number]) => {
    const source = m.sources[0];
    return source ? `${source.repo}\u0000${source.file}\u0000${String(source.line).padStart(8, '0')}` : '';
  };
  result.mismatches.sort(
    (a, b) => where(a).localeCompare(where(b)) || a.fingerprint.localeCompare(b.fingerprint),
  );
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
