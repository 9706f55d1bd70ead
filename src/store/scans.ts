import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Mismatch, ScanResult, Severity } from '../scan/scan-result.js';
import { BatonError } from '../errors.js';
import { recordEvent } from './events.js';
import { ensureProject, systemPrincipal } from './principals.js';
import { Board, type TicketInput } from './tickets.js';
import type { Store, Tx } from './store.js';
import { ticketKey } from './ticket-view.js';

export type AutoTicketLevel = Severity | 'off';

/** One disagreement or finding as a scan saw it, by fingerprint. */
interface ScanItem {
  fingerprint: string;
  kind: string;
  severity: Severity;
  message: string;
  subject: ScanResult['mismatches'][number] | ScanResult['findings'][number];
}

export interface RecordedScan {
  id: number;
  /** Fingerprints the previous scan of the project did not have. */
  new: string[];
  /** Fingerprints the previous scan had and this one does not. */
  gone: string[];
  opened: string[];
  reopened: string[];
  toValidation: string[];
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Who works on a ticket opened for a kind or rule family, in order. */
export function rolesFor(kind: string): string[] {
  if (/^(?:table|column|function)-missing$|^schema-source-drift$|^migration-conflict$/.test(kind))
    return ['db', 'backend', 'qa'];
  if (/^(?:migrations|db)\./.test(kind)) return ['db', 'qa'];
  if (kind === 'endpoint-unused') return ['backend', 'qa'];
  if (kind.includes('.')) return ['backend', 'qa'];
  return ['backend', 'frontend', 'qa'];
}

/**
 * Stores a scan — its summary and every item by fingerprint, so history and "new since the last scan" exist —
 * and keeps the board in step with it: a ticket for each fingerprint at or above `level` that has none; a note
 * and a move to validation when a ticket's fingerprint disappears; a reopen when it comes back.
 */
export async function recordScan(
  store: Store,
  result: ScanResult,
  level: AutoTicketLevel = 'error',
  /** What was scanned (absolute paths), so the server can scan the project again (`run_scan`). */
  paths: readonly string[] = [],
  /** A worker's job key: recorded with the scan, so a retried job cannot record it twice. */
  job?: string,
): Promise<RecordedScan> {
  const project = result.project;
  const board = new Board(store, systemPrincipal(project));
  const items = scanItems(result);
  const at = store.now().toISOString();
  return store.write(async (tx) => {
    // One project's scans record one after another: two at once would diff against the same previous scan and
    // both open a ticket for a new fingerprint. (SQLite's writes are serial already.)
    if (store.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtext(${`baton-scan:${project}`}))`.execute(tx);
    await ensureProject(tx, project, at);
    if (job && (await jobRecorded(tx, job)))
      throw new BatonError('conflict', `scan job ${job} is already recorded`);
    const previous = await tx
      .selectFrom('scans')
      .select('id')
      .where('project', '=', project)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const before = new Set(
      previous
        ? (
            await tx
              .selectFrom('scan_items')
              .select('fingerprint')
              .where('scan_id', '=', previous.id)
              .execute()
          ).map((r) => r.fingerprint)
        : [],
    );
    const { id } = await tx
      .insertInto('scans')
      .values({
        project,
        scanned_at: result.scannedAt,
        health: result.health?.score ?? null,
        summary: JSON.stringify({ ...summaryOf(result), paths }),
        result: gzipSync(JSON.stringify(result)).toString('base64'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < items.length; i += 200)
      await tx
        .insertInto('scan_items')
        .values(
          items.slice(i, i + 200).map((item) => ({
            scan_id: id,
            fingerprint: item.fingerprint,
            kind: item.kind,
            severity: item.severity,
            message: item.message,
          })),
        )
        .execute();
    const now = new Set(items.map((i) => i.fingerprint));
    const recorded: RecordedScan = {
      id,
      new: items.filter((i) => !before.has(i.fingerprint)).map((i) => i.fingerprint),
      gone: [...before].filter((f) => !now.has(f)),
      opened: [],
      reopened: [],
      toValidation: [],
    };
    // Same transaction as the scan: a second worker's insert of the same key fails and rolls its scan back.
    if (job)
      await tx.insertInto('scan_jobs').values({ key: job, project, scan_id: id, recorded_at: at }).execute();
    await recordEvent(tx, {
      project,
      principal: 'system:scan',
      action: 'scan.recorded',
      after: { scan: id, items: items.length, new: recorded.new.length, gone: recorded.gone.length },
      at,
    });
    if (level !== 'off') await syncTickets(tx, board, items, before, level, id, recorded);
    return recorded;
  });
}

async function syncTickets(
  tx: Tx,
  board: Board,
  items: readonly ScanItem[],
  before: ReadonlySet<string>,
  level: Severity,
  scan: number,
  recorded: RecordedScan,
): Promise<void> {
  const project = board.principal.project;
  const tickets = await tx
    .selectFrom('tickets')
    .selectAll()
    .where('project', '=', project)
    .where('fingerprint', 'is not', null)
    .execute();
  const byFingerprint = new Map(tickets.map((t) => [t.fingerprint as string, t]));
  const present = new Set(items.map((i) => i.fingerprint));
  for (const item of items) {
    const ticket = byFingerprint.get(item.fingerprint);
    if (!ticket) {
      if (RANK[item.severity] < RANK[level]) continue;
      const number = await board.createIn(tx, ticketFor(item));
      recorded.opened.push(ticketKey(number));
      continue;
    }
    // Back after a scan without it: the fix did not hold. A human's wont_fix or duplicate stays closed.
    const stage = await board.stageIn(tx, ticket);
    const returned = !before.has(item.fingerprint) && before.size > 0;
    const moot = ticket.resolution === 'no_longer_relevant';
    if (returned && (stage === 'validation' || stage === 'live' || moot)) {
      await board.reopenIn(tx, ticket, `Scan #${scan} reports this again: ${item.message}`);
      recorded.reopened.push(ticketKey(ticket.number));
    }
  }
  for (const ticket of tickets) {
    if (present.has(ticket.fingerprint as string) || !before.has(ticket.fingerprint as string)) continue;
    const stage = await board.stageIn(tx, ticket);
    if (stage === 'validation' || stage === 'live' || stage === 'closed') continue;
    await board.toValidationIn(
      tx,
      ticket,
      `Scan #${scan} no longer reports this; a human should verify the fix.`,
    );
    recorded.toValidation.push(ticketKey(ticket.number));
  }
}

function ticketFor(item: ScanItem): TicketInput {
  const subject = item.subject;
  const sources = 'sources' in subject ? subject.sources : [subject.source];
  const mismatch = 'kind' in subject ? (subject as Mismatch) : undefined;
  const lines = [
    item.message,
    '',
    ...sources.map((s) => `- ${s.repo}/${s.file}:${s.line}`),
    ...(mismatch?.suggestion ? ['', `Suggested fix: ${mismatch.suggestion}`] : []),
    ...('fix' in subject && subject.fix ? ['', `Suggested fix: ${subject.fix}`] : []),
    '',
    `Opened by Baton from a scan (fingerprint \`${item.fingerprint}\`).`,
  ];
  const title = item.message.length > 120 ? `${item.message.slice(0, 117)}…` : item.message;
  return {
    title,
    description: lines.join('\n'),
    acceptance: [`\`baton check\` no longer reports ${item.kind} ${item.fingerprint}.`],
    priority: item.severity === 'error' ? 'high' : 'normal',
    labels: ['baton', item.kind],
    links: {
      fingerprints: [item.fingerprint],
      files: [...new Set(sources.map((s) => `${s.repo}/${s.file}`))],
      ...(mismatch?.method && mismatch.path ? { endpoints: [`${mismatch.method} ${mismatch.path}`] } : {}),
      ...(mismatch?.table ? { tables: [mismatch.table] } : {}),
    },
    steps: rolesFor(item.kind),
    fingerprint: item.fingerprint,
  };
}

function scanItems(result: ScanResult): ScanItem[] {
  const seen = new Set<string>();
  const out: ScanItem[] = [];
  for (const m of result.mismatches)
    if (!seen.has(m.fingerprint) && seen.add(m.fingerprint))
      out.push({
        fingerprint: m.fingerprint,
        kind: m.kind,
        severity: m.severity,
        message: m.message,
        subject: m,
      });
  for (const f of result.findings)
    if (!seen.has(f.fingerprint) && seen.add(f.fingerprint))
      out.push({
        fingerprint: f.fingerprint,
        kind: f.rule,
        severity: f.severity,
        message: f.message,
        subject: f,
      });
  return out;
}

function summaryOf(result: ScanResult) {
  return {
    scannedAt: result.scannedAt,
    repos: result.repos.map((r) => ({
      name: r.name,
      role: r.role,
      files: r.files,
      ...(r.commit ? { commit: r.commit } : {}),
    })),
    endpoints: result.endpoints.length,
    calls: result.calls.length,
    tables: result.tables.length,
    queries: result.queries.length,
    mismatches: result.mismatches.length,
    findings: result.findings.length,
    health: result.health?.score,
    stats: result.stats,
  };
}

export interface ScanRecord {
  id: number;
  scannedAt: string;
  health?: number;
  summary: ReturnType<typeof summaryOf>;
}

/** The project's scans, newest first. */
export async function listScans(store: Store, project: string, limit = 50): Promise<ScanRecord[]> {
  // Not the stored results: they are large, and a list needs only the summaries.
  const rows = await store.db
    .selectFrom('scans')
    .select(['id', 'scanned_at', 'health', 'summary'])
    .where('project', '=', project)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    scannedAt: r.scanned_at,
    ...(r.health !== null ? { health: r.health } : {}),
    summary: JSON.parse(r.summary),
  }));
}

