import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type Call,
  type Endpoint,
  type Mismatch,
  type Query,
  type ScanResult,
  type Table,
  scan,
} from '../src/index.js';

/**
 * Every `test/fixtures/<theme>/<case>/expected.json` is a tiny project scanned through the public `scan()`.
 * expected.json is a projection of the ScanResult: only the keys an entry lists are compared, and an entry
 * (or a whole list, via `bugs`) marked with a known scanner bug runs as `it.fails`: once the bug is fixed that
 * test turns red, and the note comes out of expected.json.
 */

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

type ExpectedEntry = {
  method: string;
  path: string;
  file: string;
  line: number;
  auth?: string | boolean;
  client?: string;
  bodyFields?: string[];
  query?: string[];
  responseFields?: string[];
  /** A known scanner bug that makes this entry come out wrong. */
  bug?: string;
};

type ExpectedDiagnostic = string | { file?: string; includes: string; bug?: string };

/** A query: `{ op, table, file, line }` and any of `columns`, `client`, `target`, `open`, `embedded`. */
type ExpectedQuery = {
  op: string;
  table: string;
  file: string;
  line: number;
  columns?: string[];
  client?: string;
  target?: string;
  open?: boolean;
  embedded?: boolean;
  bug?: string;
};

/** A table after every schema source: `{ name }` and any of `schema`, `columns` (names), `rls`, `file`. */
type ExpectedTable = {
  name: string;
  schema?: string;
  columns?: string[];
  rls?: boolean;
  file?: string;
  bug?: string;
};

/** A mismatch: `{ kind, file, line }` of its first source, and any of `table`, `column`, `severity`, `message`. */
type ExpectedMismatch = {
  kind: string;
  file: string;
  line: number;
  table?: string;
  column?: string;
  severity?: string;
  message?: string;
  bug?: string;
};

/** A finding: `{ rule, file, line }` and any of `severity`, `message`. */
type ExpectedFinding = {
  rule: string;
  file: string;
  line: number;
  severity?: string;
  message?: string;
  bug?: string;
};

interface Expected {
  endpoints: ExpectedEntry[];
  mismatches?: ExpectedMismatch[];
  findings?: ExpectedFinding[];
  calls: ExpectedEntry[];
  queries?: ExpectedQuery[];
  tables?: ExpectedTable[];
  unresolvedQueries?: number;
  unresolvedCalls?: number;
  diagnostics?: ExpectedDiagnostic[];
  /** Known scanner bugs that break a check without belonging to one expected entry (an extra endpoint). */
  bugs?: Partial<
    Record<
      'endpoints' | 'calls' | 'queries' | 'tables' | 'mismatches' | 'findings' | 'unresolvedCalls',
      string
    >
  >;
}

type Projected = Record<string, unknown>;
type Entry = Record<string, unknown> & { bug?: string };

function findCases(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const here = entries.some((entry) => entry.isFile() && entry.name === 'expected.json') ? [dir] : [];
  const below = entries
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules')
    .flatMap((entry) => findCases(join(dir, entry.name)));
  return [...here, ...below].sort();
}

const names = (list: readonly { name: string }[] | undefined) => (list ?? []).map((f) => f.name).sort();

function projectEndpoint(endpoint: Endpoint): Projected {
  return {
    method: endpoint.method,
    path: endpoint.path,
    file: endpoint.source.file,
    line: endpoint.source.line,
    auth: endpoint.auth,
    bodyFields: names(endpoint.body?.fields),
    query: names(endpoint.query),
    condition: endpoint.condition,
  };
}

function projectCall(call: Call): Projected {
  return {
    method: call.method,
    path: call.path,
    file: call.source.file,
    line: call.source.line,
    client: call.client,
    bodyFields: names(call.body?.fields),
    query: names(call.query),
    auth: call.auth === true,
    responseFields: [...call.responseFields].sort(),
  };
}

function projectQuery(query: Query): Projected {
  return {
    op: query.op,
    table: query.table,
    file: query.source.file,
    line: query.source.line,
    columns: [...query.columns].sort(),
    client: query.client,
    target: query.target ?? 'table',
    open: query.open === true,
    embedded: query.embedded === true,
  };
}

function projectTable(table: Table): Projected {
  return {
    name: table.name,
    schema: table.schema,
    columns: table.columns.map((c) => c.name).sort(),
    rls: table.rls === true,
    file: table.source.file,
  };
}

function projectMismatch(mismatch: Mismatch): Projected {
  const first = mismatch.sources[0];
  return {
    kind: mismatch.kind,
    file: first?.file,
    line: first?.line,
    table: mismatch.table,
    column: mismatch.column,
    severity: mismatch.severity,
    message: mismatch.message,
  };
}

type Kind = 'endpoints' | 'calls' | 'queries' | 'tables' | 'mismatches' | 'findings';

const identities: Record<Kind, (entry: Projected) => string> = {
  endpoints: (e) => `${e.method} ${e.path} at ${e.file}:${e.line}`,
  calls: (e) => `${e.method} ${e.path} at ${e.file}:${e.line}`,
  queries: (e) => `${e.op} ${e.table} at ${e.file}:${e.line}`,
  tables: (e) => `table ${e.schema ?? 'public'}.${e.name}`,
  mismatches: (e) => `${e.kind} ${e.table ?? ''}${e.column ? `.${e.column}` : ''} at ${e.file}:${e.line}`,
  findings: (e) => `${e.rule} at ${e.file}:${e.line}`,
};

/** The expected entry without its bug note, with name lists sorted so expected.json may list them in any order. */
function normalize(entry: Entry): Projected {
  const { bug: _bug, ...rest } = entry;
  const out: Projected = { ...rest };
  for (const key of ['bodyFields', 'query', 'columns'])
    if (Array.isArray(rest[key])) out[key] = [...(rest[key] as string[])].sort();
  return out;
}

