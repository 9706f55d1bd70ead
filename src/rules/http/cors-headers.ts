/**
 * CORS written by hand: `Access-Control-Allow-Origin` set on a response, and where that applies to every
 * request (a middleware) rather than one resource (a route handler, a static-file hook).
 */
import { type Node, propertyName, stringLiteral, unwrap, walk } from '../../extract/ast.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { type CorsSetting, type OriginKind, readsOriginHeader } from './cors-origin.js';
import { shown } from './shown.js';

const ALLOW_ORIGIN = 'access-control-allow-origin';
const ALLOW_CREDENTIALS = 'access-control-allow-credentials';
const HEADER_SETTERS = new Set(['setHeader', 'header', 'set', 'append', 'appendHeader']);
/** Route registrations: CORS opened inside one of them is for that route only. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all']);
/** Next.js middleware files: whatever they set applies to every matched request. */
const NEXT_MIDDLEWARE = /(?:^|\/)(?:src\/)?(?:middleware|proxy)\.[cm]?[jt]s$/;

/** `router.get('/feed', cors(), handler)`: CORS opened for one route. */
export function onRoute(file: ParsedFile, node: Node): boolean {
  const parent = file.parent(node);
  if (parent?.type !== 'CallExpression' || !(parent.arguments as Node[]).includes(node)) return false;
  const callee = unwrap(parent.callee);
  return callee?.type === 'MemberExpression' && ROUTE_METHODS.has(callee.property?.name);
}

/**
 * Where a header set by hand applies to every request: in a middleware (`app.use((req, res, next) => …)`, a
 * function whose last parameter is `next`) or in Next.js `middleware.ts`. Inside a route handler, a
 * static-file hook or a response built for one resource it is scoped.
 */
function appWide(file: ParsedFile, at: Node): boolean {
  const fn = file.enclosingFunction(at);
  if (!fn) return false;
  if (NEXT_MIDDLEWARE.test(file.path)) return true;
  const parent = file.parent(fn);
  if (parent?.type === 'CallExpression' && (parent.arguments as Node[]).includes(fn)) {
    const callee = unwrap(parent.callee);
    const method = callee?.type === 'MemberExpression' ? callee.property?.name : undefined;
    if (method === 'use') return true;
    if (ROUTE_METHODS.has(method)) return false;
  }
  const last = unwrap((fn.params as Node[]).at(-1));
  return last?.type === 'Identifier' && last.name === 'next';
}

/**
 * The header set by hand: `res.setHeader('Access-Control-Allow-Origin', '*')`, `c.header(…)`,
 * `{ 'Access-Control-Allow-Origin': req.headers.origin }`. A value set inside a branch is an allow-list at
 * work (or a CORS helper honouring its options): not reported. Static config (next.config `headers()`,
 * vercel.json) is written per path for public assets and is not read.
 */
export function headerSettings(file: ParsedFile): CorsSetting[] {
  const origins: { at: Node; value: Node; scope: Node | undefined }[] = [];
  const credentialScopes = new Set<Node | undefined>();
  const record = (at: Node, name: string | undefined, value: Node | undefined) => {
    const header = name?.toLowerCase();
    if (!value) return;
    if (header === ALLOW_ORIGIN) origins.push({ at, value, scope: file.enclosingFunction(at) });
    else if (header === ALLOW_CREDENTIALS && isTrue(file, value))
      credentialScopes.add(file.enclosingFunction(at));
  };
  walk(file.program, (node) => {
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed || !HEADER_SETTERS.has(callee.property.name))
        return;
      const args = node.arguments as Node[];
      record(node, textOf(file, args[0]), args[1]);
    } else if (node.type === 'Property' && !node.computed) {
      record(node, propertyName(node), node.value);
    }
  });
  const out: CorsSetting[] = [];
  for (const { at, value, scope } of origins) {
    if (branched(file, at)) continue;
    const kind: OriginKind | undefined =
      textOf(file, value) === '*' ? 'any' : readsOriginHeader(file, value) ? 'reflect' : undefined;
    if (!kind) continue;
    out.push({
      at,
      what: shown(file, at),
      kind,
      credentials: credentialScopes.has(scope),
      scoped: !appWide(file, at),
    });
  }
  return out;
}

function textOf(file: ParsedFile, node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const literal = stringLiteral(n);
  if (literal !== undefined) return literal;
  if (n.type !== 'Identifier') return undefined;
  const value = file.valueOf(n);
  return value.k === 'str' ? value.v : undefined;
}

function isTrue(file: ParsedFile, node: Node): boolean {
  const n = unwrap(node);
  return (n?.type === 'Literal' && n.value === true) || textOf(file, n) === 'true';
}

/** Between the node and its function: an `if`, `?:`, `&&`/`||` or `switch` decides whether it runs. */
function branched(file: ParsedFile, node: Node): boolean {
  let child = node;
  for (let parent = file.parent(node); parent; parent = file.parent(parent)) {
    if (parent.type.includes('Function')) return false;
    if (parent.type === 'IfStatement' && parent.test !== child) return true;
    if (parent.type === 'ConditionalExpression' && parent.test !== child) return true;
    if (parent.type === 'LogicalExpression' || parent.type === 'SwitchCase') return true;
    child = parent;
  }
  return false;
}
