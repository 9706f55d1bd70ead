import type { Mismatch, ScanResult } from '../scan/scan-result.js';
import { fingerprint } from './fingerprint.js';
import { SourceLines } from './source-lines.js';

/** `// baton-ignore endpoint-missing: the proxy serves it` (or `#`, `--`, `/*` comments), on the line or above. */
const MARKER = /baton-ignore\s+([\w-]+)\s*(?::\s*(.*?))?\s*(?:\*\/)?\s*$/;

/**
 * Applies inline suppressions: a mismatch whose first source line (or the line above) carries
 * `baton-ignore <kind>: <reason>` is dropped. A suppression without a reason does not suppress; it is
 * reported itself, so every accepted risk says why.
 */
export function applySuppressions(
  result: ScanResult,
  source = new SourceLines(result),
): { kept: Mismatch[]; suppressed: Mismatch[] } {
  const kept: Mismatch[] = [];
  const suppressed: Mismatch[] = [];
  const unexplained = new Map<string, Mismatch>();
  for (const mismatch of result.mismatches) {
    const at = mismatch.sources[0];
    const marker = at
      ? [source.line(at), source.line(at, -1)].map((l) => (l ? MARKER.exec(l) : null)).find(Boolean)
      : null;
    if (!marker || marker[1] !== mismatch.kind) {
      kept.push(mismatch);
      continue;
    }
    if (marker[2]) {
      suppressed.push(mismatch);
      continue;
    }
    kept.push(mismatch);
    const key = `${at?.repo}:${at?.file}:${at?.line}`;
    if (at && !unexplained.has(key))
      unexplained.set(key, {
        fingerprint: fingerprint('suppression-without-reason', at.repo, at.file, mismatch.kind),
        kind: 'suppression-without-reason',
        severity: 'error',
        message: `A baton-ignore for ${mismatch.kind} gives no reason, so it suppresses nothing.`,
        suggestion: `Write the reason after a colon: // baton-ignore ${mismatch.kind}: <why this is fine>`,
        sources: [at],
      });
  }
  return { kept: [...kept, ...unexplained.values()], suppressed };
}
