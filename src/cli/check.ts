import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { BatonError } from '../errors.js';
import { scan } from '../scan/scan.js';
import type { Mismatch, ScanResult, Severity } from '../scan/scan-result.js';
import { progressReporter } from './progress.js';
import { scanOptions, withScanOptions } from './scan-options.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * `baton check`: the pre-deploy gate. Scans, then exits 1 when a mismatch at or above `--fail-on` (default
 * `error`) is present — 0 otherwise, 2 on a usage or runtime error (DESIGN §2).
 */
export function checkCommand(program: Command, setExit: (code: number) => void): void {
  withScanOptions(
    program.command('check').description('the pre-deploy gate: exit 1 on mismatches at or above --fail-on'),
  )
    .option('--json', 'print the mismatches and the verdict as JSON')
    .option('--fail-on <severity>', 'error | warning | info (default error)', 'error')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const threshold = String(options.failOn);
      if (!(threshold in RANK))
        throw new BatonError(
          'invalid-argument',
          `--fail-on: expected error, warning or info, got "${threshold}"`,
        );
      const progress = progressReporter(process.stderr);
      const result = await scan({ ...scanOptions(paths, options), onProgress: progress.update }).finally(
        progress.stop,
      );
      const failing = result.mismatches.filter((m) => RANK[m.severity] >= RANK[threshold as Severity]);
      if (options.json)
        process.stdout.write(
          `${JSON.stringify({ version: 1, failOn: threshold, failed: failing.length > 0, mismatches: result.mismatches, stats: result.stats }, null, 2)}\n`,
        );
      else process.stdout.write(formatCheck(result, failing, threshold, Boolean(process.stdout.isTTY)));
      setExit(failing.length > 0 ? 1 : 0);
    });
}

/** Mismatches grouped by kind, each with its sources and the line of code there. */
export function formatCheck(
  result: ScanResult,
  failing: readonly Mismatch[],
  threshold: string,
  color: boolean,
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
        const code = sourceLine(result, source);
        lines.push(c.dim(`          ${source.repo}/${source.file}:${source.line}${code ? `  ${code}` : ''}`));
      }
      if (m.suggestion) lines.push(c.dim(`          → ${m.suggestion}`));
    }
    lines.push('');
  }
  const counts = (['error', 'warning', 'info'] as const)
    .map((s) => `${result.mismatches.filter((m) => m.severity === s).length} ${s}`)
    .join(', ');
  lines.push(
    failing.length > 0
      ? c.red(`✗ ${failing.length} mismatch(es) at or above ${threshold} (${counts})`)
      : c.green(`✓ nothing at or above ${threshold} (${counts})`),
  );
  return `${lines.join('\n')}\n`;
}

/** The code at a source location, trimmed, for the reader to recognise without opening the file. */
function sourceLine(result: ScanResult, source: Mismatch['sources'][number]): string | undefined {
  const repo = result.repos.find((r) => r.name === source.repo);
  if (!repo) return undefined;
  try {
    const text = readFileSync(join(repo.root, source.file), 'utf8');
    const line = text.split('\n')[source.line - 1]?.trim();
    return line && line.length > 100 ? `${line.slice(0, 99)}…` : line;
  } catch {
    return undefined;
  }
}
