/**
 * SQL files as schema statements — every `.sql` file is read with PostgreSQL's own parser (a tolerant reader
 * for MySQL/SQLite DDL where it fails) into replayable ops. Which files are migrations, and in what order they
 * apply, is decided per repo by the linker (Supabase, Prisma, Drizzle, Flyway, numbered folders…), so seed and
 * query files contribute nothing: their statements are not DDL.
 */
import type { Extractor } from './extractor.js';
import { readSqlScript } from '../schema/read-sql.js';
import { sqlQueryFact } from './sql-queries.js';

const CLICKHOUSE = /\bENGINE\s*=\s*\w*MergeTree\b|\b(?:ADD|DROP) PROJECTION\b/i;

/** Marks of SQLite and MySQL DDL, whose identifiers ignore case. */
const CASELESS = /`[A-Za-z_][\w$]*`|\bAUTO_?INCREMENT\b|\bPRAGMA\b|\bENGINE\s*=\s*InnoDB\b/i;

/** `-- name: get-user^` (aiosql), `-- :name get_user :one` (PugSQL) or `-- name: GetUser :one` (sqlc). */
const NAMED_QUERIES =
  /^--[ \t]*(:)?name[ \t]*:?[ \t]*[\w-]+[!<>^*#$]*([ \t]+:(?:one|many|exec\w*|copyfrom|batch\w*))?/m;
/** A `:name` / `:name!` parameter; `::type` casts and `12:30` inside text stay. */
const NAMED_PARAM = /(?<![:\w]):\w+\b(?!:)/g;

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
    const named = NAMED_QUERIES.exec(text);
    // Named-query files (aiosql, PugSQL) write parameters as `:name`, which PostgreSQL's parser rejects: read
    // them as `$1` so each query's tables and columns are checked like any other SQL.
    const { ops, diagnostics, usage } = readSqlScript(named ? text.replace(NAMED_PARAM, '$$1') : text);
    if (ops.length > 0)
      facts.database = { source: 'sql', ops, models: [], ...(CASELESS.test(text) ? { caseless: true } : {}) };
    facts.diagnostics.push(...diagnostics);
    // Query files (sqlc, seeds) read and write tables too; the linker drops these for files that turn out to
    // be migrations, whose data changes ran against the schema of their own time.
    // sqlc writes `-- name: Name :many` too, with its own `$1` parameters: its queries stay plain SQL.
    const client = !named ? undefined : named[1] === ':' ? 'pugsql' : named[2] ? undefined : 'aiosql';
    for (const use of usage)
      facts.queries.push({
        ...sqlQueryFact(use, { line: use.line, column: 1 }),
        ...(client ? { client } : {}),
      });
  },
};
