import type { Command } from 'commander';
import { BatonError } from '../errors.js';
import type { ScanOptions } from '../scan/scan.js';

/** The options `scan` and `check` share: what to read and how. */
export function withScanOptions(command: Command): Command {
  return command
    .argument('[paths...]', 'repo roots, or folders with a baton.config.json (default: current directory)')
    .option('--no-cache', 'ignore and do not write the parse cache')
    .option('--workers <n>', 'parser threads (default: one per core)')
    .option('--max-file-size <bytes>', 'skip files larger than this (default 1048576)');
}

export function scanOptions(paths: string[], options: Record<string, unknown>): ScanOptions {
  return {
    paths,
    ...(options.cache === false ? { cacheDir: false as const } : {}),
    ...(options.workers !== undefined ? { workers: positiveInt('--workers', options.workers) } : {}),
    ...(options.maxFileSize !== undefined
      ? { maxFileBytes: positiveInt('--max-file-size', options.maxFileSize) }
      : {}),
  };
}

function positiveInt(flag: string, value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new BatonError('invalid-argument', `${flag}: expected a positive integer, got "${String(value)}"`);
  return n;
}
