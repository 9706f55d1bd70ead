import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import pc from 'picocolors';
import { BatonError } from '../errors.js';
import { SourceLines } from '../match/source-lines.js';
import { applySuppressions } from '../match/suppress.js';
import { scan } from '../scan/scan.js';
import type { Finding, Mismatch, ScanResult, Severity } from '../scan/scan-result.js';
import { progressReporter } from './progress.js';
import { toSarif } from './sarif.js';
import { fingerprintsAt } from './since.js';
import { scanOptions, withScanOptions } from './scan-options.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * `baton check`: the pre-deploy gate. Scans, then exits 1 when a mismatch at or above `--fail-on` (default
 * `error`) is present that neither the baseline nor an inline suppression accepts — 0 otherwise, 2 on a
 * usage or runtime error (DESIGN §2).
 */
export function checkCommand(program: Command, setExit: (code: number) => void): void {
  withScanOptions(
    program.command('check').description('the pre-deploy gate: exit 1 on mismatches at or above --fail-on'),
  )
    .option('--json', 'print the mismatches and the verdict as JSON')
    .option('--sarif', 'print the mismatches as SARIF 2.1.0 (for GitHub code scanning)')
    .option('--fail-on <severity>', 'error | warning | info (default error)', 'error')
    .option('--baseline <file>', 'accept the mismatches recorded in this file; fail only on new ones')
    .option('--write-baseline <file>', 'record every current mismatch as accepted, in this file')
    .option('--since <ref>', 'report only what changed since this git ref (the check a pull request needs)')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const threshold = String(options.failOn);
      if (!(threshold in RANK))
        throw new BatonError(
          'invalid-argument',
          `--fail-on: expected error, warning or info, got "${threshold}"`,
        );
      const accepted =
        typeof options.baseline === 'string' ? readBaseline(options.baseline) : new Set<string>();
      const progress = progressReporter(process.stderr);
      const scanned = await scan({ ...scanOptions(paths, options), onProgress: progress.update }).finally(
        progress.stop,
      );
      const sources = new SourceLines(scanned);
      const suppression = applySuppressions(scanned, sources);
      // Findings pass the same gate as mismatches: one list, one baseline, one inline suppression syntax.
      const kept = [...suppression.kept, ...suppression.findings.map(asMismatch)];
      const suppressed = [...suppression.suppressed, ...suppression.suppressedFindings.map(asMismatch)];
      const result: ScanResult = { ...scanned, mismatches: kept, findings: suppression.findings };
      if (typeof options.writeBaseline === 'string') writeBaseline(options.writeBaseline, kept);
      // `--since main`: what the ref already had is not this change's doing.
      const before =
        typeof options.since === 'string'
          ? await fingerprintsAt(options.since, scanOptions(paths, options))
          : undefined;
      if (before) for (const fingerprint of before) accepted.add(fingerprint);
      const failing = kept.filter(
        (m) => RANK[m.severity] >= RANK[threshold as Severity] && !accepted.has(m.fingerprint),
      );
      if (options.sarif) process.stdout.write(`${JSON.stringify(toSarif(result, kept), null, 2)}\n`);
      else if (options.json) {
        const verdict = {
          version: 1,
          failOn: threshold,
          failed: failing.length > 0,
          failing: failing.map((m) => m.fingerprint),
          mismatches: kept.filter((m) => !isRuleId(m.kind)),
          findings: suppression.findings,
          suppressed,
          stats: result.stats,
        };
        process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
      } else {
        const baselined = kept.filter((m) => accepted.has(m.fingerprint)).length;
        const tty = Boolean(process.stdout.isTTY);
        process.stdout.write(
          formatCheck(result, failing, threshold, tty, baselined, suppressed.length, sources),
        );
      }
      setExit(failing.length > 0 ? 1 : 0);
    });
}

/** Mismatches grouped by kind, each with its sources and the line of code there. */
export function formatCheck(
  result: ScanResult,
  failing: readonly Mismatch[],
  threshold: string,
  color: boolean,
  baselined = 0,
  suppressed = 0,
  sources = new SourceLines(result),
): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  const byKind = new Map<string, Mismatch[]>();
  for (const m of [...result.mismatches].sort((a, b) => RANK[b.severity] - RANK[a.severity]))
    byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m]);
  for (const [kind, list] of byKind) {
    lines.push(c.bold(`${kind} (${list.length})`));
    for (const m of list) {
      const mark =
        m.severity === 'error'
          ? c.red('error  ')
          : m.severity === 'warning'
            ? c.yellow('warning')
            : c.dim('info   ');
      lines.push(`  ${mark} ${m.message}`);
      for (const source of m.sources.slice(0, 3)) {
        // A secret's line would print the secret: its location is enough.
        const code = kind.startsWith('secrets.') ? undefined : excerpt(sources.line(source));
        lines.push(c.dim(`          ${source.repo}/${source.file}:${source.line}${code ? `  ${code}` : ''}`));
      }
      if (m.suggestion) lines.push(c.dim(`          → ${m.suggestion}`));
    }
    lines.push('');
  }
  const counts = (['error', 'warning', 'info'] as const)
    .map((s) => `${result.mismatches.filter((m) => m.severity === s).length} ${s}`)
    .join(', ');
  const accepted = [
    baselined > 0 ? `${baselined} already accepted` : '',
    suppressed > 0 ? `${suppressed} suppressed inline` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const note = accepted ? `; ${accepted}` : '';
  lines.push(
    failing.length > 0
      ? c.red(
          `✗ ${failing.length} new mismatch(es) or finding(s) at or above ${threshold} (${counts}${note})`,
        )
      : c.green(`✓ nothing new at or above ${threshold} (${counts}${note})`),
  );
  return `${lines.join('\n')}\n`;
}

/** A finding in the gate's terms: its rule is its kind, its fix its suggestion. */
function asMismatch(finding: Finding): Mismatch {
  return {
    fingerprint: finding.fingerprint,
    kind: finding.rule,
    severity: finding.severity,
    message: finding.message,
    ...(finding.fix ? { suggestion: finding.fix } : {}),
    sources: [finding.source],
  };
}

/** Rule ids are `<family>.<name>`; mismatch kinds have no dot. */
function isRuleId(kind: string): boolean {
  return kind.includes('.');
}

/** A baseline: the fingerprints accepted when it was written, with what they were, for a reviewer. */
function writeBaseline(file: string, mismatches: readonly Mismatch[]): void {
  const entries = mismatches.map((m) => ({ fingerprint: m.fingerprint, kind: m.kind, message: m.message }));
  writeFileSync(file, `${JSON.stringify({ version: 1, accepted: entries }, null, 2)}\n`);
}

function readBaseline(file: string): Set<string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BatonError(
      'invalid-argument',
      `--baseline ${file}: ${(error as Error).message} (write one with --write-baseline)`,
    );
  }
  const accepted = (parsed as { accepted?: unknown }).accepted;
  if (!Array.isArray(accepted))
    throw new BatonError(
      'invalid-argument',
      `--baseline ${file}: expected { "accepted": [{ "fingerprint": … }] }`,
    );
  return new Set(accepted.map((entry) => String((entry as { fingerprint?: unknown }).fingerprint)));
}

/** A line of code, trimmed, for the reader to recognise without opening the file. */
function excerpt(line: string | undefined): string | undefined {
  const code = line?.trim();
  return code && code.length > 100 ? `${code.slice(0, 99)}…` : code;
}
