import { type Node, calledName, dottedName, propertyName, stringLiteral, unwrap } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { objectLiteral } from '../../extract/request-options.js';
import { chosenId } from './chosen-id.js';

/** One record read, changed or deleted by an id the client chose, with nothing in the query about its owner. */
export interface RecordAccess {
  /** The call as written, shortened: `Order.findById(req.params.id)`. */
  call: string;
  /** The model or table: `Order`, `order`, `orders`. */
  target: string;
  write: boolean;
  /** The request input that picks the record (`req.params.id`). */
  id: string;
}

/** Keys that tie a record to a principal: a predicate on one of them is an ownership or tenant check. */
export const OWNER_KEY =
  /user|owner|author|tenant|org(?:ani[sz]ation)?_?id|account_?id|created_?by|creator|team|workspace|company|customer|member|shop_?id|store_?id|profile_?id|principal|uid$/i;
const ID_KEY = /^(?:_?id|uuid)$/i;

/** Mongoose and Sequelize by-primary-key calls. */
const BY_ID: Record<string, boolean> = {
  findById: false,
  findByPk: false,
  findByIdAndUpdate: true,
  findByIdAndDelete: true,
  findByIdAndRemove: true,
};
/** Calls taking a filter, as `{ where }` (Prisma, Sequelize, TypeORM) or bare (Mongoose, TypeORM `findOneBy`). */
const BY_FILTER: Record<string, boolean> = {
  findOne: false,
  findFirst: false,
  findUnique: false,
  findFirstOrThrow: false,
  findUniqueOrThrow: false,
  findOneOrFail: false,
  findOneBy: false,
  findOneByOrFail: false,
  update: true,
  delete: true,
  upsert: true,
  deleteOne: true,
  updateOne: true,
  destroy: true,
  findOneAndUpdate: true,
  findOneAndDelete: true,
  findOneAndRemove: true,
};
/** TypeORM repositories also take the id itself: `repo.delete(id)`, `repo.update(id, data)`. */
const REPOSITORY = /repo(?:sitory)?$/i;
/** SQL clients and pg-promise's query methods. */
const SQL_METHODS = new Set([
  'query',
  'execute',
  'any',
  'one',
  'oneOrNone',
  'many',
  'manyOrNone',
  'none',
  'get',
  'all',
  'run',
]);

/**
 * The record access `call` makes when it picks one record by a client-chosen id and its filter names no
 * owner: Mongoose `findById(req.params.id)`, Prisma/Sequelize/TypeORM `{ where: { id } }`, Mongoose
 * `findOne({ _id })`, TypeORM `repo.delete(id)`, parameterised SQL `… WHERE id = $1`, and Drizzle
 * `.where(eq(orders.id, id))`. A filter we cannot read whole (a variable, a spread, `AND`/`OR`) is not judged.
 */
export function recordById(file: ParsedFile, call: Node): RecordAccess | undefined {
  const callee = unwrap(call.callee);
  if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = callee.property.name as string;
  const args = call.arguments as Node[];
  const receiver = dottedName(callee.object);
  if (method in BY_ID) {
    const id = chosenId(file, args[0]);
    return id && receiver
      ? { call: snippet(file, call), target: lastName(receiver), write: BY_ID[method] as boolean, id }
      : undefined;
  }
  if (method in BY_FILTER && receiver) {
    const write = BY_FILTER[method] as boolean;
    if (REPOSITORY.test(receiver) && !objectLiteral(file, args[0])) {
      const id = chosenId(file, args[0]);
      return id ? { call: snippet(file, call), target: lastName(receiver), write, id } : undefined;
    }
    const id = filterById(file, filterOf(file, args, method));
    return id ? { call: snippet(file, call), target: lastName(receiver), write, id } : undefined;
  }
  if (SQL_METHODS.has(method)) return sqlById(file, call);
  if (method === 'where') return drizzleById(file, call);
  return undefined;
}

