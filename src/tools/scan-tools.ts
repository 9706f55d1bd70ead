import { z } from 'zod';
import { BatonError } from '../errors.js';
import { candidates } from '../match/path-match.js';
import type { Endpoint, Mismatch, ScanResult, Severity } from '../scan/scan-result.js';
import { withBoard } from '../match/health.js';
import { scan } from '../scan/scan.js';
import { Board, type LatestScan, type Store, latestScan } from '../store/index.js';
import { recordScanResult } from './record.js';
import { findDeclarations } from './symbol-search.js';
import { page, pageInput } from './page.js';
import { type ToolContext, defineTool } from './tool.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;

/** The latest recorded scan of the caller's project; tools about code answer from it. */
export async function currentScan(context: ToolContext): Promise<LatestScan> {
  const latest = await latestScan(context.store, context.principal.project);
  if (!latest)
    throw new BatonError(
      'not-found',
      `project ${context.principal.project} has no recorded scan yet: run \`baton scan --db …\` on its repos (or run_scan)`,
    );
  return latest;
}

export const projectHealth = defineTool({
  name: 'project_health',
  description:
    'The project at a glance: the health score (0-100) of the latest scan and the board, and what lowered it, counts of endpoints, calls, tables, queries, mismatches by severity, and tickets by stage.',
  write: false,
  input: z.object({}),
  async run(context) {
    const { id, scannedAt, result } = await currentScan(context);
    const tickets = await new Board(context.store, context.principal).list();
    const stages: Record<string, number> = {};
    for (const t of tickets) stages[t.stage] = (stages[t.stage] ?? 0) + 1;
    const bySeverity = { error: 0, warning: 0, info: 0 };
    for (const m of [...result.mismatches, ...result.findings]) bySeverity[m.severity]++;
    return {
      project: result.project,
      scan: id,
      scannedAt,
      // The scan's score with the board taken in: blocked work and unverified fixes (docs/health.md).
      health: withBoard(result.health, tickets),
      repos: result.repos.map((r) => ({ name: r.name, role: r.role, files: r.files })),
      counts: {
        endpoints: result.endpoints.length,
        calls: result.calls.length,
        tables: result.tables.length,
        queries: result.queries.length,
      },
      mismatches: bySeverity,
      tickets: stages,
    };
  },
});

export const listEndpoints = defineTool({
  name: 'list_endpoints',
  description:
    'The routes the project\'s backends provide (method, full path, auth, where declared), from the latest scan. Filter by repo, method, or a path fragment ("orders").',
  write: false,
  input: z.object({
    repo: z.string().optional(),
    method: z.enum(METHODS).optional(),
    path: z.string().optional().describe('a fragment of the path, like "orders"'),
    ...pageInput,
  }),
  async run(context, input) {
    const { result } = await currentScan(context);
    const fragment = input.path?.toLowerCase();
    const found = result.endpoints.filter(
      (e) =>
        (!input.repo || e.repo === input.repo) &&
        (!input.method || e.method === input.method) &&
        (!fragment || e.path.toLowerCase().includes(fragment)),
    );
    return page(
      found.map((e) => ({
        method: e.method,
        path: e.path,
        repo: e.repo,
        auth: e.auth,
        framework: e.framework,
        source: e.source,
      })),
      input,
    );
  },
});

export const getEndpoint = defineTool({
  name: 'get_endpoint',
  description:
    'Everything about one route: params, query, body fields (required, enums), responses, auth, where it is declared, which calls reach it, and the mismatches about it. Give the method and the path as the client would call it ("/api/orders/42" finds /api/orders/{id}).',
  write: false,
  input: z.object({ method: z.enum(METHODS), path: z.string().min(1) }),
  async run(context, input) {
    const { result } = await currentScan(context);
    const path = normalisePath(input.path);
    const fits = candidates(path, result.endpoints).filter(
      (e) => e.method === input.method || e.method === 'ANY',
    );
    const endpoint = fits[0];
    if (!endpoint) {
      const near = candidates(path, result.endpoints).map((e) => `${e.method} ${e.path}`);
      throw new BatonError(
        'not-found',
        `no endpoint ${input.method} ${path}${near.length > 0 ? `; on that path: ${near.slice(0, 5).join(', ')}` : ''}`,
      );
    }
    return {
      endpoint,
      callers: callersOf(result, endpoint).map((c) => ({ repo: c.repo, client: c.client, source: c.source })),
      mismatches: result.mismatches.filter((m) => m.endpoint === endpoint.id).map(brief),
    };
  },
});

