import type { Finding, Mismatch, ScanResult, SourceLocation } from '../scan/scan-result.js';
import { fingerprint } from './fingerprint.js';
import { SourceLines } from './source-lines.js';

/**
 * `// baton-ignore endpoint-missing: the proxy serves it` or `// baton-ignore secrets.high-entropy: test
 * key` (or `#`, `--`, `/*` comments), on the line or above.
 */
const MARKER = /baton-ignore\s+([\w.-]+)\s*(?::\s*(.*?))?\s*(?:\*\/)?\s*$/;

export interface Suppressed {
  kept: Mismatch[];
  suppressed: Mismatch[];
  /** Findings go through the same markers, by rule id. */
  findings: Finding[];
  suppressedFindings: Finding[];
}

/**
 * Applies inline suppressions: a mismatch (by kind) or finding (by rule) whose first source line, or the
 * line above, carries `baton-ignore <kind or rule>: <reason>` is dropped. A suppression without a reason
 * does not suppress; it is reported itself, so every accepted risk says why.
 */
export function applySuppressions(result: ScanResult, source = new SourceLines(result)): Suppressed {
  const unexplained = new Map<string, Mismatch>();
  const mismatches = sift(
    result.mismatches,
    (m) => m.sources[0],
    (m) => m.kind,
    source,
    unexplained,
  );
  const findings = sift(
    result.findings,
    (f) => f.source,
    (f) => f.rule,
    source,
    unexplained,
  );
  return {
    kept: [...mismatches.kept, ...unexplained.values()],
    suppressed: mismatches.suppressed,
    findings: findings.kept,
    suppressedFindings: findings.suppressed,
  };
}

/** The `baton-ignore` marker on a location's line or the line above: what it names and why. */
export function suppressionAt(
  source: SourceLines,
  at: SourceLocation,
): { kind: string; reason?: string } | undefined {
  for (const line of [source.line(at), source.line(at, -1)]) {
    const marker = line ? MARKER.exec(line) : null;
    if (marker) return { kind: marker[1] as string, ...(marker[2] ? { reason: marker[2] } : {}) };
  }
  return undefined;
}

function sift<T>(
  items: readonly T[],
  sourceOf: (item: T) => SourceLocation | undefined,
  kindOf: (item: T) => string,
  source: SourceLines,
  unexplained: Map<string, Mismatch>,
): { kept: T[]; suppressed: T[] } {
  const kept: T[] = [];
  const suppressed: T[] = [];
  for (const item of items) {
    const at = sourceOf(item);
    const kind = kindOf(item);
    const marker = at ? suppressionAt(source, at) : undefined;
    if (!marker || marker.kind !== kind) {
      kept.push(item);
      continue;
    }
    if (marker.reason) {
      suppressed.push(item);
      continue;
    }
    kept.push(item);
    const key = `${at?.repo}:${at?.file}:${at?.line}`;
    if (at && !unexplained.has(key))
      unexplained.set(key, {
        fingerprint: fingerprint('suppression-without-reason', at.repo, at.file, kind),
        kind: 'suppression-without-reason',
        severity: 'error',
        message: `A baton-ignore for ${kind} gives no reason, so it suppresses nothing.`,
        suggestion: `Write the reason after a colon: // baton-ignore ${kind}: <why this is fine>`,
        sources: [at],
      });
  }
  return { kept, suppressed };
}
