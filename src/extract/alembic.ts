/**
 * Alembic revisions — https://alembic.sqlalchemy.org/en/latest/ops.html
 * The `upgrade()` of each file in `versions/` as schema ops, replayed along the `down_revision` chain
 * (schema/migration-order.ts): `op.create_table(name, sa.Column(…), …)`, `add_column`, `drop_column`,
 * `alter_column(new_column_name=…, nullable=…, type_=…)`, `rename_table`, `drop_table`, `create_index`, and
 * SQL passed to `op.execute("…")` through the same PostgreSQL reader as `.sql` migrations. `downgrade()` is
 * the rollback and is not applied.
 */
import { readMigrationSql } from '../schema/read-sql.js';
import type { ColumnSpec, SchemaOp } from '../schema/schema-op.js';
import { dependsOnPython, type Extractor } from './extractor.js';
import { sqlalchemyType } from './python/sql-types.js';
import {
  type PyFile,
  type PyNode,
  callArguments,
  descendants,
  dottedName,
  stringValue,
} from './python/py-file.js';

const CALLS = new Set(['call']);

export const alembic: Extractor = {
  name: 'alembic',
  language: 'python',
  needs: ['python-parser', 'sql-parser'],
  detect: (repo) => dependsOnPython(repo, 'alembic'),
  prefilter: (text, path) => /(?:^|\/)versions\/[^/]+\.py$/.test(path) && /\bop\.\w+\(/.test(text),
  extract() {},
  extractPython(file, facts) {
    const upgrade = [...file.statements()].find(
      (s) => s.type === 'function_definition' && s.childForFieldName('name')?.text === 'upgrade',
    );
    if (!upgrade) return;
    const ops: SchemaOp[] = [];
    for (const call of descendants(upgrade, CALLS)) ops.push(...opsOf(file, call));
    facts.database = { source: 'sql', ops, models: [] };
  },
};

function opsOf(file: PyFile, call: PyNode): SchemaOp[] {
  const name = dottedName(call.childForFieldName('function'));
  if (!name?.startsWith('op.')) return [];
  const { positional, keywords } = callArguments(call);
  const line = file.position(call).line;
  const schema = stringValue(keywords.get('schema')) ?? 'public';
  const text = (index: number, keyword: string) => stringValue(positional[index] ?? keywords.get(keyword));
  switch (name.slice(3)) {
    case 'create_table': {
      const table = text(0, 'table_name');
      if (!table) return [];
      const columns = positional.slice(1).flatMap((arg) => {
        const column = columnSpec(arg);
        return column ? [column] : [];
      });
      return [
        {
          kind: 'createTable',
          line,
          schema,
          name: table,
          columns,
          ifNotExists: keywords.get('if_not_exists')?.text === 'True',
        },
      ];
    }
    case 'drop_table': {
      const table = text(0, 'table_name');
      return table
        ? [
            {
              kind: 'dropTable',
              line,
              schema,
              name: table,
              ifExists: keywords.get('if_exists')?.text === 'True',
            },
          ]
        : [];
    }
    case 'rename_table': {
      const [from, to] = [text(0, 'old_table_name'), text(1, 'new_table_name')];
      return from && to ? [{ kind: 'renameTable', line, schema, name: from, to, ifExists: false }] : [];
    }
    case 'add_column': {
      const table = text(0, 'table_name');
      const column = columnSpec(positional[1] ?? keywords.get('column'));
      return table && column ? [{ kind: 'addColumn', line, schema, table, column, ifNotExists: false }] : [];
    }
    case 'drop_column': {
      const [table, column] = [text(0, 'table_name'), text(1, 'column_name')];
      return table && column ? [{ kind: 'dropColumn', line, schema, table, column, ifExists: false }] : [];
    }
    case 'alter_column':
      return alterColumn(positional, keywords, line, schema);
    case 'create_index': {
      const [index, table] = [text(0, 'index_name'), text(1, 'table_name')];
      const columns = (positional[2] ?? keywords.get('columns'))?.namedChildren.flatMap((c) => {
        const value = stringValue(c);
        return value ? [value] : [];
      });
      if (!table) return [];
      const concurrent = keywords.get('postgresql_concurrently')?.text === 'True';
      return [
        {
          kind: 'createIndex',
          line,
          schema,
          table,
          ...(index ? { name: index } : {}),
          columns: columns ?? [],
          unique: keywords.get('unique')?.text === 'True',
          concurrently: concurrent,
          ifNotExists: false,
        },
      ];
    }
    case 'execute': {
      const sql = stringValue(positional[0] ?? keywords.get('sqltext'));
      if (!sql) return [];
      // Lines of the SQL count from the call: findings point into this file.
      return readMigrationSql(sql).ops.map((op) => ({ ...op, line: line + op.line - 1 }));
    }
    default:
      return [];
  }
}

function alterColumn(
  positional: PyNode[],
  keywords: Map<string, PyNode>,
  line: number,
  schema: string,
): SchemaOp[] {
  const table = stringValue(positional[0] ?? keywords.get('table_name'));
  const column = stringValue(positional[1] ?? keywords.get('column_name'));
  if (!table || !column) return [];
  const ops: SchemaOp[] = [];
  const target = { line, schema, table };
  const type = keywords.get('type_');
  if (type) ops.push({ kind: 'alterColumnType', ...target, column, type: sqlalchemyType(type) });
  const nullable = keywords.get('nullable')?.text;
  if (nullable === 'False') ops.push({ kind: 'setNotNull', ...target, column });
  if (nullable === 'True') ops.push({ kind: 'dropNotNull', ...target, column });
  const renamed = stringValue(keywords.get('new_column_name'));
  if (renamed) ops.push({ kind: 'renameColumn', ...target, from: column, to: renamed });
  return ops;
}

/** `sa.Column("email", sa.String(255), nullable=False, server_default="x")`. */
function columnSpec(node: PyNode | undefined): ColumnSpec | undefined {
  if (node?.type !== 'call' || !/(?:^|\.)Column$/.test(dottedName(node.childForFieldName('function')) ?? ''))
    return undefined;
  const { positional, keywords } = callArguments(node);
  const name = stringValue(positional[0] ?? keywords.get('name'));
  if (!name) return undefined;
  const type = positional[1] && positional[1].type !== 'string' ? sqlalchemyType(positional[1]) : 'unknown';
  const primary = keywords.get('primary_key')?.text === 'True';
  const nullableKeyword = keywords.get('nullable')?.text;
  const fallback = keywords.get('server_default');
  return {
    name,
    type,
    nullable: nullableKeyword ? nullableKeyword !== 'False' : !primary,
    ...(fallback ? { default: fallback.text.slice(0, 60) } : {}),
  };
}
