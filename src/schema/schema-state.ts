// The database schema as a migration set leaves it, with the file and line that last shaped each object.
import type { ColumnSpec, SchemaOp } from './schema-op.js';

export interface SourceRef {
  file: string;
  line: number;
}

/** One migration file's ops, in the order its tool applies files. */
export interface MigrationOps {
  file: string;
  version: string;
  ops: SchemaOp[];
}

export interface ColumnState extends ColumnSpec {
  source: SourceRef;
}

export interface PolicyState {
  name: string;
  command: string;
  roles: string[];
  using?: string;
  check?: string;
  alwaysTrue: boolean;
  source: SourceRef;
}

export interface TableState {
  schema: string;
  name: string;
  kind: 'table' | 'view';
  columns: ColumnState[];
  /** False for views over `select *` and for external tables: a missing column proves nothing. */
  columnsKnown: boolean;
  /**
   * A table the migrations never create but alter or attach policies to, in a schema they do not own
   * (Supabase's `storage.objects`, `auth.users`).
   */
  external: boolean;
  rls: boolean;
  /** The statement that last enabled or disabled row level security. */
  rlsSource?: SourceRef;
  policies: PolicyState[];
  source: SourceRef;
  /** Where the table or view was created (absent for an adopted external table). */
  created?: SourceRef;
  /** Views: the relations the query reads, as `schema.name`. */
  reads?: string[];
  /** Views: `security_invoker` is on, so the caller's privileges and RLS apply. */
  securityInvoker?: boolean;
  materialized?: boolean;
  /** Privileges revoked per role (`select`, `insert`, … or `all`), after the grants that followed. */
  revoked?: Map<string, Set<string>>;
}

export interface EnumState {
  schema: string;
  name: string;
  values: string[];
  source: SourceRef;
}

export interface FunctionState {
  schema: string;
  name: string;
  source: SourceRef;
}

export interface BucketState {
  id: string;
  name: string;
  /** Supabase creates buckets private unless the insert says otherwise. */
  public: boolean;
  source: SourceRef;
}

export type SchemaConflictKind = 'duplicate-version' | 'missing-object' | 'already-exists';

export interface SchemaConflict {
  file: string;
  line: number;
  version: string;
  kind: SchemaConflictKind;
  message: string;
  /** The object concerned (`table:public.orders`, `column:public.orders.note`), to group its conflicts. */
  object?: string;
}

export interface SchemaState {
  /** Tables and views keyed `schema.name`, in creation order. */
  tables: Map<string, TableState>;
  enums: Map<string, EnumState>;
  functions: Map<string, FunctionState>;
  buckets: Map<string, BucketState>;
  schemas: Set<string>;
  conflicts: SchemaConflict[];
  /**
   * ALTER DEFAULT PRIVILEGES revocations per schema (`*` for every schema), given to tables created later.
   */
  defaultRevoked: Map<string, Map<string, Set<string>>>;
}

export const objectKey = (schema: string, name: string): string => `${schema}.${name}`;

/** A column as the replay holds it. Built field by field: spreading specs of mixed shapes is slow in V8. */
export function columnState(spec: ColumnSpec, source: SourceRef): ColumnState {
  const column: ColumnState = { name: spec.name, type: spec.type, nullable: spec.nullable, source };
  if (spec.default !== undefined) column.default = spec.default;
  return column;
}
