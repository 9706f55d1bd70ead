// Runs one Baton scan in a child process (bench/scan-child.mjs) and returns its figures: maxRSS is
// process-wide, so only a process that did nothing but one scan gives a clean peak-memory figure.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scan-child.mjs');

export type Mode = 'cold' | 'warm' | 'one';
export interface ChildFigures {
  mode: Mode;
  ms: number; // the scan() call alone
  wallMs: number; // whole child process, including Node start-up and module loading
  maxRssKb: number;
  files: number;
  bytes: number;
  parsedFiles: number;
  cachedFiles: number;
  unresolvedCalls: number;
  endpoints: number;
  calls: number;
}

/** Scans `trees` (one repo each) with `cacheDir`; `mode` only labels the figures. */
export function runScanChild(
  trees: string[],
  cacheDir: string,
  mode: Mode,
  workers?: number,
): Promise<ChildFigures> {
  const started = performance.now();
  const args = [CHILD, trees.join(','), cacheDir, mode, ...(workers ? [String(workers)] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`child scan (${mode}) exited with ${code}: ${out.slice(-500)}`));
        return;
      }
      resolve({ ...(JSON.parse(last) as Omit<ChildFigures, 'wallMs'>), wallMs: performance.now() - started });
    });
  });
}
