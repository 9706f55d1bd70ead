/**
 * Knex's query builder — https://knexjs.org/guide/query-builder.html
 * `knex('users').where({ email }).first('id', 'name')`, `db('orders').insert({ … })`, `knex.select('a').from('t')`,
 * `.update({ … })`, `.del()`: the table and the columns named in selects, filters, orderings and written keys.
 * Only chains on a knex instance (`knex`, `db`, `trx`, or a local made by `knex({ … })`) with a query method.
 */
import { type Node, objectKeys, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { QueryOp } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';

const OPS: Record<string, QueryOp> = {
  select: 'select',
  first: 'select',
  pluck: 'select',
  count: 'select',
  insert: 'insert',
  update: 'update',
  del: 'delete',
  delete: 'delete',
  upsert: 'upsert',
};
/** Methods whose string arguments are columns. */
const COLUMN_ARGS = new Set(['select', 'first', 'pluck', 'orderBy', 'groupBy', 'returning', 'distinct']);
/** Filters whose first argument is a column (or an object of them). */
const FILTERS = /^(?:and|or)?where(?:Not)?(?:In|Null|Between|Like|ILike)?$/i;
const INSTANCE = /^(?:knex|db|trx|tx|database|pg|qb)$/;

export const knexQueries: Extractor = {
  name: 'knex-queries',
  detect: (repo) => dependsOn(repo, 'knex'),
  prefilter: (text) => /\b(?:knex|db|trx|tx|database|pg|qb)\s*\(\s*['"`]|\.from\(\s*['"`]/.test(text),
  extract(file, facts) {
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      // `knex('users')…` or `knex.select(…).from('users')…`
      const table = isInstance(file, callee)
        ? stringLiteral(call.arguments[0])
        : callee?.type === 'MemberExpression' &&
            callee.property?.name === 'from' &&
            rootIsInstance(file, callee.object)
          ? stringLiteral(call.arguments[0])
          : undefined;
      if (!table) continue;
      const steps = chain(file, call, callee);
      const op = steps.map((step) => OPS[step.name]).find((found) => found !== undefined);
      if (!op) continue;
      const columns = new Set<string>();
      let open = false;
      for (const { name, args } of steps) {
        if (COLUMN_ARGS.has(name)) {
          if (name !== 'returning' && args.length === 0 && (name === 'select' || name === 'first'))
            open = true;
          for (const arg of args) addColumn(columns, stringLiteral(arg));
        } else if (name === 'insert' || name === 'update' || name === 'upsert') {
          const value = unwrap(args[0]);
          const object = objectLiteral(file, value?.type === 'ArrayExpression' ? value.elements[0] : value);
          if (object) for (const key of objectKeys(object)) columns.add(key);
          else open = true;
        } else if (FILTERS.test(name)) {
          const object = objectLiteral(file, args[0]);
          if (object) for (const key of objectKeys(object)) addColumn(columns, key);
          else addColumn(columns, stringLiteral(args[0]));
        }
      }
      const [name] = table.split(/\s+as\s+/i);
      facts.queries.push({
        client: 'knex',
        op,
        table: { k: 'str', v: (name ?? table).trim() },
        target: 'table',
        columns: [...columns],
        ...(open ? { open } : {}),
        ...file.position(call),
      });
    }
  },
};

/** `users.email as mail` → `email`; `*` and raw expressions are not columns. */
function addColumn(columns: Set<string>, text: string | undefined): void {
  if (!text) return;
  const [column] = text.split(/\s+as\s+/i);
  const bare = (column ?? '').trim().split('.').pop() ?? '';
  if (/^[A-Za-z_][\w]*$/.test(bare)) columns.add(bare);
}

function isInstance(file: ParsedFile, callee: Node | undefined): boolean {
  if (callee?.type !== 'Identifier') return false;
  if (INSTANCE.test(callee.name)) return true;
  const init = unwrap(file.localInit(callee.name, callee) ?? file.topLevel.get(callee.name));
  return init?.type === 'CallExpression' && /^(?:knex|Knex)$/.test(unwrap(init.callee)?.name ?? '');
}

/** `knex.select('a').from(…)`: the chain before `.from` starts at an instance. */
function rootIsInstance(file: ParsedFile, node: Node | undefined): boolean {
  let current = unwrap(node);
  for (let guard = 0; guard < 32 && current; guard++) {
    if (current.type === 'Identifier') return isInstance(file, current);
    current = unwrap(
      current.type === 'CallExpression'
        ? current.callee
        : current.type === 'MemberExpression'
          ? current.object
          : undefined,
    );
  }
  return false;
}

/** Every method call in the chain: those before the table (`knex.select('a').from`) and after it. */
function chain(file: ParsedFile, call: Node, callee: Node | undefined): { name: string; args: Node[] }[] {
  const steps: { name: string; args: Node[] }[] = [];
  let before = callee?.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
  while (before?.type === 'CallExpression') {
    const inner = unwrap(before.callee);
    if (inner?.type !== 'MemberExpression') break;
    steps.unshift({ name: inner.property?.name as string, args: before.arguments as Node[] });
    before = unwrap(inner.object);
  }
  for (const next of file.callsChainedAfter(call)) steps.push({ name: next.method, args: next.args });
  return steps;
}
