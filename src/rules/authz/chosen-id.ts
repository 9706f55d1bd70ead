import { type Node, dottedName, memberPath, unwrap } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { requestInput } from '../request-input.js';

/** Conversions that keep an id the client chose: a number is still someone else's order number. */
const ID_CONVERSIONS =
  /^(?:Number|parseInt|parseFloat|BigInt|String|ObjectId|toObjectId|(?:.*\.)?Types\.ObjectId|ObjectId\.createFromHexString)$/;
const HTTP_EXPORTS = /^(?:GET|POST|PUT|PATCH|DELETE)$/;
const MAX_DEPTH = 6;

/**
 * The source text proving `node` is a value the client chose: request input (see request-input.ts), seen
 * through number and ObjectId conversions, and the `params` a Next.js route handler receives as its second
 * argument (`export async function GET(req, { params })`), which request-input.ts does not know.
 */
export function chosenId(file: ParsedFile, node: Node | undefined, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  if (n.type === 'AwaitExpression') return chosenId(file, n.argument, depth + 1);
  if (n.type === 'UnaryExpression' && n.operator === '+') return chosenId(file, n.argument, depth + 1);
  if (
    (n.type === 'CallExpression' || n.type === 'NewExpression') &&
    ID_CONVERSIONS.test(dottedName(n.callee) ?? '')
  )
    return chosenId(file, (n.arguments as Node[])[0], depth + 1);
  if (n.type === 'Identifier') {
    const init = file.localInit(n.name, n);
    if (init && init !== n) {
      const through = chosenId(file, init, depth + 1);
      if (through) return through;
    }
  }
  return requestInput(file, n) ?? nextParam(file, n, depth);
}

/** `params.id`, `(await params).id`, or `id` from `const { id } = await params` in a Next.js route handler. */
function nextParam(file: ParsedFile, n: Node, depth: number): string | undefined {
  const fn = routeHandler(file, n);
  if (!fn) return undefined;
  const holder = paramsBinding(fn);
  if (!holder) return undefined;
  const path = memberPath(n);
  if (path && path.root === holder && path.names.length > 0) return `params.${path.names.join('.')}`;
  if (n.type === 'MemberExpression') {
    const object = unwrap(n.object);
    const awaited = object?.type === 'AwaitExpression' ? unwrap(object.argument) : undefined;
    if (awaited?.type === 'Identifier' && awaited.name === holder) return `params.${n.property?.name ?? ''}`;
  }
  if (n.type === 'Identifier') {
    const source = destructuredFrom(file, n);
    const base = unwrap(source?.type === 'AwaitExpression' ? source.argument : source);
    if (base?.type === 'Identifier' && base.name === holder) return `params.${n.name}`;
    if (base && depth < MAX_DEPTH) return nextParam(file, base, depth + 1) && `params.${n.name}`;
  }
  return undefined;
}

/** The exported GET/POST/… function holding `node`. */
function routeHandler(file: ParsedFile, node: Node): Node | undefined {
  let fn = file.enclosingFunction(node);
  for (let i = 0; fn && i < 8; i++) {
    const name = file.functionName(fn);
    if (name && HTTP_EXPORTS.test(name)) return fn;
    fn = file.enclosingFunction(fn);
  }
  return undefined;
}

/** `{ params }` (or `context`, read as `context.params`) in a route handler's second parameter. */
function paramsBinding(fn: Node): string | undefined {
  const second = unwrap((fn.params as Node[])[1]);
  if (second?.type !== 'ObjectPattern') return undefined;
  for (const property of second.properties as Node[]) {
    if (property.type !== 'Property' || property.key?.name !== 'params') continue;
    const value = unwrap(property.value);
    if (value?.type === 'Identifier') return value.name;
  }
  return undefined;
}

/** The initialiser a destructured name was taken from: `const { id } = await params` → `await params`. */
function destructuredFrom(file: ParsedFile, n: Node): Node | undefined {
  const found = file.destructuredInit(n.name, n);
  // Only a plain `{ id }` or `{ key: id }`: a default or a rest is not the value the client chose.
  return found?.property.type === 'Property' && unwrap(found.property.value)?.type === 'Identifier'
    ? found.init
    : undefined;
}
