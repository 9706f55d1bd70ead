import type { DatabaseFact, ModelFact } from '../extract/facts.js';
import { findMigrations, type MigrationSet, type MigrationTool } from '../schema/migration-order.js';
import { foldCase } from '../schema/fold-case.js';
import { replayMigrations } from '../schema/replay.js';
import type { SchemaConflict, SchemaState, TableState } from '../schema/schema-state.js';
import type { ModuleGraph } from './module-graph.js';
import type { Table } from './scan-result.js';
import { isTestFile } from './test-files.js';

/** Model sources, named apart from the migration tools of the same name (Prisma's schema vs its migrations). */
type ModelSourceKind =
  | 'prisma-schema'
  | 'drizzle-schema'
  | 'supabase-types'
  | 'typeorm'
  | 'sequelize'
  | 'sqlalchemy'
  | 'mongoose';

const MODEL_SOURCE: Record<Exclude<DatabaseFact['source'], 'sql'>, ModelSourceKind> = {
  prisma: 'prisma-schema',
  drizzle: 'drizzle-schema',
  'supabase-types': 'supabase-types',
  typeorm: 'typeorm',
  sequelize: 'sequelize',
  sqlalchemy: 'sqlalchemy',
  mongoose: 'mongoose',
};

/** One schema source of a repo and the schema it leaves: a migration set, or the models of one ORM. */
export interface SchemaSource {
  kind: MigrationTool | ModelSourceKind;
  /** The folder of a migration set, or the files declaring models. */
  where: string;
  state: SchemaState;
  caseless?: boolean;
}

/**
 * What the mismatch detectors need of a repo's schema, as plain JSON (saved with the repo's outcome): each
 * source's tables, the functions, buckets and edge functions it defines, what its migrations dropped and
 * renamed (to explain a missing column), and the conflicts found while replaying.
 */
export interface SchemaSummary {
  sources: {
    kind: SchemaSource['kind'];
    where: string;
    primary: boolean;
    /** A migration set (what the database ran), rather than models declared in code. */
    migrations: boolean;
    tables: SummaryTable[];
  }[];
  functions: string[];
  buckets: string[];
  edgeFunctions: string[];
  /** `schema.table.column` → how the primary source lost it. */
  history: Record<string, { change: 'dropped' | 'renamed'; to?: string; file: string; line: number }>;
  conflicts: SchemaConflict[];
}

/** A table as the detectors see it: `columnsKnown` false for views over `*`, `external` for platform tables. */
export interface SummaryTable extends Table {
  columnsKnown: boolean;
  external: boolean;
  /** From SQLite/MySQL migrations: names compare without case. */
  caseless?: boolean;
}

export interface RepoSchema {
  /** The schema the repo's database has, from its most authoritative source (see `primary`). */
  tables: Table[];
  /** Every file of every migration set. */
  migrationFiles: Set<string>;
  summary: SchemaSummary;
  /** Every source, for comparing them (`schema-source-drift`) and for conflicts (`migration-conflict`). */
  sources: SchemaSource[];
  /** Models by the name code uses for them (`User`, `users`), with the file declaring each. */
  models: (ModelFact & { file: string; source: DatabaseFact['source'] })[];
}

/**
 * Migrations are what the database ran, so they outrank models; among migration sets, the tools' own
 * folders outrank plain numbered ones. Among model sources, the one that generates migrations comes first.
 */
const PRIORITY: readonly SchemaSource['kind'][] = [
  'supabase',
  'prisma',
  'drizzle',
  'alembic',
  'flyway',
  'numbered',
  'sql-schema',
  'prisma-schema',
  'drizzle-schema',
  'supabase-types',
  'typeorm',
  'sequelize',
  'sqlalchemy',
];

/**
 * Replays each migration set of the repo in the order its tool applies it, and each ORM's models as one more
 * source; the repo's `tables` come from the most authoritative of them.
 */
export function linkSchema(
  files: readonly string[],
  graph: ModuleGraph,
  readText: (path: string) => string | undefined,
  repo: string,
): RepoSchema {
  const sources: SchemaSource[] = [];
  const migrationFiles = new Set<string>();
  const opsOf = (file: string) => graph.peek(file)?.database?.ops ?? [];
  for (const set of findMigrations(files, readText)) {
    for (const file of set.files) migrationFiles.add(file.file);
    if (set.files.every((file) => opsOf(file.file).length === 0)) continue;
    // Every DDL file of the set must look like SQLite/MySQL: one stray backtick in a PostgreSQL migration's
    // comment must not make `"Counter"` and `counter` one table.
    const ddl = set.files.filter((file) => opsOf(file.file).length > 0);
    const caseless =
      journalDialect(set, readText) !== 'postgresql' ||
      (ddl.length > 0 && ddl.every((file) => graph.peek(file.file)?.database?.caseless));
    sources.push({ kind: set.tool, where: set.dir, state: replay(set, opsOf, caseless), caseless });
  }
  const models: RepoSchema['models'] = [];
  const byOrm = new Map<ModelSourceKind, string[]>();
  for (const file of files) {
    const database = graph.peek(file)?.database;
    if (!database || database.source === 'sql' || isTestFile(file)) continue;
    const kind = MODEL_SOURCE[database.source];
    byOrm.set(kind, [...(byOrm.get(kind) ?? []), file]);
    for (const model of database.models) models.push({ ...model, file, source: database.source });
  }
  for (const [kind, declaring] of byOrm)
    sources.push({
      kind,
      where: declaring.join(', '),
      state: replayMigrations(declaring.map((file) => ({ file, version: '', ops: opsOf(file) }))),
    });
  // A document store is never the relational schema queries are checked against.
  const primary = [...sources]
    .filter((s) => s.kind !== 'mongoose')
    .sort((a, b) => rank(a.kind) - rank(b.kind))[0];
  const collections = sources
    .filter((source) => source.kind === 'mongoose')
    .flatMap((source) =>
      tablesOf(source.state, repo).map((table) => ({ ...table, kind: 'collection' as const })),
    );
  const summary: SchemaSummary = {
    sources: sources.map((source) => ({
      kind: source.kind,
      where: source.where,
      primary: source === primary,
      migrations: !isModelSource(source.kind),
      tables: summaryTables(source.state, repo, source.caseless === true),
    })),
    functions: [
      ...new Set(sources.flatMap((source) => [...source.state.functions.values()].map((f) => f.name))),
    ],
    buckets: [...new Set(sources.flatMap((source) => [...source.state.buckets.values()].map((b) => b.id)))],
    edgeFunctions: edgeFunctions(files),
    history: primary ? history(files, graph, primary) : {},
    // Ordering conflicts are a migration-set notion: two model files declaring one table are not migrations.
    conflicts: sources
      .filter((source) => !isModelSource(source.kind))
      .flatMap((source) => source.state.conflicts),
  };
  return {
    tables: [...(primary ? tablesOf(primary.state, repo) : []), ...collections],
    migrationFiles,
    summary,
    sources,
    models,
  };
}

