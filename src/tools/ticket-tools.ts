import { z } from 'zod';
import { Board, PRIORITIES, RESOLUTIONS, listEvents, parseTicketKey } from '../store/index.js';
import { page, pageInput } from './page.js';
import { type Tool, type ToolContext, defineTool } from './tool.js';

/** A ticket key, `HO-12` (or its number); plain JSON Schema, so MCP clients see exactly what to send. */
const ticket = z
  .union([
    z.string().regex(/^(?:HO-)?\d{1,9}$/i, 'expected a ticket key like HO-12'),
    z.number().int().positive(),
  ])
  .describe('the ticket key, like "HO-12"');
const version = z.number().int().nonnegative().describe('the ticket version you read (from get_ticket)');
const role = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'expected a lower-case role like backend or qa');
const board = (context: ToolContext) => new Board(context.store, context.principal);
const key = (value: string | number) => parseTicketKey(value);

export const listTickets = defineTool({
  name: 'list_tickets',
  description:
    "Lists the project's handoff tickets with their stage and role steps. Filter by stage, milestone or label, or ask for the tickets whose step you hold (mine), those with a step ready for your role (ready), or those blocked on other tickets (blocked).",
  write: false,
  input: z.object({
    stage: z.enum(['backlog', 'ready', 'in_progress', 'validation', 'live', 'closed']).optional(),
    milestone: z.string().optional(),
    label: z.string().optional(),
    mine: z.boolean().optional(),
    ready: z.boolean().optional().describe('only tickets with a step ready for your role (or for `role`)'),
    role: role.optional().describe('with ready: the role to look for instead of yours'),
    blocked: z.boolean().optional(),
    ...pageInput,
  }),
  run: async (context, input) =>
    page(
      await board(context).list({
        ...(input.stage ? { stage: input.stage } : {}),
        ...(input.milestone ? { milestone: input.milestone } : {}),
        ...(input.label ? { label: input.label } : {}),
        ...(input.mine ? { heldBy: context.principal.id } : {}),
        ...(input.ready || input.role ? { readyFor: input.role ?? context.principal.role } : {}),
        ...(input.blocked !== undefined ? { blocked: input.blocked } : {}),
      }),
      input,
    ),
});

export const getTicket = defineTool({
  name: 'get_ticket',
  description:
    'One ticket: description, acceptance criteria, role steps (who holds which, what is ready or blocked and on what), links, version and every note (handoffs, decisions, comments).',
  write: false,
  input: z.object({ ticket }),
  run: (context, input) => board(context).get(key(input.ticket)),
});

export const createTicket = defineTool({
  name: 'create_ticket',
  description:
    'Opens a ticket HO-<n> with ordered role steps (default backend → frontend → qa), acceptance criteria, priority, milestone, labels, the tickets it waits for and links to fingerprints, files, endpoints and tables.',
  write: true,
  input: z.object({
    title: z.string().min(1),
    description: z.string().optional(),
    acceptance: z.array(z.string()).optional(),
    priority: z.enum(PRIORITIES).optional(),
    milestone: z.string().optional(),
    labels: z.array(z.string()).optional(),
    blockedBy: z.array(z.union([z.string(), z.number()])).optional(),
    links: z
      .object({
        fingerprints: z.array(z.string()).optional(),
        files: z.array(z.string()).optional(),
        endpoints: z.array(z.string()).optional(),
        tables: z.array(z.string()).optional(),
      })
      .optional(),
    steps: z.array(role).min(1).optional(),
  }),
  run: (context, input) => board(context).create(input),
});

export const updateTicket = defineTool({
  name: 'update_ticket',
  description:
    "Changes a ticket's fields. Pass the version you read; a stale version is refused with the current one.",
  write: true,
  input: z.object({
    ticket,
    version,
    title: z.string().min(1).optional(),
    description: z.string().optional(),
    acceptance: z.array(z.string()).optional(),
    priority: z.enum(PRIORITIES).optional(),
    milestone: z.string().optional(),
    labels: z.array(z.string()).optional(),
    blockedBy: z.array(z.union([z.string(), z.number()])).optional(),
  }),
  run: (context, { ticket: id, version: read, ...patch }) => board(context).update(key(id), read, patch),
});

