/**
 * SQL files as schema statements — every `.sql` file is read with PostgreSQL's own parser (a tolerant reader
 * for MySQL/SQLite DDL where it fails) into replayable ops. Which files are migrations, and in what order they
 * apply, is decided per repo by the linker (Supabase, Prisma, Drizzle, Flyway, numbered folders…), so seed and
 * query files contribute nothing: their statements are not DDL.
 */
import type { Extractor } from './extractor.js';
import { readMigrationSql } from '../schema/read-sql.js';
import { readSqlUsage } from '../schema/sql-usage.js';

const CLICKHOUSE = /\bENGINE\s*=\s*\w*MergeTree\b|\b(?:ADD|DROP) PROJECTION\b/i;

/** Marks of SQLite and MySQL DDL, whose identifiers ignore case. */
const CASELESS = /`[A-Za-z_][\w$]*`|\bAUTO_?INCREMENT\b|\bPRAGMA\b|\bENGINE\s*=\s*InnoDB\b/i;

export const sqlMigrations: Extractor = {
  name: 'sql-migrations',
  detect: () => true,
  needs: 'sql-parser',
  documents: /\.sql$/i,
  // Documents only: a source file is never a migration.
  prefilter: (_text, path) => /\.sql$/i.test(path),
  extract() {},
  extractDocument(path, text, facts) {
    // ClickHouse's DDL (engines, projections, materialized views `TO` a table) looks like SQL but means other
    // things; read as PostgreSQL it invents columns and conflicts. Its databases are analytics stores anyway.
    if (CLICKHOUSE.test(text) || /(?:^|\/)clickhouse\//i.test(path)) {
      facts.diagnostics.push('ClickHouse DDL is not read (Baton reads PostgreSQL, MySQL and SQLite schemas)');
      return;
    }
    const { ops, diagnostics } = readMigrationSql(text);
    if (ops.length > 0)
      facts.database = { source: 'sql', ops, models: [], ...(CASELESS.test(text) ? { caseless: true } : {}) };
    facts.diagnostics.push(...diagnostics);
    // Query files (sqlc, seeds) read and write tables too; the linker drops these for files that turn out to
    // be migrations, whose data changes ran against the schema of their own time.
    if (!/\b(?:select|insert|update|delete)\b/i.test(text)) return;
    for (const use of readSqlUsage(text) ?? [])
      facts.queries.push({
        client: 'sql',
        op: use.op,
        table: { k: 'str', v: use.schema === 'public' ? use.table : `${use.schema}.${use.table}` },
        target: 'table',
        columns: use.columns,
        ...(use.star ? { open: true } : {}),
        line: use.line,
        column: 1,
      });
  },
};
