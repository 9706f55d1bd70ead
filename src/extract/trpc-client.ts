/**
 * tRPC clients — https://trpc.io/docs/client
 * `api.post.create.useMutation()`, `trpc.post.list.useQuery()`, `client.user.byId.query()` on a client made
 * by `createTRPCReact`/`createTRPCNext`/`createTRPCClient`/`createTRPCProxyClient`: calls of `/trpc/post.create`.
 */
import { memberPath, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';

const CREATORS =
  /^(?:createTRPCReact|createTRPCNext|createTRPCClient|createTRPCProxyClient|createTRPCOptionsProxy)$/;
const QUERIES = new Set([
  'useQuery',
  'useSuspenseQuery',
  'useInfiniteQuery',
  'query',
  'fetch',
  'prefetch',
  'queryOptions',
]);
const MUTATIONS = new Set(['useMutation', 'mutate', 'mutationOptions']);

export const trpcClient: Extractor = {
  name: 'trpc-client',
  detect: (repo) =>
    dependsOn(repo, '@trpc/client', '@trpc/react-query', '@trpc/next', '@trpc/tanstack-react-query'),
  prefilter: (text) => /createTRPC|\.use(?:Suspense)?Query\(|\.useMutation\(|\.mutate\(|\.query\(/.test(text),
  extract(file, facts) {
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type === 'Identifier' && CREATORS.test(callee.name)) {
        const id = file.bindingName(call);
        if (id) facts.clients.push({ id, client: 'trpc', auth: false, ...file.position(call) });
        continue;
      }
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const action = callee.property.name as string;
      const method = QUERIES.has(action) ? 'GET' : MUTATIONS.has(action) ? 'POST' : undefined;
      if (!method) continue;
      // `api.post.create` down to its root name: the procedure path.
      const chain = memberPath(callee.object);
      if (!chain || chain.names.length === 0) continue;
      const { root, names } = chain;
      if (!facts.imports[root] && !facts.clients.some((c) => c.id === root && c.client === 'trpc')) continue;
      facts.calls.push({
        client: 'trpc',
        method,
        url: { k: 'str', v: `/trpc/${names.join('.')}` },
        via: { k: 'ref', name: root },
        ...file.position(call),
      });
    }
  },
};
