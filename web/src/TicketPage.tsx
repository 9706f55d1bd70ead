import { useState } from 'react';
import { ApiError, api } from './api';
import { StepLine, blockedReasons } from './Board';
import { Name } from './names';
import { useLoad } from './route';
import { Snippet } from './Snippet';
import type { Issue, Me, StoreEvent, Ticket } from './types';

/** One ticket: what it asks, its steps and notes, its history, and the mismatches it is about. */
export function TicketPage({ ticketKey, me, version }: { ticketKey: string; me: Me; version: number }) {
  const ticket = useLoad(() => api<Ticket>(`/tickets/${ticketKey}`), [ticketKey, version]);
  const events = useLoad(
    () => api<StoreEvent[]>(`/events?ticket=${ticketKey}&limit=500`),
    [ticketKey, version],
  );
  const issues = useLoad(
    () =>
      api<{ mismatches: Issue[]; findings: Issue[] }>('/dashboard/issues').catch(() => ({
        mismatches: [],
        findings: [],
      })),
    [version],
  );
  if (ticket.error) return <p role="alert">{ticket.error}</p>;
  if (!ticket.data) return <p className="loading">Loading {ticketKey}…</p>;
  const t = ticket.data;
  const fingerprints = new Set([...(t.links.fingerprints ?? []), ...(t.fingerprint ? [t.fingerprint] : [])]);
  const linked = [...(issues.data?.mismatches ?? []), ...(issues.data?.findings ?? [])].filter((i) =>
    fingerprints.has(i.fingerprint),
  );
  const notes = t.notes ?? [];
  return (
    <article className="ticket" aria-labelledby="ticket-title">
      <p>
        <a href="#/board">← Board</a>
      </p>
      <h1 id="ticket-title">
        <span className="key">{t.key}</span> {t.title}
      </h1>
      <p className="meta">
        <span className="badge stage" data-testid="stage">
          {t.stage.replace('_', ' ')}
        </span>
        <span className="badge">{t.priority}</span>
        {t.milestone ? <span className="badge">{t.milestone}</span> : null}
        {t.verifiedBy ? <span className="badge">verified by {t.verifiedBy}</span> : null}
      </p>
      {blockedReasons(t).map((r) => (
        <p key={r} className="blocked">
          {r}
        </p>
      ))}
      <Actions ticket={t} me={me} />
      {t.description ? <p className="description">{t.description}</p> : null}
      {t.acceptance.length > 0 ? (
        <>
          <h2>Acceptance criteria</h2>
          <ul>
            {t.acceptance.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Steps</h2>
      <ol className="steps">
        {t.steps.map((s) => (
          <li key={s.position} className={`step ${s.status}`}>
            <StepLine step={s} />
          </li>
        ))}
      </ol>
      {linked.length > 0 ? <h2>What it is about</h2> : null}
      {linked.map((issue) => (
        <section key={issue.fingerprint} className="issue">
          <p>
            <span className={`badge ${issue.severity}`}>{issue.severity}</span>{' '}
            <strong>{issue.kind ?? issue.rule}</strong> {issue.message}
          </p>
          <div className="side-by-side">
            {(issue.sources ?? (issue.source ? [issue.source] : [])).slice(0, 2).map((s) => (
              <Snippet key={`${s.repo}:${s.file}:${s.line}`} source={s} />
            ))}
          </div>
          {issue.suggestion || issue.fix ? (
            <p className="suggestion">Fix: {issue.suggestion ?? issue.fix}</p>
          ) : null}
        </section>
      ))}
      <h2>Handoff notes and decisions</h2>
      {notes.length === 0 ? <p>None yet.</p> : null}
      {notes.map((n) => (
        <section key={n.id} className={`note ${n.kind}`}>
          <p className="note-head">
            {n.kind} · <Name id={n.author} /> · <time dateTime={n.at}>{new Date(n.at).toLocaleString()}</time>
          </p>
          <p>{n.body}</p>
          {n.kind === 'handoff' && Array.isArray(n.data?.files) ? (
            <p className="where">Files: {(n.data.files as string[]).join(', ')}</p>
          ) : null}
        </section>
      ))}
      <h2>History</h2>
      <ol className="events">
        {(events.data ?? []).map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> <Name id={e.principal} />{' '}
            <code>{e.action}</code>
          </li>
        ))}
      </ol>
    </article>
  );
}

/** Verify (validation → live) for a human; send back to a role with a note. The API checks both again. */
function Actions({ ticket, me }: { ticket: Ticket; me: Me }) {
  const [note, setNote] = useState('');
  const [to, setTo] = useState(0);
  const [message, setMessage] = useState<string>();
  if (ticket.stage !== 'validation') return null;
  const run = async (path: string, body: Record<string, unknown>) => {
    try {
      await api(`/tickets/${ticket.key}/${path}`, {
        method: 'POST',
        body: { version: ticket.version, ...body },
      });
      setMessage(undefined);
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : String(error));
    }
  };
  return (
    <section className="actions" aria-label="Validation">
      {me.human ? (
        <button type="button" className="primary" onClick={() => run('verify', {})}>
          Verify — it works, mark live
        </button>
      ) : (
        <p className="hint">Only a human session can verify a ticket.</p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (note.trim()) void run('send-back', { to, note });
        }}
      >
        <label>
          Send back to{' '}
          <select value={to} onChange={(event) => setTo(Number(event.target.value))}>
            {ticket.steps.map((s, i) => (
              <option key={s.position} value={i}>
                {s.role}
              </option>
            ))}
          </select>
        </label>
        <label>
          Note <input value={note} onChange={(event) => setNote(event.target.value)} required />
        </label>
        <button type="submit">Send back</button>
      </form>
      {message ? (
        <p role="alert" className="error">
          {message}
        </p>
      ) : null}
    </section>
  );
}
