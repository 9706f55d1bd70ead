import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BatonError } from '../errors.js';
import { scan } from '../scan/scan.js';
import { toOpenApi } from './openapi.js';
import { progressReporter } from './progress.js';
import { scanOptions, withScanOptions } from './scan-options.js';

/** `baton spec --openapi`: the contract a backend provides, reverse-engineered from its code. */
export function specCommand(program: Command, setExit: (code: number) => void): void {
  withScanOptions(program.command('spec').description("write a backend's extracted contract as OpenAPI 3.1"))
    .option('--openapi', 'OpenAPI 3.1 JSON (the only format so far)')
    .option('--repo <name>', 'the backend repo to describe (default: every endpoint of the project)')
    .option('--out <file>', 'write the document to a file instead of stdout')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      if (!options.openapi) throw new BatonError('invalid-argument', 'spec: say which format (--openapi)');
      const progress = progressReporter(process.stderr);
      const result = await scan({ ...scanOptions(paths, options), onProgress: progress.update }).finally(
        progress.stop,
      );
      const repo = typeof options.repo === 'string' ? options.repo : undefined;
      if (repo && !result.repos.some((r) => r.name === repo))
        throw new BatonError(
          'invalid-argument',
          `--repo: no repo named "${repo}" (have ${result.repos.map((r) => r.name).join(', ')})`,
        );
      const json = `${JSON.stringify(toOpenApi(result, repo), null, 2)}\n`;
      if (typeof options.out === 'string') writeFileSync(options.out, json);
      else process.stdout.write(json);
      setExit(0);
    });
}
