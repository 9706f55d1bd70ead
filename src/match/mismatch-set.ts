import type { Mismatch, SourceLocation } from '../scan/scan-result.js';

/**
 * Mismatches by fingerprint: one per subject, however many places hit it — a second hit adds its sources
 * (another query reading the same dropped column in the file) instead of repeating the mismatch.
 */
export class MismatchSet {
  private readonly byFingerprint = new Map<string, Mismatch>();

  add(mismatch: Mismatch): void {
    const seen = this.byFingerprint.get(mismatch.fingerprint);
    if (!seen)
      this.byFingerprint.set(mismatch.fingerprint, { ...mismatch, sources: unique(mismatch.sources) });
    else seen.sources = unique([...seen.sources, ...mismatch.sources]);
  }

  values(): Mismatch[] {
    return [...this.byFingerprint.values()];
  }
}

function unique(sources: readonly SourceLocation[]): SourceLocation[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const id = `${s.repo}\u0000${s.file}\u0000${s.line}\u0000${s.column}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
