// SQLite and MySQL compare identifiers without regard to case; PostgreSQL's parser (which reads their
// migrations too) folds unquoted names to lower case. Read literally, `ALTER TABLE bookmarkLinks` in a SQLite
// migration would miss the table created as `bookmarkLinks` in backticks. For such migration sets every name is
// rewritten to the casing it was first written with, so the replay sees one table.
import type { MigrationOps } from './schema-state.js';
import type { SchemaOp } from './schema-op.js';

export function foldCase(migrations: readonly MigrationOps[]): MigrationOps[] {
  const first = new Map<string, string>();
  const canonical = (name: string): string => {
    const key = name.toLowerCase();
    const seen = first.get(key);
    if (seen !== undefined) return seen;
    first.set(key, name);
    return name;
  };
  return migrations.map((migration) => ({
    ...migration,
    ops: migration.ops.map((op) => foldOp(op, canonical)),
  }));
}

type Names = (name: string) => string;

function foldOp(op: SchemaOp, canonical: Names): SchemaOp {
  const out: Record<string, unknown> = { ...op };
  for (const key of ['table', 'to', 'from'] as const)
    if (typeof out[key] === 'string') out[key] = canonical(out[key] as string);
  // `name` is a table's for table and view ops; an index's or policy's name is left alone.
  if (
    (op.kind === 'createTable' ||
      op.kind === 'createView' ||
      op.kind === 'dropTable' ||
      op.kind === 'dropView' ||
      op.kind === 'renameTable') &&
    typeof out.name === 'string'
  )
    out.name = canonical(out.name as string);
  if (typeof out.column === 'string') out.column = canonical(out.column as string);
  else if (isColumn(out.column)) out.column = { ...out.column, name: canonical(out.column.name) };
  if (Array.isArray(out.columns))
    out.columns = (out.columns as unknown[]).map((column) =>
      typeof column === 'string'
        ? canonical(column)
        : isColumn(column)
          ? { ...column, name: canonical(column.name) }
          : column,
    );
  return out as unknown as SchemaOp;
}

function isColumn(value: unknown): value is { name: string } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string'
  );
}