export const getSchema = defineTool({
  name: 'get_schema',
  description:
    'The database schema as the migrations leave it: every table with its columns, or one table (columns with types, nullability, defaults, RLS) with the queries that use it.',
  write: false,
  input: z.object({ table: z.string().optional(), ...pageInput }),
  async run(context, input) {
    const { result } = await currentScan(context);
    if (!input.table)
      return page(
        result.tables.map((t) => ({
          name: t.name,
          schema: t.schema,
          columns: t.columns.map((c) => c.name),
          rls: t.rls,
        })),
        input,
      );
    const table = findTable(result, input.table);
    return {
      table,
      queries: result.queries
        .filter((q) => q.table.toLowerCase() === table.name.toLowerCase())
        .map((q) => ({ op: q.op, columns: q.columns, client: q.client, source: q.source })),
    };
  },
});

export const findUsages = defineTool({
  name: 'find_usages',
  description:
    'Who uses what: the queries that read or write a table (or one column of it), or the calls that reach an endpoint ("GET /api/orders/{id}").',
  write: false,
  input: z.object({
    table: z.string().optional(),
    column: z.string().optional(),
    endpoint: z.string().optional().describe('method and path, like "PATCH /api/orders/{id}"'),
    ...pageInput,
  }),
  async run(context, input) {
    const { result } = await currentScan(context);
    if (input.endpoint) {
      const match = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(input.endpoint);
      if (!match)
        throw new BatonError(
          'invalid-argument',
          'endpoint: expected "METHOD /path", like "GET /api/orders/{id}"',
        );
      const method = (match[1] as string).toUpperCase();
      const endpoint = candidates(normalisePath(match[2] as string), result.endpoints).find(
        (e) => e.method === method || e.method === 'ANY',
      );
      if (!endpoint) throw new BatonError('not-found', `no endpoint ${method} ${match[2]}`);
      return page(
        callersOf(result, endpoint).map((c) => ({
          method: c.method,
          path: c.path,
          repo: c.repo,
          client: c.client,
          source: c.source,
        })),
        input,
      );
    }
    if (!input.table)
      throw new BatonError('invalid-argument', 'give a table (and optionally a column), or an endpoint');
    const table = input.table.toLowerCase();
    const column = input.column?.toLowerCase();
    const used = result.queries.filter(
      (q) =>
        q.table.toLowerCase() === table &&
        (!column || q.open || q.columns.some((c) => c.toLowerCase() === column)),
    );
    return page(
      used.map((q) => ({
        op: q.op,
        table: q.table,
        columns: q.columns,
        client: q.client,
        ...(q.open ? { open: true } : {}),
        source: q.source,
      })),
      input,
    );
  },
});

export const listMismatches = defineTool({
  name: 'list_mismatches',
  description:
    'Disagreements the latest scan found (frontend vs backend, code vs schema), each with both sources, a fix and a fingerprint. Filter by kind, minimum severity, repo or file, or only those new since the previous scan.',
  write: false,
  input: z.object({
    kind: z.string().optional(),
    severity: z.enum(['error', 'warning', 'info']).optional().describe('the minimum severity'),
    repo: z.string().optional(),
    file: z.string().optional(),
    ...pageInput,
  }),
  async run(context, input) {
    const { result } = await currentScan(context);
    const found = result.mismatches.filter(
      (m) =>
        (!input.kind || m.kind === input.kind) &&
        (!input.severity || RANK[m.severity] >= RANK[input.severity]) &&
        (!input.repo || m.sources.some((s) => s.repo === input.repo)) &&
        (!input.file || m.sources.some((s) => s.file.includes(input.file as string))),
    );
    return page(found.sort((a, b) => RANK[b.severity] - RANK[a.severity]).map(brief), input);
  },
});

