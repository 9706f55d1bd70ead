// A migration file read into normalised operations. Ops are cached per file, so everything here must stay
// plain JSON: no Maps, no class instances, no undefined-only distinctions the cache could lose.

/** A column as a migration defines it. `type` is readable SQL (`integer`, `varchar(255)`, `text[]`). */
export interface ColumnSpec {
  name: string;
  type: string;
  nullable: boolean;
  /** The default expression as written in the source, shortened. */
  default?: string;
}

interface OpAt {
  /** 1-based line of the statement in its file. */
  line: number;
}

/** Targets a table named in an ALTER TABLE; `tableIfExists` is set by ALTER TABLE IF EXISTS. */
interface TableTarget extends OpAt {
  schema: string;
  table: string;
  tableIfExists?: boolean;
}

export interface CreateTableOp extends OpAt {
  kind: 'createTable';
  schema: string;
  name: string;
  columns: ColumnSpec[];
  ifNotExists: boolean;
  /** Tables whose columns this one also gets: LIKE, INHERITS, PARTITION OF. */
  copiesFrom?: { schema: string; name: string }[];
}

export interface CreateViewOp extends OpAt {
  kind: 'createView';
  schema: string;
  name: string;
  /** Absent when the select list cannot be named without a catalog (`select *`, unnamed expressions). */
  columns?: string[];
  replace: boolean;
  /** `schema.name` of every relation the query reads, CTE names left out: what the view exposes. */
  reads?: string[];
  /** `WITH (security_invoker = on)`: the view checks the caller's privileges and RLS, not its owner's. */
  securityInvoker?: boolean;
  materialized?: boolean;
}

/** `ALTER VIEW … SET (security_invoker = …)` or `RESET (security_invoker)`. */
export interface SetViewOptionsOp extends OpAt {
  kind: 'setViewOptions';
  schema: string;
  name: string;
  securityInvoker: boolean;
}

export interface DropRelationOp extends OpAt {
  kind: 'dropTable' | 'dropView';
  schema: string;
  name: string;
  ifExists: boolean;
}

export interface RenameTableOp extends OpAt {
  kind: 'renameTable';
  schema: string;
  name: string;
  to: string;
  ifExists: boolean;
}

export interface AddColumnOp extends TableTarget {
  kind: 'addColumn';
  column: ColumnSpec;
  ifNotExists: boolean;
}

export interface DropColumnOp extends TableTarget {
  kind: 'dropColumn';
  column: string;
  ifExists: boolean;
}

export interface RenameColumnOp extends TableTarget {
  kind: 'renameColumn';
  from: string;
  to: string;
}

export interface AlterColumnTypeOp extends TableTarget {
  kind: 'alterColumnType';
  column: string;
  type: string;
}

export interface ColumnFlagOp extends TableTarget {
  kind: 'setNotNull' | 'dropNotNull' | 'dropDefault';
  column: string;
}

export interface SetDefaultOp extends TableTarget {
  kind: 'setDefault';
  column: string;
  default: string;
}

export interface CreateEnumOp extends OpAt {
  kind: 'createEnum';
  schema: string;
  name: string;
  values: string[];
}

export interface AlterEnumAddValueOp extends OpAt {
  kind: 'alterEnumAddValue';
  schema: string;
  name: string;
  value: string;
  ifNotExists: boolean;
}

export interface RenameEnumValueOp extends OpAt {
  kind: 'renameEnumValue';
  schema: string;
  name: string;
  from: string;
  to: string;
}

/** ALTER TYPE … RENAME TO; the type may be an enum or another kind of type. */
export interface RenameTypeOp extends OpAt {
  kind: 'renameType';
  schema: string;
  name: string;
  to: string;
}

export interface DropTypeOp extends OpAt {
  kind: 'dropType';
  schema: string;
  name: string;
  ifExists: boolean;
}

export interface CreateFunctionOp extends OpAt {
  kind: 'createFunction';
  schema: string;
  name: string;
  replace: boolean;
  procedure: boolean;
}

export interface DropFunctionOp extends OpAt {
  kind: 'dropFunction';
  schema: string;
  name: string;
  ifExists: boolean;
}

export interface CreateSchemaOp extends OpAt {
  kind: 'createSchema';
  name: string;
  ifNotExists: boolean;
}

/** A DO block looping over a schema's tables to enable or disable RLS on each (a common hardening script). */
export interface RlsAllOp extends OpAt {
  kind: 'enableRlsAll' | 'disableRlsAll';
  schema: string;
}

export interface RlsOp extends TableTarget {
  kind: 'enableRls' | 'disableRls';
}

export interface CreatePolicyOp extends OpAt {
  kind: 'createPolicy';
  schema: string;
  table: string;
  name: string;
  /** `all`, `select`, `insert`, `update` or `delete`. */
  command: string;
  /** Role names; `public` when the policy names none. */
  roles: string[];
  using?: string;
  check?: string;
  /** Every expression the policy has is the literal `true`: it filters nothing. */
  alwaysTrue: boolean;
}

export interface DropPolicyOp extends OpAt {
  kind: 'dropPolicy';
  schema: string;
  table: string;
  name: string;
  ifExists: boolean;
}

/** A row inserted into Supabase's `storage.buckets`. */
export interface InsertBucketOp extends OpAt {
  kind: 'insertBucket';
  id: string;
  name: string;
  public?: boolean;
}

export interface CreateIndexOp extends OpAt {
  kind: 'createIndex';
  schema: string;
  table: string;
  name?: string;
  /** Column names; an expression element is kept as its SQL text. */
  columns: string[];
  unique: boolean;
  concurrently: boolean;
  ifNotExists: boolean;
}

/**
 * GRANT or REVOKE on tables: named ones, every table in a schema, or (`defaults`) the tables created later
 * (ALTER DEFAULT PRIVILEGES). Roles and privileges are lower case; `all` stands for every privilege.
 */
export interface GrantOp extends OpAt {
  kind: 'grant';
  grant: boolean;
  /** Named tables; a target without `name` is every table of the schema (`ALL TABLES IN SCHEMA`). */
  targets: { schema: string; name?: string }[];
  /** ALTER DEFAULT PRIVILEGES: tables created afterwards, in `targets`' schemas or (no targets) anywhere. */
  defaults: boolean;
  roles: string[];
  privileges: string[];
}

export type SchemaOp =
  | CreateTableOp
  | CreateViewOp
  | DropRelationOp
  | RenameTableOp
  | AddColumnOp
  | DropColumnOp
  | RenameColumnOp
  | AlterColumnTypeOp
  | ColumnFlagOp
  | SetDefaultOp
  | CreateEnumOp
  | AlterEnumAddValueOp
  | RenameEnumValueOp
  | RenameTypeOp
  | DropTypeOp
  | CreateFunctionOp
  | DropFunctionOp
  | CreateSchemaOp
  | RlsOp
  | CreatePolicyOp
  | DropPolicyOp
  | InsertBucketOp
  | CreateIndexOp
  | SetViewOptionsOp
  | GrantOp
  | RlsAllOp;

export type SchemaOpKind = SchemaOp['kind'];

/** Unqualified names live in `public`, as on a default PostgreSQL search_path. */
export const DEFAULT_SCHEMA = 'public';
