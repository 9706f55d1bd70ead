import { type Node, calledName, dottedName, propertyName, unwrap, walk } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { objectLiteral } from '../../extract/request-options.js';
import { wholeBody } from './whole-body.js';

/** Writes whose first argument (or its `data`) becomes the record. */
const CREATE = new Set([
  'create',
  'insert',
  'insertOne',
  'insertMany',
  'bulkCreate',
  'build',
  'upsert',
  'save',
  'createMany',
]);
/** Mongoose/TypeORM updates whose second argument is the change. */
const UPDATE_SECOND = new Set([
  'findByIdAndUpdate',
  'findOneAndUpdate',
  'updateOne',
  'updateMany',
  'replaceOne',
]);
/** Names that are not a model, a repository or a table, though they have `create`/`update`/`save`. */
const NOT_STORE =
  /^(?:Object|Array|JSON|Promise|Math|Date|Reflect|Map|Set|Error|URL|Buffer|axios|ky|got|fetch|stripe|openai|anthropic|res|reply|response|router|app|express|console|logger|cache|redis|queue|emitter|bus|io|socket|s3|storage|cloudinary|mailer|transporter|jwt|bcrypt|crypto|document|window|history|form|state)$/i;
/** A write that takes the request body whole: the call as named, and the proof of the body. */
export interface Sink {
  call: string;
  body: string;
}

/**
 * The write `node` makes with the whole request body: an ORM create/update/upsert, a query builder's
 * insert/update, Drizzle's `values`/`set`, `Object.assign(record, body)` or `new Model(body)` then saved.
 */
export function bodyWrite(file: ParsedFile, node: Node): Sink | undefined {
  return node.type === 'NewExpression' ? newModel(file, node) : sinkOf(file, node);
}

function sinkOf(file: ParsedFile, call: Node): Sink | undefined {
  const callee = unwrap(call.callee);
  const args = call.arguments as Node[];
  if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = callee.property.name as string;
  const receiver = unwrap(callee.object) as Node;
  const name = `${dottedName(receiver) ?? callText(receiver)}.${method}()`;
  if (name === 'Object.assign()' || /^_\.(?:assign|merge|extend)\(\)$/.test(name))
    return assignSink(file, call, name);
  const store = isStore(receiver);
  if (CREATE.has(method) && store) {
    // Sequelize's `create(body, { fields: [...] })` writes only the listed fields.
    if (objectLiteral(file, args[1]) && optionOf(file, args[1], 'fields')) return undefined;
    return sinkValue(file, name, dataOf(file, args[0]));
  }
  if (UPDATE_SECOND.has(method) && store) return sinkValue(file, name, updateOf(file, args[1]));
  if (method === 'update' || method === 'merge') {
    const prisma = objectLiteral(file, args[0]) && optionOf(file, args[0], 'data');
    if (prisma) return sinkValue(file, name, prisma);
    // Sequelize `Model.update(body, { where })`; TypeORM `repo.update(id, body)`; chains `from('t').update(body)`.
    if (optionOf(file, args[1], 'where')) return sinkValue(file, name, args[0]);
    if (store && args.length === 2 && receiver.type !== 'CallExpression')
      return sinkValue(file, name, updateOf(file, args[1]));
    if (receiver.type === 'CallExpression' && store) return sinkValue(file, name, args[0]);
    // Sequelize instance: `const user = await User.findByPk(id); await user.update(req.body)`.
    if (args.length === 1 && loadedRecord(file, receiver)) return sinkValue(file, name, args[0]);
    return undefined;
  }
  // Drizzle: `db.insert(t).values(body)`, `db.update(t).set(body)`.
  if ((method === 'values' || method === 'set') && receiver.type === 'CallExpression') {
    const chained = calledName(receiver.callee);
    if ((method === 'values' && chained === 'insert') || (method === 'set' && chained === 'update'))
      return sinkValue(file, name, args[0]);
  }
  return undefined;
}

/** `{ data: X }` (Prisma) → X, anything else is the record itself. */
function dataOf(file: ParsedFile, arg: Node | undefined): Node | undefined {
  return (objectLiteral(file, arg) && optionOf(file, arg, 'data')) ?? arg;
}

/** A Mongo update document: `{ $set: X }` → X, otherwise the document itself. */
function updateOf(file: ParsedFile, arg: Node | undefined): Node | undefined {
  return (objectLiteral(file, arg) && optionOf(file, arg, '$set')) ?? arg;
}

function optionOf(file: ParsedFile, arg: Node | undefined, key: string): Node | undefined {
  const object = objectLiteral(file, arg);
  for (const property of (object?.properties ?? []) as Node[])
    if (property.type === 'Property' && propertyName(property) === key) return property.value as Node;
  return undefined;
}

/** Objects clients send inside the body under a generic name: `{ data: {...} }`, `{ attributes: {...} }`. */
const ENVELOPE = /^(?:data|attributes|fields|payload|input|values|updates|changes|record|item)$/i;

/**
 * The body, or one object of it under the model's own name (RealWorld's `User.create(req.body.user)`) or a
 * generic envelope: `req.body.memo` handed to a memo store is most likely a string, not a record.
 */
