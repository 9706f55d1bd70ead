/**
 * Express routes, routers and mounts — https://expressjs.com/en/guide/routing.html
 * Routers are identified per file; the linker joins mount prefixes across files.
 */
import { isAuthMiddleware } from './auth-names.js';
import { type Node, isFunction, middlewareName, stringLiteral, unwrap } from './ast.js';
import { readHandler } from './express-handler.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { Value } from '../scan/value.js';
import type { FileFacts, RouterRef } from './facts.js';
import { type ParsedFile, requireSource } from './parsed-file.js';
import { RouterScopes, flatArgs, middlewareNames, pathList, resolveHandler } from './router-scopes.js';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all']);
const PATH_NAME = /(?:prefix|path|base|url|root)$/i;
/** Router methods that return the router itself, so calls can be chained. */
const CHAINABLE = new Set([...METHODS, 'use', 'param']);
const ROUTE_CALL = /\.(?:get|post|put|patch|delete|all|use|route|options|head)\s*\(/;

export const express: Extractor = {
  name: 'express',
  detect: (repo) => dependsOn(repo, 'express'),
  // `Router(` too: a file may only create a router and hand it to registration functions.
  prefilter: (text) => ROUTE_CALL.test(text) || /\bRouter\s*\(|\bexpress\s*\(/.test(text),
  extract(file, facts) {
    const names = expressNames(facts);
    const scopes = new RouterScopes('express', CHAINABLE);
    for (const call of file.calls) {
      const kind = routerCreation(call, names);
      if (kind) scopes.declare(file, call, kind === 'app', facts);
    }
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) {
        readRegistration(file, facts, scopes, call);
        continue;
      }
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
    router = scopes.resolveOrParameter(file, facts, chained.receiver, APP_PARAMETER);
    pathNode = chained.path;
    handlers = args;
  } else {
    // `app.get('title')` reads a setting: a route always has a handler after the path.
    if (args.length < 2) return;
    router = scopes.resolveOrParameter(file, facts, callee.object, APP_PARAMETER);
    pathNode = args[0];
    handlers = args.slice(1);
  }
  if (!router || !pathNode || handlers.length === 0) return;
  const last = handlers[handlers.length - 1] as Node;
  const handler = resolveHandler(file, last);
  const handlerFacts = readHandler(handler);
  // `authController.register` imported from a controller file: read there, joined by the linker.
  const lastValue = isFunction(handler) ? undefined : file.valueOf(last);
  const handlerRef =
    lastValue && (lastValue.k === 'ref' || lastValue.k === 'member' || lastValue.k === 'import')
      ? lastValue
      : undefined;
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
      ...(handlerRef ? { handlerRef } : {}),
      // In a chain (`.route('/x').get().put()`, `Router().get().put()`) point at each method's name.
      ...file.position(unwrap(callee.object)?.type === 'Identifier' ? call : callee.property),
    });
  }
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

/**
 * `export function registerRoutes(app: Express) { app.get(…) }` / `module.exports = (app) => { … }`: the
 * app handed to a function as its first parameter. Recognised by its type or its conventional name.
 */

const APP_PARAMETER = {
  types: /\b(?:Express|Application|Router|IRouter)\b/,
  names: /^(?:app|router|server|api|expressApp)$/,
  anonymous: false,
};

/** `registerRoutes(app)`, `require('./routes')(app)`: a function given the app registers routes on it. */
function readRegistration(file: ParsedFile, facts: FileFacts, scopes: RouterScopes, call: Node): void {
  const target = calledFunction(file, facts, call);
  if (!target) return;
  const first = (call.arguments as Node[])[0];
  const parent =
    first && unwrap(first)?.type === 'Identifier'
      ? scopes.resolveOrParameter(file, facts, first, APP_PARAMETER)
      : undefined;
  if (!parent) return;
  facts.mounts.push({
    parent,
    child: { value: { k: 'call', callee: target } },
    middleware: [],
    order: call.start,
    ...file.position(call),
  });
}

function readUse(file: ParsedFile, facts: FileFacts, scopes: RouterScopes, call: Node, callee: Node): void {
  const parent = scopes.resolveOrParameter(file, facts, callee.object, APP_PARAMETER);
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
/**
 * The function a call invokes, as the linker can follow it: a top-level or imported function
 * (`createOrdersRouter()`), or what a CommonJS module exports (`require('./orders')()`).
 */
function calledFunction(file: ParsedFile, facts: FileFacts, call: Node): Value | undefined {
  const callee = unwrap(call.callee);
  if (callee?.type === 'Identifier' && (file.topLevel.has(callee.name) || facts.imports[callee.name]))
    return { k: 'ref', name: callee.name };
  const source = callee ? requireSource(callee) : undefined;
  return source === undefined ? undefined : { k: 'import', from: source, name: 'default' };
}

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
    const factory = calledFunction(file, facts, n);
    if (factory) return { value: { k: 'call', callee: factory } };
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
