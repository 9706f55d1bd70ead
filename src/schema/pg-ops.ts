// One parsed PostgreSQL statement → the schema ops it performs. Statements that do not shape the schema
// (COMMENT, most DO blocks, SELECT, most INSERTs) yield nothing.
import {
  constantValue,
  names,
  type PgNode,
  type PgRangeVar,
  type PgResTarget,
  type PgSelectStmt,
  type PgString,
  qualifiedName,
  relationName,
  unwrap,
} from './pg-nodes.js';
import {
  defaultPrivilegeOps,
  doBlockOps,
  grantOps,
  relationsRead,
  securityInvoker,
  viewOptionOps,
} from './pg-access-ops.js';
import { alterTableOps, createIndexOps, createTableOps } from './pg-table-ops.js';
import type { InsertBucketOp, SchemaOp } from './schema-op.js';
import type { SqlSource } from './sql-source.js';

type Body = Record<string, unknown>;
type Reader = (body: Body, src: SqlSource, line: number) => SchemaOp[];

const RELATION_RENAMES = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

const READERS: Record<string, Reader> = {
  CreateStmt: createTableOps,
  AlterTableStmt: (body, src, line) =>
    body.objtype === 'OBJECT_VIEW' ? viewOptionOps(body, line) : alterTableOps(body, src, line),
  IndexStmt: createIndexOps,
  ViewStmt: (body, _src, line) => viewOps(body, line),
  CreateTableAsStmt: (body, _src, line) => materializedViewOps(body, line),
  DropStmt: (body, _src, line) => dropOps(body, line),
  RenameStmt: (body, _src, line) => renameOps(body, line),
  CreateEnumStmt: (body, _src, line) => {
    const type = qualifiedName(names(body.typeName as PgString[]));
    return type ? [{ kind: 'createEnum', line, ...type, values: names(body.vals as PgString[]) }] : [];
  },
  AlterEnumStmt: (body, _src, line) => enumValueOps(body, line),
  CreateFunctionStmt: (body, _src, line) => {
    const fn = qualifiedName(names(body.funcname as PgString[]));
    return fn
      ? [
          {
            kind: 'createFunction',
            line,
            ...fn,
            replace: body.replace === true,
            procedure: body.is_procedure === true,
          },
        ]
      : [];
  },
  CreateSchemaStmt: (body, _src, line) =>
    typeof body.schemaname === 'string'
      ? [{ kind: 'createSchema', line, name: body.schemaname, ifNotExists: body.if_not_exists === true }]
      : [],
  CreatePolicyStmt: policyOps,
  InsertStmt: (body, _src, line) => bucketOps(body, line),
  GrantStmt: (body, _src, line) => grantOps(body, line),
  DoStmt: (body, _src, line) => doBlockOps(body, line),
  AlterDefaultPrivilegesStmt: (body, _src, line) => defaultPrivilegeOps(body, line),
};

export function statementOps(stmt: PgNode | undefined, src: SqlSource, line: number): SchemaOp[] {
  const node = unwrap(stmt);
  const reader = node && Object.hasOwn(READERS, node[0]) ? READERS[node[0]] : undefined;
  return reader && node ? reader(node[1], src, line) : [];
}

function viewOps(body: Body, line: number): SchemaOp[] {
  const view = relationName(body.view as PgRangeVar);
  if (!view) return [];
  const aliases = names(body.aliases as PgString[]);
  const columns = aliases.length > 0 ? aliases : selectColumnNames(body.query as PgNode);
  const invoker = securityInvoker(body.options);
  return [
    {
      kind: 'createView',
      line,
      ...view,
      ...(columns ? { columns } : {}),
      replace: body.replace === true,
      reads: relationsRead(body.query),
      ...(invoker !== undefined ? { securityInvoker: invoker } : {}),
    },
  ];
}

function materializedViewOps(body: Body, line: number): SchemaOp[] {
  const into = body.into as { rel?: PgRangeVar; colNames?: PgString[] } | undefined;
  const view = relationName(into?.rel);
  // CREATE TABLE … AS SELECT has no column types without a catalog: it is kept like a view, columns named
  // where the select names them, so later statements on it (SQLite's table rebuilds drop it) find it.
  if (!view) return [];
  const aliases = names(into?.colNames);
  const columns = aliases.length > 0 ? aliases : selectColumnNames(body.query as PgNode);
  const materialized = body.objtype === 'OBJECT_MATVIEW';
  return [
    {
      kind: 'createView',
      line,
      ...view,
      ...(columns ? { columns } : {}),
      replace: false,
      ...(materialized ? { materialized, reads: relationsRead(body.query) } : {}),
    },
  ];
}

/** The output column names of a simple SELECT, the way PostgreSQL names them; undefined when unknowable. */
function selectColumnNames(query: PgNode | undefined): string[] | undefined {
  const select = query?.SelectStmt as PgSelectStmt | undefined;
  if (!select?.targetList) return undefined;
  const columns: string[] = [];
  for (const { ResTarget: target } of select.targetList) {
    const name = target ? outputName(target) : undefined;
    if (name === undefined) return undefined;
    columns.push(name);
  }
  return columns;
}

function outputName(target: PgResTarget): string | undefined {
  if (target.name) return target.name;
  let value = target.val;
  while (value?.TypeCast) value = (value.TypeCast as { arg?: PgNode }).arg;
  const ref = value?.ColumnRef as { fields?: PgString[] } | undefined;
  // `t.*` leaves the last field as A_Star, which names() drops: the column list is then unknown.
  if (ref) return ref.fields?.length === names(ref.fields).length ? names(ref.fields).at(-1) : undefined;
  const call = value?.FuncCall as { funcname?: PgString[] } | undefined;
  return call ? names(call.funcname).at(-1) : undefined;
}

