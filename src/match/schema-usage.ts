import type { SchemaSummary, SummaryTable } from '../scan/link-schema.js';
import type { Call, Mismatch, Query, SourceLocation } from '../scan/scan-result.js';
import { fingerprint } from './fingerprint.js';
import { MismatchSet } from './mismatch-set.js';
import { nearest } from './nearest.js';

/** The project's schema as the detectors read it: every repo's summary. */
export interface ProjectSchema {
  repo: string;
  summary: SchemaSummary;
}

/**
 * `table-missing`, `column-missing` and `function-missing`: a query that uses what the schema does not have
 * after every migration, in order. Judged only where the schema side is known: a project with no schema
 * source says nothing, a platform table (`auth.users`) or a view over `*` proves no column missing, and an
 * embedded relation may name a foreign key rather than a table.
 */
export function schemaUsageMismatches(
  queries: readonly Query[],
  calls: readonly Call[],
  schemas: readonly ProjectSchema[],
): Mismatch[] {
  const tables = new Map<string, SummaryTable>();
  const history: SchemaSummary['history'] = {};
  for (const { summary } of schemas) {
    Object.assign(history, summary.history);
    for (const source of summary.sources)
      if (source.primary)
        for (const table of source.tables) tables.set(`${table.schema}.${table.name}`, table);
  }
  // Supabase's generated types are read from the live database: what they hold exists, even where the
  // migrations never made it (a table created in the dashboard). That gap is reported once, as drift.
  for (const { summary } of schemas)
    for (const source of summary.sources) {
      if (source.kind !== 'supabase-types' || source.primary) continue;
      for (const table of source.tables) {
        const key = `${table.schema}.${table.name}`;
        const known = tables.get(key);
        if (!known) tables.set(key, table);
        else {
          const names = new Set(known.columns.map((c) => c.name));
          const extra = table.columns.filter((c) => !names.has(c.name));
          if (extra.length > 0) tables.set(key, { ...known, columns: [...known.columns, ...extra] });
        }
      }
    }
  // A table only the models declare (created by a SQL dump or `create_all()`, not by a migration) is reported
  // once, as drift between the sources; a table-missing on every query of it would repeat that.
  for (const { summary } of schemas)
    for (const source of summary.sources) {
      if (source.primary || source.kind === 'supabase-types') continue;
      for (const table of source.tables) {
        const key = `${table.schema}.${table.name}`;
        if (!tables.has(key)) tables.set(key, table);
      }
    }
  // "after all migrations" only where migrations are the source; otherwise the models say what exists.
  const fromMigrations = schemas.some(({ summary }) =>
    summary.sources.some((s) => s.primary && s.migrations),
  );
  const functions = new Set(schemas.flatMap(({ summary }) => summary.functions));
  const edgeFunctions = new Set(schemas.flatMap(({ summary }) => summary.edgeFunctions));
  // Functions are visible in SQL migrations and in Supabase's generated types; Prisma and Drizzle never
  // declare them, so with only those an rpc() proves nothing.
  const sqlSchema = schemas.some(({ summary }) => summary.sources.some((s) => !s.kind.endsWith('-schema')));
  const knownSchemas = new Set([...tables.values()].map((table) => table.schema));
  // One mismatch per file and subject; other queries in the file that hit it are listed as its sources.
  const out = new MismatchSet();
  const add = (mismatch: Mismatch) => out.add(mismatch);

  for (const query of queries) {
    if (query.target === 'bucket') continue;
    if (query.target === 'function') {
      if (sqlSchema && !functions.has(bare(query.table)))
        add(functionMissing(query, 'function', [...functions]));
      continue;
    }
    if (query.target === 'edge-function') {
      if (edgeFunctions.size > 0 && !edgeFunctions.has(query.table))
        add(functionMissing(query, 'edge function', [...edgeFunctions]));
      continue;
    }
    if (tables.size === 0) continue;
    const [schema, name] = split(query.table);
    if (!knownSchemas.has(schema)) continue;
    // SQL folds unquoted names to lower case in PostgreSQL and ignores case in SQLite and MySQL; which one a
    // SQL string targets is not known, so its names match whatever their case.
    const sqlNames = query.client === 'sql' || query.client === 'knex';
    const exact = tables.get(`${schema}.${name}`);
    const folded = exact ? undefined : caseless(tables, `${schema}.${name}`);
    const table = exact ?? (sqlNames || folded?.caseless ? folded : undefined);
    // A table from SQLite/MySQL migrations matches names whatever their case, whoever queries it.
    const loose = sqlNames || table?.caseless === true;
    if (!table) {
      if (!query.embedded && !BOOKKEEPING.test(name))
        add(tableMissing(query, schema, name, tables, fromMigrations));
      continue;
    }
    if (!table.columnsKnown || table.external) continue;
    const columns = new Set(table.columns.map((column) => (loose ? column.name.toLowerCase() : column.name)));
    for (const column of query.columns) {
      if (columns.has(loose ? column.toLowerCase() : column)) continue;
      add(columnMissing(query, table, column, history[`${schema}.${name}.${column}`], fromMigrations));
    }
  }
  // `fetch(`${SUPABASE_URL}/functions/v1/send-email`)`: an edge function called over HTTP.
  if (edgeFunctions.size > 0)
    for (const call of calls) {
      const name = /^\/functions\/v1\/([^/{}]+)/.exec(call.path)?.[1];
      if (name && !edgeFunctions.has(name))
        add(
          functionMissing(
            {
              id: call.id,
              repo: call.repo,
              table: name,
              columns: [],
              op: 'rpc',
              client: call.client,
              source: call.source,
              target: 'edge-function',
            },
            'edge function',
            [...edgeFunctions],
          ),
        );
    }
  return out.values();
}

