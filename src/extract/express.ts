/**
 * Express routes, routers and mounts — https://expressjs.com/en/guide/routing.html
 * Routers are identified per file; the linker joins mount prefixes across files.
 */
import { isAuthMiddleware } from './auth-names.js';
import { type Node, middlewareName, stringLiteral, unwrap } from './ast.js';
import { readHandler } from './express-handler.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { Value } from '../scan/value.js';
import type { FileFacts, RouterRef } from './facts.js';
import { DEFAULT_EXPORT, type ParsedFile, requireSource } from './parsed-file.js';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all']);
const PATH_NAME = /(?:prefix|path|base|url|root)$/i;
const ROUTE_CALL = /\.(?:get|post|put|patch|delete|all|use|route|options|head)\s*\(/;

export const express: Extractor = {
  name: 'express',
  detect: (repo) => dependsOn(repo, 'express'),
  prefilter: (text) => ROUTE_CALL.test(text),
  extract(file, facts) {
    const names = expressNames(facts);
    if (names.app.size === 0 && names.router.size === 0 && Object.keys(facts.imports).length === 0) return;
    const scopes = new RouterScopes();
    for (const call of file.calls) {
      const kind = routerCreation(call, names);
      if (kind) scopes.declare(file, call, kind === 'app', facts);
    }
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const method = callee.property.name as string;
      if (METHODS.has(method)) readRoute(file, facts, scopes, call, callee, method);
      else if (method === 'use') readUse(file, facts, scopes, call, callee);
    }
  },
};

interface ExpressNames {
  /** Local names of the express module (`express()` makes an app, `express.Router()` a router). */
  app: Set<string>;
  /** Local names bound to `Router` itself. */
  router: Set<string>;
}

function expressNames(facts: FileFacts): ExpressNames {
  const names: ExpressNames = { app: new Set(), router: new Set() };
  for (const [local, binding] of Object.entries(facts.imports)) {
    if (binding.from !== 'express') continue;
    if (binding.name === 'default' || binding.name === '*') names.app.add(local);
    else if (binding.name === 'Router') names.router.add(local);
  }
  return names;
}

function routerCreation(call: Node, names: ExpressNames): 'app' | 'router' | undefined {
  const callee = unwrap(call.callee);
  if (callee?.type === 'Identifier') {
    if (names.app.has(callee.name)) return 'app';
    if (names.router.has(callee.name)) return 'router';
  }
  if (callee?.type === 'MemberExpression' && !callee.computed && callee.property.name === 'Router') {
    const object = unwrap(callee.object);
    if (object?.type === 'Identifier' && names.app.has(object.name)) return 'router';
    if (object && requireSource(object) === 'express') return 'router';
  }
  return undefined;
}

/** Router variables by scope: top-level names, and names local to a factory function. */
class RouterScopes {
  private readonly byFunction = new Map<Node | undefined, Map<string, string>>();

  private readonly byNode = new Map<Node, string>();

  declare(file: ParsedFile, call: Node, isApp: boolean, facts: FileFacts): void {
    // `const api = Router().use(a).use(b)`: router methods return the router, so the name sits atop the chain.
    const top = chainTop(file, call);
    const parent = file.parent(top);
    const fn = file.enclosingFunction(call);
    let name: string | undefined;
    if (parent?.type === 'VariableDeclarator' && parent.id?.type === 'Identifier') name = parent.id.name;
    else if (file.topLevel.get(DEFAULT_EXPORT) === top) name = DEFAULT_EXPORT;
    else if (parent?.type === 'ReturnStatement' || (parent && parent === fn && fn.body === top))
      name = '*returned*';
    const fnName = fn ? file.functionName(fn) : undefined;
    if (fn && !fnName) return;
    // An unnamed router (`app.use('/x', Router().get(…))`) is still one: it is reached through its node.
    const local = name ?? `*anonymous@${call.start}`;
    const id = fnName ? `${fnName}/${local}` : local;
    this.byNode.set(call, id);
    const position = file.position(call);
    facts.routers.push({ id, framework: 'express', isApp, ...position });
    if (!name) return;
    if (!fn) {
      facts.routerBindings[name] = id;
      return;
    }
    let scope = this.byFunction.get(fn);
    if (!scope) {
      scope = new Map();
      this.byFunction.set(fn, scope);
    }
    scope.set(name, id);
    if (fnName && (name === '*returned*' || returnsName(fn, name))) facts.factories[fnName] = id;
  }

