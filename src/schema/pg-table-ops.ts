// CREATE TABLE, ALTER TABLE and CREATE INDEX as libpg-query parses them, turned into schema ops.
import { formatColumnType, isSerialType } from './column-type.js';
import {
  names,
  type PgColumnDef,
  type PgConstraint,
  type PgNode,
  type PgRangeVar,
  type PgTypeName,
  relationName,
} from './pg-nodes.js';
import type { ColumnSpec, SchemaOp } from './schema-op.js';
import type { SqlSource } from './sql-source.js';

interface PgCreateStmt {
  relation?: PgRangeVar;
  tableElts?: PgNode[];
  inhRelations?: { RangeVar?: PgRangeVar }[];
  if_not_exists?: boolean;
}

interface PgAlterTableCmd {
  subtype?: string;
  name?: string;
  def?: PgNode;
  missing_ok?: boolean;
}

interface PgAlterTableStmt {
  relation?: PgRangeVar;
  cmds?: { AlterTableCmd?: PgAlterTableCmd }[];
  objtype?: string;
  missing_ok?: boolean;
}

interface PgIndexStmt {
  idxname?: string;
  relation?: PgRangeVar;
  indexParams?: { IndexElem?: { name?: string; expr?: PgNode } }[];
  unique?: boolean;
  concurrent?: boolean;
  if_not_exists?: boolean;
}

const NOT_NULL_CONSTRAINTS = new Set(['CONSTR_NOTNULL', 'CONSTR_PRIMARY', 'CONSTR_IDENTITY']);

export function createTableOps(stmt: PgCreateStmt, src: SqlSource, line: number): SchemaOp[] {
  const table = relationName(stmt.relation);
  if (!table) return [];
  const columns: ColumnSpec[] = [];
  const primaryKey = new Set<string>();
  const copiesFrom = (stmt.inhRelations ?? []).flatMap((r) => relationName(r.RangeVar) ?? []);
  for (const element of stmt.tableElts ?? []) {
    const column = element.ColumnDef as PgColumnDef | undefined;
    const constraint = element.Constraint as PgConstraint | undefined;
    const like = relationName((element.TableLikeClause as { relation?: PgRangeVar } | undefined)?.relation);
    if (like) copiesFrom.push(like);
    else if (column) {
      const spec = columnSpec(column, src);
      if (spec) columns.push(spec);
    } else if (constraint?.contype === 'CONSTR_PRIMARY') {
      for (const key of names(constraint.keys)) primaryKey.add(key);
    }
  }
  for (const column of columns) if (primaryKey.has(column.name)) column.nullable = false;
  const copies = copiesFrom.length > 0 ? { copiesFrom } : {};
  return [
    { kind: 'createTable', line, ...table, columns, ifNotExists: stmt.if_not_exists === true, ...copies },
  ];
}

