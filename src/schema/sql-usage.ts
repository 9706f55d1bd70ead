// What a SQL statement written in code reads and writes: tables and their columns, by PostgreSQL's own parser.
// `SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = $1` reads
// orders (id, customer_id, status) and customers (name, id). A column named without a table is given to the
// statement's only table, or to nobody: with two tables in scope it could be either, and we never guess.
import { parseSync } from 'libpg-query';

export interface SqlUsage {
  op: 'select' | 'insert' | 'update' | 'delete';
  schema: string;
  table: string;
  columns: string[];
  /** `SELECT *` or `RETURNING *`: every column, so none can be listed. */
  star: boolean;
  /** 1-based line of the statement in the text. */
  line: number;
}

type PgNode = Record<string, unknown>;

const SYSTEM_COLUMNS = new Set(['ctid', 'oid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid']);

const WRITES: Record<string, SqlUsage['op']> = {
  InsertStmt: 'insert',
  UpdateStmt: 'update',
  DeleteStmt: 'delete',
};

/**
 * The tables and columns one SQL text uses, or undefined when it does not parse as PostgreSQL (another
 * dialect, or a hole where a name should be). Needs `await loadSqlParser()` first.
 */
export function readSqlUsage(sql: string): SqlUsage[] | undefined {
  let parsed: { stmts?: { stmt: PgNode; stmt_location?: number }[] };
  try {
    parsed = parseSync(sql.replaceAll('\0', ' ')) as typeof parsed;
  } catch {
    return undefined;
  }
  // Statement locations are byte offsets into the UTF-8 text.
  const bytes = Buffer.from(sql);
  const lineAt = (offset: number) => {
    let line = 1;
    for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 10) line++;
    return line;
  };
  return (parsed.stmts ?? []).flatMap(({ stmt, stmt_location }) =>
    statementUsage(stmt).map((use) => ({ ...use, line: lineAt(stmt_location ?? 0) })),
  );
}

export function statementUsage(stmt: PgNode): Omit<SqlUsage, 'line'>[] {
  const [kind, body] = Object.entries(stmt)[0] ?? [];
  if (!kind || !body || !(kind in WRITES || kind === 'SelectStmt')) return [];
  const ctes = new Set<string>();
  const relations: { schema: string; name: string; alias?: string }[] = [];
  const refs: string[][] = [];
  const aliases = new Set<string>();
  let star = false;
  // A CTE or a subquery in FROM is a table of its own: an unqualified name may be one of its columns.
  let derived = false;
  visit(body, (key, node) => {
    if (key === 'CommonTableExpr' && typeof node.ctename === 'string') ctes.add(node.ctename);
    if (key === 'RangeSubselect' || key === 'RangeFunction') derived = true;
    if (key === 'RangeVar' && typeof node.relname === 'string') {
      const alias = (node.alias as PgNode | undefined)?.aliasname;
      relations.push({
        schema: typeof node.schemaname === 'string' ? node.schemaname : 'public',
        name: node.relname,
        ...(typeof alias === 'string' ? { alias } : {}),
      });
    }
    if (key === 'ColumnRef') {
      const fields = (node.fields as PgNode[] | undefined) ?? [];
      if (fields.some((field) => 'A_Star' in field)) star = true;
      else refs.push(fields.map((field) => String((field.String as PgNode | undefined)?.sval ?? '')));
    }
    // `SELECT total AS sum … ORDER BY sum`: an output name, not a column.
    if (key === 'ResTarget' && typeof node.name === 'string' && node.val !== undefined)
      aliases.add(node.name);
  });
  // The target of a write sits under `relation`, unwrapped, where the visitor does not see it as a RangeVar.
  const written = (body as PgNode).relation as PgNode | undefined;
  if (WRITES[kind] && typeof written?.relname === 'string') {
    const alias = (written.alias as PgNode | undefined)?.aliasname;
    relations.push({
      schema: typeof written.schemaname === 'string' ? written.schemaname : 'public',
      name: written.relname,
      ...(typeof alias === 'string' ? { alias } : {}),
    });
  }
  const tables = relations.filter((relation) => !ctes.has(relation.name));
  if (tables.length === 0) return [];
  const byName = new Map<string, (typeof tables)[number]>();
  for (const table of tables) {
    byName.set(table.alias ?? table.name, table);
    byName.set(table.name, table);
  }
  const distinct = [...new Map(tables.map((t) => [`${t.schema}.${t.name}`, t])).values()];
  const columns = new Map(distinct.map((t) => [`${t.schema}.${t.name}`, new Set<string>()]));
  const add = (table: (typeof tables)[number] | undefined, column: string) => {
    if (table && column) columns.get(`${table.schema}.${table.name}`)?.add(column);
  };
  for (const fields of refs) {
    const column = fields.at(-1) as string;
    // Every PostgreSQL table has these without declaring them.
    if (SYSTEM_COLUMNS.has(column)) continue;
    if (fields.length >= 2) add(byName.get(fields.at(-2) as string), column);
    else if (distinct.length === 1 && !aliases.has(column) && !derived && ctes.size === 0)
      add(distinct[0], column);
  }
  const op = WRITES[kind];
  const target = op ? relationOf((body as PgNode).relation) : undefined;
  if (op && target) {
    // `INSERT INTO t (a, b)` / `UPDATE t SET a = …`: the written columns belong to the target.
    const written = kind === 'InsertStmt' ? (body as PgNode).cols : (body as PgNode).targetList;
    const table = byName.get(target.name);
    for (const item of (written as PgNode[] | undefined) ?? []) {
      const name = (item.ResTarget as PgNode | undefined)?.name;
      if (typeof name === 'string') add(table, name);
    }
  }
  return distinct.map((table) => ({
    op: op && target && target.name === table.name && target.schema === table.schema ? op : 'select',
    schema: table.schema,
    table: table.name,
    columns: [...(columns.get(`${table.schema}.${table.name}`) ?? [])],
    star,
  }));
}

function relationOf(node: unknown): { schema: string; name: string } | undefined {
  const range = node as { schemaname?: string; relname?: string } | undefined;
  return range?.relname ? { schema: range.schemaname ?? 'public', name: range.relname } : undefined;
}

/** Every `{ Kind: {…} }` node under `root`, depth-first, with an explicit stack (parse trees can be deep). */
function visit(root: unknown, on: (kind: string, node: PgNode) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value as PgNode)) {
      if (typeof child !== 'object' || child === null) continue;
      if (!Array.isArray(child) && /^[A-Z]/.test(key)) on(key, child as PgNode);
      stack.push(child);
    }
  }
}
