/**
 * Fastify routes and plugins — https://fastify.dev/docs/latest/Reference/Routes/ and /Plugins/
 * A plugin is a function given the instance as its first parameter; `register(plugin, { prefix })` mounts
 * it. Route schemas (JSON Schema or zod) give typed bodies and query strings.
 */
import { isAuthMiddleware } from './auth-names.js';
import { type Node, middlewareName, objectProperty, stringLiteral, unwrap } from './ast.js';
import { readHandler } from './express-handler.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { FileFacts, RouterRef } from './facts.js';
import { jsonSchemaObject } from './json-schema.js';
import { type ParsedFile, requireSource } from './parsed-file.js';
import { objectLiteral } from './request-options.js';
import { RouterScopes, flatArgs, pathList, resolveHandler } from './router-scopes.js';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all']);
const CHAINABLE = new Set<string>(['register', 'addHook', 'decorate']);
const GUARD_HOOKS = new Set(['onRequest', 'preHandler', 'preValidation', 'preParsing']);

export const fastify: Extractor = {
  name: 'fastify',
  detect: (repo) => dependsOn(repo, 'fastify'),
  prefilter: (text) => /\.(?:get|post|put|patch|delete|route|register|all)\s*\(/.test(text),
  extract(file, facts) {
    const names = file.importedFrom('fastify', ['default', 'fastify', '*']);
    const scopes = new RouterScopes('fastify', CHAINABLE);
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      const created =
        (callee?.type === 'Identifier' && names.has(callee.name)) ||
        (callee && requireSource(callee) === 'fastify');
      if (created) scopes.declare(file, call, true, facts);
    }
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const method = callee.property.name as string;
      if (!METHODS.has(method) && method !== 'route' && method !== 'register' && method !== 'addHook')
        continue;
      const router = scopes.resolveOrParameter(file, facts, callee.object, PLUGIN_PARAMETER);
      if (!router) continue;
      if (METHODS.has(method)) readShorthand(file, facts, router, call, callee, method);
      else if (method === 'route') readRouteObject(file, facts, router, call);
      else if (method === 'register') readRegister(file, facts, scopes, router, call);
      else readHook(facts, router, call);
    }
  },
};

/** The instance a call is made on: a created app, an import, or a plugin's first parameter. */

/** A plugin's first parameter is the instance: typed `FastifyInstance`, or named as Fastify code names it. */
const PLUGIN_PARAMETER = {
  types: /Fastify/,
  names: /^(?:fastify|app|server|instance|api|router|f)$/i,
  anonymous: true,
};

function readShorthand(
  file: ParsedFile,
  facts: FileFacts,
  router: RouterRef,
  call: Node,
  callee: Node,
  method: string,
): void {
  const args = call.arguments as Node[];
  if (args.length < 2) return;
  const options = args.length >= 3 ? objectLiteral(file, args[1]) : objectLiteral(file, args[1]);
  const handlerNode = args.length >= 3 ? args[2] : (objectProperty(options, 'handler') ?? args[1]);
  pushRoute(
    file,
    facts,
    router,
    call,
    method === 'all' ? 'ANY' : method.toUpperCase(),
    args[0] as Node,
    options,
    handlerNode,
    callee.property,
  );
}

/** `fastify.route({ method: ['GET', 'HEAD'], url: '/x', schema, preHandler, handler })` */
function readRouteObject(file: ParsedFile, facts: FileFacts, router: RouterRef, call: Node): void {
  const options = objectLiteral(file, call.arguments[0]);
  const url = objectProperty(options, 'url') ?? objectProperty(options, 'path');
  if (!options || !url) return;
  for (const method of pathList(objectProperty(options, 'method') as Node).flatMap(
    (m) => stringLiteral(m) ?? [],
  ))
    pushRoute(
      file,
      facts,
      router,
      call,
      method.toUpperCase(),
      url,
      options,
      objectProperty(options, 'handler'),
      call,
    );
}

function pushRoute(
  file: ParsedFile,
  facts: FileFacts,
  router: RouterRef,
  call: Node,
  method: string,
  pathNode: Node,
  options: Node | undefined,
  handlerNode: Node | undefined,
  at: Node,
): void {
  const path = file.valueOf(pathNode);
  if (path.k === 'dyn' || path.k === 'obj') return;
  const schema = objectLiteral(file, objectProperty(options, 'schema'));
  const body = jsonSchemaObject(file, objectProperty(schema, 'body'));
  const query = jsonSchemaObject(
    file,
    objectProperty(schema, 'querystring') ?? objectProperty(schema, 'query'),
  );
  const guards = [...GUARD_HOOKS].flatMap((hook) => {
    const value = objectProperty(options, hook);
    return value ? flatArgs([value]).flatMap((node) => middlewareName(node) ?? []) : [];
  });
  facts.routes.push({
    router,
    framework: 'fastify',
    method,
    path,
    middleware: guards,
    order: call.start,
    ...readHandler(handlerNode ? resolveHandler(file, handlerNode) : undefined, { returns: true }),
    ...(body ? { bodySchema: body } : {}),
    ...(query ? { querySchema: query } : {}),
    ...file.position(at),
  });
}

/** `app.register(routes, { prefix: '/v1' })`, `app.register(import('./routes'))`, or an inline plugin. */
function readRegister(
  file: ParsedFile,
  facts: FileFacts,
  scopes: RouterScopes,
  parent: RouterRef,
  call: Node,
): void {
  const [pluginNode, optionsNode] = call.arguments as Node[];
  const plugin = unwrap(pluginNode);
  if (!plugin) return;
  const prefix = objectProperty(objectLiteral(file, optionsNode), 'prefix');
  let child: RouterRef | undefined;
  if (plugin.type === 'Identifier') child = { value: { k: 'call', callee: { k: 'ref', name: plugin.name } } };
  else if (plugin.type === 'ImportExpression' || plugin.type === 'CallExpression') {
    const source = plugin.type === 'ImportExpression' ? stringLiteral(plugin.source) : requireSource(plugin);
    if (source !== undefined)
      child = { value: { k: 'call', callee: { k: 'import', from: source, name: 'default' } } };
  } else if (plugin.type === 'ArrowFunctionExpression' || plugin.type === 'FunctionExpression') {
    const first = unwrap((plugin.params as Node[])[0]);
    if (first?.type === 'Identifier')
      child = { local: scopes.declareParameter(file, plugin, first.name, `*plugin@${plugin.start}`, facts) };
  }
  if (!child) return;
  const mount = { parent, child, middleware: [], order: call.start, ...file.position(call) };
  facts.mounts.push(prefix ? { ...mount, path: file.valueOf(prefix) } : mount);
}

/** `fastify.addHook('onRequest', fastify.authenticate)`: a guard on every route of this plugin. */
function readHook(facts: FileFacts, router: RouterRef, call: Node): void {
  const [hook, handler] = call.arguments as Node[];
  if (!GUARD_HOOKS.has(stringLiteral(hook) ?? '') || !handler) return;
  const name = middlewareName(handler);
  if (name && isAuthMiddleware(name)) facts.routerMiddleware.push({ router, name, order: -1 });
}
