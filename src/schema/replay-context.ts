// What a replay knows besides the schema itself: where objects get created (for "created later in …"),
// why objects are gone, which schemas the migrations own, and how conflicts are worded.
import { describeOp, fullName, quoteIdentifier, shortPath } from './replay-messages.js';
import type { SchemaOp } from './schema-op.js';
import {
  type ColumnState,
  type MigrationOps,
  objectKey,
  type SchemaConflictKind,
  type SchemaState,
  type SourceRef,
  type TableState,
} from './schema-state.js';

export class ReplayContext {
  readonly state: SchemaState = {
    tables: new Map(),
    enums: new Map(),
    functions: new Map(),
    buckets: new Map(),
    schemas: new Set(['public']),
    conflicts: [],
    defaultRevoked: new Map(),
  };
  /** Every creation in the whole set, by `kind:key`, so a missing object can name its later creation. */
  readonly plannedCreations = new Map<string, { seq: number; source: SourceRef }[]>();
  /** Where each existing object was created, by `kind:key`. */
  readonly created = new Map<string, SourceRef>();
  /** Why an object that once existed is gone: "dropped in … line …". */
  readonly gone = new Map<string, string>();
  /**
   * Schemas the migrations create objects in. Others (Supabase's `auth`, `storage`) are owned by the
   * platform, so their tables are adopted as external rather than reported missing.
   */
  readonly owned = new Set(['public']);
  readonly createdSchemas = new Map<string, SourceRef>();
  migration: MigrationOps = { file: '', version: '', ops: [] };
  seq = 0;

  constructor(migrations: readonly MigrationOps[]) {
    let seq = 0;
    for (const migration of migrations) {
      for (const op of migration.ops) {
        seq++;
        for (const key of createdKeys(op)) {
          const list = this.plannedCreations.get(key) ?? [];
          list.push({ seq, source: { file: migration.file, line: op.line } });
          this.plannedCreations.set(key, list);
        }
        if (op.kind === 'createSchema') this.owned.add(op.name);
        if (op.kind === 'createTable' || op.kind === 'createView' || op.kind === 'createEnum')
          this.owned.add(op.schema);
      }
    }
  }

  /** The table an op targets. Missing ones are reported unless IF EXISTS; in unowned schemas they are adopted. */
  table(
    op: SchemaOp,
    schema: string,
    name: string,
    ifExists: boolean,
    adopt: boolean,
  ): TableState | undefined {
    const key = objectKey(schema, name);
    const found = this.state.tables.get(key);
    if (found) return found;
    if (!this.owned.has(schema)) {
      if (!adopt) return undefined;
      const external: TableState = {
        schema,
        name,
        kind: 'table',
        columns: [],
        columnsKnown: false,
        external: true,
        rls: false,
        policies: [],
        source: this.source(op),
      };
      this.state.tables.set(key, external);
      return external;
    }
    if (!ifExists) this.missing(op, `table ${fullName(schema, name)}`, `table:${key}`);
    return undefined;
  }

  column(op: SchemaOp, table: TableState, name: string, ifExists: boolean): ColumnState | undefined {
    const found = table.columns.find((c) => c.name === name);
    if (found || ifExists || !table.columnsKnown) return found;
    this.missing(op, this.columnName(table, name), `column:${objectKey(table.schema, table.name)}.${name}`);
    return undefined;
  }

  columnName(table: TableState, name: string): string {
    return `column ${quoteIdentifier(name)} of ${fullName(table.schema, table.name)}`;
  }

  missing(op: SchemaOp, what: string, key: string): void {
    const later = this.plannedCreations.get(key)?.find((creation) => creation.seq > this.seq);
    const gone = this.gone.get(key);
    const why = later
      ? ` yet (created later in ${shortPath(later.source.file)} line ${later.source.line})`
      : gone
        ? ` (${gone})`
        : '';
    this.report(op, 'missing-object', `${what} does not exist${why}`, key);
  }

  /** Reports a second creation, pointing at the one that succeeded earlier. */
  exists(op: SchemaOp, what: string, key: string, fallback?: SourceRef): void {
    const earlier = this.created.get(key) ?? fallback;
    const where = earlier ? ` (created in ${shortPath(earlier.file)} line ${earlier.line})` : '';
    this.report(op, 'already-exists', `${what} already exists${where}`, key);
  }

  /** Records that `keys` came into existence at this op, for "already exists (created in …)". */
  markCreated(op: SchemaOp, keys: readonly string[]): void {
    for (const key of keys) this.created.set(key, this.source(op));
  }

  report(op: SchemaOp, kind: SchemaConflictKind, problem: string, object?: string): void {
    this.conflict(
      kind,
      op.line,
      `${shortPath(this.migration.file)} line ${op.line}: ${describeOp(op)} — ${problem}`,
      object,
    );
  }

  conflict(kind: SchemaConflictKind, line: number, message: string, object?: string): void {
    const { file, version } = this.migration;
    this.state.conflicts.push({ file, line, version, kind, message, ...(object ? { object } : {}) });
  }

  source(op: SchemaOp): SourceRef {
    return { file: this.migration.file, line: op.line };
  }

  at(op: SchemaOp): string {
    return `${shortPath(this.migration.file)} line ${op.line}`;
  }
}

/** The `kind:key` names an op brings into existence, for "created later in …" hints. */
function createdKeys(op: SchemaOp): string[] {
  switch (op.kind) {
    case 'createTable':
      return [
        `table:${objectKey(op.schema, op.name)}`,
        ...op.columns.map((c) => `column:${objectKey(op.schema, op.name)}.${c.name}`),
      ];
    case 'createView':
      return [`table:${objectKey(op.schema, op.name)}`];
    case 'renameTable':
      return [`table:${objectKey(op.schema, op.to)}`];
    case 'addColumn':
      return [`column:${objectKey(op.schema, op.table)}.${op.column.name}`];
    case 'renameColumn':
      return [`column:${objectKey(op.schema, op.table)}.${op.to}`];
    case 'createEnum':
      return [`enum:${objectKey(op.schema, op.name)}`];
    case 'renameType':
      return [`enum:${objectKey(op.schema, op.to)}`];
    case 'createPolicy':
      return [`policy:${objectKey(op.schema, op.table)}.${op.name}`];
    default:
      return [];
  }
}
