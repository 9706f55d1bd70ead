import type { DatabaseFact, ModelFact } from '../extract/facts.js';
import { findMigrations, type MigrationSet, type MigrationTool } from '../schema/migration-order.js';
import { replayMigrations } from '../schema/replay.js';
import type { SchemaState } from '../schema/schema-state.js';
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
  | 'mongoose';

const MODEL_SOURCE: Record<Exclude<DatabaseFact['source'], 'sql'>, ModelSourceKind> = {
  prisma: 'prisma-schema',
  drizzle: 'drizzle-schema',
  'supabase-types': 'supabase-types',
  typeorm: 'typeorm',
  sequelize: 'sequelize',
  mongoose: 'mongoose',
};

/** One schema source of a repo and the schema it leaves: a migration set, or the models of one ORM. */
export interface SchemaSource {
  kind: MigrationTool | ModelSourceKind;
  /** The folder of a migration set, or the files declaring models. */
  where: string;
  state: SchemaState;
}

export interface RepoSchema {
  /** The schema the repo's database has, from its most authoritative source (see `primary`). */
  tables: Table[];
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
  'flyway',
  'numbered',
  'sql-schema',
  'prisma-schema',
  'drizzle-schema',
  'supabase-types',
  'typeorm',
  'sequelize',
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
  const opsOf = (file: string) => graph.peek(file)?.database?.ops ?? [];
  for (const set of findMigrations(files, readText)) {
    if (set.files.every((file) => opsOf(file.file).length === 0)) continue;
    sources.push({ kind: set.tool, where: set.dir, state: replay(set, opsOf) });
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
  const primary = [...sources].sort((a, b) => rank(a.kind) - rank(b.kind))[0];
  return { tables: primary ? tablesOf(primary.state, repo) : [], sources, models };
}

function rank(kind: SchemaSource['kind']): number {
  const at = PRIORITY.indexOf(kind);
  return at < 0 ? PRIORITY.length : at;
}

function replay(set: MigrationSet, opsOf: (file: string) => DatabaseFact['ops']): SchemaState {
  return replayMigrations(
    set.files.map((file) => ({ file: file.file, version: file.version, ops: opsOf(file.file) })),
  );
}

/** The ScanResult's tables: what the schema holds, leaving out tables only altered in platform schemas. */
function tablesOf(state: SchemaState, repo: string): Table[] {
  const tables: Table[] = [];
  for (const table of state.tables.values()) {
    if (table.external) continue;
    tables.push({
      name: table.name,
      schema: table.schema,
      columns: table.columns.map((column) => ({
        name: column.name,
        type: column.type,
        nullable: column.nullable,
        ...(column.default === undefined ? {} : { default: column.default }),
      })),
      ...(table.rls ? { rls: true } : {}),
      source: { repo, file: table.source.file, line: table.source.line, column: 1 },
    });
  }
  return tables;
}
