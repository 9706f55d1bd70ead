// Ops that target one table: columns, row level security, policies, indexes.
import type { ReplayContext } from './replay-context.js';
import { fullName, quoteIdentifier } from './replay-messages.js';
import type { SchemaOp } from './schema-op.js';
import { columnState, objectKey, type TableState } from './schema-state.js';

export type TableOp = Extract<SchemaOp, { table: string }>;
type ColumnOp = Extract<
  SchemaOp,
  { kind: 'alterColumnType' | 'setNotNull' | 'dropNotNull' | 'setDefault' | 'dropDefault' }
>;

export function applyTableOp(ctx: ReplayContext, op: TableOp): void {
  const adopt = op.kind !== 'dropColumn' && op.kind !== 'renameColumn' && op.kind !== 'dropPolicy';
  const ifExists =
    ('tableIfExists' in op && op.tableIfExists === true) || (op.kind === 'dropPolicy' && op.ifExists);
  const table = ctx.table(op, op.schema, op.table, ifExists, adopt);
  // An index does not change the table's shape; a failed op does not either.
  if (table && shapeTable(ctx, op, table) && op.kind !== 'createIndex') table.source = ctx.source(op);
}

/** Applies the op; false when it could not (and was reported, or skipped as IF EXISTS). */
function shapeTable(ctx: ReplayContext, op: TableOp, table: TableState): boolean {
  const source = ctx.source(op);
  switch (op.kind) {
    case 'addColumn': {
      const existing = table.columns.find((c) => c.name === op.column.name);
      if (existing) {
        if (!op.ifNotExists)
          ctx.exists(
            op,
            ctx.columnName(table, op.column.name),
            columnKey(table, op.column.name),
            existing.source,
          );
        return false;
      }
      table.columns.push(columnState(op.column, source));
      ctx.markCreated(op, [columnKey(table, op.column.name)]);
      return true;
    }
    case 'dropColumn': {
      const column = ctx.column(op, table, op.column, op.ifExists);
      if (!column) return false;
      table.columns.splice(table.columns.indexOf(column), 1);
      ctx.gone.set(columnKey(table, op.column), `dropped in ${ctx.at(op)}`);
      return true;
    }
    case 'renameColumn': {
      const column = ctx.column(op, table, op.from, false);
      if (!column) return false;
      const clash = table.columns.find((c) => c.name === op.to);
      if (clash) {
        ctx.exists(op, ctx.columnName(table, op.to), columnKey(table, op.to), clash.source);
        return false;
      }
      const key = columnKey(table, op.from);
      ctx.gone.set(key, `renamed to ${quoteIdentifier(op.to)} in ${ctx.at(op)}`);
      Object.assign(column, { name: op.to, source });
      ctx.markCreated(op, [columnKey(table, op.to)]);
      return true;
    }
    case 'enableRls':
    case 'disableRls':
      table.rls = op.kind === 'enableRls';
      table.rlsSource = source;
      return true;
    case 'createPolicy': {
      const existing = table.policies.find((p) => p.name === op.name);
      if (existing) {
        ctx.exists(op, `policy "${op.name}" on ${fullName(table.schema, table.name)}`, '', existing.source);
        return false;
      }
      const { name, command, roles, using, check, alwaysTrue } = op;
      table.policies.push({
        name,
        command,
        roles,
        alwaysTrue,
        source,
        ...(using ? { using } : {}),
        ...(check ? { check } : {}),
      });
      return true;
    }
    case 'dropPolicy': {
      const index = table.policies.findIndex((p) => p.name === op.name);
      if (index >= 0) {
        table.policies.splice(index, 1);
        return true;
      }
      if (!op.ifExists) {
        const key = `policy:${objectKey(table.schema, table.name)}.${op.name}`;
        ctx.missing(op, `policy "${op.name}" on ${fullName(table.schema, table.name)}`, key);
      }
      return false;
    }
    case 'createIndex':
      // An index on a column the table does not have fails the migration (expressions are not checked).
      for (const name of op.columns)
        if (/^[A-Za-z_][\w$]*$/.test(name) && table.columnsKnown && !table.external)
          ctx.column(op, table, name, false);
      return true;
    default:
      return applyColumnOp(ctx, op, table);
  }
}

function applyColumnOp(ctx: ReplayContext, op: ColumnOp, table: TableState): boolean {
  const column = ctx.column(op, table, op.column, false);
  if (!column) return false;
  column.source = ctx.source(op);
  if (op.kind === 'alterColumnType') column.type = op.type;
  else if (op.kind === 'setNotNull' || op.kind === 'dropNotNull') column.nullable = op.kind === 'dropNotNull';
  else if (op.kind === 'setDefault') column.default = op.default;
  else delete column.default;
  return true;
}

function columnKey(table: TableState, column: string): string {
  return `column:${objectKey(table.schema, table.name)}.${column}`;
}
