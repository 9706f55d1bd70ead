/**
 * tRPC routers — https://trpc.io/docs/server/routers
 * Typed contracts, not REST: procedures are listed (framework `trpc`, path `/trpc/user.byId`, GET for
 * queries, POST for mutations) so agents see them, and the REST matcher leaves them alone.
 */
import { type Node, dottedName, propertyName, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { FileFacts, RouterRef } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { RouterScopes } from './router-scopes.js';
import { zodObject } from './zod-schema.js';

const ROUTER = /^(?:\w+\.)?(?:router|createTRPCRouter|createRouter|mergeRouters)$/;
const KINDS: Record<string, string> = { query: 'GET', mutation: 'POST', subscription: 'GET' };

export const trpc: Extractor = {
  name: 'trpc',
  detect: (repo) => dependsOn(repo, '@trpc/server'),
  prefilter: (text) => /[Rr]outer\s*\(\s*\{/.test(text) || text.includes('Procedure'),
  extract(file, facts) {
    const scopes = new RouterScopes('trpc', new Set());
    for (const call of file.calls) {
      if (!isRouterCall(call)) continue;
      scopes.declare(file, call, 'unless-mounted', facts);
    }
    for (const call of file.calls) {
      if (!isRouterCall(call)) continue;
      const parent = scopes.resolve(file, facts, call);
      if (parent) readRouter(file, facts, scopes, parent, call);
    }
  },
};

function isRouterCall(call: Node): boolean {
  const name = dottedName(call.callee);
  return name !== undefined && ROUTER.test(name) && unwrap(call.arguments[0])?.type === 'ObjectExpression';
}

function readRouter(
  file: ParsedFile,
  facts: FileFacts,
  scopes: RouterScopes,
  parent: RouterRef,
  call: Node,
): void {
  for (const property of unwrap(call.arguments[0])?.properties as Node[]) {
    const key = property.type === 'Property' ? propertyName(property) : undefined;
    const value = unwrap(property.value as Node);
    if (!key || !value) continue;
    const procedure = procedureOf(value);
    if (procedure) {
      const input = procedure.input ? zodObject(file, procedure.input) : undefined;
      facts.routes.push({
        router: parent,
        framework: 'trpc',
        method: procedure.method,
        path: { k: 'str', v: `/${key}` },
        middleware: procedure.base ? [procedure.base] : [],
        order: property.start,
        bodyFields: [],
        bodyOpen: false,
        queryFields: [],
        responses: [],
        ...(input ? { bodySchema: input } : {}),
        ...file.position(property.key as Node),
      });
      continue;
    }
    // A sub-router, inline or by reference: mounted under its key.
    const child =
      value.type === 'CallExpression' && isRouterCall(value)
        ? scopes.resolve(file, facts, value)
        : scopes.resolve(file, facts, value);
    const mount =
      child ??
      (value.type === 'Identifier' || value.type === 'MemberExpression'
        ? { value: file.valueOf(value) }
        : undefined);
    if (mount)
      facts.mounts.push({
        parent,
        child: mount,
        path: { k: 'str', v: `/${key}` },
        middleware: [],
        order: property.start,
        ...file.position(property.key as Node),
      });
  }
}

/** `protectedProcedure.input(schema).mutation(fn)` → POST, guarded by `protectedProcedure`, with its input. */
function procedureOf(node: Node): { method: string; base?: string; input?: Node } | undefined {
  let current = unwrap(node);
  let method: string | undefined;
  let input: Node | undefined;
  while (current?.type === 'CallExpression') {
    const callee = unwrap(current.callee);
    if (callee?.type !== 'MemberExpression') return undefined;
    const name = callee.property?.name as string;
    if (!method && KINDS[name]) method = KINDS[name];
    if (name === 'input') input = current.arguments[0];
    current = unwrap(callee.object);
  }
  if (!method) return undefined;
  const base = dottedName(current);
  return { method, ...(base ? { base } : {}), ...(input ? { input } : {}) };
}
