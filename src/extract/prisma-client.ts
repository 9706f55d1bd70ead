/**
 * Prisma Client — https://www.prisma.io/docs/orm/reference/prisma-client-reference
 * `prisma.user.findMany({ where: { email }, select: { id: true }, orderBy: { createdAt: 'desc' } })`: a read of
 * model `User`'s fields; `create/update/upsert({ data })` write the keys of `data`. Field names are listed as
 * written; the linker maps the model to its table and fields to columns (`@map`), and drops relation fields.
 */
import { type Node, objectKeys, objectProperty, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { QueryOp } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';

const OPS: Record<string, QueryOp> = {
  findMany: 'select',
  findFirst: 'select',
  findFirstOrThrow: 'select',
  findUnique: 'select',
  findUniqueOrThrow: 'select',
  count: 'select',
  aggregate: 'select',
  groupBy: 'select',
  create: 'insert',
  createMany: 'insert',
  createManyAndReturn: 'insert',
  update: 'update',
  updateMany: 'update',
  upsert: 'upsert',
  delete: 'delete',
  deleteMany: 'delete',
};
/** Arguments whose keys are fields of the model. */
const FIELD_ARGS = ['where', 'select', 'data', 'orderBy', 'create', 'update', 'cursor', 'distinct', 'by'];
/** Logical combinators inside `where`: their contents are fields too. */
const COMBINATORS = new Set(['AND', 'OR', 'NOT']);

export const prismaClient: Extractor = {
  name: 'prisma-client',
  detect: (repo) => dependsOn(repo, '@prisma/client'),
  // `prisma.user.findMany(`, `ctx.db.post.create(`: a client, a model, an operation. `.find(` alone is in
  // every file that searches an array.
  prefilter: (text) =>
    /\b(?:prisma|db|tx|client)\w*\s*\.\s*\w+\s*\.\s*(?:find|create|update|upsert|delete|count|aggregate|groupBy)/i.test(
      text,
    ),
  extract(file, facts) {
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const op = OPS[callee.property.name as string];
      const accessor = unwrap(callee.object);
      // `prisma.user.findMany`: the model is the member before the operation; `$`-members are the client's.
      if (!op || accessor?.type !== 'MemberExpression' || accessor.computed) continue;
      const model = accessor.property.name as string;
      if (!/^[a-z]/.test(model) || !isPrismaClient(file, unwrap(accessor.object))) continue;
      const args = objectLiteral(file, (call.arguments as Node[])[0]);
      const fields = new Set<string>();
      let open = false;
      for (const key of FIELD_ARGS) {
        const value = unwrap(objectProperty(args, key));
        if (!value) continue;
        if (key === 'distinct' || key === 'by') {
          for (const item of value.type === 'ArrayExpression' ? (value.elements as Node[]) : [value])
            if (unwrap(item)?.type === 'Literal') fields.add(String(unwrap(item)?.value));
          continue;
        }
        if (!collect(file, value, fields, key === 'where')) open = true;
      }
      facts.queries.push({
        client: 'prisma',
        op,
        table: { k: 'str', v: model },
        model: true,
        target: 'table',
        columns: [...fields],
        ...(open ? { open } : {}),
        ...file.position(call),
      });
    }
  },
};

/** Keys of an argument object (arrays of them for `createMany`/`orderBy`); false when some are unknown. */
function collect(file: ParsedFile, node: Node, into: Set<string>, where: boolean): boolean {
  const value = unwrap(node);
  if (value?.type === 'ArrayExpression')
    return (value.elements as Node[]).every((element) => collect(file, element, into, where));
  const object = objectLiteral(file, value);
  if (!object) return false;
  let known = !(object.properties as Node[]).some((p) => p.type === 'SpreadElement');
  for (const key of objectKeys(object)) {
    const inner = objectProperty(object, key);
    if (where && COMBINATORS.has(key)) {
      if (inner && !collect(file, inner, into, true)) known = false;
      continue;
    }
    // `_count`, `_sum`, `_avg`: Prisma's aggregates, not fields.
    if (key.startsWith('_')) continue;
    // `where: { organisationId_period: { organisationId, period } }`: a compound unique, named after its fields.
    const compound = objectLiteral(file, inner);
    const parts = compound ? objectKeys(compound) : [];
    if (where && parts.length > 1 && parts.join('_') === key) for (const part of parts) into.add(part);
    else into.add(key);
  }
  return known;
}

/**
 * A Prisma client: `prisma`, `db`, `this.prisma`, `ctx.db`, a transaction's `tx`, or a local made by
 * `new PrismaClient()`. Other objects with `findMany` (a repository class, a mock) are not.
 */
function isPrismaClient(file: ParsedFile, receiver: Node | undefined): boolean {
  const name =
    receiver?.type === 'Identifier'
      ? (receiver.name as string)
      : receiver?.type === 'MemberExpression' && !receiver.computed
        ? (receiver.property.name as string)
        : undefined;
  if (!name) return false;
  if (/^(?:prisma\w*|db|tx|prismaClient|client)$/i.test(name)) return true;
  const init =
    receiver?.type === 'Identifier'
      ? unwrap(file.localInit(name, receiver) ?? file.topLevel.get(name))
      : undefined;
  return init?.type === 'NewExpression' && unwrap(init.callee)?.name === 'PrismaClient';
}
