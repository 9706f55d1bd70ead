import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { scan } from '../scan/scan.js';
import { progressReporter } from './progress.js';
import { recordIfStored } from './record-scan.js';
import { scanOptions, withScanOptions } from './scan-options.js';
import { formatSummary } from './summary.js';

export function scanCommand(program: Command, setExit: (code: number) => void): void {
  withScanOptions(
    program.command('scan').description('scan repos and print what they provide, call and store'),
  )
    .option('--json', 'print the ScanResult JSON (version 1)')
    .option('--out <file>', 'also write the ScanResult JSON to a file')
    .option('--db <url|file>', 'record the scan in this store (default: .baton/baton.db when it exists)')
    .option('--no-store', 'do not record the scan in the store')
    .option('--auto-tickets <level>', 'open tickets for new items at or above: error, warning, info or off')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      const progress = progressReporter(process.stderr);
      const result = await scan({ ...scanOptions(paths, options), onProgress: progress.update }).finally(
        progress.stop,
      );
      const json = `${JSON.stringify(result, null, 2)}\n`;
      if (typeof options.out === 'string') writeFileSync(options.out, json);
      process.stdout.write(options.json ? json : formatSummary(result, Boolean(process.stdout.isTTY)));
      await recordIfStored(result, paths, options);
      setExit(0);
    });
}
