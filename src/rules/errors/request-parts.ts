import { type Node, memberPath, unwrap } from '../../extract/ast.js';

/** Request objects by the names frameworks give them: Express `req`, Koa `ctx`, Hono `c`, Web `request`. */
export const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'c', 'context', 'event']);

/** `req.body`, `req.headers`, `ctx.request.body`, `await request.json()`: a request part taken whole. */
export function wholeRequestPart(node: Node): 'body' | 'headers' | undefined {
  let n = unwrap(node);
  if (n?.type === 'AwaitExpression') n = unwrap(n.argument);
  if (n?.type === 'CallExpression') {
    const callee = unwrap(n.callee);
    const owner = callee?.type === 'MemberExpression' ? memberPath(callee.object) : undefined;
    const method = callee?.type === 'MemberExpression' ? callee.property?.name : undefined;
    // `await request.json()`, `await c.req.json()`.
    const ownedByRequest =
      owner && REQUEST_ROOTS.has(owner.root) && (owner.names.length === 0 || owner.names.join('.') === 'req');
    return ownedByRequest && ['json', 'formData'].includes(method) ? 'body' : undefined;
  }
  const path = memberPath(n);
  if (!path || !REQUEST_ROOTS.has(path.root)) return undefined;
  const rest = path.names[0] === 'request' || path.names[0] === 'req' ? path.names.slice(1) : path.names;
  if (rest.length !== 1) return undefined;
  if (rest[0] === 'body') return 'body';
  return rest[0] === 'headers' || rest[0] === 'cookies' ? 'headers' : undefined;
}
