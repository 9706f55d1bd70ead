/**
 * Next.js route handlers — https://nextjs.org/docs/app/building-your-application/routing/route-handlers
 * and API routes — https://nextjs.org/docs/pages/building-your-application/routing/api-routes
 * The URL comes from where the file lives; the methods from what it exports (app) or checks (pages).
 */
import { type Node, dottedName, stringLiteral, unwrap, walk } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { FileFacts } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { exportedHandler, fileRoute } from './file-route.js';
import { readHandler } from './express-handler.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const APP_ROUTE = /(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]sx?$/;
const PAGES_API = /(?:^|\/)pages\/api\//;

export const nextjs: Extractor = {
  name: 'nextjs',
  detect: (repo) => dependsOn(repo, 'next'),
  prefilter: (_text, path) => APP_ROUTE.test(path) || (PAGES_API.test(path) && SOURCE.test(path)),
  extract(file, facts) {
    if (APP_ROUTE.test(file.path)) appRoute(file, facts);
    else pagesApiRoute(file, facts);
  },
};

/** `app/(shop)/api/orders/[id]/route.ts` → `/api/orders/{id}`; undefined for private (`_x`) folders. */
export function appRoutePath(path: string): string | undefined {
  const segments = path.split('/');
  const root = segments.indexOf('app');
  return urlFromSegments(segments.slice(root + 1, -1));
}

/** `pages/api/users/[id].ts` → `/api/users/{id}`; `index` names its folder. */
export function pagesApiPath(path: string): string | undefined {
  const segments = path.split('/');
  const root = segments.indexOf('pages');
  const rest = segments.slice(root + 1);
  const last = (rest.pop() as string).replace(SOURCE, '');
  if (last !== 'index') rest.push(last);
  return urlFromSegments(rest);
}

