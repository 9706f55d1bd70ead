import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Extractor } from '../extract/extractor.js';
import type { FileFacts } from '../extract/facts.js';
import { analyzeFile } from './analyze-file.js';
import type { WorkerReply, WorkerTask } from './parse-worker.js';

export interface ParseJob {
  path: string;
  text: string;
  extractors: readonly Extractor[];
}

/** Below this much source, starting threads (each loads oxc-parser) costs more than it saves. */
const INLINE_BYTES = 1_500_000;
/** Batches keep messages few while letting a fast worker take more of the work. */
const BATCH_BYTES = 256 * 1024;

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** Parses and extracts every job, on worker threads when the work is big enough; results keep job order. */
export async function analyzeAll(
  jobs: ParseJob[],
  workers: number,
  onDone?: (count: number) => void,
): Promise<FileFacts[]> {
  const bytes = jobs.reduce((sum, job) => sum + job.text.length, 0);
  const threads = Math.min(workers, Math.ceil(bytes / BATCH_BYTES));
  if (threads <= 1 || bytes < INLINE_BYTES) {
    return jobs.map((job, i) => {
      const facts = analyzeFile(job.path, job.text, job.extractors);
      onDone?.(i + 1);
      return facts;
    });
  }
  const batches = batch(jobs);
  const results: FileFacts[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const pool = Array.from({ length: threads }, () => new Worker(workerUrl()));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              const current = batches[next++];
              if (!current) return resolve();
              const task: WorkerTask = {
                id: current.start,
                extractors: [...new Set(current.jobs.flatMap((job) => job.extractors.map((e) => e.name)))],
                files: current.jobs.map(({ path, text }) => ({ path, text })),
              };
              // Each job names its own extractors; a batch mixes repos only when their sets agree.
              worker.postMessage(task);
            };
            worker.on('message', (reply: WorkerReply) => {
              reply.facts.forEach((facts, i) => {
                results[reply.id + i] = facts;
              });
              done += reply.facts.length;
              onDone?.(done);
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return results;
}

function batch(jobs: ParseJob[]): { start: number; jobs: ParseJob[] }[] {
  const batches: { start: number; jobs: ParseJob[] }[] = [];
  let current: { start: number; jobs: ParseJob[] } | undefined;
  let size = 0;
  let signature = '';
  jobs.forEach((job, i) => {
    const jobSignature = job.extractors.map((e) => e.name).join(',');
    if (!current || size >= BATCH_BYTES || jobSignature !== signature) {
      current = { start: i, jobs: [] };
      batches.push(current);
      size = 0;
      signature = jobSignature;
    }
    current.jobs.push(job);
    size += job.text.length;
  });
  return batches;
}

function workerUrl(): URL {
  const here = import.meta.url;
  // Under the test runner this module runs from src/*.ts; a worker needs plain JS, so it uses the build.
  if (here.endsWith('.ts')) return new URL('../../dist/scan/parse-worker.js', here);
  return new URL('./parse-worker.js', here);
}
