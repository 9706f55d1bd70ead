// Applies migration ops in the order their tool runs them, the way PostgreSQL would, and records where
// that order breaks: objects used before they exist, created twice, or versions used twice.
import { applyGrant, applyRlsAll, applyViewOptions, defaultRevocations } from './replay-access.js';
import { ReplayContext } from './replay-context.js';
import { fullName, quoteIdentifier, shortPath } from './replay-messages.js';
import { applyTableOp } from './replay-table.js';
import type { SchemaOp } from './schema-op.js';
import {
  type ColumnState,
  columnState,
  type MigrationOps,
  objectKey,
  type SchemaState,
  type TableState,
} from './schema-state.js';

/** Replays migrations in the given order into the schema they leave, with the conflicts found on the way. */
export function replayMigrations(migrations: readonly MigrationOps[]): SchemaState {
  const ctx = new ReplayContext(migrations);
  const versions = new Map<string, string>();
  for (const migration of migrations) {
    ctx.migration = migration;
    const first = versions.get(migration.version);
    if (first !== undefined) {
      const message = `${shortPath(migration.file)}: version ${migration.version} is also used by ${shortPath(first)} — migration tools record one row per version, so one of the two is skipped or fails`;
      ctx.conflict('duplicate-version', 1, message);
    } else if (migration.version !== '') versions.set(migration.version, migration.file);
    for (const op of migration.ops) {
      ctx.seq++;
      applyOp(ctx, op);
    }
  }
  return ctx.state;
}

function applyOp(ctx: ReplayContext, op: SchemaOp): void {
  const { tables, enums } = ctx.state;
  const source = ctx.source(op);
  switch (op.kind) {
    case 'createTable':
    case 'createView': {
      const key = objectKey(op.schema, op.name);
      const existing = tables.get(key);
      const replaces = op.kind === 'createView' && op.replace && existing?.kind === 'view';
      if (existing && !existing.external && !replaces) {
        if (op.kind === 'createView' || !op.ifNotExists)
          ctx.exists(op, `${existing.kind} ${fullName(op.schema, op.name)}`, `table:${key}`, existing.source);
        return;
      }
      const columns: ColumnState[] = [];
      let known = op.kind === 'createTable' || op.columns !== undefined;
      // LIKE / INHERITS / PARTITION OF: the columns are whatever the other table has at this point.
      for (const from of (op.kind === 'createTable' && op.copiesFrom) || []) {
        const copied = ctx.table(op, from.schema, from.name, false, true);
        known &&= copied?.columnsKnown === true;
        for (const column of copied?.columns ?? []) columns.push(columnState(column, source));
      }
      if (op.kind === 'createTable')
        for (const column of op.columns) columns.push(columnState(column, source));
      else columns.push(...(op.columns ?? []).map((name) => ({ name, type: '', nullable: true, source })));
      const kind = op.kind === 'createTable' ? 'table' : 'view';
      ctx.markCreated(op, [`table:${key}`, ...columns.map((c) => `column:${key}.${c.name}`)]);
      const table: TableState = {
        schema: op.schema,
        name: op.name,
        kind,
        columns,
        columnsKnown: known,
        external: false,
        rls: false,
        policies: [],
        source,
        created: source,
      };
      if (op.kind === 'createView') {
        if (op.reads) table.reads = op.reads;
        if (op.securityInvoker !== undefined) table.securityInvoker = op.securityInvoker;
        if (op.materialized) table.materialized = true;
      }
      const revoked = defaultRevocations(ctx, op.schema);
      if (revoked) table.revoked = revoked;
      tables.set(key, table);
      return;
    }
    case 'dropTable':
    case 'dropView': {
      const table = ctx.table(op, op.schema, op.name, op.ifExists, false);
      if (!table) return;
      tables.delete(objectKey(op.schema, op.name));
      ctx.gone.set(`table:${objectKey(op.schema, op.name)}`, `dropped in ${ctx.at(op)}`);
      return;
    }
    case 'renameTable': {
      const table = ctx.table(op, op.schema, op.name, op.ifExists, false);
      const to = objectKey(op.schema, op.to);
      if (!table) return;
      if (tables.has(to)) {
        ctx.exists(op, `table ${fullName(op.schema, op.to)}`, `table:${to}`, tables.get(to)?.source);
        return;
      }
      tables.delete(objectKey(op.schema, op.name));
      ctx.gone.set(
        `table:${objectKey(op.schema, op.name)}`,
        `renamed to ${quoteIdentifier(op.to)} in ${ctx.at(op)}`,
      );
      Object.assign(table, { name: op.to, source });
      tables.set(to, table);
      ctx.markCreated(op, [`table:${to}`]);
      return;
    }
    case 'createEnum': {
      const key = objectKey(op.schema, op.name);
      const existing = enums.get(key);
      if (existing) {
        ctx.exists(op, `type ${fullName(op.schema, op.name)}`, `enum:${key}`, existing.source);
        return;
      }
      enums.set(key, { schema: op.schema, name: op.name, values: [...op.values], source });
      ctx.markCreated(op, [`enum:${key}`]);
      return;
    }
    case 'alterEnumAddValue':
    case 'renameEnumValue': {
      const key = objectKey(op.schema, op.name);
      const type = enums.get(key);
      if (!type) {
        if (ctx.owned.has(op.schema)) ctx.missing(op, `type ${fullName(op.schema, op.name)}`, `enum:${key}`);
        return;
      }
      const value = op.kind === 'alterEnumAddValue' ? op.value : op.from;
      const index = type.values.indexOf(value);
      if (op.kind === 'alterEnumAddValue' && index >= 0) {
        if (!op.ifNotExists) ctx.exists(op, `value '${value}' of type ${fullName(op.schema, op.name)}`, '');
      } else if (op.kind === 'alterEnumAddValue') type.values.push(value);
      else if (index < 0) ctx.missing(op, `value '${value}' of type ${fullName(op.schema, op.name)}`, '');
      else type.values[index] = op.to;
      type.source = source;
      return;
    }
    case 'renameType': {
      const type = enums.get(objectKey(op.schema, op.name));
      // Composite types and domains are not tracked, so an unknown type here is not a conflict.
      if (!type) return;
      enums.delete(objectKey(op.schema, op.name));
      Object.assign(type, { name: op.to, source });
      enums.set(objectKey(op.schema, op.to), type);
      return;
    }
    case 'dropType':
      enums.delete(objectKey(op.schema, op.name));
      return;
    case 'createFunction':
      ctx.state.functions.set(objectKey(op.schema, op.name), { schema: op.schema, name: op.name, source });
      return;
    case 'dropFunction':
      // Extensions and the platform define functions too, so dropping an unknown one is not a conflict.
      ctx.state.functions.delete(objectKey(op.schema, op.name));
      return;
    case 'createSchema': {
      const earlier = ctx.createdSchemas.get(op.name);
      if (earlier && !op.ifNotExists) {
        ctx.exists(op, `schema ${quoteIdentifier(op.name)}`, '', earlier);
        return;
      }
      ctx.createdSchemas.set(op.name, source);
      ctx.state.schemas.add(op.name);
      return;
    }
    case 'setViewOptions':
      applyViewOptions(ctx, op);
      return;
    case 'grant':
      applyGrant(ctx, op);
      return;
    case 'enableRlsAll':
    case 'disableRlsAll':
      applyRlsAll(ctx, op);
      return;
    case 'insertBucket':
      ctx.state.buckets.set(op.id, { id: op.id, name: op.name, public: op.public ?? false, source });
      return;
    default:
      applyTableOp(ctx, op);
  }
}
