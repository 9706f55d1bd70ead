import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readCacheFile, writeCacheFile } from './cache-file.js';
import type { Finding, Call, Diagnostic, Endpoint, Query, Table } from './scan-result.js';
import type { SchemaSummary } from './link-schema.js';
import type { WalkedFile } from './walk.js';

/** What one repo contributes to a ScanResult, apart from what the walk itself reports. */
export interface RepoOutcome {
  endpoints: Endpoint[];
  calls: Call[];
  tables: Table[];
  queries: Query[];
  /** What the rules found in the repo's files. */
  findings: Finding[];
  /** The repo's schema sources as the mismatch detectors read them. */
  schema: SchemaSummary;
  diagnostics: Diagnostic[];
  unresolvedCalls: number;
  unresolvedQueries: number;
  skippedFiles: number;
  /** Source files whose facts were analysable (parsed now or taken from the cache). */
  sourceFiles: number;
  parsedFiles: number;
  cachedFiles: number;
}

interface SnapshotFile {
  state: string;
  savedAt: number;
  outcome: RepoOutcome;
}

/**
 * The last linked outcome of a repo, reused whole when not one walked file's stat changed since: a rescan
 * of an unchanged repo then costs a walk and a stat per file. Any difference — a file added, removed,
 * touched, a config change, another Baton — and the scan reads facts and links again.
 */
export class RepoSnapshot {
  private constructor(
    private readonly file: string | undefined,
    private readonly state: string,
    private readonly previous: SnapshotFile | undefined,
  ) {}

  static open(
    cacheDir: string | undefined,
    key: string,
    signature: string,
    files: readonly WalkedFile[],
  ): RepoSnapshot {
    const state = stateOf(signature, files);
    if (!cacheDir) return new RepoSnapshot(undefined, state, undefined);
    const file = join(cacheDir, `${key}.outcome.json`);
    let previous = readCacheFile<SnapshotFile>(file, state);
    // A file written in the same clock tick as the last save could have changed without changing its stat.
    const since = (previous?.savedAt ?? 0) - 2000;
    if (previous && files.some((f) => f.mtimeMs >= since || f.ctimeMs >= since)) previous = undefined;
    return new RepoSnapshot(file, state, previous);
  }

  /** The previous outcome, when every file is provably as it was. */
  reuse(): RepoOutcome | undefined {
    if (!this.previous) return undefined;
    const { outcome } = this.previous;
    return { ...outcome, parsedFiles: 0, cachedFiles: outcome.sourceFiles };
  }

  save(outcome: RepoOutcome, startedAt: number): void {
    if (!this.file) return;
    const snapshot: SnapshotFile = { state: this.state, savedAt: startedAt, outcome };
    writeCacheFile(this.file, this.state, () => snapshot);
  }
}

function stateOf(signature: string, files: readonly WalkedFile[]): string {
  const hash = createHash('sha1').update(signature);
  for (const f of files) hash.update(`${f.path}\0${f.size}\0${f.mtimeMs}\0${f.ctimeMs}\0${f.ino}\n`);
  return hash.digest('hex');
}