function sinkValue(file: ParsedFile, call: string, value: Node | undefined): Sink | undefined {
  const body = wholeBody(file, value);
  if (!body) return undefined;
  const field = /\.body\.(\w+)$/.exec(body)?.[1];
  if (field && !ENVELOPE.test(field) && !modelName(call).startsWith(field.toLowerCase())) return undefined;
  return { call, body };
}

/** `prisma.article.create()` → `article`, `new Article()` → `article`, `this.usersRepository.save()` → `users`. */
function modelName(call: string): string {
  const receiver = call.replace(/^new /, '').replace(/\.\w+\(\)$|\(\)$/, '');
  const last = receiver.split('.').pop() ?? receiver;
  return last.replace(/(?:Model|Repository|Repo|Collection|Table)$/i, '').toLowerCase();
}

/** `Object.assign(user, req.body)` where `user` is then saved; a copy into `{}` is not a write. */
function assignSink(file: ParsedFile, call: Node, name: string): Sink | undefined {
  const [target, source] = call.arguments as Node[];
  const record = unwrap(target);
  if (record?.type !== 'Identifier' && record?.type !== 'ThisExpression') return undefined;
  const body = wholeBody(file, source);
  if (!body) return undefined;
  const fn = file.enclosingFunction(call);
  const recordName = record.type === 'Identifier' ? record.name : 'this';
  return fn && savedLater(fn, recordName, call.end) ? { call: name, body } : undefined;
}

/** `new Order(req.body)` that is saved: `new Order(body).save()` or `const o = new Order(body); await o.save()`. */
function newModel(file: ParsedFile, created: Node): Sink | undefined {
  const callee = unwrap(created.callee);
  if (callee?.type !== 'Identifier' || !/^[A-Z]/.test(callee.name) || NOT_STORE.test(callee.name))
    return undefined;
  const body = wholeBody(file, (created.arguments as Node[])[0]);
  if (!body) return undefined;
  const call = `new ${callee.name}()`;
  const parent = file.parent(created);
  if (parent?.type === 'MemberExpression' && parent.property?.name === 'save') return { call, body };
  const fn = file.enclosingFunction(created);
  if (
    parent?.type === 'VariableDeclarator' &&
    parent.id?.type === 'Identifier' &&
    fn &&
    savedLater(fn, parent.id.name, created.end)
  )
    return { call, body };
  return undefined;
}

/** Whether `name` is saved after `offset` in `fn`: `name.save()`, `repo.save(name)`, `em.persist(name)`. */
export function savedLater(fn: Node, name: string, offset: number): boolean {
  let saved = false;
  walk(fn, (node) => {
    if (saved || node.type !== 'CallExpression' || node.start < offset) return;
    const callee = unwrap(node.callee);
    if (callee?.type !== 'MemberExpression' || callee.computed) return;
    const method = callee.property.name as string;
    if (!/^(?:save|persist|update|persistAndFlush)$/.test(method)) return;
    const object = unwrap(callee.object);
    const onIt =
      (object?.type === 'Identifier' && object.name === name) ||
      (object?.type === 'ThisExpression' && name === 'this');
    const withIt = (node.arguments as Node[]).some(
      (a) => unwrap(a)?.type === 'Identifier' && unwrap(a)?.name === name,
    );
    saved = onIt || withIt;
  });
  return saved;
}

/**
 * Whether a receiver is a model, repository or table: `User`, `models.User`, `prisma.user`, `this.usersRepository`,
 * `db.collection('users')`, `supabase.from('t')`, `knex('t')`. A lowercase service (`userService.create`) is
 * not: what it writes is decided in another function.
 */
function isStore(receiver: Node): boolean {
  if (receiver.type === 'CallExpression') {
    const name = dottedName(receiver.callee) ?? '';
    const last = name.split('.').pop() ?? '';
    return (
      /^(?:from|collection|getRepository|getMongoRepository|table|into|model|knex|db|trx|query)$/.test(
        last,
      ) || /^(?:knex|db|trx|sql)$/.test(name)
    );
  }
  const name = dottedName(receiver);
  if (!name) return false;
  const segments = name.split('.');
  const last = segments.at(-1) ?? '';
  if (segments.some((s) => NOT_STORE.test(s)) || /service|client|api|sdk/i.test(last)) return false;
  if (/^[A-Z]/.test(last) || /(?:model|repo|repository|collection|table)s?$/i.test(last)) return true;
  return (
    segments.length > 1 &&
    /^(?:prisma|db|database|orm|models?|tx|trx)$/i.test(segments[segments.length - 2] ?? '')
  );
}

/** `const user = await User.findByPk(id)`: a loaded record, whose `update(body)` writes the body. */
function loadedRecord(file: ParsedFile, receiver: Node): boolean {
  if (receiver.type !== 'Identifier') return false;
  const init = unwrap(file.localInit(receiver.name, receiver));
  const call = unwrap(init?.type === 'AwaitExpression' ? init.argument : init);
  return (
    call?.type === 'CallExpression' &&
    /^(?:findByPk|findById|findOne|findUnique|findFirst|findOneBy)/.test(calledName(call.callee) ?? '')
  );
}

function callText(node: Node): string {
  return calledName(node.callee) ? `${calledName(node.callee)}(…)` : '…';
}
