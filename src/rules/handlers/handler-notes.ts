import { type Node, isFunction, propertyName, unwrap } from '../../extract/ast.js';
import type { FileFacts } from '../../extract/facts.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import type { FindingFact } from '../rule.js';

/**
 * Where a request handler sits, so the repo pass can find the route it serves: the lines it spans (from the
 * route registration or decorated method that holds it) and the names other files reach it by
 * (`router.get('/:id', orders.getOrder)` → `getOrder`).
 */
export interface HandlerAnchor {
  from: number;
  to: number;
  names: string[];
  /** Lines of routes in the same file given this handler by name (`router.get('/:id', getOrder)`). */
  routes?: number[];
}

/**
 * What an AST pass saw in a handler, left for the repo pass. Whether it is a finding depends on the route
 * the handler serves (authenticated or not, which middleware runs first), which only linking knows. The
 * rule id is `note:<rule>`: a note that is never confirmed is not a rule's and is dropped from the result.
 */
export interface HandlerNote extends FindingFact {
  handler: HandlerAnchor;
}

export function noteId(rule: string): string {
  return `note:${rule}`;
}

export function addNote(
  file: ParsedFile,
  facts: FileFacts,
  rule: string,
  at: Node,
  handler: HandlerAnchor,
  finding: { message: string; subject: string; key: string },
): void {
  const position = file.position(at);
  const note: HandlerNote = { rule: noteId(rule), ...position, ...finding, handler };
  facts.findings ??= [];
  facts.findings.push(note);
}

/** The notes of `rule` in a file's facts. */
export function notesOf(facts: FileFacts, rule: string): HandlerNote[] {
  const id = noteId(rule);
  return (facts.findings ?? []).filter((f): f is HandlerNote => f.rule === id && 'handler' in f);
}

/** A note turned into the finding it stood for, once the repo pass confirms it. */
export function confirmed(note: HandlerNote, rule: string): FindingFact {
  const { handler: _handler, ...fact } = note;
  return { ...fact, rule };
}

/** Methods that register a route with a handler: Express, Fastify, Hono, Koa-router. */
export const ROUTE_METHODS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'head',
  'options',
]);
const MAX_LEVELS = 16;

/**
 * The request handler that holds `node` and its anchor: climbing out of nested callbacks (`.then(…)`,
 * `findById(id, (err, doc) => …)`) and wrappers (`asyncHandler(…)`) to the function a route is given — an
 * inline route argument, a class method (NestJS, controller classes), or a top-level named function.
 */
export function handlerOf(file: ParsedFile, node: Node): { fn: Node; anchor: HandlerAnchor } | undefined {
  let fn = file.enclosingFunction(node);
  let outermost = fn;
  for (let level = 0; fn && level < MAX_LEVELS; level++) {
    outermost = fn;
    const found = anchorOf(file, fn);
    if (found) return { fn, anchor: found };
    // A function that takes a request is a handler or a middleware in its own right (`app.use((req, res,
    // next) => …)` inside a setup function): what it does is not the enclosing function's — unless it is
    // returned by a factory (`export function getOrder() { return async (req, res) => … }`).
    if (takesRequest(fn) && !returned(file, fn)) break;
    fn = file.enclosingFunction(fn);
  }
  if (!outermost) return undefined;
  return {
    fn: outermost,
    anchor: { from: lineOf(file, outermost), to: endLineOf(file, outermost), names: [] },
  };
}

/**
 * Whether `fn` handles requests: it takes one (`(req, res)`, `(c)`, `(request)`), is a class method (NestJS
 * controllers name parameters freely), is a file route's `GET`/`POST`… or is given to a route method.
 * Setup code that merely registers middleware (`app.use(security.isAuthorized())`) is not.
 */
export function handlesRequests(file: ParsedFile, fn: Node): boolean {
  if (takesRequest(fn)) return true;
  const parent = file.parent(fn);
  if (parent?.type === 'MethodDefinition') return true;
  if (/^(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ALL|load|action|loader)$/.test(file.functionName(fn) ?? ''))
    return true;
  const callee = parent?.type === 'CallExpression' ? unwrap(parent.callee) : undefined;
  return callee?.type === 'MemberExpression' && !callee.computed && ROUTE_METHODS.has(callee.property.name);
}

const REQUEST_PARAM = /^_?(?:req|request|ctx|c|context|event|evt)$/i;
const RESPONSE_PARAM = /^_?(?:res|reply|response|h)$/i;

function takesRequest(fn: Node): boolean {
  const [first, second] = (fn.params as Node[]).map((p) => unwrap(p));
  return (
    (first?.type === 'Identifier' && REQUEST_PARAM.test(first.name)) ||
    (second?.type === 'Identifier' && RESPONSE_PARAM.test(second.name))
  );
}

