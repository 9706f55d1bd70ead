import { api } from './api';
import { useLoad } from './route';
import type { Issue, Source } from './types';

interface Issues {
  scan: number;
  previousScan: number | null;
  mismatches: Issue[];
  findings: Issue[];
  suppressed: { kind: string; severity: string; message: string; source?: Source; reason?: string }[];
  accepted: { kind: string; message: string; source?: Source; ticket: string; reason: string }[];
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Mismatches and findings grouped by kind or rule, worst first; new since the last scan marked. */
export function Issues({ version }: { version: number }) {
  const issues = useLoad(() => api<Issues>('/dashboard/issues'), [version]);
  if (issues.error) return <p role="alert">{issues.error}</p>;
  if (!issues.data) return <p className="loading">Loading…</p>;
  const all = [...issues.data.mismatches, ...issues.data.findings].sort(
    (a, b) => RANK[a.severity] - RANK[b.severity],
  );
  const groups = new Map<string, Issue[]>();
  for (const issue of all) {
    const name = issue.kind ?? issue.rule ?? 'other';
    groups.set(name, [...(groups.get(name) ?? []), issue]);
  }
  const fresh = all.filter((i) => i.new).length;
  return (
    <section aria-labelledby="issues-title">
      <h1 id="issues-title">Mismatches and findings</h1>
      <p>
        Scan #{issues.data.scan}: {all.length} open
        {issues.data.previousScan ? `, ${fresh} new since scan #${issues.data.previousScan}` : ''}.
      </p>
      {[...groups].map(([name, list]) => (
        <details key={name} open={list.some((i) => i.severity === 'error')}>
          <summary>
            <span className={`badge ${list[0]?.severity}`}>{list[0]?.severity}</span> <strong>{name}</strong>{' '}
            · {list.length}
          </summary>
          <ul className="issue-list">
            {list.map((i) => {
              const s = i.sources?.[0] ?? i.source;
              return (
                <li key={i.fingerprint} className={i.new ? 'new' : undefined}>
                  {i.new ? <span className="badge new">new</span> : null} {i.message}
                  {s ? (
                    <div className="where">
                      {s.repo}: {s.file}:{s.line}
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </details>
      ))}
      <h2>Accepted on the board ({issues.data.accepted.length})</h2>
      <ul className="issue-list">
        {issues.data.accepted.map((a) => (
          <li key={`${a.ticket}:${a.kind}`}>
            <strong>{a.kind}</strong> {a.message}
            <div className="where">
              <a href={`#/ticket/${a.ticket}`}>{a.ticket}</a> {a.reason}
            </div>
          </li>
        ))}
      </ul>
      <h2>Suppressed in the code ({issues.data.suppressed.length})</h2>
      <ul className="issue-list">
        {issues.data.suppressed.map((s) => (
          <li key={`${s.kind}:${s.source?.file}:${s.source?.line}`}>
            <strong>{s.kind}</strong> {s.message}
            <div className="where">
              {s.source ? `${s.source.repo}: ${s.source.file}:${s.source.line} · ` : ''}reason:{' '}
              {s.reason ?? '—'}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
