import { createHmac, timingSafeEqual } from 'node:crypto';
import { basename } from 'node:path';
import type { Store } from '../store/index.js';
import { latestScan } from '../store/index.js';
import { rescanProject } from '../tools/scan-tools.js';

/** `X-Hub-Signature-256: sha256=<hex>` over the raw body, compared in constant time. */
export function validSignature(secret: string, body: Uint8Array, header: string | undefined): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(match[1] as string, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Projects whose latest scan read a repo of this name (by its configured name or its folder). */
export async function projectsWithRepo(store: Store, repo: string): Promise<string[]> {
  const projects = await store.db.selectFrom('projects').select('name').execute();
  const found: string[] = [];
  for (const { name } of projects) {
    const latest = await latestScan(store, name);
    if (latest?.result.repos.some((r) => r.name === repo || basename(r.root) === repo)) found.push(name);
  }
  return found;
}

/**
 * Rescans run one at a time per project: a burst of pushes while a scan runs queues one more scan, not
 * one per push.
 */
export class RescanQueue {
  private readonly running = new Map<string, Promise<void>>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly log: (entry: Record<string, unknown>) => void,
  ) {}

  request(project: string): void {
    if (this.running.has(project)) {
      this.pending.add(project);
      return;
    }
    const run = rescanProject(this.store, project)
      .then((recorded) => this.log({ level: 'info', event: 'webhook.rescan', project, scan: recorded.id }))
      .catch((error: unknown) =>
        this.log({ level: 'error', event: 'webhook.rescan', project, error: String(error) }),
      )
      .finally(() => {
        this.running.delete(project);
        if (this.pending.delete(project)) this.request(project);
      });
    this.running.set(project, run);
  }

  /** Resolves when nothing is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }
}
