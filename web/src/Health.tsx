import { api } from './api';
import { Name } from './names';
import { useLoad } from './route';
import type { StoreEvent } from './types';

interface HealthReply {
  health: { score: number; reasons?: { message?: string; points?: number }[] } | number;
  scannedAt: string;
  counts: Record<string, number>;
  mismatches: Record<string, number>;
  tickets: Record<string, number>;
}

interface ScanPoint {
  id: number;
  scannedAt: string;
  health: number | null;
  mismatches: number;
  findings: number;
  bySeverity: Record<string, number>;
  byKind: Record<string, number>;
}

const ACTIVE_MS = 15 * 60_000;

/** The score and its trend, counts over time, and who is working now. */
export function Health({ version }: { version: number }) {
  const health = useLoad(() => api<HealthReply>('/health'), [version]);
  const history = useLoad(() => api<ScanPoint[]>('/dashboard/history'), [version]);
  const activity = useLoad(() => api<StoreEvent[]>('/dashboard/activity'), [version]);
  const gate = useLoad(
    () => api<{ safe: boolean; failingCount: number; failOn: string }>('/deploy-check'),
    [version],
  );
  if (health.error) return <p role="alert">{health.error}</p>;
  if (!health.data) return <p className="loading">Loading…</p>;
  const score = typeof health.data.health === 'number' ? health.data.health : health.data.health.score;
  const active = new Map<string, StoreEvent>();
  for (const e of activity.data ?? [])
    if (
      !e.principal.startsWith('system:') &&
      Date.now() - Date.parse(e.at) < ACTIVE_MS &&
      !active.has(e.principal)
    )
      active.set(e.principal, e);
  return (
    <section aria-labelledby="health-title">
      <h1 id="health-title">Health</h1>
      <p className="score" data-testid="score">
        {score}
        <span>/100</span>
      </p>
      <p>Latest scan {new Date(health.data.scannedAt).toLocaleString()}.</p>
      {gate.data ? (
        <p className={gate.data.safe ? 'gate ok' : 'gate failing'} data-testid="gate">
          Last deploy check:{' '}
          {gate.data.safe
            ? 'safe to deploy'
            : `${gate.data.failingCount} at or above ${gate.data.failOn} block it`}
        </p>
      ) : null}
      <Trend points={history.data ?? []} />
      <KindsOverTime points={history.data ?? []} />
      <div className="stats">
        <Counts title="Open by severity" counts={health.data.mismatches} />
        <Counts title="Tickets by stage" counts={health.data.tickets} />
        <Counts title="Contracts" counts={health.data.counts} />
      </div>
      <h2>Active now</h2>
      {active.size === 0 ? <p>No agent or person acted in the last 15 minutes.</p> : null}
      <ul>
        {[...active.values()].map((e) => (
          <li key={e.principal}>
            <Name id={e.principal} />: <code>{e.action}</code> {e.ticket ?? ''} at{' '}
            {new Date(e.at).toLocaleTimeString()}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Counts({ title, counts }: { title: string; counts: Record<string, number> }) {
  return (
    <table>
      <caption>{title}</caption>
      <tbody>
        {Object.entries(counts).map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k.replace('_', ' ')}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The score over the recorded scans, and open issues over the same scans: a small SVG chart. */
function Trend({ points }: { points: ScanPoint[] }) {
  if (points.length < 2) return <p className="hint">The trend appears after the second scan.</p>;
  const width = 600;
  const height = 160;
  const x = (i: number) => 30 + (i * (width - 40)) / (points.length - 1);
  const maxIssues = Math.max(1, ...points.map((p) => p.mismatches + p.findings));
  const scoreY = (v: number) => height - 20 - (v / 100) * (height - 40);
  const issuesY = (v: number) => height - 20 - (v / maxIssues) * (height - 40);
  const errorsOf = (p: ScanPoint) => p.bySeverity?.error ?? 0;
  const line = (y: (p: ScanPoint) => number) =>
    points.map((p, i) => `${i ? 'L' : 'M'}${x(i)},${y(p)}`).join(' ');
  return (
    <figure className="trend">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Health score and open issues per scan">
        <path d={line((p) => scoreY(p.health ?? 0))} className="score-line" fill="none" />
        <path d={line((p) => issuesY(p.mismatches + p.findings))} className="issues-line" fill="none" />
        <path d={line((p) => issuesY(errorsOf(p)))} className="errors-line" fill="none" />
        {points.map((p, i) => (
          <circle key={p.id} cx={x(i)} cy={scoreY(p.health ?? 0)} r={3} className="score-dot">
            <title>
              Scan #{p.id}: health {p.health ?? '?'}, {p.mismatches + p.findings} open
            </title>
          </circle>
        ))}
      </svg>
      <figcaption>
        <span className="key-score">━ health score</span>{' '}
        <span className="key-issues">━ open mismatches + findings</span>{' '}
        <span className="key-errors">━ errors</span>
      </figcaption>
    </figure>
  );
}

/** Counts by kind or rule over the last scans (newest on the right): what grows and what goes away. */
function KindsOverTime({ points }: { points: ScanPoint[] }) {
  const recent = points.slice(-6);
  const kinds = [...new Set(recent.flatMap((p) => Object.keys(p.byKind ?? {})))].sort();
  if (recent.length === 0 || kinds.length === 0) return null;
  return (
    <table className="kinds">
      <caption>By kind over the last {recent.length} scans</caption>
      <thead>
        <tr>
          <th scope="col">kind or rule</th>
          {recent.map((p) => (
            <th key={p.id} scope="col">
              #{p.id}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {kinds.map((kind) => (
          <tr key={kind}>
            <th scope="row">{kind}</th>
            {recent.map((p) => (
              <td key={p.id}>{p.byKind?.[kind] ?? 0}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