  /** The router a receiver names, or a value for the linker when it is imported. */
  resolve(file: ParsedFile, facts: FileFacts, receiver: Node): RouterRef | undefined {
    const node = unwrap(receiver);
    if (node?.type === 'CallExpression') {
      const created = this.byNode.get(node);
      if (created) return { local: created };
      const callee = unwrap(node.callee);
      if (callee?.type === 'MemberExpression' && !callee.computed && CHAINABLE.has(callee.property.name))
        return this.resolve(file, facts, callee.object);
      return undefined;
    }
    if (node?.type !== 'Identifier') return undefined;
    let fn = file.enclosingFunction(node);
    while (fn) {
      const id = this.byFunction.get(fn)?.get(node.name);
      if (id) return { local: id };
      fn = file.enclosingFunction(fn);
    }
    const top = facts.routerBindings[node.name];
    if (top) return { local: top };
    if (facts.imports[node.name]) return { value: { k: 'ref', name: node.name } };
    return undefined;
  }
}

/** Router methods that return the router itself, so calls can be chained. */
const CHAINABLE = new Set([...METHODS, 'use', 'param']);

function chainTop(file: ParsedFile, call: Node): Node {
  let current = call;
  for (;;) {
    const member = file.parent(current);
    if (
      member?.type !== 'MemberExpression' ||
      member.object !== current ||
      !CHAINABLE.has(member.property?.name)
    )
      return current;
    const outer = file.parent(member);
    if (outer?.type !== 'CallExpression' || outer.callee !== member) return current;
    current = outer;
  }
}

function returnsName(fn: Node, name: string): boolean {
  const body = fn.body as Node;
  if (body.type !== 'BlockStatement') return unwrap(body)?.name === name;
  return (body.body as Node[]).some(
    (statement) => statement.type === 'ReturnStatement' && unwrap(statement.argument)?.name === name,
  );
}

function readRoute(
  file: ParsedFile,
  facts: FileFacts,
  scopes: RouterScopes,
  call: Node,
  callee: Node,
  method: string,
): void {
  const args = call.arguments as Node[];
  const chained = routeChain(callee.object);
  let router: RouterRef | undefined;
  let pathNode: Node | undefined;
  let handlers: Node[];
  if (chained) {
    router = scopes.resolve(file, facts, chained.receiver);
    pathNode = chained.path;
    handlers = args;
  } else {
    // `app.get('title')` reads a setting: a route always has a handler after the path.
    if (args.length < 2) return;
    router = scopes.resolve(file, facts, callee.object);
    pathNode = args[0];
    handlers = args.slice(1);
  }
  if (!router || !pathNode || handlers.length === 0) return;
  const handler = resolveHandler(file, handlers[handlers.length - 1] as Node);
  const handlerFacts = readHandler(handler);
  // `app.get(['/a', '/b'], h)` registers one route per path.
  for (const each of pathList(pathNode)) {
    const path = file.valueOf(each);
    if (path.k === 'dyn' || path.k === 'obj') {
      facts.diagnostics.push(
        `${lineOf(file, call)}: express route path is not a static string; route skipped`,
      );
      continue;
    }
    facts.routes.push({
      router,
      framework: 'express',
      method: method === 'all' ? 'ANY' : method.toUpperCase(),
      path,
      middleware: middlewareNames(handlers.slice(0, -1)),
      order: call.start,
      ...handlerFacts,
      // In a chain (`.route('/x').get().put()`, `Router().get().put()`) point at each method's name.
      ...file.position(unwrap(callee.object)?.type === 'CallExpression' ? callee.property : call),
    });
  }
}

function pathList(node: Node): Node[] {
  const n = unwrap(node);
  return n?.type === 'ArrayExpression'
    ? (n.elements as (Node | null)[]).filter((e): e is Node => e !== null)
    : [node];
}

/** Middleware may be passed one by one or in arrays (`[requireAuth, validate]`). */
function middlewareNames(nodes: Node[]): string[] {
  return flatArgs(nodes).flatMap((node) => middlewareName(node) ?? []);
}

function flatArgs(nodes: Node[]): Node[] {
  return nodes.flatMap((node) => {
    const n = unwrap(node);
    return n?.type === 'ArrayExpression'
      ? flatArgs((n.elements as (Node | null)[]).filter((e): e is Node => e !== null))
      : [node];
  });
}

