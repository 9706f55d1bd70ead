/**
 * Supabase generated types — https://supabase.com/docs/guides/api/rest/generating-types
 * `export type Database = { public: { Tables: { orders: { Row: { id: string; note: string | null } } },
 * Views: {…}, Functions: { order_totals: { Args; Returns } }, Enums: {…} } }`: the schema as it was when the
 * types were generated — a schema source of its own, compared with the migrations.
 */
import { type Node, propertyName, unwrap } from './ast.js';
import type { Extractor } from './extractor.js';
import type { ParsedFile } from './parsed-file.js';
import type { ColumnSpec, SchemaOp } from '../schema/schema-op.js';

export const supabaseTypes: Extractor = {
  name: 'supabase-types',
  detect: () => true,
  prefilter: (text) => text.includes('Tables') && text.includes('Row') && /\bDatabase\b/.test(text),
  extract(file, facts) {
    const database = databaseType(file);
    if (!database) return;
    const ops: SchemaOp[] = [];
    for (const [schema, body] of members(database)) {
      const line = (node: Node) => file.position(node).line;
      for (const [name, table] of members(member(body, 'Tables')))
        ops.push({
          kind: 'createTable',
          schema,
          name,
          columns: rowColumns(file, table),
          ifNotExists: false,
          line: line(table),
        });
      for (const [name, view] of members(member(body, 'Views')))
        ops.push({
          kind: 'createView',
          schema,
          name,
          columns: rowColumns(file, view).map((c) => c.name),
          replace: false,
          line: line(view),
        });
      for (const [name, fn] of members(member(body, 'Functions')))
        ops.push({ kind: 'createFunction', schema, name, replace: false, procedure: false, line: line(fn) });
      for (const [name, values] of members(member(body, 'Enums')))
        ops.push({ kind: 'createEnum', schema, name, values: literalUnion(values), line: line(values) });
    }
    if (ops.length > 0) facts.database = { source: 'supabase-types', ops, models: [] };
  },
};

/** The type literal of `type Database = {…}` or `interface Database {…}`, exported or not. */
function databaseType(file: ParsedFile): Node | undefined {
  for (const statement of file.program.body as Node[]) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.id?.name !== 'Database') continue;
    if (declaration.type === 'TSTypeAliasDeclaration' && declaration.typeAnnotation?.type === 'TSTypeLiteral')
      return declaration.typeAnnotation;
    if (declaration.type === 'TSInterfaceDeclaration') return declaration.body;
  }
  return undefined;
}

/** `{ a: T; "b": U }` → [['a', T], ['b', U]]; index signatures (`[_ in never]: never`) are skipped. */
function members(literal: Node | undefined): [string, Node][] {
  const list = (literal?.members ?? literal?.body ?? []) as Node[];
  const out: [string, Node][] = [];
  for (const item of list) {
    if (item.type !== 'TSPropertySignature') continue;
    const key = propertyName(item);
    const type = unwrap(item.typeAnnotation?.typeAnnotation);
    if (key !== undefined && type) out.push([key, type]);
  }
  return out;
}

function member(literal: Node | undefined, name: string): Node | undefined {
  return members(literal).find(([key]) => key === name)?.[1];
}

/** `Row: { id: string; note: string | null }` → columns, nullable where the type admits null. */
function rowColumns(file: ParsedFile, table: Node): ColumnSpec[] {
  return members(member(table, 'Row')).map(([name, type]) => {
    const parts = type.type === 'TSUnionType' ? (type.types as Node[]) : [type];
    const nullable = parts.some(
      (part) =>
        part.type === 'TSNullKeyword' || (part.literal?.type === 'Literal' && part.literal.value === null),
    );
    const shown = parts
      .filter((part) => part.type !== 'TSNullKeyword')
      .map((part) => file.text.slice(part.start, part.end));
    return { name, type: shown.join(' | '), nullable };
  });
}

/** `"admin" | "member"` → ['admin', 'member']. */
function literalUnion(type: Node): string[] {
  const parts = type.type === 'TSUnionType' ? (type.types as Node[]) : [type];
  return parts.flatMap((part) =>
    typeof part.literal?.value === 'string' ? [part.literal.value as string] : [],
  );
}
