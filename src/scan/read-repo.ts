import { join } from 'node:path';
import type { Extractor } from '../extract/extractor.js';
import { type FileFacts, emptyFacts } from '../extract/facts.js';

const NO_FACTS = Object.freeze(emptyFacts(false)) as FileFacts;
import { isSourceFile } from './analyze-file.js';
import { contentHash, type FactCache } from './fact-cache.js';
import type { ParseJob } from './pool.js';
import { readSource } from './read-source.js';
import type { WalkedFile } from './walk.js';

export interface RepoRead {
  facts: Map<string, FileFacts>;
  /** Files that need a syntax tree, with where to put the result. */
  jobs: (ParseJob & { file: WalkedFile; hash: string })[];
  cached: number;
  skipped: number;
}

/**
 * First pass over a repo's source files: reuse cached facts, read the rest, and keep for parsing only those
 * some extractor's pre-filter wants. Problems become diagnostics; the scan goes on.
 */
export function readRepo(
  root: string,
  files: readonly WalkedFile[],
  extractors: readonly Extractor[],
  cache: FactCache,
  maxFileBytes: number,
  diagnose: (file: string, message: string) => void,
): RepoRead {
  const read: RepoRead = { facts: new Map(), jobs: [], cached: 0, skipped: 0 };
  for (const file of files) {
    if (!isSourceFile(file.path)) continue;
    if (file.size > maxFileBytes) {
      read.skipped++;
      diagnose(
        file.path,
        `skipped: ${mebibytes(file.size)} exceeds the ${mebibytes(maxFileBytes)} per-file limit (maxFileBytes)`,
      );
      continue;
    }
    const known = cache.byStat(file);
    if (known) {
      read.facts.set(file.path, known);
      read.cached++;
      continue;
    }
    const outcome = readSource(join(root, file.path));
    if ('problem' in outcome) {
      read.skipped++;
      diagnose(file.path, outcome.problem);
      continue;
    }
    if ('skip' in outcome) {
      read.skipped++;
      // A binary or minified file with a source extension is generated, not written: say so once, quietly.
      if (outcome.skip === 'binary') diagnose(file.path, 'binary content in a source file; skipped');
      continue;
    }
    const hash = contentHash(outcome.buffer);
    const cached = cache.byHash(file, hash);
    if (cached) {
      read.facts.set(file.path, cached);
      read.cached++;
      continue;
    }
    if (!extractors.some((extractor) => extractor.prefilter(outcome.text))) {
      const facts = NO_FACTS;
      cache.put(file, hash, facts);
      read.facts.set(file.path, facts);
      continue;
    }
    read.jobs.push({ path: file.path, text: outcome.text, extractors, file, hash });
  }
  return read;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;
}