/** Supabase edge functions: `supabase/functions/<name>/index.ts` (folders starting with `_` are shared code). */
function edgeFunctions(files: readonly string[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    const match = /(?:^|\/)supabase\/functions\/([^/_][^/]*)\/index\.[cm]?[jt]sx?$/.exec(file);
    if (match?.[1]) names.add(match[1]);
  }
  return [...names];
}

/** Columns the primary source's migrations dropped or renamed, last change first wins. */
function history(
  files: readonly string[],
  graph: ModuleGraph,
  primary: SchemaSource,
): SchemaSummary['history'] {
  const out: SchemaSummary['history'] = {};
  const inSource = new Set(
    files.filter((file) => primary.where === file || file.startsWith(`${primary.where}/`)),
  );
  for (const file of inSource) {
    for (const op of graph.peek(file)?.database?.ops ?? []) {
      if (op.kind === 'dropColumn')
        out[`${op.schema}.${op.table}.${op.column}`] = { change: 'dropped', file, line: op.line };
      if (op.kind === 'renameColumn')
        out[`${op.schema}.${op.table}.${op.from}`] = { change: 'renamed', to: op.to, file, line: op.line };
    }
  }
  return out;
}

function summaryTables(state: SchemaState, repo: string, caseless: boolean): SummaryTable[] {
  return [...state.tables.values()].map((table) => ({
    ...tableOf(table, repo),
    columnsKnown: table.columnsKnown,
    external: table.external,
    ...(caseless ? { caseless } : {}),
  }));
}

function isModelSource(kind: SchemaSource['kind']): boolean {
  return (Object.values(MODEL_SOURCE) as string[]).includes(kind);
}

function rank(kind: SchemaSource['kind']): number {
  const at = PRIORITY.indexOf(kind);
  return at < 0 ? PRIORITY.length : at;
}

function replay(
  set: MigrationSet,
  opsOf: (file: string) => DatabaseFact['ops'],
  caseless: boolean,
): SchemaState {
  const migrations = set.files.map((file) => ({
    file: file.file,
    version: file.version,
    ops: opsOf(file.file),
  }));
  return replayMigrations(caseless ? foldCase(migrations) : migrations);
}

/**
 * The set's SQL dialect where its tool records one: a Drizzle journal's `"dialect"`, a Prisma
 * migration_lock.toml's `provider`. Prisma writes SQLite DDL with double-quoted names PostgreSQL's parser
 * reads happily, so without this a SQLite app would be judged as PostgreSQL. Other sets say nothing here.
 */
function journalDialect(set: MigrationSet, readText: (path: string) => string | undefined): string {
  if (set.tool === 'prisma') {
    const provider = /^\s*provider\s*=\s*"([^"\n]*)"/m.exec(
      readText(`${set.dir}/migration_lock.toml`) ?? '',
    )?.[1];
    // CockroachDB speaks PostgreSQL's dialect, names folded the same way.
    return provider === undefined || provider === 'cockroachdb' ? 'postgresql' : provider;
  }
  if (set.tool !== 'drizzle') return 'postgresql';
  try {
    const journal = JSON.parse(readText(`${set.dir}/meta/_journal.json`) ?? '{}') as { dialect?: unknown };
    return typeof journal.dialect === 'string' ? journal.dialect : 'postgresql';
  } catch {
    return 'postgresql';
  }
}

/** The ScanResult's tables: what the schema holds, leaving out tables only altered in platform schemas. */
function tablesOf(state: SchemaState, repo: string): Table[] {
  return [...state.tables.values()].filter((table) => !table.external).map((table) => tableOf(table, repo));
}

function tableOf(table: TableState, repo: string): Table {
  return {
    name: table.name,
    schema: table.schema,
    columns: table.columns.map((column) => ({
      name: column.name,
      type: column.type,
      nullable: column.nullable,
      ...(column.default === undefined ? {} : { default: column.default }),
      source: { repo, file: column.source.file, line: column.source.line, column: 1 },
    })),
    ...(table.rls ? { rls: true } : {}),
    source: { repo, file: table.source.file, line: table.source.line, column: 1 },
  };
}