export interface LatestScan {
  id: number;
  scannedAt: string;
  paths: string[];
  result: ScanResult;
}

/** Decoded results by scan id: a scan never changes once recorded, so its result can be kept. */
const decoded = new Map<string, ScanResult>();
const DECODED_MAX = 8;

/** The project's latest recorded scan with its full result, or undefined when none was recorded. */
export async function latestScan(store: Store, project: string): Promise<LatestScan | undefined> {
  const row = await store.db
    .selectFrom('scans')
    .select(['id', 'scanned_at', 'summary'])
    .where('project', '=', project)
    .where('result', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const key = `${store.location}#${row.id}`;
  let result = decoded.get(key);
  if (!result) {
    const { result: blob } = await store.db
      .selectFrom('scans')
      .select('result')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    result = JSON.parse(gunzipSync(Buffer.from(blob as string, 'base64')).toString('utf8')) as ScanResult;
    if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value as string);
    decoded.set(key, result);
  }
  const summary = JSON.parse(row.summary) as { paths?: string[] };
  return { id: row.id, scannedAt: row.scanned_at, paths: summary.paths ?? [], result };
}

/** Whether a worker already recorded the scan of this job (a retry after the commit). */
export async function jobRecorded(db: Pick<Store['db'], 'selectFrom'>, job: string): Promise<boolean> {
  const row = await db.selectFrom('scan_jobs').select('key').where('key', '=', job).executeTakeFirst();
  return row !== undefined;
}
