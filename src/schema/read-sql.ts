// Reads one migration file into schema ops with PostgreSQL's own parser (libpg-query, as WASM). A file the
// parser rejects as a whole (another dialect, one bad statement) is split and read statement by statement,
// with a tolerant reader for MySQL/SQLite DDL, so one odd line never costs the rest of the file.
import { loadModule, parseSync } from 'libpg-query';
import { BatonError } from '../errors.js';
import type { PgStatement } from './pg-nodes.js';
import { statementOps } from './pg-ops.js';
import type { SchemaOp } from './schema-op.js';
import { readFallbackStatement } from './sql-fallback.js';
import { splitStatements } from './sql-lexing.js';
import { shortenSql, SqlSource } from './sql-source.js';
import { type SqlUsage, statementUsage } from './sql-usage.js';

export interface MigrationSqlResult {
  ops: SchemaOp[];
  /** One line per statement that could not be read, e.g. `line 12: could not parse statement (…)`. */
  diagnostics: string[];
}

// Lines after which a file holds its rollback (dbmate, goose, sql-migrate): applying them would undo the file.
const DOWN_MARKERS = ['-- migrate:down', '-- +goose down', '-- +migrate down'];
const PREVIEW_CHARS = 40;

let loading: Promise<void> | undefined;
let loaded = false;

/** Loads the PostgreSQL parser's WASM module. Safe to call many times; later calls reuse the first load. */
export function loadSqlParser(): Promise<void> {
  loading ??= loadModule().then(
    () => {
      loaded = true;
    },
    (error: unknown) => {
      loading = undefined;
      throw new BatonError('internal', 'could not load the PostgreSQL parser (libpg-query)', {
        cause: error,
      });
    },
  );
  return loading;
}

/**
 * Reads a migration file's SQL into schema ops. Never throws on file content; statements it cannot read
 * become diagnostics. Requires `await loadSqlParser()` first.
 */
export function readMigrationSql(text: string): MigrationSqlResult {
  const { ops, diagnostics } = readSqlScript(text);
  return { ops, diagnostics };
}

/**
 * A `.sql` file read once for both of its uses: the schema ops of its DDL and the tables and columns its DML
 * reads and writes (a seed, a query file), from the same parse.
 */
export function readSqlScript(text: string): MigrationSqlResult & { usage: SqlUsage[] } {
  if (!loaded) throw new BatonError('internal', 'readMigrationSql needs `await loadSqlParser()` first');
  // The parser takes a C string: a NUL would silently end the file there. A space keeps every byte offset.
  const withoutNul = text.includes('\0') ? text.replaceAll('\0', ' ') : text;
  const up = withoutDownSection(withoutNul);
  const ops: SchemaOp[] = [];
  const diagnostics: string[] = [];
  const usage: SqlUsage[] = [];
  const whole = tryParse(up);
  if (whole) {
    readParsed(whole, new SqlSource(up), ops, diagnostics, usage);
    return { ops, diagnostics, usage };
  }
  // Backticks only quote identifiers in MySQL, whose strings also take backslash escapes.
  const lex = { mysql: up.includes('`') };
  for (const statement of splitStatements(up, lex)) {
    // MySQL/SQLite quote names in backticks; as double quotes (same length, same offsets) PostgreSQL's
    // parser reads most of their DDL, `CREATE TABLE … AS SELECT` included.
    const parsed =
      tryParse(statement.text) ?? (lex.mysql ? tryParse(backticksAsQuotes(statement.text)) : undefined);
    if (parsed) {
      readParsed(parsed, new SqlSource(statement.text, statement.line), ops, diagnostics, usage);
      continue;
    }
    const tolerant = guarded(() => readFallbackStatement(statement.text, statement.line, lex));
    if (tolerant) ops.push(...tolerant);
    else diagnostics.push(`line ${statement.line}: could not parse statement (${preview(statement.text)})`);
  }
  return { ops, diagnostics, usage };
}

function backticksAsQuotes(sql: string): string {
  let out = '';
  let inString = false;
  for (const char of sql) {
    if (char === "'") inString = !inString;
    out += !inString && char === '`' ? '"' : char;
  }
  return out;
}

function tryParse(sql: string): PgStatement[] | undefined {
  try {
    return (parseSync(sql) as { stmts?: PgStatement[] }).stmts ?? [];
  } catch {
    return undefined;
  }
}

function readParsed(
  statements: PgStatement[],
  src: SqlSource,
  ops: SchemaOp[],
  diagnostics: string[],
  usage: SqlUsage[],
): void {
  for (const statement of statements) {
    const line = src.statementLine(statement.stmt_location ?? 0);
    try {
      ops.push(...statementOps(statement.stmt, src, line));
      for (const use of statementUsage(statement.stmt as unknown as Record<string, unknown>))
        usage.push({ ...use, line });
    } catch (error) {
      // A parse tree shape this reader did not expect: report it and keep the rest of the file.
      diagnostics.push(`line ${line}: could not read statement (${(error as Error).message})`);
    }
  }
}

function guarded<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** The statement's start, cut at a word boundary, so a person recognises it. */
function preview(statement: string): string {
  const flat = shortenSql(statement);
  if (flat.length <= PREVIEW_CHARS) return flat;
  const space = flat.lastIndexOf(' ', PREVIEW_CHARS);
  return `${flat.slice(0, space > PREVIEW_CHARS / 2 ? space : PREVIEW_CHARS)} …`;
}

function withoutDownSection(text: string): string {
  // Most files have no marker: one linear search saves a line-by-line pass.
  if (!/migrate:down|\+goose down|\+migrate down/i.test(text)) return text;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end).trim().toLowerCase();
    if (DOWN_MARKERS.some((marker) => line.startsWith(marker))) return text.slice(0, start);
    start = end + 1;
  }
  return text;
}
