/**
 * Nuxt and Nitro server routes — https://nuxt.com/docs/guide/directory-structure/server
 * `server/api/users/[id].get.ts` → `GET /api/users/{id}`; no method suffix handles every method. The
 * handler is `defineEventHandler(async (event) => …)`: `readBody(event)` and `getQuery(event)`.
 */
import { type Node, propertyName, unwrap, walk } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import { fileRoute } from './file-route.js';

const ROUTE = /(?:^|\/)server\/(?:api|routes)\/.+\.[cm]?[jt]s$/;
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

export const nitro: Extractor = {
  name: 'nitro',
  detect: (repo) => dependsOn(repo, 'nuxt', 'nitropack', 'h3'),
  prefilter: (_text, path) => ROUTE.test(path),
  extract(file, facts) {
    const route = nitroRoute(file.path);
    const exported = facts.exports.default;
    if (!route || !exported || !('local' in exported)) return;
    const before = facts.routes.length;
    fileRoute(file, facts, 'nitro', route.method, route.path, exported.local);
    // h3 helpers instead of a Request: `await readBody(event)`, `getQuery(event)`.
    const added = facts.routes[before];
    if (added) Object.assign(added, h3Reads(file.topLevel.get(exported.local)));
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

function h3Reads(declared: Node | undefined): {
  bodyFields?: string[];
  bodyOpen?: boolean;
  queryFields?: string[];
} {
  if (!declared) return {};
  const body = new Set<string>();
  const query = new Set<string>();
  let open = false;
  walk(declared, (node) => {
    if (node.type !== 'VariableDeclarator') return;
    const init = unwrap(node.init);
    const call = init?.type === 'AwaitExpression' ? unwrap(init.argument) : init;
    const name = call?.type === 'CallExpression' ? unwrap(call.callee)?.name : undefined;
    if (name !== 'readBody' && name !== 'getQuery' && name !== 'readValidatedBody') return;
    const target = name === 'getQuery' ? query : body;
    if (node.id?.type === 'ObjectPattern')
      for (const property of node.id.properties as Node[]) {
        const key = property.type === 'Property' ? propertyName(property) : undefined;
        if (key) target.add(key);
      }
    else if (target === body) open = true;
  });
  return {
    ...(body.size > 0 || open ? { bodyFields: [...body], bodyOpen: open } : {}),
    ...(query.size > 0 ? { queryFields: [...query] } : {}),
  };
}
