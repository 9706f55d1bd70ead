/**
 * Hono RPC clients — https://hono.dev/docs/guides/rpc
 * `const client = hc<AppType>(import.meta.env.VITE_API_URL)`, then `client.api.posts[':id'].$put({ param,
 * json })`: the member chain is the path and `$put` the method. The client is typed against the server's
 * routes, so these calls are a typed contract; they are listed so the endpoints they use are not "unused".
 */
import { type Node, memberPath, objectProperty, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import { objectLiteral, payloadFields, sentBody } from './request-options.js';

const VERBS = new Set(['$get', '$post', '$put', '$patch', '$delete', '$options']);

export const honoClient: Extractor = {
  name: 'hono-client',
  detect: (repo) => dependsOn(repo, 'hono'),
  prefilter: (text) =>
    /\.\$(?:get|post|put|patch|delete|options)\b/.test(text) || text.includes('hono/client'),
  extract(file, facts) {
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'Identifier' || !file.importedFrom('hono/client', ['hc']).has(callee.name))
        continue;
      const id = file.bindingName(call);
      const base = (call.arguments as Node[])[0];
      if (id)
        facts.clients.push({
          id,
          client: 'hono-rpc',
          auth: false,
          typedPaths: true,
          baseURL: file.valueOf(base),
          ...file.position(call),
        });
    }
    for (const member of file.dollarMembers) {
      const verb = member.property.name as string;
      if (!VERBS.has(verb)) continue;
      const route = routeOf(member);
      if (!route) continue;
      // Called in place (`….$post({ json })`) the argument says what is sent; a reference (`const endpoint =
      // ….$post`) is called elsewhere with arguments we do not follow.
      const parent = file.parent(member);
      const input =
        parent?.type === 'CallExpression' && parent.callee === member
          ? objectLiteral(file, parent.arguments[0])
          : undefined;
      const json = objectProperty(input, 'json') ?? objectProperty(input, 'form');
      const body = json ? payloadFields(file, json) : undefined;
      const query = objectLiteral(file, objectProperty(input, 'query'));
      const queryFields = query ? payloadFields(file, query).fields : [];
      facts.calls.push({
        client: 'hono-rpc',
        method: verb.slice(1).toUpperCase(),
        url: { k: 'str', v: route.path },
        via: { k: 'ref', name: route.root },
        ...sentBody(body),
        ...(queryFields.length > 0 ? { queryFields } : {}),
        ...file.position(member),
      });
    }
  },
};

/** `client.api.posts[':id']` → `/api/posts/{id}`; `index` is the route of the path itself. */
function routeOf(member: Node): { root: string; path: string } | undefined {
  const chain = memberPath(member.object);
  if (!chain) return undefined;
  const parts = chain.names.filter((s, i) => !(s === 'index' && i === chain.names.length - 1));
  const path = `/${parts.map((s) => (s.startsWith(':') ? `{${s.slice(1).replace(/\{.*\}$/, '')}}` : s)).join('/')}`;
  return { root: chain.root, path: path.replace(/\/+/g, '/') };
}
