/**
 * Nuxt and Nitro server routes — https://nuxt.com/docs/guide/directory-structure/server
 * `server/api/users/[id].get.ts` → `GET /api/users/{id}`; no method suffix handles every method. The
 * handler is `defineEventHandler(async (event) => …)`: `readBody(event)` and `getQuery(event)`.
 */
import { type Node, dottedName, propertyName, unwrap, walk } from './ast.js';
import type { RouteFact } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { type Extractor, dependsOn } from './extractor.js';
import { exportedHandler, fileRoute } from './file-route.js';
import { readWebHandler } from './web-handler.js';

const ROUTE = /(?:^|\/)server\/(?:api|routes)\/.+\.[cm]?[jt]s$/;
const MIDDLEWARE = /(?:^|\/)server\/middleware\/[^/]+\.[cm]?[jt]s$/;
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

export const nitro: Extractor = {
  name: 'nitro',
  detect: (repo) => dependsOn(repo, 'nuxt', 'nitropack', 'h3'),
  prefilter: (_text, path) => ROUTE.test(path) || MIDDLEWARE.test(path),
  extract(file, facts) {
    const exported = facts.exports.default;
    if (MIDDLEWARE.test(file.path)) {
      // Server middleware runs before every route; one that turns requests away with 401/403 is a guard.
      if (!exported || !('local' in exported)) return;
      const { handler } = exportedHandler(file, exported.local);
      if (readWebHandler(handler).sessionCheck?.rejects)
        facts.settings['nitro.guard'] = { k: 'str', v: file.path };
      return;
    }
    const route = nitroRoute(file.path);
    if (!route || !exported || !('local' in exported)) return;
    const before = facts.routes.length;
    fileRoute(file, facts, 'nitro', route.method, route.path, exported.local);
    // h3 helpers instead of a Request: `await readBody(event)`, `getQuery(event)`.
    const added = facts.routes[before];
    if (added) Object.assign(added, h3Reads(file.topLevel.get(exported.local)), validatedReads(file));
  },
};

export function nitroRoute(path: string): { method: string; path: string } | undefined {
  const segments = path.split('/');
  const server = segments.lastIndexOf('server');
  const kind = segments[server + 1];
  const rest = segments.slice(server + 2);
  let last = (rest.pop() as string).replace(/\.[cm]?[jt]s$/, '');
  let method = 'ANY';
  const suffix = /\.(\w+)$/.exec(last);
  if (suffix && METHODS.has((suffix[1] as string).toLowerCase())) {
    method = (suffix[1] as string).toUpperCase();
    last = last.slice(0, -suffix[0].length);
  }
  if (last !== 'index') rest.push(last);
  const out: string[] = kind === 'api' ? ['api'] : [];
  for (const segment of rest) {
    const catchAll = /^\[\.\.\.(\w*)\]$/.exec(segment);
    const param = /^\[(\w+)\]$/.exec(segment);
    if (catchAll) out.push(`{...${catchAll[1] || '_'}}`);
    else if (param) out.push(`{${param[1]}}`);
    else if (segment.includes('[')) return undefined;
    else out.push(segment);
  }
  return { method, path: `/${out.join('/')}` };
}

/** h3's validated readers and h3-zod's: the schema declares the body (or query) the route accepts. */
const VALIDATED = new Map([
  ['readValidatedBody', 'body'],
  ['parseBodyAs', 'body'],
  ['useValidatedBody', 'body'],
  ['getValidatedQuery', 'query'],
  ['parseQueryAs', 'query'],
  ['useValidatedQuery', 'query'],
]);

/**
 * `readValidatedBody(event, schema.parse)`, `(b) => schema.parse(b)`, `parseBodyAs(event, schema)`: a named
 * schema the linker resolves (in this file or imported) to typed fields.
 */
function validatedReads(file: ParsedFile): Partial<RouteFact> {
  const out: Partial<RouteFact> = {};
  for (const call of file.calls) {
    const name = dottedName(call.callee)?.split('.').pop();
    const kind = name ? VALIDATED.get(name) : undefined;
    if (!kind) continue;
    const schema = schemaName(unwrap((call.arguments as Node[])[1]));
    if (!schema) continue;
    if (kind === 'body') out.bodySchemaRef = { k: 'ref', name: schema };
    else out.querySchemaRef = { k: 'ref', name: schema };
  }
  return out;
}

function schemaName(node: Node | undefined): string | undefined {
  if (node?.type === 'Identifier') return node.name as string;
  // `schema.parse` / `schema.safeParse`, or an arrow around it.
  if (node?.type === 'MemberExpression') return unwrap(node.object)?.name as string | undefined;
  if (node?.type === 'ArrowFunctionExpression' && node.body?.type === 'CallExpression')
    return schemaName(unwrap(node.body.callee));
  return undefined;
}

function h3Reads(declared: Node | undefined): {
  bodyFields?: string[];
  bodyOpen?: boolean;
  queryFields?: string[];
} {
  if (!declared) return {};
  const body = new Set<string>();
  const query = new Set<string>();
  const variables = new Map<string, Set<string>>();
  let bodyRead = false;
  walk(declared, (node) => {
    if (node.type === 'VariableDeclarator') {
      const init = unwrap(node.init);
      const call = init?.type === 'AwaitExpression' ? unwrap(init.argument) : init;
      const name = call?.type === 'CallExpression' ? unwrap(call.callee)?.name : undefined;
      const target =
        name === 'getQuery' ? query : name === 'readBody' || name === 'readValidatedBody' ? body : undefined;
      // `const { a } = await readBody(event)` or `const body = await readBody(event)` then `body.a`.
      const fromVariable = init?.type === 'Identifier' ? variables.get(init.name) : undefined;
      const into = target ?? fromVariable;
      if (!into) return;
      if (into === body) bodyRead = true;
      if (node.id?.type === 'ObjectPattern')
        for (const property of node.id.properties as Node[]) {
          const key = property.type === 'Property' ? propertyName(property) : undefined;
          if (key) into.add(key);
        }
      else if (node.id?.type === 'Identifier') variables.set(node.id.name, into);
    }
    if (node.type === 'MemberExpression' && !node.computed) {
      const object = unwrap(node.object);
      const into = object?.type === 'Identifier' ? variables.get(object.name) : undefined;
      if (into) into.add(node.property.name);
    }
  });
  return {
    ...(bodyRead ? { bodyFields: [...body], bodyOpen: body.size === 0 } : {}),
    ...(query.size > 0 ? { queryFields: [...query] } : {}),
  };
}
