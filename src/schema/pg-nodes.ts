// The few libpg-query node shapes the schema reader looks at, typed locally rather than through the
// parser's full generated types. Every field is optional: the parser omits false, empty and zero values.
import { DEFAULT_SCHEMA } from './schema-op.js';

/** A node wrapper such as `{ ColumnDef: {...} }`: exactly one key naming the node type. */
export type PgNode = Record<string, unknown>;

export interface PgString {
  String?: { sval?: string };
}

export interface PgRangeVar {
  schemaname?: string;
  relname?: string;
  location?: number;
}

export interface PgTypeName {
  names?: PgString[];
  typmods?: PgNode[];
  arrayBounds?: unknown[];
  location?: number;
}

export interface PgConstraint {
  contype?: string;
  raw_expr?: PgNode;
  keys?: PgString[];
  location?: number;
}

export interface PgColumnDef {
  colname?: string;
  typeName?: PgTypeName;
  constraints?: { Constraint?: PgConstraint }[];
  is_not_null?: boolean;
  location?: number;
}

export interface PgAConst {
  sval?: { sval?: string };
  ival?: { ival?: number };
  fval?: { fval?: string };
  boolval?: { boolval?: boolean };
  isnull?: boolean;
  location?: number;
}

export interface PgResTarget {
  name?: string;
  val?: PgNode;
}

export interface PgSelectStmt {
  targetList?: { ResTarget?: PgResTarget }[];
  valuesLists?: { List?: { items?: PgNode[] } }[];
}

export interface PgStatement {
  stmt?: PgNode;
  stmt_location?: number;
  stmt_len?: number;
}

/** Reads a `[{String:{sval}}]` list, dropping anything that is not a plain name (e.g. `*`). */
export function names(list: readonly PgString[] | undefined): string[] {
  const out: string[] = [];
  for (const item of list ?? []) if (item.String?.sval !== undefined) out.push(item.String.sval);
  return out;
}

export interface QualifiedName {
  schema: string;
  name: string;
}

export function relationName(relation: PgRangeVar | undefined): QualifiedName | undefined {
  if (!relation?.relname) return undefined;
  return { schema: relation.schemaname ?? DEFAULT_SCHEMA, name: relation.relname };
}

/** `[schema, name]` or `[name]` as a qualified name; a database-qualified `[db, schema, name]` drops db. */
export function qualifiedName(parts: readonly string[]): QualifiedName | undefined {
  const name = parts[parts.length - 1];
  if (name === undefined) return undefined;
  return { schema: parts.length > 1 ? (parts[parts.length - 2] as string) : DEFAULT_SCHEMA, name };
}

/** The single `{ Kind: body }` entry of a node wrapper. */
export function unwrap(node: PgNode | undefined): [string, Record<string, unknown>] | undefined {
  if (!node) return undefined;
  for (const [kind, body] of Object.entries(node)) {
    if (body !== null && typeof body === 'object') return [kind, body as Record<string, unknown>];
  }
  return undefined;
}

/** A literal's value: strings, numbers and booleans, seen through a `::type` cast. */
export function constantValue(node: PgNode | undefined): string | number | boolean | null | undefined {
  const cast = node?.TypeCast as { arg?: PgNode } | undefined;
  if (cast) return constantValue(cast.arg);
  const value = node?.A_Const as PgAConst | undefined;
  if (!value) return undefined;
  if (value.isnull) return null;
  if (value.sval) return value.sval.sval ?? '';
  if (value.boolval) return value.boolval.boolval === true;
  if (value.ival) return value.ival.ival ?? 0;
  if (value.fval) return Number(value.fval.fval);
  // An integer constant of 0 is printed with every field omitted.
  return 0;
}
