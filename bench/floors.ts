// Floors: the cost of work any scanner of the tree must do (read every byte; parse every file), so
// Baton's figures can be judged as a multiple of what is physically unavoidable on this machine.
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

// Enough reads in flight to keep libuv's thread pool busy; more only queues inside libuv.
const READ_CONCURRENCY = 32;

export async function readFloor(files: string[]): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  let bytes = 0;
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++] as string;
      // Read into a local first: `bytes += await ...` would capture `bytes` before the await and lose updates.
      const content = await readFile(file);
      bytes += content.byteLength;
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, lane));
  return { ms: performance.now() - started, bytes };
}

/**
 * Parses every file with oxc-parser across `workers` worker threads. The wall time includes worker
 * start-up (loading the native binding in each) and shutdown, because a real scan pays those too.
 * Files are handed out in small batches on demand, so one slow worker cannot leave the others idle
 * at the end: this is the best a well-built scanner could schedule, hence a floor.
 */
export async function parseFloor(
  files: string[],
  workers: number,
  buildTree: boolean,
  // Another language's parser (bench/python.ts): same protocol, same scheduling.
  workerScript = './parse-floor-worker.mjs',
): Promise<{ ms: number; errors: number }> {
  const started = performance.now();
  const batchSize = Math.max(1, Math.min(64, Math.ceil(files.length / (workers * 16))));
  let next = 0;
  let errors = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      // execArgv: [] keeps the parent's tsx loader out of the worker; the worker is plain JS.
      const worker = new Worker(new URL(workerScript, import.meta.url), {
        workerData: { buildTree },
        execArgv: [],
      });
      const feed = () => {
        if (next >= files.length) {
          worker.terminate().then(() => resolve(), reject);
          return;
        }
        worker.postMessage(files.slice(next, next + batchSize));
        next += batchSize;
      };
      worker.on('message', (reply: { errors: number }) => {
        errors += reply.errors;
        feed();
      });
      worker.once('error', reject);
      feed();
    });
  await Promise.all(Array.from({ length: Math.max(1, workers) }, runWorker));
  return { ms: performance.now() - started, errors };
}

// Floors are minima: the best this machine manages is what "unavoidable" means, and noise only adds.
export async function minOf<T extends { ms: number }>(runs: number, measure: () => Promise<T>): Promise<T> {
  let best: T | undefined;
  for (let i = 0; i < runs; i++) {
    const result = await measure();
    if (!best || result.ms < best.ms) best = result;
  }
  return best as T;
}