function dropOps(body: Body, line: number): SchemaOp[] {
  const ifExists = body.missing_ok === true;
  const ops: SchemaOp[] = [];
  for (const object of (body.objects as PgNode[] | undefined) ?? []) {
    switch (body.removeType) {
      case 'OBJECT_TABLE':
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW': {
        const relation = qualifiedName(names((object.List as { items?: PgString[] } | undefined)?.items));
        const kind = body.removeType === 'OBJECT_TABLE' ? 'dropTable' : 'dropView';
        if (relation) ops.push({ kind, line, ...relation, ifExists });
        break;
      }
      case 'OBJECT_TYPE': {
        const type = qualifiedName(names((object.TypeName as { names?: PgString[] } | undefined)?.names));
        if (type) ops.push({ kind: 'dropType', line, ...type, ifExists });
        break;
      }
      case 'OBJECT_FUNCTION':
      case 'OBJECT_PROCEDURE': {
        const fn = qualifiedName(
          names((object.ObjectWithArgs as { objname?: PgString[] } | undefined)?.objname),
        );
        if (fn) ops.push({ kind: 'dropFunction', line, ...fn, ifExists });
        break;
      }
      case 'OBJECT_POLICY': {
        // DROP POLICY p ON s.t arrives as the list [s, t, p].
        const parts = names((object.List as { items?: PgString[] } | undefined)?.items);
        const table = qualifiedName(parts.slice(0, -1));
        const name = parts.at(-1);
        if (table && name)
          ops.push({ kind: 'dropPolicy', line, schema: table.schema, table: table.name, name, ifExists });
        break;
      }
    }
  }
  return ops;
}

function renameOps(body: Body, line: number): SchemaOp[] {
  const to = body.newname;
  if (typeof to !== 'string') return [];
  const relation = relationName(body.relation as PgRangeVar);
  const ifExists = body.missing_ok === true;
  if (RELATION_RENAMES.has(body.renameType as string) && relation)
    return [{ kind: 'renameTable', line, ...relation, to, ifExists }];
  if (body.renameType === 'OBJECT_COLUMN' && relation && typeof body.subname === 'string') {
    const tableIfExists = ifExists ? { tableIfExists: true } : {};
    const target = { schema: relation.schema, table: relation.name, ...tableIfExists };
    return [{ kind: 'renameColumn', line, ...target, from: body.subname, to }];
  }
  if (body.renameType === 'OBJECT_TYPE') {
    const type = qualifiedName(names((body.object as { List?: { items?: PgString[] } })?.List?.items));
    if (type) return [{ kind: 'renameType', line, ...type, to }];
  }
  return [];
}

function enumValueOps(body: Body, line: number): SchemaOp[] {
  const type = qualifiedName(names(body.typeName as PgString[]));
  if (!type || typeof body.newVal !== 'string') return [];
  if (typeof body.oldVal === 'string')
    return [{ kind: 'renameEnumValue', line, ...type, from: body.oldVal, to: body.newVal }];
  return [
    {
      kind: 'alterEnumAddValue',
      line,
      ...type,
      value: body.newVal,
      ifNotExists: body.skipIfNewValExists === true,
    },
  ];
}

function policyOps(body: Body, src: SqlSource, line: number): SchemaOp[] {
  const table = relationName(body.table as PgRangeVar);
  if (!table || typeof body.policy_name !== 'string') return [];
  const roles = (
    (body.roles as { RoleSpec?: { rolename?: string; roletype?: string } }[] | undefined) ?? []
  ).map(
    ({ RoleSpec: role }) =>
      role?.rolename ?? (role?.roletype ?? 'ROLESPEC_PUBLIC').replace('ROLESPEC_', '').toLowerCase(),
  );
  const expressions = [body.qual, body.with_check].filter((e): e is PgNode => e !== undefined);
  const using = body.qual ? src.expressionText(body.qual) : undefined;
  const check = body.with_check ? src.expressionText(body.with_check) : undefined;
  return [
    {
      kind: 'createPolicy',
      line,
      schema: table.schema,
      table: table.name,
      name: body.policy_name,
      command: typeof body.cmd_name === 'string' ? body.cmd_name : 'all',
      roles: roles.length > 0 ? roles : ['public'],
      ...(using !== undefined ? { using } : {}),
      ...(check !== undefined ? { check } : {}),
      alwaysTrue: expressions.length > 0 && expressions.every((e) => constantValue(e) === true),
    },
  ];
}

function bucketOps(body: Body, line: number): SchemaOp[] {
  const relation = relationName(body.relation as PgRangeVar);
  if (relation?.schema !== 'storage' || relation.name !== 'buckets') return [];
  const columns = ((body.cols as { ResTarget?: PgResTarget }[] | undefined) ?? []).map(
    (c) => c.ResTarget?.name,
  );
  const rows =
    ((body.selectStmt as PgNode | undefined)?.SelectStmt as PgSelectStmt | undefined)?.valuesLists ?? [];
  const ops: SchemaOp[] = [];
  for (const row of rows) {
    const values = new Map(row.List?.items?.map((item, index) => [columns[index], constantValue(item)]));
    const id = values.get('id') ?? values.get('name');
    if (typeof id !== 'string') continue;
    const name = values.get('name');
    const isPublic = values.get('public');
    const op: InsertBucketOp = { kind: 'insertBucket', line, id, name: typeof name === 'string' ? name : id };
    if (typeof isPublic === 'boolean') op.public = isPublic;
    ops.push(op);
  }
  return ops;
}
