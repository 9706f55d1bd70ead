import type { Command } from 'commander';
import pc from 'picocolors';
import { BatonError } from '../errors.js';
import { callRemote } from '../server/remote.js';
import type { TicketView } from '../store/index.js';
import { describeSteps, isTicket } from '../tools/summarize.js';
import { TICKET_TOOLS } from '../tools/ticket-tools.js';
import { parseInput } from '../tools/tool.js';
import { actingPrincipal, withStore, withStoreOptions } from './store-options.js';

type Options = Record<string, unknown>;

/** `baton ticket …`: the board from a terminal, against the store (DESIGN §2). */
export function ticketCommand(program: Command, setExit: (code: number) => void): void {
  const ticket = program
    .command('ticket')
    .description('handoff tickets: list, show, create, claim, finish, verify');
  /**
   * Each subcommand is a tool call: run on the store here, or sent to `--server` — the same tool, the same
   * checks, the same errors either way.
   */
  const action =
    (tool: string, input: (args: string[], options: Options) => Record<string | symbol, unknown>) =>
    async (...given: unknown[]) => {
      const command = given.at(-1) as Command;
      const options = command.optsWithGlobals() as Options;
      const args = given.slice(0, -2).filter((a): a is string => typeof a === 'string');
      print(await runTool(tool, options, input(args, options)), options);
      setExit(0);
    };

  withStoreOptions(ticket.command('list').description('tickets of the project'))
    .option('--stage <stage>', 'backlog, ready, in_progress, validation, live or closed')
    .option('--milestone <name>')
    .option('--label <label>')
    .option('--mine', 'tickets with a step I hold')
    .option('--ready', 'tickets with a step ready for my role')
    .option('--blocked', 'tickets waiting for other tickets')
    .option('--limit <n>', 'at most this many (default 50)')
    .option('--offset <n>', 'skip this many, for the next page')
    .option('--json', 'print the page: { items, total, offset, next? }')
    .action(
      action('list_tickets', (_args, o) => ({
        stage: o.stage,
        milestone: o.milestone,
        label: o.label,
        mine: o.mine,
        ready: o.ready,
        blocked: o.blocked,
        limit: o.limit === undefined ? undefined : int('--limit', o.limit),
        offset: int('--offset', o.offset),
      })),
    );

  withStoreOptions(
    ticket.command('show').argument('<ticket>', 'HO-n').description('one ticket with its steps and notes'),
  )
    .option('--json')
    .action(action('get_ticket', ([key]) => ({ ticket: key })));

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
      action('create_ticket', (_args, o) => ({
        title: o.title,
        description: o.description,
        acceptance: o.acceptance,
        steps: String(o.steps)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        priority: o.priority,
        milestone: o.milestone,
        labels: o.label,
        blockedBy: o.blockedBy,
      })),
    );

  withStoreOptions(
    ticket.command('claim').argument('<ticket>').description('take the next step of my role (a lease)'),
  )
    .option('--step <n>', 'a step position instead of the next one of my role')
    .option('--version <v>', 'the version you read')
    .option('--json')
    .action(
      action('claim_step', ([key], o) => ({
        ticket: key,
        position: int('--step', o.step),
        version: int('--version', o.version),
      })),
    );

  withStoreOptions(ticket.command('release').argument('<ticket>').description('give a held step back'))
    .option('--step <n>')
    .option('--json')
    .action(action('release_step', ([key], o) => ({ ticket: key, position: int('--step', o.step) })));

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
      action('finish_step', ([key], o) => ({
        ticket: key,
        version: int('--version', o.version),
        note: { changed: o.changed, verify: o.verify, left: o.left, files: o.files, tests: o.tests },
        position: int('--step', o.step),
        skip: o.skip,
      })),
    );

  withStoreOptions(
    ticket.command('note').argument('<ticket>').argument('<text>').description('add a comment'),
  )
    .option('--decision', 'log it as a decision')
    .option('--json')
    .action(
      action('add_note', ([key, text], o) =>
        o.decision ? { ticket: key, decision: text, [TOOL]: 'log_decision' } : { ticket: key, body: text },
      ),
    );

  withStoreOptions(
    ticket.command('verify').argument('<ticket>').description('validation → live (humans only)'),
  )
    .requiredOption('--version <v>', 'the version you read')
    .option('--comment <text>')
    .option('--json')
    .action(
      action('verify_ticket', ([key], o) => ({
        ticket: key,
        version: int('--version', o.version),
        comment: o.comment,
      })),
    );

  withStoreOptions(
    ticket.command('send-back').argument('<ticket>').description('QA: back to an earlier step'),
  )
    .requiredOption('--version <v>')
    .requiredOption('--to <step>', 'the step position to start over from')
    .requiredOption('--note <text>', 'why')
    .option('--json')
    .action(
      action('send_back', ([key], o) => ({
        ticket: key,
        version: int('--version', o.version),
        to: int('--to', o.to),
        note: o.note,
      })),
    );

  withStoreOptions(ticket.command('close').argument('<ticket>').description('close with a resolution'))
    .requiredOption('--version <v>')
    .requiredOption('--resolution <r>', 'done, duplicate, wont_fix, no_longer_relevant or invalid')
    .option('--note <text>')
    .option('--json')
    .action(
      action('close_ticket', ([key], o) => ({
        ticket: key,
        version: int('--version', o.version),
        resolution: o.resolution,
        note: o.note,
      })),
    );

  withStoreOptions(
    ticket.command('events').argument('[ticket]').description('the event log, of a ticket or the project'),
  )
    .option('--principal <id>', 'only this principal (token:<n>)')
    .option('--json')
    .action(action('list_events', ([key], o) => ({ ticket: key, principal: o.principal })));
}

