import type { Command } from 'commander';
import pc from 'picocolors';
import { BatonError } from '../errors.js';
import {
  Board,
  type HandoffNote,
  type Resolution,
  type TicketFilter,
  type TicketView,
  listEvents,
  parseTicketKey,
} from '../store/index.js';
import { actingPrincipal, withStore, withStoreOptions } from './store-options.js';

type Options = Record<string, unknown>;

/** `baton ticket …`: the board from a terminal, against the store (DESIGN §2). */
export function ticketCommand(program: Command, setExit: (code: number) => void): void {
  const ticket = program
    .command('ticket')
    .description('handoff tickets: list, show, create, claim, finish, verify');
  const action =
    (write: boolean, work: (board: Board, args: string[], options: Options) => Promise<unknown>) =>
    async (...given: unknown[]) => {
      const command = given.at(-1) as Command;
      const options = command.optsWithGlobals() as Options;
      const args = given.slice(0, -2).filter((a): a is string => typeof a === 'string');
      await withStore(options, async (store) => {
        const board = new Board(store, await actingPrincipal(store, options, write));
        const result = await work(board, args, options);
        print(result, options);
      });
      setExit(0);
    };

  withStoreOptions(ticket.command('list').description('tickets of the project'))
    .option('--stage <stage>', 'backlog, ready, in_progress, validation, live or closed')
    .option('--milestone <name>')
    .option('--label <label>')
    .option('--mine', 'tickets with a step I hold')
    .option('--ready', 'tickets with a step ready for my role')
    .option('--blocked', 'tickets waiting for other tickets')
    .option('--json')
    .action(
      action(false, async (board, _args, o) => {
        const filter: TicketFilter = {
          ...(typeof o.stage === 'string' ? { stage: o.stage as TicketFilter['stage'] } : {}),
          ...(typeof o.milestone === 'string' ? { milestone: o.milestone } : {}),
          ...(typeof o.label === 'string' ? { label: o.label } : {}),
          ...(o.mine ? { heldBy: board.principal.id } : {}),
          ...(o.ready ? { readyFor: board.principal.role } : {}),
          ...(o.blocked ? { blocked: true } : {}),
        };
        return board.list(filter);
      }),
    );

  withStoreOptions(
    ticket.command('show').argument('<ticket>', 'HO-n').description('one ticket with its steps and notes'),
  )
    .option('--json')
    .action(action(false, (board, [key]) => board.get(parseTicketKey(key as string))));

  withStoreOptions(ticket.command('create').description('open a ticket'))
    .requiredOption('--title <title>')
    .option('--description <markdown>')
    .option('--acceptance <criterion...>', 'acceptance criteria')
    .option('--steps <roles>', 'role steps in order, comma-separated', 'backend,frontend,qa')
    .option('--priority <p>', 'low, normal, high or urgent', 'normal')
    .option('--milestone <name>')
    .option('--label <label...>')
    .option('--blocked-by <ticket...>', 'tickets this one waits for')
    .option('--json')
    .action(
      action(true, (board, _args, o) =>
        board.create({
          title: String(o.title),
          ...(typeof o.description === 'string' ? { description: o.description } : {}),
          ...(Array.isArray(o.acceptance) ? { acceptance: o.acceptance as string[] } : {}),
          steps: String(o.steps)
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          priority: String(o.priority) as 'normal',
          ...(typeof o.milestone === 'string' ? { milestone: o.milestone } : {}),
          ...(Array.isArray(o.label) ? { labels: o.label as string[] } : {}),
          ...(Array.isArray(o.blockedBy) ? { blockedBy: o.blockedBy as string[] } : {}),
        }),
      ),
    );

  withStoreOptions(
    ticket.command('claim').argument('<ticket>').description('take the next step of my role (a lease)'),
  )
    .option('--step <n>', 'a step position instead of the next one of my role')
    .option('--version <v>', 'the version you read')
    .option('--json')
    .action(
      action(true, (board, [key], o) =>
        board.claim(parseTicketKey(key as string), {
          ...(o.step !== undefined ? { position: int('--step', o.step) } : {}),
          ...(o.version !== undefined ? { version: int('--version', o.version) } : {}),
        }),
      ),
    );

  withStoreOptions(ticket.command('release').argument('<ticket>').description('give a held step back'))
    .option('--step <n>')
    .option('--json')
    .action(
      action(true, (board, [key], o) =>
        board.release(
          parseTicketKey(key as string),
          o.step !== undefined ? int('--step', o.step) : undefined,
        ),
      ),
    );

  withStoreOptions(
    ticket.command('done').argument('<ticket>').description('finish the step I hold, with a handoff note'),
  )
    .requiredOption('--version <v>', 'the version you read')
    .requiredOption('--changed <text>', 'what changed')
    .requiredOption('--verify <text>', 'how to verify it')
    .requiredOption('--left <text>', 'what is left ("nothing" when nothing is)')
    .option('--files <files...>', 'files touched')
    .option('--tests <tests...>', 'tests run')
    .option('--step <n>')
    .option('--skip', 'mark the step skipped instead of done')
    .option('--json')
    .action(
      action(true, (board, [key], o) => {
        const note: HandoffNote = {
          changed: String(o.changed),
          verify: String(o.verify),
          left: String(o.left),
          ...(Array.isArray(o.files) ? { files: o.files as string[] } : {}),
          ...(Array.isArray(o.tests) ? { tests: o.tests as string[] } : {}),
        };
        return board.finish(parseTicketKey(key as string), {
          version: int('--version', o.version),
          note,
          ...(o.step !== undefined ? { position: int('--step', o.step) } : {}),
          ...(o.skip ? { skip: true } : {}),
        });
      }),
    );

  withStoreOptions(
    ticket.command('note').argument('<ticket>').argument('<text>').description('add a comment'),
  )
    .option('--decision', 'log it as a decision')
    .option('--json')
    .action(
      action(true, (board, [key, text], o) =>
        board.note(parseTicketKey(key as string), o.decision ? 'decision' : 'comment', text ?? ''),
      ),
    );

  withStoreOptions(
    ticket.command('verify').argument('<ticket>').description('validation → live (humans only)'),
  )
    .requiredOption('--version <v>', 'the version you read')
    .option('--comment <text>')
    .option('--json')
    .action(
      action(true, (board, [key], o) =>
        board.verify(
          parseTicketKey(key as string),
          int('--version', o.version),
          typeof o.comment === 'string' ? o.comment : undefined,
        ),
      ),
    );

  withStoreOptions(
    ticket.command('send-back').argument('<ticket>').description('QA: back to an earlier step'),
  )
    .requiredOption('--version <v>')
    .requiredOption('--to <step>', 'the step position to start over from')
    .requiredOption('--note <text>', 'why')
    .option('--json')
    .action(
      action(true, (board, [key], o) =>
        board.sendBack(parseTicketKey(key as string), {
          version: int('--version', o.version),
          to: int('--to', o.to),
          note: String(o.note),
        }),
      ),
    );

  withStoreOptions(ticket.command('close').argument('<ticket>').description('close with a resolution'))
    .requiredOption('--version <v>')
    .requiredOption('--resolution <r>', 'done, duplicate, wont_fix, no_longer_relevant or invalid')
    .option('--note <text>')
    .option('--json')
    .action(
      action(true, (board, [key], o) =>
        board.close(parseTicketKey(key as string), {
          version: int('--version', o.version),
          resolution: String(o.resolution) as Resolution,
          ...(typeof o.note === 'string' ? { note: o.note } : {}),
        }),
      ),
    );

  withStoreOptions(
    ticket.command('events').argument('[ticket]').description('the event log, of a ticket or the project'),
  )
    .option('--principal <id>', 'only this principal (token:<n>)')
    .option('--json')
    .action(
      action(false, (board, [key], o) =>
        listEvents(board.store, board.principal.project, {
          ...(key ? { ticket: parseTicketKey(key) } : {}),
          ...(typeof o.principal === 'string' ? { principal: o.principal } : {}),
        }),
      ),
    );
}

