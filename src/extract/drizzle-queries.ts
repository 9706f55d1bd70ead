/**
 * Drizzle's query builders — https://orm.drizzle.team/docs/select
 * `db.select({ id: users.id }).from(users).where(eq(users.email, e))`, `db.insert(users).values({ … })`,
 * `db.update(users).set({ … })`, `db.delete(users)`, `db.query.users.findMany({ columns: { id: true } })`: the
 * table is a table object (resolved by the linker to its `pgTable`, in any file) and the columns are its
 * fields, read wherever the chain names them (`users.email`) or as keys of what it writes.
 */
import { type Node, dottedName, objectKeys, objectProperty, unwrap, walk } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { FileFacts, QueryOp } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';

const STARTS: Record<string, QueryOp> = { insert: 'insert', update: 'update', delete: 'delete' };
const RELATIONAL: Record<string, QueryOp> = { findMany: 'select', findFirst: 'select' };

export const drizzleQueries: Extractor = {
  name: 'drizzle-queries',
  detect: (repo) => dependsOn(repo, 'drizzle-orm'),
  // A database or transaction starting a query: `db.select(`, `tx.insert(`, `this.db.query.users`.
  prefilter: (text) =>
    /(?:db|tx|trx|database)\s*\.\s*(?:select\w*|insert|update|delete|query)\s*[.(]/i.test(text),
  extract(file, facts) {
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const method = callee.property.name as string;
      const table = unwrap((call.arguments as Node[])[0]);
      if (method === 'from' && table?.type === 'Identifier' && selectBefore(callee.object)) {
        read(file, facts, call, 'select', table, outermost(file, call));
      } else if (STARTS[method] && table?.type === 'Identifier' && isDatabase(unwrap(callee.object))) {
        read(file, facts, call, STARTS[method] as QueryOp, table, outermost(file, call));
      } else if (RELATIONAL[method]) readRelational(file, facts, call, callee, method);
    }
  },
};

/** `db.select(…).from(t)`: the `.from` of a select on something called like a database. */
function selectBefore(node: Node | undefined): boolean {
  const call = unwrap(node);
  if (call?.type !== 'CallExpression') return false;
  const callee = unwrap(call.callee);
  return (
    callee?.type === 'MemberExpression' &&
    /^select(?:Distinct(?:On)?)?$/.test(callee.property?.name ?? '') &&
    isDatabase(unwrap(callee.object))
  );
}

/** `db`, `tx`, `this.db`, `ctx.db`, `database`: a Drizzle database or transaction. */
function isDatabase(node: Node | undefined): boolean {
  const name =
    node?.type === 'Identifier'
      ? node.name
      : node?.type === 'MemberExpression'
        ? node.property?.name
        : undefined;
  return typeof name === 'string' && /^(?:db|tx|trx|database|drizzle\w*|\w*Db)$/i.test(name);
}

/** The whole chain a call belongs to: `db.select().from(t).where(…).orderBy(…)` from its `.from(t)`. */
function outermost(file: ParsedFile, call: Node): Node {
  return file.callsChainedAfter(call).at(-1)?.call ?? call;
}

function read(file: ParsedFile, facts: FileFacts, at: Node, op: QueryOp, table: Node, chain: Node): void {
  const name = table.name as string;
  const fields = new Set<string>();
  let open = op === 'select';
  // `users.email` anywhere in the chain (where, orderBy, the select's own projection); keys of `values`/`set`.
  walk(chain, (node) => {
    if (node.type === 'MemberExpression' && !node.computed && unwrap(node.object)?.name === name)
      fields.add(node.property.name as string);
    if (node.type === 'CallExpression') {
      const method = unwrap(node.callee)?.property?.name;
      if (method === 'values' || method === 'set') {
        const value = unwrap(node.arguments[0]);
        const object = objectLiteral(file, value?.type === 'ArrayExpression' ? value.elements[0] : value);
        if (object) for (const key of objectKeys(object)) fields.add(key);
      }
      // `db.select({ … })` lists what it reads; `db.select()` reads every column.
      if (/^select/.test(method ?? '') && node.arguments.length > 0) open = false;
    }
  });
  facts.queries.push({
    client: 'drizzle',
    op,
    table: { k: 'str', v: name },
    modelRef: { k: 'ref', name },
    target: 'table',
    columns: [...fields],
    ...(open ? { open } : {}),
    ...file.position(at),
  });
}

/** `db.query.users.findMany({ columns: { id: true }, where: … })` */
function readRelational(file: ParsedFile, facts: FileFacts, call: Node, callee: Node, method: string): void {
  const path = dottedName(callee.object)?.split('.') ?? [];
  const queryAt = path.lastIndexOf('query');
  const table = path[queryAt + 1];
  if (queryAt < 1 || !table || path.length !== queryAt + 2) return;
  const options = objectLiteral(file, (call.arguments as Node[])[0]);
  const columns = objectLiteral(file, objectProperty(options, 'columns'));
  facts.queries.push({
    client: 'drizzle',
    op: RELATIONAL[method] as QueryOp,
    table: { k: 'str', v: table },
    // The relational API names tables by their key in the schema object given to `drizzle()`: the binding.
    modelName: table,
    target: 'table',
    columns: columns ? objectKeys(columns) : [],
    ...(columns ? {} : { open: true }),
    ...file.position(call),
  });
}
