/**
 * Hono apps and sub-apps — https://hono.dev/docs/api/routing
 * `new Hono()` is both an app and a router: an instance nothing mounts with `.route()` serves on its own.
 */
import { isAuthMiddleware } from './auth-names.js';
import { type Node, dottedName, middlewareName, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { FileFacts, SchemaFact } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { RouterScopes, flatArgs, pathList, resolveHandler } from './router-scopes.js';
import { readWebHandler } from './web-handler.js';
import { zodObject } from './zod-schema.js';
import type { Value } from '../scan/value.js';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'all']);
const CHAINABLE = new Set([...METHODS, 'use', 'route', 'basePath', 'on', 'onError', 'notFound']);
const HONO_MODULES = new Set(['hono', 'hono/tiny', 'hono/quick']);

export const hono: Extractor = {
  name: 'hono',
  detect: (repo) => dependsOn(repo, 'hono'),
  prefilter: (text) =>
    text.includes('Hono') || /\.(?:get|post|put|patch|delete|route|on|use)\s*\(/.test(text),
  extract(file, facts) {
    const honoNames = file.importedFrom((from) => HONO_MODULES.has(from), ['Hono']);
    const scopes = new RouterScopes('hono', CHAINABLE);
    for (const created of file.news) {
      const callee = unwrap(created.callee);
      if (callee?.type !== 'Identifier' || !honoNames.has(callee.name)) continue;
      scopes.declare(file, created, 'unless-mounted', facts, basePathOf(file, created));
    }
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const method = callee.property.name as string;
      // `const api = app.basePath('/api')`: a view of `app` with a prefix.
      if (method === 'basePath' && unwrap(callee.object)?.type === 'Identifier') {
        const parent = scopes.resolve(file, facts, callee.object);
        const prefix = call.arguments[0];
        if (parent && prefix && isNamed(file, call)) {
          scopes.declare(file, call, false, facts);
          const child = scopes.resolve(file, facts, call);
          if (child)
            facts.mounts.push({
              parent,
              child,
              path: file.valueOf(prefix),
              middleware: [],
              order: call.start,
              ...file.position(call),
            });
        }
        continue;
      }
      const router = () => scopes.resolve(file, facts, callee.object);
      if (METHODS.has(method))
        readRoute(
          file,
          facts,
          router(),
          call,
          callee,
          method === 'all' ? 'ANY' : method.toUpperCase(),
          call.arguments,
        );
      else if (method === 'on') {
        const [methods, ...rest] = call.arguments as Node[];
        for (const verb of pathList(methods as Node).flatMap((m) => stringLiteral(m) ?? []))
          readRoute(file, facts, router(), call, callee, verb.toUpperCase(), rest);
      } else if (method === 'route') readMount(file, facts, scopes, router(), call);
      else if (method === 'use') readUse(facts, router(), call);
    }
  },
};

/** `new Hono().basePath('/api')` → `/api`. */
function basePathOf(file: ParsedFile, created: Node): Value | undefined {
  const member = file.parent(created);
  if (member?.type !== 'MemberExpression' || member.property?.name !== 'basePath') return undefined;
  const call = file.parent(member);
  return call?.type === 'CallExpression' && call.arguments[0] ? file.valueOf(call.arguments[0]) : undefined;
}

function isNamed(file: ParsedFile, call: Node): boolean {
  const parent = file.parent(call);
  return parent?.type === 'VariableDeclarator';
}

function readRoute(
  file: ParsedFile,
  facts: FileFacts,
  router: ReturnType<RouterScopes['resolve']>,
  call: Node,
  callee: Node,
  method: string,
  args: Node[],
): void {
  if (!router || args.length < 2) return;
  const [pathNode, ...handlers] = args as [Node, ...Node[]];
  const handler = resolveHandler(file, handlers[handlers.length - 1] as Node);
  const middleware = flatArgs(handlers.slice(0, -1));
  const handlerFacts = readWebHandler(handler);
  const body = validated(file, middleware, 'json') ?? validated(file, middleware, 'form');
  const query = validated(file, middleware, 'query');
  const bodyRef = body ? undefined : validatedRef(file, middleware, 'json');
  const queryRef = query ? undefined : validatedRef(file, middleware, 'query');
  for (const each of pathList(pathNode)) {
    const path = file.valueOf(each);
    if (path.k === 'dyn' || path.k === 'obj') continue;
    facts.routes.push({
      router,
      framework: 'hono',
      method,
      path,
      middleware: middleware.flatMap((m) => middlewareName(m) ?? []),
      order: call.start,
      ...handlerFacts,
      ...(body ? { bodySchema: body } : {}),
      ...(query ? { querySchema: query } : {}),
      ...(bodyRef ? { bodySchemaRef: bodyRef } : {}),
      ...(queryRef ? { querySchemaRef: queryRef } : {}),
      ...file.position(unwrap(callee.object)?.type === 'Identifier' ? call : callee.property),
    });
  }
}

/** `zValidator('json', schema)` / `validator('json', …)` among the middleware: the schema of that target. */
function validated(file: ParsedFile, middleware: Node[], target: string): SchemaFact | undefined {
  for (const node of middleware) {
    const n = unwrap(node);
    if (n?.type !== 'CallExpression' || !/validator$/i.test(dottedName(n.callee) ?? '')) continue;
    if (stringLiteral(n.arguments[0]) !== target) continue;
    const schema = zodObject(file, n.arguments[1]);
    if (schema) return schema;
  }
  return undefined;
}

/** A validator whose schema is imported: the linker finds it among the other file's named schemas. */
function validatedRef(file: ParsedFile, middleware: Node[], target: string): Value | undefined {
  for (const node of middleware) {
    const n = unwrap(node);
    if (n?.type !== 'CallExpression' || !/validator$/i.test(dottedName(n.callee) ?? '')) continue;
    if (stringLiteral(n.arguments[0]) !== target) continue;
    const schema = unwrap(n.arguments[1]);
    if (schema?.type === 'Identifier' && file.facts.imports[schema.name])
      return { k: 'ref', name: schema.name };
  }
  return undefined;
}

function readMount(
  file: ParsedFile,
  facts: FileFacts,
  scopes: RouterScopes,
  parent: ReturnType<RouterScopes['resolve']>,
  call: Node,
): void {
  const [pathNode, childNode] = call.arguments as Node[];
  if (!parent || !pathNode || !childNode) return;
  const child = scopes.resolve(file, facts, childNode);
  if (!child) return;
  facts.mounts.push({
    parent,
    child,
    path: file.valueOf(pathNode),
    middleware: [],
    order: call.start,
    ...file.position(call),
  });
}

/** `app.use('/api/*', jwt(…))`: a guard on everything under `/api`; `app.use(logger())` guards nothing. */
function readUse(facts: FileFacts, router: ReturnType<RouterScopes['resolve']>, call: Node): void {
  if (!router) return;
  const args = call.arguments as Node[];
  const first = args[0];
  const scoped = first && stringLiteral(first) !== undefined;
  const under = scoped ? (stringLiteral(first) as string).replace(/\/?\*$/, '') || '/' : undefined;
  for (const arg of flatArgs(scoped ? args.slice(1) : args)) {
    const name = middlewareName(arg);
    if (!name || !isAuthMiddleware(name)) continue;
    facts.routerMiddleware.push({
      router,
      name,
      order: call.start,
      ...(under && under !== '/' ? { path: { k: 'str', v: under } } : {}),
    });
  }
}
