import type { Store, Tx } from './store.js';

/** One action by one principal: append-only, with what the subject looked like before and after. */
export interface StoreEvent {
  id: number;
  project: string;
  ticket?: string;
  principal: string;
  action: string;
  before?: unknown;
  after?: unknown;
  at: string;
}

/** Events written in a transaction, announced by its store once it commits (Store.write). */
const pending = new WeakMap<Tx, { project: string; action: string }[]>();

export function collectEvents(tx: Tx, into: { project: string; action: string }[]): void {
  pending.set(tx, into);
}

export async function recordEvent(
  tx: Tx,
  event: {
    project: string;
    ticket?: number;
    principal: string;
    action: string;
    before?: unknown;
    after?: unknown;
    at: string;
  },
): Promise<void> {
  await tx
    .insertInto('events')
    .values({
      project: event.project,
      ticket: event.ticket ?? null,
      principal: event.principal,
      action: event.action,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      at: event.at,
    })
    .execute();
  pending.get(tx)?.push(event);
}

/** The project's log, oldest first: all of it, one ticket's, or one principal's. */
export async function listEvents(
  store: Store,
  project: string,
  /** `newest`: the last `limit` events rather than the first (still returned oldest first). */
  filter: { ticket?: number; principal?: string; limit?: number; newest?: boolean } = {},
): Promise<StoreEvent[]> {
  let query = store.db.selectFrom('events').selectAll().where('project', '=', project);
  if (filter.ticket !== undefined) query = query.where('ticket', '=', filter.ticket);
  if (filter.principal !== undefined) query = query.where('principal', '=', filter.principal);
  const rows = await query
    .orderBy('id', filter.newest ? 'desc' : 'asc')
    .limit(filter.limit ?? 10_000)
    .execute();
  if (filter.newest) rows.reverse();
  return rows.map((row) => ({
    id: row.id,
    project: row.project,
    ...(row.ticket !== null ? { ticket: `HO-${row.ticket}` } : {}),
    principal: row.principal,
    action: row.action,
    ...(row.before !== null ? { before: JSON.parse(row.before) } : {}),
    ...(row.after !== null ? { after: JSON.parse(row.after) } : {}),
    at: row.at,
  }));
}