/**
 * Tables migration tools keep for themselves, created by the tool rather than by a migration: a query on
 * one (a health check reading `alembic_version`) is not a missing table.
 */
const BOOKKEEPING =
  /^(?:alembic_version|django_migrations|_prisma_migrations|knex_migrations(?:_lock)?|schema_migrations|SequelizeMeta|flyway_schema_history|__drizzle_migrations|goose_db_version|__diesel_schema_migrations|pgmigrations|kysely_migration(?:_lock)?|typeorm_migrations|migrations)$/i;

function tableMissing(
  query: Query,
  schema: string,
  name: string,
  tables: Map<string, SummaryTable>,
  fromMigrations: boolean,
): Mismatch {
  const inSchema = [...tables.values()].filter((t) => t.schema === schema).map((t) => t.name);
  const caseOnly = inSchema.find((t) => t.toLowerCase() === name.toLowerCase());
  const close = caseOnly ? [caseOnly] : nearest(name, inSchema);
  const suggestion = caseOnly
    ? `The table is "${caseOnly}": a quoted name keeps its case, so "${name}" is another table.`
    : close.length > 0
      ? `Did you mean ${close.map((t) => `"${t}"`).join(' or ')}?`
      : `Add a migration that creates "${name}", or point the query at an existing table.`;
  return {
    fingerprint: fingerprint('table-missing', query.repo, query.source.file, query.table),
    kind: 'table-missing',
    severity: 'error',
    message: `${describe(query)} table "${name}", which ${fromMigrations ? 'no migration creates' : 'no model declares'}${schema === 'public' ? '' : ` in schema ${schema}`}.`,
    table: query.table,
    query: query.id,
    suggestion,
    sources: [query.source],
  };
}

function columnMissing(
  query: Query,
  table: SummaryTable,
  column: string,
  change: SchemaSummary['history'][string] | undefined,
  fromMigrations: boolean,
): Mismatch {
  const why = change
    ? change.change === 'dropped'
      ? ` It was dropped in ${change.file} (line ${change.line}).`
      : ` It was renamed to "${change.to}" in ${change.file} (line ${change.line}).`
    : '';
  const close = nearest(
    column,
    table.columns.map((c) => c.name),
  );
  const suggestion =
    change?.change === 'renamed'
      ? `Use "${change.to}".`
      : close.length > 0
        ? `Did you mean ${close.map((c) => `"${c}"`).join(' or ')}?`
        : change?.change === 'dropped'
          ? `Stop reading "${column}", or add it back in a new migration.`
          : `Add "${column}" to "${table.name}" in a migration, or stop using it.`;
  const sources: SourceLocation[] = [query.source, table.source];
  if (change) sources.push({ repo: table.source.repo, file: change.file, line: change.line, column: 1 });
  return {
    fingerprint: fingerprint('column-missing', query.repo, query.source.file, query.table, column),
    kind: 'column-missing',
    severity: 'error',
    message: `${describe(query)} column "${column}" of "${table.name}", which ${fromMigrations ? 'the table does not have after all migrations' : `the model in ${table.source.file} does not declare`}.${why}`,
    table: query.table,
    column,
    query: query.id,
    suggestion,
    sources,
  };
}

function functionMissing(query: Query, what: 'function' | 'edge function', known: string[]): Mismatch {
  const close = nearest(bare(query.table), known);
  return {
    fingerprint: fingerprint('function-missing', query.repo, query.source.file, what, query.table),
    kind: 'function-missing',
    severity: 'error',
    message:
      what === 'function'
        ? `The app calls database function "${query.table}", which no migration defines.`
        : `The app invokes edge function "${query.table}", which has no folder under supabase/functions.`,
    table: query.table,
    query: query.id,
    suggestion:
      close.length > 0
        ? `Did you mean ${close.map((name) => `"${name}"`).join(' or ')}?`
        : what === 'function'
          ? `Create "${query.table}" in a migration (create function …).`
          : `Create supabase/functions/${query.table}/index.ts, or call an existing function.`,
    sources: [query.source],
  };
}

const OPS: Record<Query['op'], string> = {
  select: 'reads',
  insert: 'inserts into',
  update: 'updates',
  upsert: 'upserts into',
  delete: 'deletes from',
  rpc: 'calls',
  unknown: 'uses',
};

const CLIENTS: Record<string, string> = {
  sql: 'An SQL query',
  supabase: 'A supabase-js query',
  prisma: 'A Prisma query',
  drizzle: 'A Drizzle query',
  knex: 'A Knex query',
};

function describe(query: Query): string {
  return `${CLIENTS[query.client] ?? `A ${query.client} query`} ${OPS[query.op]}`;
}

function caseless(tables: Map<string, SummaryTable>, key: string): SummaryTable | undefined {
  const lower = key.toLowerCase();
  for (const [name, table] of tables) if (name.toLowerCase() === lower) return table;
  return undefined;
}

function split(qualified: string): [string, string] {
  const dot = qualified.indexOf('.');
  return dot < 0 ? ['public', qualified] : [qualified.slice(0, dot), qualified.slice(dot + 1)];
}

function bare(name: string): string {
  return split(name)[1];
}