export const deployCheck = defineTool({
  name: 'deploy_check',
  description:
    'Is it safe to deploy? The pre-deploy gate over the latest scan: fails when a mismatch or finding at or above the threshold (default error) is present, and lists what fails.',
  write: false,
  input: z.object({ failOn: z.enum(['error', 'warning', 'info']).optional() }),
  async run(context, input) {
    const { id, scannedAt, result } = await currentScan(context);
    const threshold = input.failOn ?? 'error';
    const failing = [...result.mismatches, ...result.findings].filter(
      (m) => RANK[m.severity] >= RANK[threshold],
    );
    return {
      scan: id,
      scannedAt,
      failOn: threshold,
      safe: failing.length === 0,
      failing: failing
        .slice(0, 50)
        .map((m) =>
          'kind' in m
            ? brief(m as Mismatch)
            : { fingerprint: m.fingerprint, rule: m.rule, severity: m.severity, message: m.message },
        ),
      failingCount: failing.length,
      health: result.health.score,
    };
  },
});

function brief(m: Mismatch) {
  return {
    fingerprint: m.fingerprint,
    kind: m.kind,
    severity: m.severity,
    message: m.message,
    ...(m.suggestion ? { suggestion: m.suggestion } : {}),
    sources: m.sources,
  };
}

function callersOf(result: ScanResult, endpoint: Endpoint) {
  return result.calls.filter(
    (c) =>
      (c.method === endpoint.method || endpoint.method === 'ANY' || c.method === 'ANY') &&
      candidates(c.path, [endpoint]).length > 0,
  );
}

function findTable(result: ScanResult, name: string) {
  const wanted = name.toLowerCase().replace(/^public\./, '');
  const table = result.tables.find(
    (t) => t.name.toLowerCase() === wanted || `${t.schema}.${t.name}`.toLowerCase() === wanted,
  );
  if (!table) {
    const near = result.tables
      .filter((t) => t.name.toLowerCase().includes(wanted.slice(0, 4)))
      .map((t) => t.name);
    throw new BatonError(
      'not-found',
      `no table ${name}${near.length > 0 ? `; similar: ${near.slice(0, 5).join(', ')}` : ''}`,
    );
  }
  return table;
}

/** `/api/orders/42?x=1` → `/api/orders/42`; `:id` → `{id}`: how clients and people write paths. */
function normalisePath(path: string): string {
  const bare = (path.split('?')[0] as string).replace(/\/+$/, '') || '/';
  return (bare.startsWith('/') ? bare : `/${bare}`).replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

export const findSymbol = defineTool({
  name: 'find_symbol',
  description:
    'Where a name is declared in the code (function, class, variable, type, Python def, Prisma model, SQL table), and the endpoints, tables and columns that carry it. Give an identifier like "cancelOrder" or "orders".',
  write: false,
  input: z.object({
    name: z.string().regex(/^[A-Za-z_$][\w$]{0,99}$/, 'expected an identifier like cancelOrder'),
  }),
  async run(context, input) {
    const { result } = await currentScan(context);
    const lower = input.name.toLowerCase();
    return {
      declarations: findDeclarations(result.repos, input.name),
      endpoints: result.endpoints
        .filter((e) => e.path.toLowerCase().split('/').includes(lower))
        .slice(0, 20)
        .map((e) => ({ method: e.method, path: e.path, source: e.source })),
      tables: result.tables
        .filter((t) => t.name.toLowerCase() === lower)
        .map((t) => ({ name: t.name, source: t.source })),
      columns: result.tables.flatMap((t) =>
        t.columns
          .filter((c) => c.name.toLowerCase() === lower)
          .map((c) => ({ table: t.name, column: c.name, type: c.type })),
      ),
    };
  },
});

export const runScan = defineTool({
  name: 'run_scan',
  description:
    "Scans the project again from the paths of its last recorded scan (on the server's disk), records it, and updates the board: tickets for new errors, validation for fixed ones. Returns what is new and gone.",
  write: true,
  input: z.object({}),
  async run(context) {
    return rescanProject(context.store, context.principal.project);
  },
});

/**
 * Scans a project again from the paths of its latest recorded scan and records the result (inline
 * suppressions honoured, tickets per the project's `tickets.auto`). `run_scan` and the git webhook use it.
 */
export async function rescanProject(store: Store, project: string, job?: string) {
  const latest = await latestScan(store, project);
  if (!latest) throw new BatonError('not-found', `project ${project} has no recorded scan to repeat`);
  if (latest.paths.length === 0)
    throw new BatonError(
      'not-found',
      'the last recorded scan does not say what was scanned: run `baton scan --db …` once from the project',
    );
  const scanned = await scan({ paths: latest.paths });
  return {
    ...(await recordScanResult(store, scanned, latest.paths, undefined, job)),
    health: scanned.health.score,
  };
}