/** A subcommand whose input picks another tool than its default (`note --decision`). */
const TOOL = Symbol('tool');

/** Runs a tool on the store, or on `--server` with the token; `undefined` fields are left out. */
async function runTool(
  name: string,
  options: Options,
  raw: Record<string | symbol, unknown>,
): Promise<unknown> {
  const { tool, input } = resolve(name, raw);
  const token = typeof options.token === 'string' ? options.token : process.env.BATON_TOKEN;
  if (typeof options.server === 'string') {
    if (!token) throw new BatonError('unauthorized', '--server needs --token (or BATON_TOKEN)');
    return callRemote(options.server, token, tool, input);
  }
  return withStore(options, async (store) => {
    const write = TICKET_TOOLS.find((t) => t.name === name)?.write ?? true;
    const principal = await actingPrincipal(store, options, write);
    const definition = TICKET_TOOLS.find((t) => t.name === tool);
    if (!definition) throw new BatonError('internal', `no tool ${tool}`);
    return definition.run({ store, principal }, parseInput(definition, input));
  });
}

function resolve(
  name: string,
  raw: Record<string | symbol, unknown>,
): { tool: string; input: Record<string, unknown> } {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw))
    if (value !== undefined && value !== false) input[key] = value;
  if (typeof input.note === 'object' && input.note !== null)
    input.note = Object.fromEntries(Object.entries(input.note).filter(([, v]) => v !== undefined));
  const tool = typeof raw[TOOL] === 'string' ? (raw[TOOL] as string) : name;
  return { tool, input };
}

function int(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
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
  // A page of tickets (`list_tickets`): its items, and where the next page starts.
  if (isPage(result)) {
    print(result.items, options);
    if (result.next !== undefined)
      process.stdout.write(`… ${result.total - result.next} more (--offset ${result.next})\n`);
    return;
  }
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

function isPage(value: unknown): value is { items: unknown[]; total: number; next?: number } {
  return typeof value === 'object' && value !== null && 'items' in value && 'total' in value;
}

function ticketLine(t: TicketView, color: boolean): string {
  const paint = (s: string) => (color ? pc.bold(s) : s);
  const steps = describeSteps(t.steps, { ready: false });
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
