import type { SchemaOp } from '../../schema/schema-op.js';
import { findMigrations } from '../../schema/migration-order.js';
import type { Query, Table } from '../../scan/scan-result.js';
import { type RepoFinding, type RepoRuleContext, repoFinding } from '../family.js';
import type { RuleMeta } from '../rule.js';
import { DESTRUCTIVE, DROP_IN_USE, INDEX_NOT_CONCURRENT, NOT_NULL_NO_DEFAULT, RENAME } from './rules.js';

/** Names as a query and a migration may both spell them: without schema, lower case. */
const bare = (name: string) => (name.split('.').pop() ?? name).replace(/"/g, '').toLowerCase();

/** What the code uses: queries by table, with the columns each names. */
class Usage {
  private readonly byTable = new Map<string, Query[]>();

  constructor(queries: readonly Query[]) {
    for (const query of queries) {
      if (query.target) continue;
      const key = bare(query.table);
      const list = this.byTable.get(key);
      if (list) list.push(query);
      else this.byTable.set(key, [query]);
    }
  }

  ofTable(table: string): Query[] {
    return this.byTable.get(bare(table)) ?? [];
  }

  ofColumn(table: string, column: string): Query[] {
    const name = column.toLowerCase();
    return this.ofTable(table).filter((q) => q.columns.some((c) => c.toLowerCase() === name));
  }
}

/** Whether the schema the repo ends with still has the object (a later migration put it back). */
class FinalSchema {
  private readonly tables = new Map<string, Table>();

  constructor(tables: readonly Table[]) {
    for (const table of tables) this.tables.set(bare(table.name), table);
  }

  hasTable(table: string): boolean {
    return this.tables.has(bare(table));
  }

  hasColumn(table: string, column: string): boolean {
    const name = column.toLowerCase();
    return this.tables.get(bare(table))?.columns.some((c) => c.name.toLowerCase() === name) ?? false;
  }
}

function where(queries: readonly Query[]): string {
  const first = queries[0] as Query;
  const more = queries.length > 1 ? ` and ${queries.length - 1} more` : '';
  return `${first.source.file}:${first.source.line}${more}`;
}

/**
 * Squawk-style checks on each migration set, in the order its tool applies it, plus the one only Baton can
 * make: a drop or rename of something the code still queries. A table is *existing* when an earlier file of
 * the set created it; what a migration creates and changes in the same file holds no rows yet. The
 * squawk-style rules judge the newest file of each set only; `baton check --since <ref>` then gates exactly
 * what a change adds, and a mature repo's three-year-old migrations do not bury it.
 */
export function migrationFindings(context: RepoRuleContext): RepoFinding[] {
  const usage = new Usage(context.links.queries);
  const final = new FinalSchema(context.links.tables);
  const found: RepoFinding[] = [];
  // SQLite and MySQL have no CONCURRENTLY (MySQL builds InnoDB indexes online by default).
  const caseless = new Set(context.links.schemaSources.filter((s) => s.caseless).map((s) => s.where));
  for (const set of findMigrations(context.files, context.read)) {
    const postgres = !caseless.has(set.dir);
    const createdIn = new Map<string, number>();
    // Columns already NOT NULL: setting it again is a no-op, not a scan.
    const notNull = new Set<string>();
    set.files.forEach(({ file }, index) => {
      const existing = (table: string) => (createdIn.get(bare(table)) ?? index) < index;
      // How a migration runs (locks, failures on rows, renames under running code) matters for the one this
      // deploy applies; older files ran long ago. What they took away still matters if the code uses it.
      const pending = index === set.files.length - 1;
      const report = (rule: RuleMeta, op: SchemaOp, subject: string, message: string, severity?: 'warning') =>
        (rule === DROP_IN_USE || pending) &&
        found.push(repoFinding(rule, { file, line: op.line }, subject, message, severity));
      // What a drop or rename takes away: an error while the code still uses it, else the plain change.
      const takeAway = (
        op: SchemaOp,
        subject: string,
        users: readonly Query[],
        stillThere: boolean,
        inUse: string,
        rule: RuleMeta,
        plain: string,
      ) =>
        users.length > 0 && !stillThere
          ? report(DROP_IN_USE, op, subject, `${inUse} (${where(users)}).`)
          : report(rule, op, subject, plain);
      const ops = context.facts.get(file)?.database?.ops ?? [];
      // SQLite's table rebuild (Prisma, Drizzle): create new_t, copy the rows, drop t, rename new_t to t.
      const rebuilt = new Set(ops.flatMap((op) => (op.kind === 'renameTable' ? [bare(op.to)] : [])));
      for (const op of ops) {
        switch (op.kind) {
          case 'createTable':
            if (!createdIn.has(bare(op.name))) createdIn.set(bare(op.name), index);
            for (const column of op.columns)
              if (!column.nullable) notNull.add(`${bare(op.name)}.${column.name.toLowerCase()}`);
            break;
          case 'renameTable':
            if (!existing(op.name)) break;
            takeAway(
              op,
              op.name,
              usage.ofTable(op.name),
              final.hasTable(op.name),
              `Table ${op.name} is renamed to ${op.to}, but the code still queries ${op.name}`,
              RENAME,
              `Table ${op.name} is renamed to ${op.to}: code deployed before this migration still uses ${op.name}.`,
            );
            createdIn.set(bare(op.to), createdIn.get(bare(op.name)) ?? index);
            break;
          case 'dropTable':
            if (!existing(op.name) || rebuilt.has(bare(op.name))) break;
            takeAway(
              op,
              op.name,
              usage.ofTable(op.name),
              final.hasTable(op.name),
              `Table ${op.name} is dropped, but the code still queries it`,
              DESTRUCTIVE,
              `Table ${op.name} is dropped with every row in it.`,
            );
            createdIn.delete(bare(op.name));
            break;
          case 'dropColumn': {
            if (!existing(op.table)) break;
            const subject = `${op.table}.${op.column}`;
            takeAway(
              op,
              subject,
              usage.ofColumn(op.table, op.column),
              final.hasColumn(op.table, op.column),
              `Column ${subject} is dropped, but the code still uses it`,
              DESTRUCTIVE,
              `Column ${subject} is dropped with its data.`,
            );
            break;
          }
          case 'renameColumn': {
            if (!existing(op.table)) break;
            const subject = `${op.table}.${op.from}`;
            takeAway(
              op,
              subject,
              usage.ofColumn(op.table, op.from),
              final.hasColumn(op.table, op.from),
              `Column ${subject} is renamed to ${op.to}, but the code still uses ${op.from}`,
              RENAME,
              `Column ${subject} is renamed to ${op.to}: code deployed before this migration still uses ${op.from}.`,
            );
            break;
          }
          case 'alterColumnType':
            if (existing(op.table))
              report(
                DESTRUCTIVE,
                op,
                `${op.table}.${op.column}`,
                `Column ${op.table}.${op.column} changes type to ${op.type}: the table is rewritten under lock and values are cast.`,
              );
            break;
          case 'addColumn':
            if (!op.column.nullable) notNull.add(`${bare(op.table)}.${op.column.name.toLowerCase()}`);
            if (existing(op.table) && !op.column.nullable && op.column.default === undefined)
              report(
                NOT_NULL_NO_DEFAULT,
                op,
                `${op.table}.${op.column.name}`,
                `Column ${op.table}.${op.column.name} is added NOT NULL without a default: the migration fails on a table that has rows.`,
              );
            break;
          case 'setNotNull':
            if (existing(op.table) && !notNull.has(`${bare(op.table)}.${op.column.toLowerCase()}`))
              report(
                NOT_NULL_NO_DEFAULT,
                op,
                `${op.table}.${op.column}`,
                `Column ${op.table}.${op.column} is made NOT NULL: the table is scanned under lock, and the migration fails if a row holds NULL.`,
                'warning',
              );
            break;
          case 'createIndex':
            if (postgres && !op.concurrently && existing(op.table))
              report(
                INDEX_NOT_CONCURRENT,
                op,
                `${op.table}.${op.name ?? op.columns.join(',')}`,
                `Index ${op.name ?? `on (${op.columns.join(', ')})`} is built on ${op.table} without CONCURRENTLY: inserts, updates and deletes on ${op.table} wait until the build finishes.`,
              );
            break;
          default:
            break;
        }
      }
    });
  }
  return found;
}
