import { type Node, memberPath, unwrap } from '../extract/ast.js';
import type { ParsedFile } from '../extract/parsed-file.js';

/**
 * Whether an expression carries what a client sent — and the proof, as the source text of the read
 * (`req.body.id`). Rules that need a tainted value (SQL built from input, a redirect to input, a prompt
 * holding input) share this, so "request input" means one thing everywhere.
 *
 * Precision first: only reads we can see are input. A value passed through an unknown function is not
 * followed, and `Number()`/`parseInt()` end the trail (a number cannot inject). Depth is bounded.
 */

/** Request objects by the names frameworks give them: Express/Koa/Fastify `req`, Hono `c.req`, Web `request`. */
const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'c', 'context', 'event']);
/** Parts of a request a client controls. */
const INPUT_PARTS = new Set([
  'body',
  'query',
  'params',
  'headers',
  'cookies',
  'url',
  'nextUrl',
  'originalUrl',
  'path',
  'rawBody',
  'files',
  'file',
  'searchParams',
]);
/** Calls that read input: Hono `c.req.query('x')`, Web `await request.json()`, URLSearchParams `get`. */
const INPUT_CALLS = new Set(['json', 'formData', 'text', 'query', 'param', 'header', 'queries', 'valid']);
/** NestJS parameter decorators whose parameter is request input. */
const INPUT_DECORATORS = new Set(['Body', 'Query', 'Param', 'Headers', 'Req', 'Request']);
/** Calls that keep a string's content (so input stays input); anything else ends the trail. */
const PASS_THROUGH = new Set([
  'String',
  'toString',
  'trim',
  'toLowerCase',
  'toUpperCase',
  'concat',
  'join',
  'replace',
  'slice',
  'substring',
  'decodeURIComponent',
  'stringify',
]);
const MAX_DEPTH = 8;

/** The source text proving `node` holds request input, or undefined when it cannot be shown. */
export function requestInput(file: ParsedFile, node: Node | null | undefined, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  switch (n.type) {
    case 'AwaitExpression':
      return requestInput(file, n.argument, depth + 1);
    case 'MemberExpression':
      return memberInput(file, n, depth);
    case 'Identifier':
      return identifierInput(file, n, depth);
    case 'TemplateLiteral':
      return firstInput(file, n.expressions as Node[], depth);
    case 'BinaryExpression':
      return n.operator === '+' ? firstInput(file, [n.left, n.right], depth) : undefined;
    case 'LogicalExpression':
      return firstInput(file, [n.left, n.right], depth);
    case 'ConditionalExpression':
      return firstInput(file, [n.consequent, n.alternate], depth);
    case 'ObjectExpression':
      return firstInput(
        file,
        (n.properties as Node[]).map((p) => (p.type === 'SpreadElement' ? p.argument : p.value)),
        depth,
      );
    case 'ArrayExpression':
      return firstInput(
        file,
        (n.elements as (Node | null)[]).filter((e): e is Node => !!e),
        depth,
      );
    case 'CallExpression':
      return callInput(file, n, depth);
    case 'NewExpression':
      // `new URL(request.url)`, `new URLSearchParams(req.query)`: parsing input keeps it input.
      return unwrap(n.callee)?.type === 'Identifier' && /^URL(?:SearchParams)?$/.test(unwrap(n.callee)?.name)
        ? firstInput(file, n.arguments as Node[], depth)
        : undefined;
    default:
      return undefined;
  }
}

function firstInput(file: ParsedFile, nodes: Node[], depth: number): string | undefined {
  for (const node of nodes) {
    const found = requestInput(file, node, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function textOf(file: ParsedFile, node: Node): string {
  const text = file.text.slice(node.start, node.end).replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function memberInput(file: ParsedFile, n: Node, depth: number): string | undefined {
  const path = memberPath(n);
  if (path && isInputPath(path.root, path.names)) return textOf(file, n);
  // `req.body[key]`, `params.get('x')`: a computed or dynamic member of input is input.
  const object = unwrap(n.object);
  if (
    object &&
    (object.type === 'MemberExpression' || object.type === 'Identifier' || object.type === 'NewExpression')
  )
    return requestInput(file, object, depth + 1) && textOf(file, n);
  return undefined;
}

/** `req.body`, `req.query.id`, `ctx.request.body`, `c.req.param` … but not `req.user` or `request.method`. */
function isInputPath(root: string, names: readonly string[]): boolean {
  if (!REQUEST_ROOTS.has(root)) return false;
  const rest = names[0] === 'request' || names[0] === 'req' ? names.slice(1) : names;
  return rest.length > 0 && INPUT_PARTS.has(rest[0] as string);
}

function identifierInput(file: ParsedFile, n: Node, depth: number): string | undefined {
  const name = n.name as string;
  const bound = bindingOf(file, name, n);
  if (bound) return requestInput(file, bound, depth + 1);
  const param = decoratedParam(file, name, n);
  if (param) return `@${param}() ${name}`;
  return undefined;
}

/**
 * What a local name was bound to: `const x = init` gives `init`; `const { id } = req.params` gives the
 * member `req.params` (the whole object is input, so any field of it is).
 */
function bindingOf(file: ParsedFile, name: string, from: Node): Node | undefined {
  return file.localInit(name, from) ?? file.destructuredInit(name, from)?.init;
}

/** A NestJS handler parameter decorated `@Body()`, `@Param('id')` …: the decorator's name. */
function decoratedParam(file: ParsedFile, name: string, from: Node): string | undefined {
  let fn = file.enclosingFunction(from);
  while (fn) {
    for (const param of (fn.params ?? []) as Node[]) {
      const target = param.type === 'TSParameterProperty' ? param.parameter : param;
      if (target?.type !== 'Identifier' || target.name !== name) continue;
      for (const decorator of (param.decorators ?? []) as Node[]) {
        const callee = unwrap(decorator.expression?.callee ?? decorator.expression);
        if (callee?.type === 'Identifier' && INPUT_DECORATORS.has(callee.name)) return callee.name;
      }
    }
    fn = file.enclosingFunction(fn);
  }
  return undefined;
}

function callInput(file: ParsedFile, n: Node, depth: number): string | undefined {
  const callee = unwrap(n.callee);
  if (!callee) return undefined;
  if (callee.type === 'Identifier') {
    if (PASS_THROUGH.has(callee.name)) return firstInput(file, n.arguments as Node[], depth);
    return undefined;
  }
  if (callee.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = callee.property.name as string;
  const object = unwrap(callee.object);
  // `c.req.query('q')`, `await request.json()`, `url.searchParams.get('next')`.
  if (INPUT_CALLS.has(method) || method === 'get' || method === 'getAll') {
    const path = memberPath(object);
    if (path && REQUEST_ROOTS.has(path.root) && (path.names.length === 0 || path.names[0] === 'req'))
      return method === 'get' ? undefined : textOf(file, n);
    if (requestInput(file, object, depth + 1)) return textOf(file, n);
  }
  if (method === 'stringify' && object?.type === 'Identifier' && object.name === 'JSON')
    return firstInput(file, n.arguments as Node[], depth);
  if (PASS_THROUGH.has(method)) return requestInput(file, object, depth + 1);
  return undefined;
}
