import { type Node, calledName, dottedName, memberPath, unwrap } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';

/** Request objects by the names frameworks give them (as request-input.ts). */
const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'c', 'context', 'event']);
/** What a Nest `@Body()` parameter typed this way accepts: anything. */
const UNTYPED = new Set(['TSAnyKeyword', 'TSUnknownKeyword', 'TSObjectKeyword']);
const MAX_DEPTH = 6;

/**
 * The source text proving `node` is the request body as the client sent it — whole, not field by field:
 * `req.body` (or one object inside it, `req.body.user`), `await request.json()`, `c.req.json()`,
 * `Object.fromEntries(await req.formData())`, a spread of one of these (`{ ...req.body, userId }`), a local
 * bound to one of these, or a NestJS `@Body()` parameter with no DTO class (`any`, `object`, no type).
 * Anything that went through a call we do not know (`schema.parse(req.body)`, `pick(req.body, …)`) is not.
 */
export function wholeBody(file: ParsedFile, node: Node | undefined, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  switch (n.type) {
    case 'AwaitExpression': {
      const inner = wholeBody(file, n.argument, depth + 1);
      return inner && unwrap(n.argument)?.type === 'CallExpression' ? `await ${inner}` : inner;
    }
    case 'ObjectExpression':
      for (const property of n.properties as Node[])
        if (property.type === 'SpreadElement') {
          const spread = wholeBody(file, property.argument, depth + 1);
          if (spread) return spread;
        }
      return undefined;
    case 'MemberExpression':
      return bodyMember(n) ? text(file, n) : undefined;
    case 'CallExpression':
      return bodyCall(file, n, depth);
    case 'Identifier':
      return identifierBody(file, n, depth);
    default:
      return undefined;
  }
}

/** `req.body`, `ctx.request.body`, and one level inside (`req.body.user`, RealWorld's envelope). */
function bodyMember(n: Node): boolean {
  const path = memberPath(n);
  if (!path || !REQUEST_ROOTS.has(path.root)) return false;
  const rest = path.names[0] === 'request' ? path.names.slice(1) : path.names;
  return rest[0] === 'body' && rest.length <= 2;
}

function bodyCall(file: ParsedFile, n: Node, depth: number): string | undefined {
  const name = dottedName(n.callee) ?? '';
  const args = n.arguments as Node[];
  // `await request.json()`, `c.req.json()`, `c.req.parseBody()`.
  if (/^(?:req|request|c\.req|ctx\.req|event\.request)\.(?:json|parseBody)$/.test(name) && args.length === 0)
    return text(file, n);
  if (name === 'Object.fromEntries') {
    const inner = unwrap(args[0]);
    const awaited = inner?.type === 'AwaitExpression' ? unwrap(inner.argument) : inner;
    if (awaited?.type === 'CallExpression' && calledName(awaited.callee) === 'formData') return text(file, n);
    return wholeBody(file, args[0], depth + 1);
  }
  // `Object.assign({}, req.body)` is a copy of the body.
  if (name === 'Object.assign' && unwrap(args[0])?.type === 'ObjectExpression' && args.length === 2)
    return wholeBody(file, args[1], depth + 1);
  return undefined;
}

function identifierBody(file: ParsedFile, n: Node, depth: number): string | undefined {
  const init = file.localInit(n.name, n);
  if (init) {
    const inner = wholeBody(file, init, depth + 1);
    return inner && (inner.startsWith(`${n.name} `) ? inner : `${n.name} = ${inner}`);
  }
  const destructured = destructuredFromBody(file, n);
  if (destructured) return destructured;
  return untypedBodyParam(file, n);
}

/** `const { user } = req.body` makes `user` one object of the body; a `...rest` was filtered on purpose. */
function destructuredFromBody(file: ParsedFile, n: Node): string | undefined {
  const found = file.destructuredInit(n.name, n);
  if (found?.property.type !== 'Property' || unwrap(found.property.value)?.type !== 'Identifier')
    return undefined;
  const init = unwrap(found.init);
  return init?.type === 'MemberExpression' && bodyMember(init) && memberPath(init)?.names.length === 1
    ? `${text(file, init)}.${n.name}`
    : undefined;
}

/** A Nest handler parameter `@Body() body` typed `any`/`object`/`Record<…>` or not at all. */
function untypedBodyParam(file: ParsedFile, n: Node): string | undefined {
  let fn = file.enclosingFunction(n);
  for (let i = 0; fn && i < 4; i++) {
    for (const param of (fn.params ?? []) as Node[]) {
      const target = param.type === 'TSParameterProperty' ? param.parameter : param;
      if (target?.type !== 'Identifier' || target.name !== n.name) continue;
      const body = ((param.decorators ?? []) as Node[]).find(
        (d) =>
          dottedName(unwrap(d.expression)?.callee) === 'Body' &&
          (unwrap(d.expression)?.arguments ?? []).length === 0,
      );
      if (!body) return undefined;
      const type = unwrap(target.typeAnnotation?.typeAnnotation);
      const untyped =
        !type ||
        UNTYPED.has(type.type) ||
        (type.type === 'TSTypeReference' && /^(?:Record|Object)$/.test(type.typeName?.name ?? '')) ||
        type.type === 'TSTypeLiteral';
      return untyped ? `@Body() ${n.name}` : undefined;
    }
    fn = file.enclosingFunction(fn);
  }
  return undefined;
}

function text(file: ParsedFile, node: Node): string {
  const s = file.text.slice(node.start, node.end).replace(/\s+/g, ' ');
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
