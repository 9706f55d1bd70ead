import { useState } from 'react';
import { api } from './api';
import { useName } from './names';
import { useLoad } from './route';
import { STAGES, type Me, type Step, type Ticket } from './types';

const STAGE_LABEL: Record<string, string> = {
  backlog: 'Backlog',
  ready: 'Ready',
  in_progress: 'In progress',
  validation: 'Validation',
  live: 'Live',
  closed: 'Closed',
};

/** Columns by stage, with filters by role, milestone, label and holder, and "ready for role X". */
export function Board({ me, version }: { me: Me; version: number }) {
  const tickets = useLoad(() => allTickets(), [version]);
  const [filter, setFilter] = useState({ role: '', milestone: '', label: '', holder: '', readyOnly: false });
  if (tickets.error) return <p role="alert">{tickets.error}</p>;
  if (!tickets.data) return <p className="loading">Loading the board…</p>;
  const all = tickets.data;
  const options = (values: (string | undefined)[]) => [...new Set(values.filter(Boolean) as string[])].sort();
  const roles = options(all.flatMap((t) => t.steps.map((s) => s.role)));
  const milestones = options(all.map((t) => t.milestone));
  const labels = options(all.flatMap((t) => t.labels));
  const holders = options(all.flatMap((t) => t.steps.map((s) => s.holder)));
  const shown = all.filter(
    (t) =>
      (!filter.role || t.steps.some((s) => s.role === filter.role)) &&
      (!filter.milestone || t.milestone === filter.milestone) &&
      (!filter.label || t.labels.includes(filter.label)) &&
      (!filter.holder || t.steps.some((s) => s.holder === filter.holder)) &&
      (!filter.readyOnly || t.steps.some((s) => s.ready && (!filter.role || s.role === filter.role))),
  );
  const select = (name: keyof typeof filter, label: string, values: string[]) => (
    <label>
      {label}{' '}
      <select
        value={filter[name] as string}
        onChange={(event) => setFilter({ ...filter, [name]: event.target.value })}
      >
        <option value="">all</option>
        {values.map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="board-title">
      <h1 id="board-title">Board</h1>
      <div className="filters">
        {select('role', 'Role', roles)}
        {select('milestone', 'Milestone', milestones)}
        {select('label', 'Label', labels)}
        {select('holder', 'Holder', holders)}
        <label>
          <input
            type="checkbox"
            checked={filter.readyOnly}
            onChange={(event) => setFilter({ ...filter, readyOnly: event.target.checked })}
          />{' '}
          ready for {filter.role || `role ${me.role}`}
        </label>
      </div>
      <div className="columns">
        {STAGES.map((stage) => {
          const inStage = shown.filter((t) => t.stage === stage);
          return (
            <section key={stage} className="column" aria-label={STAGE_LABEL[stage]} data-stage={stage}>
              <h2>
                {STAGE_LABEL[stage]} <span className="count">{inStage.length}</span>
              </h2>
              {inStage.map((t) => (
                <Card key={t.key} ticket={t} />
              ))}
            </section>
          );
        })}
      </div>
    </section>
  );
}

function Card({ ticket }: { ticket: Ticket }) {
  const blocked = blockedReasons(ticket);
  return (
    <article className={`card priority-${ticket.priority}`} data-ticket={ticket.key}>
      <a href={`#/ticket/${ticket.key}`} className="card-title">
        <span className="key">{ticket.key}</span> {ticket.title}
      </a>
      <div className="meta">
        <span className="badge">{ticket.priority}</span>
        {ticket.milestone ? <span className="badge">{ticket.milestone}</span> : null}
        {ticket.labels.map((l) => (
          <span key={l} className="badge label">
            {l}
          </span>
        ))}
      </div>
      <ol className="steps">
        {ticket.steps.map((s) => (
          <li key={s.position} className={`step ${s.status}`} data-role={s.role}>
            <StepLine step={s} />
          </li>
        ))}
      </ol>
      {blocked.map((reason) => (
        <p key={reason} className="blocked">
          {reason}
        </p>
      ))}
    </article>
  );
}

export function StepLine({ step }: { step: Step }) {
  const holder = useName(step.holder);
  const left = step.leaseUntil ? Math.max(0, Date.parse(step.leaseUntil) - Date.now()) : 0;
  return (
    <>
      <span className="role">{step.role}</span>{' '}
      <span className="status">{step.status.replace('_', ' ')}</span>
      {step.holder && step.status === 'in_progress' ? (
        <span className="holder">
          {' '}
          · {holder} · lease {Math.ceil(left / 60_000)} min left
        </span>
      ) : null}
      {step.ready ? <span className="ready"> · ready</span> : null}
    </>
  );
}

/** "waiting for backend on this ticket", "blocked by HO-4". */
export function blockedReasons(ticket: Ticket): string[] {
  const reasons = new Set<string>();
  for (const step of ticket.steps) {
    if (!step.blockedOn) continue;
    const role = /^role (\S+) on /.exec(step.blockedOn);
    reasons.add(role ? `waiting for ${role[1]} on this ticket` : `blocked by ${step.blockedOn}`);
  }
  return [...reasons];
}

/** Every ticket of the project, a page (200, the API's most) at a time. */
async function allTickets(): Promise<Ticket[]> {
  const all: Ticket[] = [];
  for (let offset: number | undefined = 0, pages = 0; offset !== undefined && pages < 50; pages++) {
    const page: { items: Ticket[]; next?: number } = await api(`/tickets?limit=200&offset=${offset}`);
    all.push(...page.items);
    offset = page.next;
  }
  return all;
}
