import { join } from 'node:path';
import type { Extractor } from '../extract/extractor.js';
import { type FileFacts, NO_FACTS } from '../extract/facts.js';
import { isDocumentFile, isPythonFile, isSourceFile, wantedBy } from './analyze-file.js';
import { contentHash, type FactCache } from './fact-cache.js';
import type { ParsePool } from './pool.js';
import { readSource } from './read-source.js';
import { isRuleCandidate, textFindings } from '../rules/text-rules.js';
import type { WalkedFile } from './walk.js';

export interface RepoRead {
  facts: Map<string, FileFacts>;
  /** Files sent to the parser; their facts land in `facts` as each finishes. */
  parsed: number;
  settled: Promise<unknown>[];
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
  pool: ParsePool,
): RepoRead {
  const read: RepoRead = { facts: new Map(), parsed: 0, settled: [], cached: 0, skipped: 0 };
  for (const file of files) {
    if (
      !isSourceFile(file.path) &&
      !isPythonFile(file.path) &&
      !isDocumentFile(file.path, extractors) &&
      !isRuleCandidate(file.path)
    )
      continue;
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
    // The text rules run here, where the text is: most files cost a few keyword tests.
    const findings = textFindings(file.path, outcome.text);
    // Text findings join what the extractors found (secrets written into security calls).
    const withFindings = (facts: FileFacts) =>
      findings.length > 0 ? { ...facts, findings: [...(facts.findings ?? []), ...findings] } : facts;
    const wanted =
      isSourceFile(file.path) || isPythonFile(file.path) || isDocumentFile(file.path, extractors)
        ? wantedBy(file.path, outcome.text, extractors)
        : [];
    if (wanted.length === 0) {
      const facts = withFindings(NO_FACTS);
      cache.put(file, hash, facts);
      read.facts.set(file.path, facts);
      continue;
    }
    read.parsed++;
    read.settled.push(
      pool.submit({ path: file.path, text: outcome.text, extractors: wanted }).then((parsed) => {
        const facts = withFindings(parsed);
        read.facts.set(file.path, facts);
        cache.put(file, hash, facts);
      }),
    );
  }
  return read;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;
}
