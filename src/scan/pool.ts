import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type Extractor, needs } from '../extract/extractor.js';
import type { FileFacts } from '../extract/facts.js';
import { loadPythonParser } from '../extract/python/parser.js';
import { loadSqlParser } from '../schema/read-sql.js';
import { analyzeFile } from './analyze-file.js';
import type { WorkerReply, WorkerTask } from './parse-worker.js';

export interface ParseJob {
  path: string;
  text: string;
  extractors: readonly Extractor[];
}

/** Below this much source, starting threads (each loads oxc-parser) costs more than it saves. */
const INLINE_BYTES = 1_500_000;
/** Batches keep messages few while spreading the work evenly. */
const BATCH_BYTES = 128 * 1024;

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

interface WorkerSlot {
  worker: Worker;
  /** Bytes sent and not yet answered. */
  outstanding: number;
  done: Promise<void>;
  stop: () => void;
}

interface Pending {
  job: ParseJob;
  resolve: (facts: FileFacts) => void;
}

/**
 * Parses files as they are submitted. Small scans run on the calling thread; once enough source has come in,
 * worker threads start and take batches while the caller goes on reading files, so reading and parsing
 * overlap. Batches go to the worker with the least outstanding work: the caller may not yield to hear
 * which worker is idle until it has read everything.
 */
export class ParsePool {
  private readonly buffered: Pending[] = [];
  private bufferedBytes = 0;
  private submittedBytes = 0;
  private workers: WorkerSlot[] = [];
  private readonly inFlight = new Map<number, { batch: Pending[]; worker: number; bytes: number }>();
  private nextId = 0;
  private completed = 0;
  private finishing = false;

  constructor(
    private readonly threads: number,
    private readonly onDone?: (count: number) => void,
  ) {}

  submit(job: ParseJob): Promise<FileFacts> {
    return new Promise((resolve) => {
      this.buffered.push({ job, resolve });
      this.bufferedBytes += job.text.length;
      this.submittedBytes += job.text.length;
      if (this.threads > 1 && (this.workers.length > 0 || this.submittedBytes >= INLINE_BYTES)) {
        this.start();
        if (this.bufferedBytes >= BATCH_BYTES) this.dispatch();
      }
    });
  }

  /**
   * Starts the threads now, for a scan known to be large: their module loading (~0.15 s each) then overlaps
   * the walk and the first reads instead of waiting for INLINE_BYTES of source to come in.
   */
  warmUp(): void {
    if (this.threads > 1) this.start();
  }

  /** Parses whatever is left and stops the threads. */
  async finish(): Promise<void> {
    // Files parsed on this thread may need the PostgreSQL parser; it is loaded only when one does.
    if (this.workers.length === 0) {
      if (this.buffered.some((pending) => pending.job.extractors.some((e) => needs(e, 'sql-parser'))))
        await loadSqlParser();
      if (this.buffered.some((pending) => pending.job.extractors.some((e) => needs(e, 'python-parser'))))
        await loadPythonParser();
      for (const pending of this.buffered.splice(0)) this.runInline(pending);
      return;
    }
    if (this.buffered.length > 0) this.dispatch();
    this.finishing = true;
    for (let index = 0; index < this.workers.length; index++) this.stopIfIdle(index);
    await Promise.all(this.workers.map((w) => w.done));
  }

  private runInline(pending: Pending): void {
    pending.resolve(analyzeFile(pending.job.path, pending.job.text, pending.job.extractors));
    this.onDone?.(++this.completed);
  }

  private start(): void {
    if (this.workers.length > 0) return;
    this.workers = Array.from({ length: this.threads }, (_, index) => {
      const worker = new Worker(workerUrl());
      let stopped: () => void = () => {};
      const done = new Promise<void>((resolve) => {
        stopped = resolve;
        worker.on('message', (reply: WorkerReply) => {
          const flight = this.inFlight.get(reply.id);
          if (!flight) return;
          this.inFlight.delete(reply.id);
          flight.batch.forEach((pending, i) => {
            pending.resolve(reply.facts[i] as FileFacts);
          });
          this.completed += flight.batch.length;
          this.onDone?.(this.completed);
          const self = this.workers[index];
          if (self) self.outstanding -= flight.bytes;
          this.stopIfIdle(index);
        });
        worker.on('error', () => {
          // A crashed worker's files are parsed on this thread instead, so no file is lost; it gets no more.
          const self = this.workers[index];
          if (self) self.outstanding = Number.POSITIVE_INFINITY;
          for (const [id, flight] of this.inFlight) {
            if (flight.worker !== index) continue;
            this.inFlight.delete(id);
            for (const pending of flight.batch) this.runInline(pending);
          }
          resolve();
        });
      });
      return { worker, outstanding: 0, done, stop: () => stopped() };
    });
  }

  /** Once the caller has submitted everything, a worker holding nothing is shut down. */
  private stopIfIdle(index: number): void {
    const slot = this.workers[index];
    if (!slot || !this.finishing || [...this.inFlight.values()].some((flight) => flight.worker === index))
      return;
    slot.worker.terminate().then(slot.stop, slot.stop);
  }

  /** Sends what is buffered, in batches of about BATCH_BYTES so the workers share it evenly. */
  private dispatch(): void {
    while (this.buffered.length > 0) {
      let bytes = 0;
      let count = 0;
      while (count < this.buffered.length && bytes < BATCH_BYTES) {
        bytes += (this.buffered[count] as Pending).job.text.length;
        count++;
      }
      this.send(this.buffered.splice(0, count), bytes);
    }
    this.bufferedBytes = 0;
  }

  private send(batch: Pending[], bytes: number): void {
    let target = 0;
    this.workers.forEach((w, i) => {
      if (w.outstanding < (this.workers[target] as WorkerSlot).outstanding) target = i;
    });
    const chosen = this.workers[target] as WorkerSlot;
    if (chosen.outstanding === Number.POSITIVE_INFINITY) {
      for (const pending of batch) this.runInline(pending);
      return;
    }
    chosen.outstanding += bytes;
    const id = this.nextId++;
    this.inFlight.set(id, { batch, worker: target, bytes });
    const task: WorkerTask = {
      id,
      files: batch.map(({ job }) => ({
        path: job.path,
        text: job.text,
        extractors: job.extractors.map((e) => e.name),
      })),
    };
    chosen.worker.postMessage(task);
  }
}

function workerUrl(): URL {
  const here = import.meta.url;
  // Under the test runner this module runs from src/*.ts; a worker needs plain JS, so it uses the build.
  if (here.endsWith('.ts')) return new URL('../../dist/scan/parse-worker.js', here);
  return new URL('./parse-worker.js', here);
}