/** Prisma `{ where }` first, Sequelize `update(values, { where })` second, or the bare filter first. */
function filterOf(file: ParsedFile, args: Node[], method: string): Node | undefined {
  for (const arg of args.slice(0, 2)) {
    const where = unwrap(objectLiteral(file, arg) && propertyOf(objectLiteral(file, arg), 'where'));
    if (where) return where;
  }
  // A bare filter is Mongoose's or TypeORM's `findOneBy`; Prisma and Sequelize always say `where`.
  return /^(?:findOne|findOneBy|findOneByOrFail|deleteOne|updateOne|findOneAnd\w+)$/.test(method)
    ? unwrap(args[0])
    : undefined;
}

function propertyOf(object: Node | undefined, key: string): Node | undefined {
  for (const property of (object?.properties ?? []) as Node[])
    if (property.type === 'Property' && propertyName(property) === key) return property.value as Node;
  return undefined;
}

/** The chosen id in a filter with an id key and no owner key; undefined when the filter is not that. */
function filterById(file: ParsedFile, filter: Node | undefined): string | undefined {
  const object = objectLiteral(file, filter);
  if (!object) return undefined;
  let id: string | undefined;
  for (const property of object.properties as Node[]) {
    if (property.type !== 'Property') return undefined;
    const key = propertyName(property);
    if (!key || /^(?:AND|OR|NOT|\$and|\$or)$/.test(key) || OWNER_KEY.test(key)) return undefined;
    if (ID_KEY.test(key)) id ??= chosenId(file, property.value as Node);
  }
  return id;
}

/** `db.query('SELECT … WHERE id = $1', [req.params.id])`, SQL with no owner column anywhere in it. */
function sqlById(file: ParsedFile, call: Node): RecordAccess | undefined {
  const args = call.arguments as Node[];
  const sql = stringLiteral(args[0]);
  if (
    !sql ||
    !/\bwhere\b/i.test(sql) ||
    OWNER_KEY.test(sql.replace(/\b(?:users?|members?|customers?)\b/gi, ''))
  )
    return undefined;
  if (!/\b(?:\w+\.)?(?:_?id|uuid)\s*=\s*(?:\$\d+|\?|:\w+|@\w+)/i.test(sql)) return undefined;
  const params = unwrap(args[1]);
  const values = params?.type === 'ArrayExpression' ? (params.elements as Node[]) : params ? [params] : [];
  let id: string | undefined;
  for (const value of values) id ??= chosenId(file, value);
  if (!id) return undefined;
  const target = /\b(?:from|update|into)\s+["`]?(\w+)/i.exec(sql)?.[1] ?? 'table';
  return { call: snippet(file, call), target, write: /^\s*(?:update|delete)\b/i.test(sql), id };
}

/** Drizzle: `.where(eq(orders.id, id))` with no `eq(orders.userId, …)` beside it. */
function drizzleById(file: ParsedFile, call: Node): RecordAccess | undefined {
  const condition = unwrap((call.arguments as Node[])[0]);
  if (condition?.type !== 'CallExpression') return undefined;
  const comparisons = calledName(condition.callee) === 'and' ? (condition.arguments as Node[]) : [condition];
  let found: { table: string; id: string } | undefined;
  for (const comparison of comparisons.map(unwrap)) {
    if (comparison?.type !== 'CallExpression' || calledName(comparison.callee) !== 'eq') return undefined;
    const [column, value] = comparison.arguments as Node[];
    const path = unwrap(column)?.type === 'MemberExpression' ? dottedName(column) : undefined;
    const columnName = path?.split('.').pop() ?? '';
    if (OWNER_KEY.test(columnName)) return undefined;
    const id = ID_KEY.test(columnName) ? chosenId(file, value) : undefined;
    if (id && path) found ??= { table: path.split('.').slice(-2, -1)[0] ?? 'table', id };
  }
  if (!found) return undefined;
  const chain = file.text.slice(call.start, call.end);
  return {
    call: snippet(file, call),
    target: found.table,
    write: /\.(?:update|delete)\s*\(/.test(chain),
    id: found.id,
  };
}

/** `prisma.order` → `order`, `this.ordersRepository` → `ordersRepository`. */
function lastName(receiver: string): string {
  return receiver.split('.').pop() ?? receiver;
}

/** The call as written, on one line and at most 80 characters. */
function snippet(file: ParsedFile, node: Node): string {
  const text = file.text.slice(node.start, node.end).replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
