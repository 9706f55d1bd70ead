import type { StoreEvent, TicketView } from '../store/index.js';

/**
 * The text half of a tool result: a few lines a model can read at a glance. The full data travels as
 * structured content next to it.
 */
export function summarize(tool: string, result: unknown): string {
  if (isTicket(result)) return ticketLines(result).join('\n');
  if (typeof result === 'object' && result !== null && 'items' in result && 'total' in result) {
    const page = result as { items: unknown[]; total: number; offset: number; next?: number };
    const more = page.next !== undefined ? `\n… ${page.total - page.next} more (offset ${page.next})` : '';
    return `${summarize(tool, page.items)}${more}`;
  }
  if (Array.isArray(result)) {
    if (result.length === 0) return `${tool}: nothing found.`;
    if (isTicket(result[0])) return (result as TicketView[]).map((t) => ticketLines(t)[0]).join('\n');
    if (isEvent(result[0]))
      return (result as StoreEvent[])
        .map((e) => `${e.at} ${e.principal} ${e.action}${e.ticket ? ` ${e.ticket}` : ''}`)
        .join('\n');
  }
  const text = JSON.stringify(result);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

/**
 * A ticket's steps in one line, `backend:done → frontend:in_progress@token:3 → qa:pending (blocked on HO-2)`;
 * `ready` marks the steps one may claim. Shared by tool results and the CLI.
 */
export function describeSteps(steps: TicketView['steps'], options: { ready: boolean }): string {
  return steps
    .map((s) => {
      const held = s.holder ? `@${s.holder}` : '';
      const ready = options.ready && s.ready ? ' (ready)' : '';
      const blocked =
        s.blockedOn && !s.ready && s.status === 'pending' && !s.blockedOn.startsWith('role ')
          ? ` (blocked on ${s.blockedOn})`
          : '';
      return `${s.role}:${s.status}${held}${ready}${blocked}`;
    })
    .join(' → ');
}

function ticketLines(t: TicketView): string[] {
  const steps = describeSteps(t.steps, { ready: true });
  return [
    `${t.key} [${t.stage}] v${t.version} ${t.title} — ${steps}`,
    ...(t.notes ?? []).slice(-3).map((n) => `  ${n.kind} by ${n.author}: ${n.body.split('\n')[0]}`),
  ];
}

export function isTicket(value: unknown): value is TicketView {
  return typeof value === 'object' && value !== null && 'key' in value && 'steps' in value;
}

function isEvent(value: unknown): value is StoreEvent {
  return typeof value === 'object' && value !== null && 'action' in value && 'principal' in value;
}