function int(flag: string, value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new BatonError('invalid-argument', `${flag}: expected a whole number, got "${String(value)}"`);
  return n;
}

function print(result: unknown, options: Options): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const color = Boolean(process.stdout.isTTY);
  if (Array.isArray(result) && (result.length === 0 || isTicket(result[0]))) {
    if (result.length === 0) process.stdout.write('No tickets.\n');
    for (const t of result as TicketView[]) process.stdout.write(`${ticketLine(t, color)}\n`);
    return;
  }
  if (isTicket(result)) {
    process.stdout.write(ticketText(result, color));
    return;
  }
  if (Array.isArray(result)) {
    for (const e of result as { at: string; principal: string; action: string; ticket?: string }[])
      process.stdout.write(
        `${e.at}  ${e.principal.padEnd(12)} ${e.action}${e.ticket ? ` ${e.ticket}` : ''}\n`,
      );
  }
}

function isTicket(value: unknown): value is TicketView {
  return typeof value === 'object' && value !== null && 'key' in value && 'steps' in value;
}

function ticketLine(t: TicketView, color: boolean): string {
  const paint = (s: string) => (color ? pc.bold(s) : s);
  const steps = t.steps
    .map(
      (s) =>
        `${s.role}:${s.status}${s.holder ? `@${s.holder}` : ''}${s.blockedOn && !s.blockedOn.startsWith('role ') ? ` (blocked on ${s.blockedOn})` : ''}`,
    )
    .join(' → ');
  return `${paint(t.key.padEnd(6))} ${t.stage.padEnd(11)} v${t.version}  ${t.title}\n        ${steps}`;
}

function ticketText(t: TicketView, color: boolean): string {
  const lines = [ticketLine(t, color), ''];
  if (t.description) lines.push(t.description, '');
  if (t.acceptance.length > 0) lines.push('Acceptance:', ...t.acceptance.map((a) => `  - ${a}`), '');
  const meta = [
    `priority ${t.priority}`,
    t.milestone ? `milestone ${t.milestone}` : '',
    t.labels.length ? `labels ${t.labels.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  lines.push(meta);
  if (t.blockedBy.length > 0) lines.push(`Blocked by: ${t.blockedBy.join(', ')}`);
  for (const n of t.notes ?? []) lines.push('', `[${n.kind}] ${n.author} ${n.at}`, n.body);
  return `${lines.join('\n')}\n`;
}