/** `router.route('/x').get(a).put(b)`: the `route()` call at the bottom of a method chain. */
function routeChain(object: Node): { receiver: Node; path: Node } | undefined {
  let current = unwrap(object);
  while (current?.type === 'CallExpression') {
    const callee = unwrap(current.callee);
    if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
    const name = callee.property.name as string;
    if (name === 'route') return { receiver: callee.object, path: current.arguments[0] };
    if (!METHODS.has(name)) return undefined;
    current = unwrap(callee.object);
  }
  return undefined;
}

function resolveHandler(file: ParsedFile, node: Node, depth = 0): Node | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return n;
  if (n.type === 'Identifier') {
    const declared = file.localInit(n.name, n) ?? file.topLevel.get(n.name);
    return declared && declared !== n ? resolveHandler(file, declared, depth + 1) : declared;
  }
  // `asyncHandler(async (req, res) => …)`, `catchErrors(handler)`: the wrapped function is the handler.
  if (n.type === 'CallExpression') {
    const inner = (n.arguments as Node[]).at(-1);
    return inner ? resolveHandler(file, inner, depth + 1) : undefined;
  }
  return n;
}

function readUse(file: ParsedFile, facts: FileFacts, scopes: RouterScopes, call: Node, callee: Node): void {
  const parent = scopes.resolve(file, facts, callee.object);
  if (!parent) return;
  const args = [...(call.arguments as Node[])];
  let paths: Value[] = [];
  const first = args[0];
  const firstPaths = first ? pathList(first) : [];
  if (first && firstPaths.length > 0 && firstPaths.every((node) => isPathLike(file, node))) {
    paths = firstPaths.map((node) => file.valueOf(node));
    args.shift();
  }
  const middleware: string[] = [];
  for (const arg of flatArgs(args)) {
    const name = middlewareName(arg);
    if (name && isAuthMiddleware(name)) {
      middleware.push(name);
      // A guard on the router (optionally only under a path) covers what is registered after it.
      if (paths.length === 0) facts.routerMiddleware.push({ router: parent, name, order: call.start });
      for (const path of paths)
        facts.routerMiddleware.push({ router: parent, name, order: call.start, path });
      continue;
    }
    const child = mountedRouter(file, facts, scopes, arg);
    if (child) {
      const mount = { parent, child, middleware: [...middleware], order: call.start, ...file.position(call) };
      if (paths.length === 0) facts.mounts.push(mount);
      for (const path of paths) facts.mounts.push({ ...mount, path });
    } else if (name) middleware.push(name);
  }
}

function isPathLike(file: ParsedFile, node: Node): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (stringLiteral(n) !== undefined || n.type === 'TemplateLiteral' || n.type === 'BinaryExpression')
    return true;
  if (n.type === 'Identifier' || n.type === 'MemberExpression') {
    const value = file.valueOf(n);
    if (value.k === 'str' || value.k === 'concat') return true;
    // An imported name could be a prefix or a router; its name is the only local evidence.
    const name = n.type === 'Identifier' ? n.name : n.property?.name;
    return (value.k === 'ref' || value.k === 'member') && PATH_NAME.test(String(name));
  }
  return false;
}

/** A `use()` argument that may be a router: a router variable, an import, a factory call or `require()`. */
function mountedRouter(
  file: ParsedFile,
  facts: FileFacts,
  scopes: RouterScopes,
  arg: Node,
): RouterRef | undefined {
  const n = unwrap(arg);
  if (!n) return undefined;
  if (n.type === 'Identifier') return scopes.resolve(file, facts, n);
  if (n.type === 'CallExpression') {
    const chained = scopes.resolve(file, facts, n);
    if (chained) return chained;
    const source = requireSource(n);
    if (source !== undefined) return { value: { k: 'import', from: source, name: 'default' } };
    const callee = unwrap(n.callee);
    if (callee?.type === 'Identifier' && (file.topLevel.has(callee.name) || facts.imports[callee.name]))
      return { value: { k: 'call', callee: { k: 'ref', name: callee.name } } };
    // `require('./orders')()`: a factory exported by a CommonJS module.
    const factorySource = callee ? requireSource(callee) : undefined;
    if (factorySource !== undefined)
      return { value: { k: 'call', callee: { k: 'import', from: factorySource, name: 'default' } } };
  }
  if (n.type === 'MemberExpression') {
    const value = file.valueOf(n);
    if (value.k === 'member' || value.k === 'import') return { value };
  }
  return undefined;
}

function lineOf(file: ParsedFile, node: Node): string {
  return `line ${file.position(node).line}`;
}
