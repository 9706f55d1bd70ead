import { BatonError } from '../errors.js';
import type { Selectable } from 'kysely';
import type { StoreTables } from './schema.js';
import { type Stage, type StepView, effectiveStatus, stageOf, viewSteps } from './stage.js';
import type { Tx } from './store.js';

export type TicketRow = Selectable<StoreTables['tickets']>;
export type StepRow = Selectable<StoreTables['steps']>;

export interface TicketLinks {
  fingerprints?: string[];
  files?: string[];
  endpoints?: string[];
  tables?: string[];
}

export interface NoteView {
  id: number;
  kind: 'handoff' | 'decision' | 'comment' | 'sendback' | 'system';
  author: string;
  body: string;
  data?: Record<string, unknown>;
  at: string;
}

export interface TicketView {
  key: string;
  number: number;
  project: string;
  title: string;
  description: string;
  acceptance: string[];
  priority: string;
  milestone?: string;
  labels: string[];
  blockedBy: string[];
  links: TicketLinks;
  fingerprint?: string;
  stage: Stage;
  resolution?: string;
  steps: StepView[];
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  verifiedBy?: string;
  verifiedAt?: string;
  notes?: NoteView[];
}

export const ticketKey = (number: number): string => `HO-${number}`;

/** `HO-12`, `ho-12` or `12` → 12. */
export function parseTicketKey(value: string | number): number {
  const match = /^(?:HO-)?(\d{1,9})$/i.exec(String(value).trim());
  if (!match) throw new BatonError('invalid-argument', `ticket "${value}": expected a key like HO-12`);
  return Number(match[1]);
}

export async function loadTicketRow(tx: Tx, project: string, number: number): Promise<TicketRow> {
  const row = await tx
    .selectFrom('tickets')
    .selectAll()
    .where('project', '=', project)
    .where('number', '=', number)
    .executeTakeFirst();
  // Another project's ticket is reported exactly like a missing one: a token learns nothing outside its project.
  if (!row) throw new BatonError('not-found', `${ticketKey(number)} does not exist in project ${project}`);
  return row;
}

/** Views of tickets of one project, with their steps and the state of their blockers, in three queries. */
export async function viewTickets(
  tx: Tx,
  project: string,
  rows: readonly TicketRow[],
  now: string,
): Promise<TicketView[]> {
  if (rows.length === 0) return [];
  const steps = await tx
    .selectFrom('steps')
    .selectAll()
    .where(
      'ticket_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('position')
    .execute();
  const byTicket = new Map<number, StepRow[]>();
  for (const step of steps) {
    const list = byTicket.get(step.ticket_id) ?? [];
    list.push(step);
    byTicket.set(step.ticket_id, list);
  }
  const blockerNumbers = [...new Set(rows.flatMap((r) => JSON.parse(r.blocked_by) as number[]))];
  const settled = new Set<number>();
  if (blockerNumbers.length > 0) {
    const blockers = await tx
      .selectFrom('tickets')
      .select(['number', 'resolution', 'verified_at'])
      .where('project', '=', project)
      .where('number', 'in', blockerNumbers)
      .execute();
    for (const b of blockers) if (b.resolution || b.verified_at) settled.add(b.number);
  }
  return rows.map((row) => buildView(row, byTicket.get(row.id) ?? [], settled, now));
}

function buildView(
  row: TicketRow,
  steps: readonly StepRow[],
  settledBlockers: ReadonlySet<number>,
  now: string,
): TicketView {
  const key = ticketKey(row.number);
  const blockedBy = JSON.parse(row.blocked_by) as number[];
  const states = steps.map((s) => {
    const status = effectiveStatus(s.status, s.lease_until, now);
    return {
      position: s.position,
      role: s.role,
      status,
      ...(status === 'in_progress' && s.holder ? { holder: s.holder } : {}),
      ...(status === 'in_progress' && s.lease_until ? { leaseUntil: s.lease_until } : {}),
    };
  });
  const open = blockedBy.filter((n) => !settledBlockers.has(n)).map(ticketKey);
  const stepViews = viewSteps(key, states, open, Boolean(row.resolution || row.verified_at));
  return {
    key,
    number: row.number,
    project: row.project,
    title: row.title,
    description: row.description,
    acceptance: JSON.parse(row.acceptance) as string[],
    priority: row.priority,
    ...(row.milestone ? { milestone: row.milestone } : {}),
    labels: JSON.parse(row.labels) as string[],
    blockedBy: blockedBy.map(ticketKey),
    links: JSON.parse(row.links) as TicketLinks,
    ...(row.fingerprint ? { fingerprint: row.fingerprint } : {}),
    stage: stageOf(row, stepViews),
    ...(row.resolution ? { resolution: row.resolution } : {}),
    steps: stepViews,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.verified_by ? { verifiedBy: row.verified_by } : {}),
    ...(row.verified_at ? { verifiedAt: row.verified_at } : {}),
  };
}

export async function loadNotes(tx: Tx, ticketId: number): Promise<NoteView[]> {
  const rows = await tx
    .selectFrom('notes')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind as NoteView['kind'],
    author: n.author,
    body: n.body,
    ...(n.data ? { data: JSON.parse(n.data) as Record<string, unknown> } : {}),
    at: n.created_at,
  }));
}
