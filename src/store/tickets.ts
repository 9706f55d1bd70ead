import { BatonError } from '../errors.js';
import { recordEvent } from './events.js';
import { type Principal, ensureProject } from './principals.js';
import { type Stage, effectiveStatus, isFinished } from './stage.js';
import type { Store, Tx } from './store.js';
import {
  type TicketLinks,
  type TicketRow,
  type TicketView,
  loadNotes,
  loadTicketRow,
  ticketKey,
  viewTickets,
} from './ticket-view.js';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const RESOLUTIONS = ['done', 'duplicate', 'wont_fix', 'no_longer_relevant', 'invalid'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const DEFAULT_ROLES = ['backend', 'frontend', 'qa'];

export interface TicketInput {
  title: string;
  description?: string;
  acceptance?: string[];
  priority?: Priority;
  milestone?: string;
  labels?: string[];
  /** Ticket numbers or keys this one waits for. */
  blockedBy?: (number | string)[];
  links?: TicketLinks;
  /** The roles of its steps, in order. */
  steps?: string[];
  fingerprint?: string;
}

export type TicketPatch = Partial<Omit<TicketInput, 'steps' | 'fingerprint'>>;

/** What a step's finisher leaves for the next one: required, so nobody continues blind. */
export interface HandoffNote {
  changed: string;
  verify: string;
  left: string;
  files?: string[];
  tests?: string[];
}

export interface TicketFilter {
  stage?: Stage;
  milestone?: string;
  label?: string;
  /** Tickets with a step this principal holds. */
  heldBy?: string;
  /** Tickets with a step of this role that is ready to claim. */
  readyFor?: string;
  /** Tickets with a pending step that is blocked. */
  blocked?: boolean;
}

/**
 * The board of one project, acting as one principal. Every write is one transaction that checks the
 * principal's project, the version the caller read and the rules of DESIGN §6, and appends to the event log.
 */
export class Board {
  constructor(
    readonly store: Store,
    readonly principal: Principal,
  ) {}

  private get project(): string {
    return this.principal.project;
  }

  private now(): string {
    return this.store.now().toISOString();
  }

  async list(filter: TicketFilter = {}): Promise<TicketView[]> {
    const rows = await this.store.db
      .selectFrom('tickets')
      .selectAll()
      .where('project', '=', this.project)
      .orderBy('number')
      .execute();
    const views = await viewTickets(this.store.db, this.project, rows, this.now());
    return views.filter(
      (t) =>
        (filter.stage === undefined || t.stage === filter.stage) &&
        (filter.milestone === undefined || t.milestone === filter.milestone) &&
        (filter.label === undefined || t.labels.includes(filter.label)) &&
        (filter.heldBy === undefined || t.steps.some((s) => s.holder === filter.heldBy)) &&
        (filter.readyFor === undefined || t.steps.some((s) => s.ready && s.role === filter.readyFor)) &&
        (filter.blocked === undefined ||
          filter.blocked ===
            t.steps.some(
              (s) => s.status === 'pending' && s.blockedOn !== undefined && !s.blockedOn.startsWith('role '),
            )),
    );
  }

  /** What I hold, and what is ready for my role: the two questions an agent asks first. */
  async mine(): Promise<{ holding: TicketView[]; ready: TicketView[] }> {
    const all = await this.list();
    return {
      holding: all.filter((t) => t.steps.some((s) => s.holder === this.principal.id)),
      ready: all.filter((t) => t.steps.some((s) => s.ready && s.role === this.principal.role)),
    };
  }

  async get(ticket: number, options: { notes?: boolean } = {}): Promise<TicketView> {
    const row = await loadTicketRow(this.store.db, this.project, ticket);
    const [view] = await viewTickets(this.store.db, this.project, [row], this.now());
    const result = view as TicketView;
    if (options.notes !== false) result.notes = await loadNotes(this.store.db, row.id);
    return result;
  }

  async create(input: TicketInput): Promise<TicketView> {
    const number = await this.store.write((tx) => this.createIn(tx, input));
    return this.get(number);
  }

  /** @internal Creates a ticket inside the caller's transaction; returns its number. */
  async createIn(tx: Tx, input: TicketInput): Promise<number> {
    const title = input.title?.trim();
    if (!title) throw new BatonError('invalid-argument', 'title: a ticket needs a title');
    const roles = input.steps ?? DEFAULT_ROLES;
    if (roles.length === 0)
      throw new BatonError('invalid-argument', 'steps: a ticket needs at least one role step');
    const priority = checkPriority(input.priority ?? 'normal');
    const at = this.now();
    await ensureProject(tx, this.project, at);
    const blockedBy = await this.checkBlockers(tx, input.blockedBy ?? []);
    // The per-project counter is one row updated in this transaction: two creators never share a number.
    await tx
      .updateTable('projects')
      .set((eb) => ({ ticket_seq: eb('ticket_seq', '+', 1) }))
      .where('name', '=', this.project)
      .execute();
    const { ticket_seq: number } = await tx
      .selectFrom('projects')
      .select('ticket_seq')
      .where('name', '=', this.project)
      .executeTakeFirstOrThrow();
    const { id } = await tx
      .insertInto('tickets')
      .values({
        project: this.project,
        number,
        title,
        description: input.description ?? '',
        acceptance: JSON.stringify(input.acceptance ?? []),
        priority,
        milestone: input.milestone ?? null,
        labels: JSON.stringify(input.labels ?? []),
        blocked_by: JSON.stringify(blockedBy),
        links: JSON.stringify(input.links ?? {}),
        fingerprint: input.fingerprint ?? null,
        version: 1,
        created_by: this.principal.id,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('steps')
      .values(roles.map((role, position) => ({ ticket_id: id, position, role, status: 'pending' })))
      .execute();
    await this.event(tx, number, 'ticket.created', undefined, { title, steps: roles, priority, blockedBy });
    return number;
  }

  async update(ticket: number, version: number, patch: TicketPatch): Promise<TicketView> {
    await this.store.write(async (tx) => {
      const row = await this.readForWrite(tx, ticket, version);
      const set: Partial<TicketRow> = {};
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const change = (field: keyof TicketRow, name: string, value: unknown, stored: string | null) => {
        before[name] = row[field];
        after[name] = value;
        (set as Record<string, unknown>)[field] = stored;
      };
      if (patch.title !== undefined) {
        if (!patch.title.trim()) throw new BatonError('invalid-argument', 'title: a ticket needs a title');
        change('title', 'title', patch.title.trim(), patch.title.trim());
      }
      if (patch.description !== undefined)
        change('description', 'description', patch.description, patch.description);
      if (patch.acceptance !== undefined)
        change('acceptance', 'acceptance', patch.acceptance, JSON.stringify(patch.acceptance));
      if (patch.priority !== undefined)
        change('priority', 'priority', patch.priority, checkPriority(patch.priority));
      if (patch.milestone !== undefined)
        change('milestone', 'milestone', patch.milestone, patch.milestone || null);
      if (patch.labels !== undefined) change('labels', 'labels', patch.labels, JSON.stringify(patch.labels));
      if (patch.links !== undefined) change('links', 'links', patch.links, JSON.stringify(patch.links));
      if (patch.blockedBy !== undefined) {
        const blockers = await this.checkBlockers(tx, patch.blockedBy, ticket);
        change('blocked_by', 'blockedBy', blockers.map(ticketKey), JSON.stringify(blockers));
      }
      await this.bump(tx, row, set);
      await this.renewLeases(tx, row.id);
      await this.event(tx, ticket, 'ticket.updated', before, after);
    });
    return this.get(ticket);
  }

  /**
   * Takes a step: the next ready one of my role, or the one at `position`. One atomic operation — the role,
   * the order of steps, the blockers and the current holder are checked and the step taken in one
   * transaction whose final update only succeeds while the step is still free — so of any number of
   * concurrent claimers exactly one wins. The claim is a lease, renewed by the holder's activity.
   */
  async claim(ticket: number, options: { position?: number; version?: number } = {}): Promise<TicketView> {
    await this.store.write(async (tx) => {
      const row = await loadTicketRow(tx, this.project, ticket);
      if (options.version !== undefined) checkVersion(row, options.version);
      const [view] = await viewTickets(tx, this.project, [row], this.now());
      const steps = (view as TicketView).steps;
      const key = ticketKey(ticket);
      const step =
        options.position !== undefined
          ? steps.find((s) => s.position === options.position)
          : (steps.find((s) => s.role === this.principal.role && s.ready) ??
            steps.find((s) => s.role === this.principal.role && !isFinished(s.status)));
      if (!step)
        throw new BatonError(
          'claim-refused',
          options.position !== undefined
            ? `${key} has no step ${options.position}`
            : `${key} has no open ${this.principal.role} step`,
        );
      if (step.role !== this.principal.role)
        throw new BatonError(
          'forbidden',
          `${key} step ${step.position} is for role ${step.role}; this token's role is ${this.principal.role}`,
        );
      if (step.holder === this.principal.id) {
        await this.renewLeases(tx, row.id);
        return;
      }
      if (step.status === 'in_progress')
        throw new BatonError(
          'claim-refused',
          `${key} step ${step.position} (${step.role}) is held by ${step.holder} until ${step.leaseUntil}`,
        );
      if (isFinished(step.status))
        throw new BatonError(
          'claim-refused',
          `${key} step ${step.position} (${step.role}) is already ${step.status}`,
        );
      if (!step.ready)
        throw new BatonError(
          'claim-refused',
          `${key} step ${step.position} (${step.role}) is blocked on ${step.blockedOn ?? `the ticket being ${view?.stage}`}`,
        );
      const at = this.now();
      const stored = await tx
        .selectFrom('steps')
        .select(['holder', 'status', 'lease_until'])
        .where('ticket_id', '=', row.id)
        .where('position', '=', step.position)
        .executeTakeFirstOrThrow();
      const taken = await tx
        .updateTable('steps')
        .set({
          status: 'in_progress',
          holder: this.principal.id,
          claimed_at: at,
          lease_until: this.leaseEnd(),
        })
        .where('ticket_id', '=', row.id)
        .where('position', '=', step.position)
        .where((eb) =>
          eb.or([
            eb('status', '=', 'pending'),
            eb.and([eb('status', '=', 'in_progress'), eb('lease_until', '<', at)]),
          ]),
        )
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1)
        throw new BatonError(
          'claim-refused',
          `${key} step ${step.position} (${step.role}) was just claimed by someone else`,
        );
      if (stored.status === 'in_progress' && stored.holder)
        await this.event(tx, ticket, 'step.lease-expired', {
          position: step.position,
          holder: stored.holder,
          leaseUntil: stored.lease_until,
        });
      await this.bump(tx, row, {});
      await this.event(
        tx,
        ticket,
        'step.claimed',
        { position: step.position, status: 'pending' },
        {
          position: step.position,
          status: 'in_progress',
          holder: this.principal.id,
        },
      );
    });
    return this.get(ticket);
  }

  /** Gives a held step back to the board. */
  async release(ticket: number, position?: number): Promise<TicketView> {
    await this.store.write(async (tx) => {
      const row = await loadTicketRow(tx, this.project, ticket);
      const step = await this.heldStep(tx, row, position);
      await this.resetSteps(tx, row.id, { only: step.position });
      await this.bump(tx, row, {});
      await this.event(
        tx,
        ticket,
        'step.released',
        { position: step.position, holder: this.principal.id },
        { position: step.position, status: 'pending' },
      );
    });
    return this.get(ticket);
  }

  /** Finishes (or skips) the step I hold, with the handoff note the next role needs. */
  async finish(
    ticket: number,
    input: { version: number; note: HandoffNote; position?: number; skip?: boolean },
  ): Promise<TicketView> {
    const note = checkHandoff(input.note);
    await this.store.write(async (tx) => {
      const row = await this.readForWrite(tx, ticket, input.version);
      const step = await this.heldStep(tx, row, input.position);
      const at = this.now();
      const status = input.skip ? 'skipped' : 'done';
      await tx
        .updateTable('steps')
        .set({ status, finished_at: at, lease_until: null })
        .where('ticket_id', '=', row.id)
        .where('position', '=', step.position)
        .execute();
      await this.addNoteRow(tx, row.id, 'handoff', renderHandoff(note), {
        ...note,
        position: step.position,
        role: step.role,
      });
      await this.bump(tx, row, {});
      await this.event(
        tx,
        ticket,
        status === 'done' ? 'step.done' : 'step.skipped',
        { position: step.position, status: 'in_progress' },
        {
          position: step.position,
          status,
          note,
        },
      );
    });
    return this.get(ticket);
  }

  /** Comments and decisions are append-only: they never conflict, so they carry no version. */
  async note(ticket: number, kind: 'comment' | 'decision', body: string): Promise<TicketView> {
    if (!body.trim()) throw new BatonError('invalid-argument', `${kind}: the text is empty`);
    await this.store.write(async (tx) => {
      const row = await loadTicketRow(tx, this.project, ticket);
      await this.addNoteRow(tx, row.id, kind, body.trim());
      await this.renewLeases(tx, row.id);
      await this.event(tx, ticket, kind === 'decision' ? 'decision.logged' : 'comment.added', undefined, {
        body: body.trim(),
      });
    });
    return this.get(ticket);
  }

  /** `validation → live`: the human gate. No agent token passes it, whatever its role. */
  async verify(ticket: number, version: number, comment?: string): Promise<TicketView> {
    if (!this.principal.human)
      throw new BatonError(
        'forbidden',
        `only a human can verify ${ticketKey(ticket)}: this token belongs to an agent`,
      );
    await this.store.write(async (tx) => {
      const row = await this.readForWrite(tx, ticket, version);
      const stage = await this.stageIn(tx, row);
      if (stage !== 'validation')
        throw new BatonError(
          'conflict',
          `${ticketKey(ticket)} is ${stage}; only a ticket in validation can be verified`,
        );
      const at = this.now();
      await this.bump(tx, row, { verified_by: this.principal.id, verified_at: at });
      if (comment?.trim()) await this.addNoteRow(tx, row.id, 'comment', comment.trim());
      await this.event(tx, ticket, 'ticket.verified', { stage }, { stage: 'live' });
    });
    return this.get(ticket);
  }

  /** QA (or a human) sends a ticket back to an earlier step: that step and every later one start over. */
  async sendBack(ticket: number, input: { version: number; to: number; note: string }): Promise<TicketView> {
    if (!this.principal.human && this.principal.role !== 'qa')
      throw new BatonError('forbidden', `only QA or a human can send ${ticketKey(ticket)} back`);
    if (!input.note?.trim()) throw new BatonError('invalid-argument', 'note: say why the ticket goes back');
    await this.store.write(async (tx) => {
      const row = await this.readForWrite(tx, ticket, input.version);
      const stage = await this.stageIn(tx, row);
      if (stage === 'closed' || stage === 'live')
        throw new BatonError('conflict', `${ticketKey(ticket)} is ${stage}; reopen it instead`);
      const steps = await tx.selectFrom('steps').selectAll().where('ticket_id', '=', row.id).execute();
      if (!steps.some((s) => s.position === input.to))
        throw new BatonError('invalid-argument', `to: ${ticketKey(ticket)} has no step ${input.to}`);
      await this.resetSteps(tx, row.id, { from: input.to });
      await this.addNoteRow(tx, row.id, 'sendback', input.note.trim(), { to: input.to });
      await this.bump(tx, row, {});
      await this.event(tx, ticket, 'ticket.sent-back', { stage }, { to: input.to, note: input.note.trim() });
    });
    return this.get(ticket);
  }

  /** Closes with a resolution. Agents may only mark duplicates; anything else is a human's call. */
  async close(
    ticket: number,
    input: { version: number; resolution: Resolution; note?: string },
  ): Promise<TicketView> {
    if (!RESOLUTIONS.includes(input.resolution))
      throw new BatonError(
        'invalid-argument',
        `resolution "${input.resolution}": expected one of ${RESOLUTIONS.join(', ')}`,
      );
    if (!this.principal.human && !this.principal.id.startsWith('system:') && input.resolution !== 'duplicate')
      throw new BatonError(
        'forbidden',
        `an agent may close ${ticketKey(ticket)} only as a duplicate; ask a human`,
      );
    await this.store.write(async (tx) => {
      const row = await this.readForWrite(tx, ticket, input.version);
      if (row.resolution)
        throw new BatonError('conflict', `${ticketKey(ticket)} is already closed (${row.resolution})`);
      await tx
        .updateTable('steps')
        .set({ holder: null, lease_until: null })
        .where('ticket_id', '=', row.id)
        .where('status', '=', 'in_progress')
        .execute();
      if (input.note?.trim()) await this.addNoteRow(tx, row.id, 'comment', input.note.trim());
      await this.bump(tx, row, { resolution: input.resolution });
      await this.event(tx, ticket, 'ticket.closed', { resolution: null }, { resolution: input.resolution });
    });
    return this.get(ticket);
  }

  /** Back to work: the resolution and verification are cleared, and every step starts over. */
  async reopen(ticket: number, input: { version: number; note: string }): Promise<TicketView> {
    if (!this.principal.human && !this.principal.id.startsWith('system:'))
      throw new BatonError('forbidden', `only a human can reopen ${ticketKey(ticket)}`);
    await this.store.write(async (tx) => {
      const row = await this.readForWrite(tx, ticket, input.version);
      await this.reopenIn(tx, row, input.note);
    });
    return this.get(ticket);
  }

  /** @internal Used by auto-tickets inside their own transaction. */
  async reopenIn(tx: Tx, row: TicketRow, note: string): Promise<void> {
    await this.resetSteps(tx, row.id, { from: 0 });
    await this.addNoteRow(tx, row.id, 'system', note);
    await this.bump(tx, row, { resolution: null, verified_at: null, verified_by: null });
    await this.event(
      tx,
      row.number,
      'ticket.reopened',
      { resolution: row.resolution, verifiedAt: row.verified_at },
      { note },
    );
  }

  /** @internal Moves every unfinished step to skipped: the work is done or moot, a human checks it. */
  async toValidationIn(tx: Tx, row: TicketRow, note: string): Promise<void> {
    await tx
      .updateTable('steps')
      .set({ status: 'skipped', holder: null, lease_until: null, finished_at: this.now() })
      .where('ticket_id', '=', row.id)
      .where('status', 'in', ['pending', 'in_progress'])
      .execute();
    await this.addNoteRow(tx, row.id, 'system', note);
    await this.bump(tx, row, {});
    await this.event(tx, row.number, 'ticket.validation', undefined, { note });
  }

  async stageIn(tx: Tx, row: TicketRow): Promise<Stage> {
    const [view] = await viewTickets(tx, this.project, [row], this.now());
    return (view as TicketView).stage;
  }

  private async readForWrite(tx: Tx, ticket: number, version: number): Promise<TicketRow> {
    const row = await loadTicketRow(tx, this.project, ticket);
    checkVersion(row, version);
    return row;
  }

  /** The version goes up with every change; the update only lands on the version we read. */
  private async bump(tx: Tx, row: TicketRow, set: Partial<TicketRow>): Promise<void> {
    const result = await tx
      .updateTable('tickets')
      .set({ ...set, version: row.version + 1, updated_at: this.now() })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      const current = await loadTicketRow(tx, this.project, row.number);
      checkVersion(current, row.version);
    }
    row.version += 1;
  }

  private async heldStep(tx: Tx, row: TicketRow, position?: number) {
    const steps = await tx
      .selectFrom('steps')
      .selectAll()
      .where('ticket_id', '=', row.id)
      .orderBy('position')
      .execute();
    const now = this.now();
    const mine = steps.filter((s) => s.holder === this.principal.id && s.status === 'in_progress');
    const step = position !== undefined ? mine.find((s) => s.position === position) : mine[0];
    if (!step)
      throw new BatonError(
        'conflict',
        `you hold no ${position !== undefined ? `step ${position} ` : 'step '}on ${ticketKey(row.number)}: claim it first`,
      );
    // An expired lease still counts while nobody else took the step: the holder simply came back late.
    if (effectiveStatus(step.status, step.lease_until, now) !== 'in_progress')
      await tx
        .updateTable('steps')
        .set({ lease_until: this.leaseEnd() })
        .where('ticket_id', '=', row.id)
        .where('position', '=', step.position)
        .execute();
    return step;
  }

  /** Steps back to pending and unheld: one step (a release), or a step and all after it (send back, reopen). */
  private async resetSteps(
    tx: Tx,
    ticketId: number,
    which: { only: number } | { from: number },
  ): Promise<void> {
    let query = tx
      .updateTable('steps')
      .set({ status: 'pending', holder: null, claimed_at: null, lease_until: null, finished_at: null })
      .where('ticket_id', '=', ticketId);
    query =
      'only' in which ? query.where('position', '=', which.only) : query.where('position', '>=', which.from);
    await query.execute();
  }

  private leaseEnd(): string {
    return new Date(this.store.now().getTime() + this.store.leaseMs).toISOString();
  }

  /** Any activity of a holder on a ticket extends the leases it holds there. */
  private async renewLeases(tx: Tx, ticketId: number): Promise<void> {
    await tx
      .updateTable('steps')
      .set({ lease_until: this.leaseEnd() })
      .where('ticket_id', '=', ticketId)
      .where('holder', '=', this.principal.id)
      .where('status', '=', 'in_progress')
      .execute();
  }

  private async addNoteRow(
    tx: Tx,
    ticketId: number,
    kind: string,
    body: string,
    data?: Record<string, unknown>,
  ): Promise<void> {
    await tx
      .insertInto('notes')
      .values({
        ticket_id: ticketId,
        kind,
        author: this.principal.id,
        body,
        data: data ? JSON.stringify(data) : null,
        created_at: this.now(),
      })
      .execute();
  }

  private async event(
    tx: Tx,
    ticket: number,
    action: string,
    before?: unknown,
    after?: unknown,
  ): Promise<void> {
    await recordEvent(tx, {
      project: this.project,
      ticket,
      principal: this.principal.id,
      action,
      before,
      after,
      at: this.now(),
    });
  }

  private async checkBlockers(tx: Tx, given: readonly (number | string)[], self?: number): Promise<number[]> {
    const numbers = [...new Set(given.map((g) => Number(String(g).replace(/^HO-/i, ''))))];
    for (const n of numbers) {
      if (!Number.isInteger(n) || n <= 0)
        throw new BatonError('invalid-argument', `blockedBy: "${n}" is not a ticket key like HO-3`);
      if (n === self)
        throw new BatonError('invalid-argument', `blockedBy: ${ticketKey(n)} cannot wait for itself`);
      await loadTicketRow(tx, this.project, n);
    }
    return numbers;
  }
}

function checkVersion(row: TicketRow, version: number): void {
  if (!Number.isInteger(version))
    throw new BatonError(
      'invalid-argument',
      `version: expected the ticket version you read (an integer), got ${version}`,
    );
  if (row.version !== version)
    throw new BatonError(
      'conflict',
      `${ticketKey(row.number)} changed since you read it: you have version ${version}, the current version is ${row.version}; read it again and retry`,
    );
}

function checkPriority(priority: string): Priority {
  if (!PRIORITIES.includes(priority as Priority))
    throw new BatonError(
      'invalid-argument',
      `priority "${priority}": expected one of ${PRIORITIES.join(', ')}`,
    );
  return priority as Priority;
}

function checkHandoff(note: HandoffNote | undefined): HandoffNote {
  for (const field of ['changed', 'verify', 'left'] as const)
    if (typeof note?.[field] !== 'string' || !note[field].trim())
      throw new BatonError(
        'invalid-argument',
        `note.${field}: a handoff note says what changed, how to verify it and what is left (use "nothing" when nothing is)`,
      );
  const list = (value: unknown, field: string) => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
      throw new BatonError('invalid-argument', `note.${field}: expected a list of strings`);
    return value as string[];
  };
  const files = list(note?.files, 'files');
  const tests = list(note?.tests, 'tests');
  const n = note as HandoffNote;
  return {
    changed: n.changed.trim(),
    verify: n.verify.trim(),
    left: n.left.trim(),
    ...(files ? { files } : {}),
    ...(tests ? { tests } : {}),
  };
}

function renderHandoff(note: HandoffNote): string {
  const lines = [`Changed: ${note.changed}`, `Verify: ${note.verify}`, `Left: ${note.left}`];
  if (note.files?.length) lines.push(`Files: ${note.files.join(', ')}`);
  if (note.tests?.length) lines.push(`Tests: ${note.tests.join(', ')}`);
  return lines.join('\n');
}