export const claimStep = defineTool({
  name: 'claim_step',
  description:
    'Claims the next ready step of your role on a ticket (or the step at `position`). Atomic: exactly one claimer wins. The claim is a 30-minute lease renewed by your activity on the ticket; finish_step or release_step when done.',
  write: true,
  input: z.object({
    ticket,
    position: z.number().int().nonnegative().optional(),
    version: version.optional(),
  }),
  run: (context, input) =>
    board(context).claim(key(input.ticket), {
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.version !== undefined ? { version: input.version } : {}),
    }),
});

export const releaseStep = defineTool({
  name: 'release_step',
  description: 'Gives a step you hold back to the board, for someone else to claim.',
  write: true,
  input: z.object({ ticket, position: z.number().int().nonnegative().optional() }),
  run: (context, input) => board(context).release(key(input.ticket), input.position),
});

export const finishStep = defineTool({
  name: 'finish_step',
  description:
    'Finishes (or skips) the step you hold, with a handoff note for the next role: what changed, how to verify it, what is left; optionally the files touched and tests run.',
  write: true,
  input: z.object({
    ticket,
    version,
    note: z.object({
      changed: z.string().min(1),
      verify: z.string().min(1),
      left: z.string().min(1),
      files: z.array(z.string()).optional(),
      tests: z.array(z.string()).optional(),
    }),
    position: z.number().int().nonnegative().optional(),
    skip: z.boolean().optional(),
  }),
  run: (context, input) =>
    board(context).finish(key(input.ticket), {
      version: input.version,
      note: input.note,
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...(input.skip ? { skip: true } : {}),
    }),
});

export const addNote = defineTool({
  name: 'add_note',
  description: 'Adds a comment to a ticket (append-only; no version needed).',
  write: true,
  input: z.object({ ticket, body: z.string().min(1) }),
  run: (context, input) => board(context).note(key(input.ticket), 'comment', input.body),
});

export const logDecision = defineTool({
  name: 'log_decision',
  description:
    'Records a decision on a ticket (append-only), so whoever continues knows what was chosen and why.',
  write: true,
  input: z.object({ ticket, decision: z.string().min(1) }),
  run: (context, input) => board(context).note(key(input.ticket), 'decision', input.decision),
});

export const verifyTicket = defineTool({
  name: 'verify_ticket',
  description: 'Moves a ticket from validation to live. Humans only: agent tokens are refused.',
  write: true,
  input: z.object({ ticket, version, comment: z.string().optional() }),
  run: (context, input) => board(context).verify(key(input.ticket), input.version, input.comment),
});

export const sendBack = defineTool({
  name: 'send_back',
  description: 'QA or a human sends a ticket back to an earlier step (by position) with a note saying why.',
  write: true,
  input: z.object({ ticket, version, to: z.number().int().nonnegative(), note: z.string().min(1) }),
  run: (context, input) =>
    board(context).sendBack(key(input.ticket), { version: input.version, to: input.to, note: input.note }),
});

export const closeTicket = defineTool({
  name: 'close_ticket',
  description: 'Closes a ticket with a resolution. Agents may close only as duplicate.',
  write: true,
  input: z.object({ ticket, version, resolution: z.enum(RESOLUTIONS), note: z.string().optional() }),
  run: (context, input) =>
    board(context).close(key(input.ticket), {
      version: input.version,
      resolution: input.resolution,
      ...(input.note ? { note: input.note } : {}),
    }),
});

export const listTicketEvents = defineTool({
  name: 'list_events',
  description:
    "The project's event log, oldest first: every action of every principal, for one ticket or one principal.",
  write: false,
  input: z.object({
    ticket: ticket.optional(),
    principal: z.string().optional(),
    limit: z.number().int().positive().max(10_000).optional(),
  }),
  run: (context, input) =>
    listEvents(context.store, context.principal.project, {
      ...(input.ticket !== undefined ? { ticket: key(input.ticket) } : {}),
      ...(input.principal ? { principal: input.principal } : {}),
      ...(input.limit ? { limit: input.limit } : {}),
    }),
});

export const TICKET_TOOLS: readonly Tool[] = [
  listTickets,
  getTicket,
  createTicket,
  updateTicket,
  claimStep,
  releaseStep,
  finishStep,
  addNote,
  logDecision,
  verifyTicket,
  sendBack,
  closeTicket,
  listTicketEvents,
];