/** Only the keys the expected entry names; an actual entry nobody expected is shown whole. */
function pick(actual: Projected, keysOf: Entry | undefined): Projected {
  if (!keysOf) return actual;
  const out = {} as Projected;
  for (const key of Object.keys(normalize(keysOf))) out[key] = actual[key];
  return out;
}

function countByFile(entries: readonly Projected[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { file } of entries) counts[String(file)] = (counts[String(file)] ?? 0) + 1;
  return counts;
}

function describeList(
  kind: Kind,
  list: readonly Entry[],
  bug: string | undefined,
  actualOf: () => Promise<Projected[]>,
): void {
  const identity = identities[kind];
  for (const entry of list) {
    const test = entry.bug ? it.fails : it;
    test(`${kind}: ${identity(entry)}${entry.bug ? ' (known bug)' : ''}`, async () => {
      const actual = await actualOf();
      const wanted = normalize(entry);
      const sameIdentity = actual.find((a) => identity(a) === identity(entry));
      // Name the near misses (same subject elsewhere, or same place) so a failure reads at once.
      const near = actual.filter(
        (a) =>
          identity(a).split(' at ')[0] === identity(entry).split(' at ')[0] ||
          (a.file === entry.file && a.line === entry.line),
      );
      expect(sameIdentity ? pick(sameIdentity, entry) : { missing: identity(entry), near }).toEqual(wanted);
    });
  }
  const listBug = bug ?? list.find((entry) => entry.bug)?.bug;
  const test = listBug ? it.fails : it;
  test(`${kind}: exactly the expected ones, per file and in all${listBug ? ' (known bug)' : ''}`, async () => {
    const actual = await actualOf();
    if (kind !== 'tables') expect(countByFile(actual), `${kind} per file`).toEqual(countByFile(list));
    const expectedByIdentity = new Map(list.map((entry) => [identity(entry), entry]));
    const byIdentity = (a: Projected, b: Projected) => identity(a).localeCompare(identity(b));
    const projected = actual.map((a) => pick(a, expectedByIdentity.get(identity(a)))).sort(byIdentity);
    expect(projected).toEqual(list.map(normalize).sort(byIdentity));
  });
}

for (const caseDir of findCases(FIXTURES)) {
  const name = relative(FIXTURES, caseDir).split('\\').join('/');
  const expected = JSON.parse(readFileSync(join(caseDir, 'expected.json'), 'utf8')) as Expected;
  let scanned: Promise<ScanResult> | undefined;
  const result = () => {
    scanned ??= scan({ paths: [caseDir], cacheDir: false });
    return scanned;
  };

  describe(`fixture ${name}`, () => {
    const bugs = expected.bugs ?? {};
    describeList('endpoints', expected.endpoints, bugs.endpoints, async () =>
      (await result()).endpoints.map(projectEndpoint),
    );
    describeList('calls', expected.calls, bugs.calls, async () => (await result()).calls.map(projectCall));
    // Schema and usage are compared where a fixture states them; API fixtures say nothing of databases.
    if (expected.queries)
      describeList('queries', expected.queries, bugs.queries, async () =>
        (await result()).queries.map(projectQuery),
      );
    if (expected.tables)
      describeList('tables', expected.tables, bugs.tables, async () =>
        (await result()).tables.map(projectTable),
      );
    if (expected.mismatches)
      describeList('mismatches', expected.mismatches, bugs.mismatches, async () =>
        (await result()).mismatches.map(projectMismatch),
      );
    if (expected.findings)
      describeList('findings', expected.findings, bugs.findings, async () =>
        (await result()).findings.map((f) => ({
          rule: f.rule,
          file: f.source.file,
          line: f.source.line,
          severity: f.severity,
          message: f.message,
        })),
      );
    if (expected.unresolvedQueries !== undefined)
      it(`counts ${expected.unresolvedQueries} unresolved query(ies)`, async () => {
        expect((await result()).stats.unresolvedQueries).toBe(expected.unresolvedQueries);
      });

    if (expected.unresolvedCalls !== undefined) {
      const bug = expected.bugs?.unresolvedCalls;
      (bug ? it.fails : it)(`counts ${expected.unresolvedCalls} unresolved call(s)`, async () => {
        expect((await result()).stats.unresolvedCalls).toBe(expected.unresolvedCalls);
      });
    }

    for (const diagnostic of expected.diagnostics ?? []) {
      const want = typeof diagnostic === 'string' ? { includes: diagnostic } : diagnostic;
      const label = `${want.file ? `${want.file}: ` : ''}${want.includes}`;
      (want.bug ? it.fails : it)(`diagnoses "${label}"`, async () => {
        const { diagnostics } = await result();
        const found = diagnostics.some(
          (d) => (!want.file || d.file === want.file) && d.message.includes(want.includes),
        );
        expect(
          found,
          `no diagnostic matches; got:\n${diagnostics.map((d) => `${d.file}: ${d.message}`).join('\n')}`,
        ).toBe(true);
      });
    }

    if (expected.diagnostics) {
      const wanted = expected.diagnostics.map((d) => (typeof d === 'string' ? { includes: d } : d));
      it('reports no diagnostic beyond the expected ones', async () => {
        const unexpected = (await result()).diagnostics.filter(
          (d) => !wanted.some((w) => (!w.file || d.file === w.file) && d.message.includes(w.includes)),
        );
        expect(unexpected.map((d) => `${d.file}: ${d.message}`)).toEqual([]);
      });
    }
  });
}
