// What the dashboard reads beyond the tools: who is signed in, a live event stream, the latest scan's
// mismatches and findings with what changed and what is suppressed, the scan history, the contract map,
// and source lines around a location the scan itself reported. Everything is scoped to the caller's project.
import { lstatSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { BatonError } from '../errors.js';
import { candidates } from '../match/path-match.js';
import { currentScan } from '../tools/scan-tools.js';
import { applySuppressions, suppressionAt } from '../match/suppress.js';
import { SourceLines } from '../match/source-lines.js';
import type { ScanResult, SourceLocation } from '../scan/scan-result.js';
import { type Store, listEvents, listScans } from '../store/index.js';
import type { Env } from './app.js';

/** A quiet connection is kept open by a comment line this often (proxies close idle streams). */
const HEARTBEAT_MS = 15_000;
/** Lines shown either side of a source location. */
const CONTEXT_LINES = 4;

export function dashboardRoutes(api: Hono<Env>, store: Store): void {
  api.get('/me', (c) => {
    const { project, role, human, label } = c.get('principal');
    return c.json({ project, role, human, label });
  });

  // Server-Sent Events: every event of the caller's project as it commits (a claim, a note, a scan).
  api.get('/stream', (c) => {
    const { project } = c.get('principal');
    return streamSSE(c, async (stream) => {
      let wake: () => void = () => {};
      const queue: { action: string }[] = [];
      const stop = store.onEvent((event) => {
        // Tool calls are logged as events too (`tool.list_tickets`); they change nothing on the board, and a
        // page that reloads on them would feed itself.
        if (event.project !== project || event.action.startsWith('tool.')) return;
        queue.push({ action: event.action });
        wake();
      });
      stream.onAbort(() => {
        stop();
        wake();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted) {
        // Events that came while the last ones were being written go out without waiting.
        if (queue.length === 0)
          await new Promise<void>((resolve) => {
            // One timer per wait, cleared when an event wakes it first: a busy project leaves none behind.
            const timer = setTimeout(resolve, HEARTBEAT_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        if (stream.aborted) break;
        if (queue.length === 0) await stream.write(': keep-alive\n\n');
        for (const event of queue.splice(0))
          await stream.writeSSE({ event: 'baton', data: JSON.stringify(event) });
      }
      stop();
    });
  });

  api.get('/dashboard/issues', async (c) => {
    const latest = await currentScan({ store, principal: c.get('principal') });
    const result = latest.result;
    // One reader for the suppressions and their reasons: each file is read once.
    const lines = new SourceLines(result);
    const split = applySuppressions(result, lines);
    const reasonOf = (at: SourceLocation | undefined) => (at ? suppressionAt(lines, at)?.reason : undefined);
    const accepted = await acceptedOnBoard(store, c.get('principal').project);
    const scans = await listScans(store, c.get('principal').project, 2);
    const previous = scans[1];
    const before = previous ? await fingerprintsOf(store, previous.id) : undefined;
    const isNew = (fingerprint: string) => (before ? !before.has(fingerprint) : false);
    return c.json({
      scan: latest.id,
      scannedAt: latest.scannedAt,
      previousScan: previous?.id ?? null,
      mismatches: split.kept
        .filter((m) => !accepted.has(m.fingerprint))
        .map((m) => ({ ...m, new: isNew(m.fingerprint) })),
      findings: split.findings
        .filter((f) => !accepted.has(f.fingerprint))
        .map((f) => ({ ...f, new: isNew(f.fingerprint) })),
      // Accepted on the board: its ticket was closed as won't fix, invalid or no longer relevant.
      accepted: [...split.kept, ...split.findings].flatMap((item) => {
        const ticket = accepted.get(item.fingerprint);
        if (!ticket) return [];
        const source = 'sources' in item ? item.sources[0] : item.source;
        const kind = 'kind' in item ? item.kind : item.rule;
        return [{ kind, severity: item.severity, message: item.message, source, ...ticket }];
      }),
      suppressed: [
        ...split.suppressed.map((m) => ({
          kind: m.kind,
          severity: m.severity,
          message: m.message,
          source: m.sources[0],
          reason: reasonOf(m.sources[0]),
        })),
        ...split.suppressedFindings.map((f) => ({
          kind: f.rule,
          severity: f.severity,
          message: f.message,
          source: f.source,
          reason: reasonOf(f.source),
        })),
      ],
    });
  });

  // Token ids (`token:3`, as holders and events name them) with their labels, for people to read.
  api.get('/dashboard/principals', async (c) => {
    const rows = await store.db
      .selectFrom('tokens')
      .select(['id', 'label', 'role', 'human'])
      .where('project', '=', c.get('principal').project)
      .execute();
    return c.json(
      rows.map((r) => ({ id: `token:${r.id}`, label: r.label, role: r.role, human: r.human === 1 })),
    );
  });

  // Each recorded scan: its score, and what it reported by severity and by kind (from its stored items).
  api.get('/dashboard/history', async (c) => {
    const scans = (await listScans(store, c.get('principal').project, 60)).reverse();
    const counts =
      scans.length === 0
        ? []
        : await store.db
            .selectFrom('scan_items')
            .select(['scan_id', 'kind', 'severity', (eb) => eb.fn.countAll<number>().as('n')])
            .where(
              'scan_id',
              'in',
              scans.map((s) => s.id),
            )
            .groupBy(['scan_id', 'kind', 'severity'])
            .execute();
    return c.json(
      scans.map((s) => {
        const mine = counts.filter((row) => row.scan_id === s.id);
        const bySeverity: Record<string, number> = { error: 0, warning: 0, info: 0 };
        const byKind: Record<string, number> = {};
        for (const row of mine) {
          bySeverity[row.severity] = (bySeverity[row.severity] ?? 0) + Number(row.n);
          byKind[row.kind] = (byKind[row.kind] ?? 0) + Number(row.n);
        }
        return {
          id: s.id,
          scannedAt: s.scannedAt,
          health: s.health ?? null,
          mismatches: s.summary.mismatches,
          findings: s.summary.findings,
          bySeverity,
          byKind,
        };
      }),
    );
  });

  api.get('/dashboard/contracts', async (c) => {
    const { result } = await currentScan({ store, principal: c.get('principal') });
    return c.json(contractMap(result));
  });

  // Who did what lately: the last events of the project, newest first, for "agents active now".
  api.get('/dashboard/activity', async (c) => {
    const events = await listEvents(store, c.get('principal').project, { limit: 50, newest: true });
    return c.json(events.reverse());
  });

  api.get('/snippet', async (c) => {
    const { result } = await currentScan({ store, principal: c.get('principal') });
    const repo = c.req.query('repo') ?? '';
    const file = c.req.query('file') ?? '';
    const line = Number(c.req.query('line'));
    if (!Number.isInteger(line) || line < 1)
      throw new BatonError('invalid-argument', 'line: expected a positive integer');
    // Only a file the scan itself pointed at is shown: the request names a location, never a path to read.
    if (!reported(result).has(`${repo}\u0000${file}`))
      throw new BatonError('not-found', `${repo}:${file} is not a location of the latest scan`);
    // The file is read now, after the scan: a push since may have made it a link out of the repo.
    const root = result.repos.find((r) => r.name === repo)?.root;
    if (!root || !insideRepo(root, file))
      throw new BatonError('not-found', `${repo}:${file} is no longer a file of the repo`);
    const source = new SourceLines(result);
    const at = { repo, file, line, column: 1 };
    // Credentials the scan found are never shown: not on the lines it reported them at, and not wherever the
    // value itself is written (its message shows it as `dev-s…e-me`: the same start and end).
    const secrets = result.findings.filter(
      (f) => f.rule.startsWith('secrets.') && f.source.repo === repo && f.source.file === file,
    );
    const secretLines = new Set(secrets.map((f) => f.source.line));
    const shapes = secrets.flatMap((f) =>
      [...f.message.matchAll(/\(([^\s()…]{1,16})…([^\s()…]{1,16})\)/g)].map(
        (m) => [m[1] ?? '', m[2] ?? ''] as const,
      ),
    );
    const isSecret = (literal: string) =>
      shapes.some(
        ([start, end]) => literal.length > start.length && literal.startsWith(start) && literal.endsWith(end),
      );
    const lines: { number: number; text: string }[] = [];
    for (let offset = -CONTEXT_LINES; offset <= CONTEXT_LINES; offset++) {
      const text = source.line(at, offset);
      if (text === undefined || line + offset < 1) continue;
      // Redacted before clipping: a literal cut in half would keep its secret.
      const shown = secretLines.has(line + offset) ? withoutLiterals(text) : withoutQuoted(text, isSecret);
      lines.push({ number: line + offset, text: shown.slice(0, 400) });
    }
    return c.json({ repo, file, line, lines });
  });
}

/** Fingerprints whose ticket was closed as accepted (won't fix, invalid, no longer relevant), with why. */
async function acceptedOnBoard(
  store: Store,
  project: string,
): Promise<Map<string, { ticket: string; reason: string }>> {
  const rows = await store.db
    .selectFrom('tickets')
    .select(['number', 'fingerprint', 'resolution'])
    .where('project', '=', project)
    .where('fingerprint', 'is not', null)
    .where('resolution', 'in', ['wont_fix', 'invalid', 'no_longer_relevant'])
    .execute();
  return new Map(
    rows.map((r) => [
      r.fingerprint as string,
      { ticket: `HO-${r.number}`, reason: `closed as ${String(r.resolution).replace(/_/g, ' ')}` },
    ]),
  );
}

async function fingerprintsOf(store: Store, scan: number): Promise<Set<string>> {
  const rows = await store.db
    .selectFrom('scan_items')
    .select('fingerprint')
    .where('scan_id', '=', scan)
    .execute();
  return new Set(rows.map((r) => r.fingerprint));
}

/** A regular file (not a link) whose real path is under the repo's. */
function insideRepo(root: string, file: string): boolean {
  try {
    const path = join(root, file);
    if (!lstatSync(path).isFile()) return false;
    const real = realpathSync(path);
    const base = realpathSync(root);
    return real.startsWith(base + sep);
  } catch {
    return false;
  }
}

/**
 * Every quoted literal of a line replaced by a placeholder; a line without one (`KEY=value` in a .env file)
 * keeps only what comes before its first `=` or `:`.
 */
function withoutLiterals(text: string): string {
  const quoted = withoutQuoted(text);
  if (quoted !== text) return quoted;
  const at = text.search(/[=:]/);
  return at < 0 ? '‹redacted›' : `${text.slice(0, at + 1)}‹redacted›`;
}

function withoutQuoted(text: string, only: (literal: string) => boolean = () => true): string {
  // One alternative per quote, each character matched one way only: linear on any line.
  return text.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`/g, (literal) => {
    const quote = literal[0] as string;
    return only(literal.slice(1, -1)) ? `${quote}‹redacted›${quote}` : literal;
  });
}

/** Every repo/file the scan reported something at. */
function reported(result: ScanResult): Set<string> {
  const keys = new Set<string>();
  const add = (s: SourceLocation | undefined) => {
    if (s) keys.add(`${s.repo}\u0000${s.file}`);
  };
  for (const m of result.mismatches) for (const s of m.sources) add(s);
  for (const f of result.findings) add(f.source);
  for (const e of result.endpoints) add(e.source);
  for (const call of result.calls) add(call.source);
  for (const q of result.queries) add(q.source);
  return keys;
}

/** Endpoints per backend with their callers, unused ones marked; tables with columns, RLS and users. */
function contractMap(result: ScanResult) {
  // Each call reaches the endpoint the matcher ranks first for its path and method.
  const callers = new Map<
    string,
    { method: string; path: string; client: string; source: SourceLocation }[]
  >();
  for (const call of result.calls) {
    const endpoint = candidates(call.path, result.endpoints).find(
      (e) => e.method === call.method || e.method === 'ANY' || call.method === 'ANY',
    );
    if (!endpoint) continue;
    const list = callers.get(endpoint.id) ?? [];
    list.push({ method: call.method, path: call.path, client: call.client, source: call.source });
    callers.set(endpoint.id, list);
  }
  return {
    endpoints: result.endpoints.map((e) => ({
      id: e.id,
      repo: e.repo,
      method: e.method,
      path: e.path,
      auth: e.auth,
      source: e.source,
      callers: callers.get(e.id) ?? [],
    })),
    tables: result.tables.map((t) => ({
      ...t,
      usedBy: result.queries
        .filter((q) => q.table.toLowerCase().replace(/^public\./, '') === t.name.toLowerCase())
        .map((q) => ({ op: q.op, client: q.client, source: q.source })),
    })),
  };
}