/** `return async (req, res) => …` or `() => async (req, res) => …`: the product of a handler factory. */
function returned(file: ParsedFile, fn: Node): boolean {
  const parent = file.parent(fn);
  return (
    parent?.type === 'ReturnStatement' || (parent?.type === 'ArrowFunctionExpression' && parent.body === fn)
  );
}

function anchorOf(file: ParsedFile, fn: Node): HandlerAnchor | undefined {
  const to = endLineOf(file, fn);
  // Climb out of wrappers: `asyncHandler(async (req, res) => …)` is the handler of whatever holds the call.
  let held: Node = fn;
  let parent = file.parent(held);
  for (let i = 0; i < 4 && parent?.type === 'CallExpression' && parent.callee !== held; i++) {
    const callee = unwrap(parent.callee);
    const method = callee?.type === 'MemberExpression' && !callee.computed ? callee.property.name : undefined;
    if (method && ROUTE_METHODS.has(method)) return { from: lineOf(file, parent), to, names: [] };
    // A callback of another call inside a handler (`.then(…)`, `Model.find(q, cb)`): not a handler itself.
    if (!isWrapper(parent, held)) return undefined;
    held = parent;
    parent = file.parent(held);
  }
  if (!parent) return undefined;
  if (parent.type === 'MethodDefinition' && !parent.computed) {
    const name = propertyName(parent);
    return { from: lineOf(file, parent), to, names: name ? [name] : [] };
  }
  // `module.exports = { getOrder(req, res) {…} }`, `fastify.route({ handler })`.
  if (parent.type === 'Property' && !parent.computed) {
    const name = propertyName(parent);
    const object = file.parent(parent);
    const holder = object ? file.parent(object) : undefined;
    const from = holder?.type === 'CallExpression' ? lineOf(file, holder) : lineOf(file, parent);
    return file.enclosingFunction(fn) ? undefined : { from, to, names: name ? [name] : [] };
  }
  if (file.enclosingFunction(fn)) return undefined;
  const names = topLevelNames(fn, held, parent);
  if (!names) return undefined;
  const routes = routesNaming(file, names);
  return { from: lineOf(file, held), to, names, ...(routes.length > 0 ? { routes } : {}) };
}

/** Lines of route registrations in this file that pass one of `names` as a handler (bare or wrapped). */
function routesNaming(file: ParsedFile, names: readonly string[]): number[] {
  const lines: number[] = [];
  for (const call of file.calls) {
    const callee = unwrap(call.callee);
    if (callee?.type !== 'MemberExpression' || callee.computed || !ROUTE_METHODS.has(callee.property.name))
      continue;
    const passes = (call.arguments as Node[]).some((arg) => {
      const a = unwrap(arg);
      const inner = a?.type === 'CallExpression' ? unwrap((a.arguments as Node[]).at(-1)) : a;
      return inner?.type === 'Identifier' && names.includes(inner.name);
    });
    if (passes) lines.push(lineOf(file, call), lineOf(file, callee.property));
  }
  return [...new Set(lines)];
}

/** `asyncHandler(fn)`, `catchAsync(fn)`, `withAuth(fn)`: a call whose only function argument is the handler. */
function isWrapper(call: Node, held: Node): boolean {
  const args = call.arguments as Node[];
  return args.at(-1) === held && args.filter((a) => isFunction(unwrap(a))).length <= 1;
}

/** Names a top-level handler is exported or referenced by. */
function topLevelNames(fn: Node, held: Node, parent: Node): string[] | undefined {
  if (fn.type === 'FunctionDeclaration' && fn.id) {
    const exportedDefault = parent.type === 'ExportDefaultDeclaration';
    return exportedDefault ? [fn.id.name, 'default'] : [fn.id.name];
  }
  if (parent.type === 'ExportDefaultDeclaration') return ['default'];
  if (parent.type === 'VariableDeclarator' && parent.id?.type === 'Identifier') return [parent.id.name];
  // `exports.getOrder = …`, `module.exports.getOrder = …`, `module.exports = …`.
  if (parent.type === 'AssignmentExpression' && parent.right === held) {
    const target = unwrap(parent.left);
    if (target?.type === 'MemberExpression' && !target.computed) {
      const name = target.property.name as string;
      return name === 'exports' ? ['default'] : [name];
    }
  }
  return undefined;
}

export function lineOf(file: ParsedFile, node: Node): number {
  return file.position(node).line;
}

function endLineOf(file: ParsedFile, node: Node): number {
  return file.position({ ...node, start: Math.max(node.start, node.end - 1) }).line;
}
