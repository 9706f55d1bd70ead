// Scan jobs on PostgreSQL (pg-boss): servers enqueue a rescan per push, `baton worker` processes run them.
// A push is one job whatever the number of servers or deliveries it reaches (the job id comes from the push),
// and a job retried after its scan committed records nothing twice (the scan and its job key commit together).
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import { type Store, jobRecorded } from '../store/index.js';
import { rescanProject } from '../tools/scan-tools.js';

export const SCAN_QUEUE = 'baton-scan';

export interface ScanJob {
  project: string;
  /** What identifies the push: the commit it moved to, or the delivery id, or a digest of the body. */
  push: string;
}

export interface ScanJobOptions {
  /** How long a started job may run before another worker takes it over (a killed worker's job). */
  expireInSeconds?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** How often expired jobs are looked for (default 60 s). */
  maintenanceIntervalSeconds?: number;
}

/** The job's key in the store: one per project and push. */
export const jobKey = (job: ScanJob): string => `${job.project}:${job.push}`;

/** A UUID derived from the key, so the same push sent twice is the same job (pg-boss ignores the second). */
function jobId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class ScanJobs {
  private constructor(
    private readonly boss: PgBoss,
    private readonly log: (entry: Record<string, unknown>) => void,
  ) {}

  static async start(
    url: string,
    log: (entry: Record<string, unknown>) => void,
    options: ScanJobOptions = {},
  ): Promise<ScanJobs> {
    // Its own schema, so the queue's tables never mix with the store's.
    const boss = new PgBoss({
      connectionString: url,
      schema: 'baton_jobs',
      max: 4,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    });
    boss.on('error', (error) => log({ level: 'error', event: 'jobs.error', error: String(error) }));
    await boss.start();
    const queue = {
      name: SCAN_QUEUE,
      retryLimit: options.retryLimit ?? 5,
      retryDelay: options.retryDelaySeconds ?? 2,
      retryBackoff: true,
      expireInSeconds: options.expireInSeconds ?? 15 * 60,
    };
    // createQueue keeps an existing queue's settings: the options of this process are applied either way.
    await boss.createQueue(SCAN_QUEUE, queue);
    await boss.updateQueue(SCAN_QUEUE, queue);
    return new ScanJobs(boss, log);
  }

  /** Queues a rescan of `project` for this push; false when that push was already queued. */
  async enqueue(job: ScanJob): Promise<boolean> {
    const id = await this.boss.send(SCAN_QUEUE, job, { id: jobId(jobKey(job)) });
    return id !== null;
  }

  /** Runs queued scans against `store`, one at a time in this process, until stopped. */
  async work(store: Store): Promise<void> {
    await this.boss.work<ScanJob>(
      SCAN_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        if (!job) return;
        const key = jobKey(job.data);
        // A retry of a job whose scan already committed (its worker died before saying so): done.
        if (await jobRecorded(store.db, key)) return;
        try {
          const recorded = await rescanProject(store, job.data.project, key);
          this.log({
            level: 'info',
            event: 'jobs.scan',
            project: job.data.project,
            push: job.data.push,
            scan: recorded.id,
          });
        } catch (error) {
          // Another worker recorded it first (both started before either committed): nothing to redo. Any other
          // failure — a ticket changed under the scan's write included — is retried.
          if (await jobRecorded(store.db, key)) return;
          throw error;
        }
      },
    );
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
