import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BatonError } from '../errors.js';
import { scan } from '../scan/scan.js';
import { progressReporter } from './progress.js';
import { formatSummary } from './summary.js';

export function scanCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('scan')
    .description('scan repos and print what they provide, call and store')
    .argument('[paths...]', 'repo roots, or folders with a baton.config.json (default: current directory)')
    .option('--json', 'print the ScanResult JSON (version 1)')
    .option('--out <file>', 'also write the ScanResult JSON to a file')
    .option('--no-cache', 'ignore and do not write the parse cache')
    .option('--workers <n>', 'parser threads (default: one per core)')
    .option('--max-file-size <bytes>', 'skip files larger than this (default 1048576)')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const progress = progressReporter(process.stderr);
      const result = await scan({
        paths,
        ...(options.cache === false ? { cacheDir: false as const } : {}),
        ...(options.workers !== undefined ? { workers: positiveInt('--workers', options.workers) } : {}),
        ...(options.maxFileSize !== undefined
          ? { maxFileBytes: positiveInt('--max-file-size', options.maxFileSize) }
          : {}),
        onProgress: progress.update,
      }).finally(progress.stop);
      const json = `${JSON.stringify(result, null, 2)}\n`;
      if (typeof options.out === 'string') writeFileSync(options.out, json);
      process.stdout.write(options.json ? json : formatSummary(result, Boolean(process.stdout.isTTY)));
      setExit(0);
    });
}

function positiveInt(flag: string, value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new BatonError('invalid-argument', `${flag}: expected a positive integer, got "${String(value)}"`);
  return n;
}
