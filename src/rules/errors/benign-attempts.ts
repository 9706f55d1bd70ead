import { type Node, calledName, isFunction, unwrap, walk } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';

/**
 * Try blocks whose failure an empty catch may drop on purpose: probes (the failure is the answer), cleanups
 * (nothing left to protect), pure computation, and attempts that produce a value the code after the try
 * checks. What is left is a try that acts — writes, sends, deletes — and loses that silently.
 */

/** Operations whose failure is an answer, not an incident: parsing to test a value, reading optional state. */
const PROBES = new Set([
  'parse',
  'decodeURIComponent',
  'decodeURI',
  'atob',
  'statSync',
  'accessSync',
  'existsSync',
  'lstatSync',
]);
/** Releasing resources on the way out: a failure here has nothing left to protect. */
const CLEANUPS = new Set([
  'unlink',
  'unlinkSync',
  'rm',
  'rmSync',
  'rmdir',
  'rmdirSync',
  'close',
  'closeSync',
  'quit',
  'disconnect',
  '$disconnect',
  'destroy',
  'end',
  'kill',
  'abort',
  'removeItem',
  'release',
  'terminate',
  'dispose',
  'cancel',
  'removeListener',
  'off',
  'unsubscribe',
  'clearTimeout',
  'clearInterval',
  'rollback',
]);

export function isProbeCall(call: Node): boolean {
  const callee = unwrap(call.callee);
  // `JSON.parse`, `URL.parse` — but not `schema.parse`, whose failure is a validation error to act on.
  if (callee?.type === 'MemberExpression' && callee.property?.name === 'parse')
    return ['JSON', 'URL', 'path', 'qs', 'querystring'].includes(unwrap(callee.object)?.name);
  return PROBES.has(calledName(callee) ?? '');
}

export function isCleanupCall(call: Node): boolean {
  return CLEANUPS.has(calledName(call.callee) ?? '');
}

export function isProbeOrCleanup(statement: Node): boolean {
  const value = (node: Node | undefined): Node | undefined => {
    const n = unwrap(node);
    return n?.type === 'AwaitExpression' ? unwrap(n.argument) : n;
  };
  const quiet = (node: Node | undefined): boolean => {
    const n = value(node);
    if (n?.type === 'NewExpression') return ['URL', 'RegExp'].includes(unwrap(n.callee)?.name);
    return n?.type === 'CallExpression' && (isProbeCall(n) || isCleanupCall(n));
  };
  if (statement.type === 'ExpressionStatement') {
    const expression = value(statement.expression);
    return expression?.type === 'AssignmentExpression' ? quiet(expression.right) : quiet(expression);
  }
  if (statement.type === 'VariableDeclaration')
    return (statement.declarations as Node[]).every((d) => quiet(d.init));
  if (statement.type === 'ReturnStatement') return quiet(statement.argument);
  return false;
}

/**
 * The try block does I/O: it awaits something or calls a `…Sync` function. A try around plain computation
 * (`value.price = latest.price` guarding a missing element) only guards against bad data.
 */
export function acts(block: Node): boolean {
  let found = false;
  walk(block, (node) => {
    if (found) return;
    if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) found = true;
    else if (node.type === 'CallExpression') found = /Sync$/.test(calledName(node.callee) ?? '');
  });
  return found;
}

/** `finally { try { await cleanup() } catch {} }`: the way out, where a failure has nothing left to protect. */
export function inFinally(file: ParsedFile, attempt: Node): boolean {
  const block = file.parent(attempt);
  const owner = block ? file.parent(block) : undefined;
  return owner?.type === 'TryStatement' && owner.finalizer === block;
}

/**
 * The try returns, or sets a variable (or `this.x`) declared before it — `let cached; try { cached = await
 * cache.get(k) } catch {}` then a fallback: an empty catch there means "no value", and the code after the
 * try deals with it.
 */
export function producesValue(block: Node): boolean {
  const own = new Set<string>();
  let produces = false;
  walk(block, (node) => {
    if (node.type === 'VariableDeclarator' && node.id?.type === 'Identifier') own.add(node.id.name);
  });
  const outer = (target: Node | undefined): boolean => {
    let root = unwrap(target);
    while (root?.type === 'MemberExpression') root = unwrap(root.object);
    return root?.type === 'ThisExpression' || (root?.type === 'Identifier' && !own.has(root.name));
  };
  walk(block, (node) => {
    if (produces) return;
    if (node.type === 'ReturnStatement') produces = !insideFunction(block, node);
    else if (node.type === 'AssignmentExpression') produces = outer(node.left);
    else if (node.type === 'CallExpression') {
      // `keys.push(key)` into a list declared before the try: collecting what can be had.
      const callee = unwrap(node.callee);
      produces =
        callee?.type === 'MemberExpression' &&
        ['push', 'unshift', 'set', 'add'].includes(callee.property?.name) &&
        outer(callee.object);
    }
  });
  return produces;
}

/** A return inside a callback returns from the callback, not from the try. */
function insideFunction(block: Node, node: Node): boolean {
  let inside = false;
  walk(block, (n) => {
    if (!inside && isFunction(n) && n.start <= node.start && node.end <= n.end) inside = true;
  });
  return inside;
}