function urlFromSegments(segments: string[]): string | undefined {
  const out: string[] = [];
  for (const segment of segments) {
    // Route groups `(shop)` and parallel-route slots `@modal` are not part of the URL.
    if (segment.startsWith('(') || segment.startsWith('@')) continue;
    // Private folders are opted out of routing.
    if (segment.startsWith('_')) return undefined;
    const optional = /^\[\[\.\.\.(.+)\]\]$/.exec(segment);
    const catchAll = /^\[\.\.\.(.+)\]$/.exec(segment);
    const dynamic = /^\[(.+)\]$/.exec(segment);
    if (optional) out.push(`{...${optional[1]}?}`);
    else if (catchAll) out.push(`{...${catchAll[1]}}`);
    else if (dynamic) out.push(`{${dynamic[1]}}`);
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

function appRoute(file: ParsedFile, facts: FileFacts): void {
  const path = appRoutePath(file.path);
  if (path === undefined) return;
  for (const method of METHODS) {
    const exported = facts.exports[method];
    if (!exported) continue;
    const local = 'local' in exported ? exported.local : undefined;
    fileRoute(file, facts, 'nextjs', method, path, local, exportNode(file, method));
  }
}

/** The statement that exports `name`, for a location that points at it. */
function exportNode(file: ParsedFile, name: string): Node | undefined {
  for (const statement of file.program.body as Node[]) {
    if (statement.type !== 'ExportNamedDeclaration') continue;
    const declaration = statement.declaration as Node | null;
    if (declaration?.id?.name === name) return statement;
    if (
      declaration?.type === 'VariableDeclaration' &&
      declaration.declarations.some((d: Node) => d.id?.name === name)
    )
      return statement;
    if ((statement.specifiers as Node[]).some((s) => (s.exported?.name ?? s.exported?.value) === name))
      return statement;
  }
  return undefined;
}

/** Pages API routes handle every method in one function; the methods are what it compares `req.method` to. */
function pagesApiRoute(file: ParsedFile, facts: FileFacts): void {
  const path = pagesApiPath(file.path);
  const exported = facts.exports.default;
  if (path === undefined || !exported || !('local' in exported)) return;
  const { handler } = exportedHandler(file, exported.local);
  const methods = handler ? comparedMethods(handler) : [];
  const declared = file.topLevel.get(exported.local);
  const handlerFacts = readHandler(handler);
  const branches = handler ? methodBranches(handler) : new Map<string, Node[]>();
  for (const method of methods.length > 0 ? methods : ['ANY']) {
    // `if (req.method === 'POST') { … }`: what that branch reads is what a POST sends.
    const branch = branches.get(method);
    const read = branch && handler ? readHandler({ ...handler, body: block(branch) }) : handlerFacts;
    facts.routes.push({
      framework: 'nextjs',
      method,
      path: { k: 'str', v: path },
      middleware: [],
      order: 0,
      ...read,
      ...(declared ? file.position(declared) : { line: 1, column: 1 }),
    });
  }
}

/**
 * The statements only one method runs: `if (req.method === 'POST') {…}` and `case 'POST': …` of a
 * `switch (req.method)`. Code outside them (a shared session check) is read for every method, so it is kept
 * with each branch.
 */
function methodBranches(handler: Node): Map<string, Node[]> {
  const branches = new Map<string, Node[]>();
  const isMethod = (node: Node | undefined) => dottedName(node)?.endsWith('.method') ?? false;
  const add = (test: Node | undefined, statements: Node[]) => {
    const method = stringLiteral(test)?.toUpperCase();
    if (method && METHODS.includes(method))
      branches.set(method, [...(branches.get(method) ?? []), ...statements]);
  };
  walk(handler, (node) => {
    if (
      node.type === 'IfStatement' &&
      node.test?.type === 'BinaryExpression' &&
      ['===', '=='].includes(node.test.operator)
    ) {
      const { left, right } = node.test;
      if (isMethod(left)) add(right, [node.consequent]);
      else if (isMethod(right)) add(left, [node.consequent]);
    }
    if (node.type === 'SwitchStatement' && isMethod(node.discriminant)) {
      // `case 'PUT': case 'PATCH': …` fall through to the same statements.
      let pending: Node[] = [];
      for (const branch of node.cases as Node[]) {
        if (branch.test) pending.push(branch.test);
        if ((branch.consequent as Node[]).length === 0) continue;
        for (const test of pending) add(test, branch.consequent);
        pending = [];
      }
    }
  });
  if (branches.size === 0) return branches;
  // Shared statements around the branches (a session check, a common body parse) apply to every method.
  const body = unwrap(handler.body);
  const shared =
    body?.type === 'BlockStatement'
      ? (body.body as Node[]).filter((statement) => !containsBranch(statement, branches))
      : [];
  for (const [method, statements] of branches) branches.set(method, [...shared, ...statements]);
  return branches;
}

function containsBranch(statement: Node, branches: Map<string, Node[]>): boolean {
  const inside = new Set([...branches.values()].flat());
  let found = false;
  walk(statement, (node) => {
    if (inside.has(node)) found = true;
  });
  return found;
}

function block(statements: Node[]): Node {
  return {
    type: 'BlockStatement',
    start: statements[0]?.start ?? 0,
    end: statements.at(-1)?.end ?? 0,
    body: statements,
  };
}

/** `req.method === 'POST'`, `case 'DELETE':` in a `switch (req.method)`, `['GET','POST'].includes(req.method)`. */
function comparedMethods(handler: Node): string[] {
  const found = new Set<string>();
  const isMethod = (node: Node | undefined) => dottedName(node)?.endsWith('.method') ?? false;
  const add = (node: Node | undefined) => {
    const value = stringLiteral(node)?.toUpperCase();
    if (value && METHODS.includes(value)) found.add(value);
  };
  walk(handler, (node) => {
    if (node.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(node.operator)) {
      if (isMethod(node.left)) add(node.right);
      if (isMethod(node.right)) add(node.left);
    }
    if (node.type === 'SwitchStatement' && isMethod(node.discriminant))
      for (const branch of node.cases as Node[]) add(branch.test ?? undefined);
  });
  return [...found];
}
