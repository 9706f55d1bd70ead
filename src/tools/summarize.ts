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

function ticketLines(t: TicketView): string[] {
  const steps = t.steps
    .map(
      (s) =>
        `${s.role}:${s.status}${s.holder ? `@${s.holder}` : ''}${s.ready ? ' (ready)' : ''}${s.blockedOn && !s.ready && s.status === 'pending' && !s.blockedOn.startsWith('role ') ? ` (blocked on ${s.blockedOn})` : ''}`,
    )
    .join(' → ');
  return [
    `${t.key} [${t.stage}] v${t.version} ${t.title} — ${steps}`,
    ...(t.notes ?? []).slice(-3).map((n) => `  ${n.kind} by ${n.author}: ${n.body.split('\n')[0]}`),
  ];
}

function isTicket(value: unknown): value is TicketView {
  return typeof value === 'object' && value !== null && 'key' in value && 'steps' in value;
}

function isEvent(value: unknown): value is StoreEvent {
  return typeof value === 'object' && value !== null && 'action' in value && 'principal' in value;
}