export function alterTableOps(stmt: PgAlterTableStmt, src: SqlSource, line: number): SchemaOp[] {
  const table = relationName(stmt.relation);
  if (!table || (stmt.objtype !== undefined && stmt.objtype !== 'OBJECT_TABLE')) return [];
  const target = {
    line,
    schema: table.schema,
    table: table.name,
    ...(stmt.missing_ok ? { tableIfExists: true } : {}),
  };
  const ops: SchemaOp[] = [];
  for (const { AlterTableCmd: cmd } of stmt.cmds ?? []) {
    const column = cmd?.name;
    switch (cmd?.subtype) {
      case 'AT_AddColumn': {
        const spec = columnSpec(cmd.def?.ColumnDef as PgColumnDef | undefined, src);
        if (spec)
          ops.push({ kind: 'addColumn', ...target, column: spec, ifNotExists: cmd.missing_ok === true });
        break;
      }
      case 'AT_DropColumn':
        if (column) ops.push({ kind: 'dropColumn', ...target, column, ifExists: cmd.missing_ok === true });
        break;
      case 'AT_AlterColumnType': {
        const typeName = (cmd.def?.ColumnDef as PgColumnDef | undefined)?.typeName;
        if (column && typeName)
          ops.push({ kind: 'alterColumnType', ...target, column, type: typeText(typeName) });
        break;
      }
      case 'AT_SetNotNull':
      case 'AT_DropNotNull':
        if (column)
          ops.push({
            kind: cmd.subtype === 'AT_SetNotNull' ? 'setNotNull' : 'dropNotNull',
            ...target,
            column,
          });
        break;
      case 'AT_ColumnDefault': {
        if (!column) break;
        const expression = cmd.def ? src.expressionText(cmd.def) : undefined;
        ops.push(
          expression === undefined
            ? { kind: 'dropDefault', ...target, column }
            : { kind: 'setDefault', ...target, column, default: expression },
        );
        break;
      }
      case 'AT_EnableRowSecurity':
      case 'AT_DisableRowSecurity':
        ops.push({ kind: cmd.subtype === 'AT_EnableRowSecurity' ? 'enableRls' : 'disableRls', ...target });
        break;
      case 'AT_AddConstraint': {
        // A primary key added later makes its columns NOT NULL, exactly as an inline one would.
        const constraint = cmd.def?.Constraint as PgConstraint | undefined;
        if (constraint?.contype !== 'CONSTR_PRIMARY') break;
        for (const key of names(constraint.keys)) ops.push({ kind: 'setNotNull', ...target, column: key });
        break;
      }
    }
  }
  return ops;
}

export function createIndexOps(stmt: PgIndexStmt, src: SqlSource, line: number): SchemaOp[] {
  const table = relationName(stmt.relation);
  if (!table) return [];
  const columns: string[] = [];
  for (const { IndexElem: element } of stmt.indexParams ?? []) {
    const column = element?.name ?? (element?.expr ? src.expressionText(element.expr) : undefined);
    if (column !== undefined) columns.push(column);
  }
  return [
    {
      kind: 'createIndex',
      line,
      schema: table.schema,
      table: table.name,
      ...(stmt.idxname ? { name: stmt.idxname } : {}),
      columns,
      unique: stmt.unique === true,
      concurrently: stmt.concurrent === true,
      ifNotExists: stmt.if_not_exists === true,
    },
  ];
}

function columnSpec(column: PgColumnDef | undefined, src: SqlSource): ColumnSpec | undefined {
  if (!column?.colname || !column.typeName) return undefined;
  const type = typeText(column.typeName);
  const spec: ColumnSpec = {
    name: column.colname,
    type,
    nullable: !column.is_not_null && !isSerialType(type),
  };
  const constraints = (column.constraints ?? []).map((c) => c.Constraint ?? {});
  constraints.forEach((constraint, index) => {
    if (NOT_NULL_CONSTRAINTS.has(constraint.contype ?? '')) spec.nullable = false;
    else if (constraint.contype === 'CONSTR_NULL') spec.nullable = true;
    else if (constraint.contype === 'CONSTR_DEFAULT' && constraint.raw_expr) {
      const expression = src.expressionText(constraint.raw_expr, constraints[index + 1]?.location);
      if (expression !== undefined) spec.default = expression;
    }
  });
  return spec;
}

/** Readable type text: `pg_catalog.int4` → `integer`, `public."Role"[]` → `Role[]`. */
export function typeText(typeName: PgTypeName): string {
  const parts = names(typeName.names);
  if (parts[0] === 'pg_catalog' || (parts[0] === 'public' && parts.length > 1)) parts.shift();
  const base = parts.join('.');
  // interval's modifiers are field bitmasks (DAY, HOUR TO MINUTE…), not readable arguments.
  const modifiers =
    base === 'interval'
      ? []
      : (typeName.typmods ?? []).map((mod) => {
          const value = mod.A_Const as { ival?: { ival?: number }; sval?: { sval?: string } } | undefined;
          return String(value?.ival ? (value.ival.ival ?? 0) : (value?.sval?.sval ?? ''));
        });
  return formatColumnType(base, modifiers, typeName.arrayBounds?.length ?? 0);
}
