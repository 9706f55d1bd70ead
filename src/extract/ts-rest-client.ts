/**
 * ts-rest clients — https://ts-rest.com/docs/core/ (vanilla), https://ts-rest.com/docs/react-query/
 * `const client = initClient(contract, { baseUrl })`, then `client.posts.getPost({ params: { id } })` or
 * `tsr.posts.getPost.useQuery(…)`: the operation's method and path come from the contract, wherever it is
 * declared. Typed against the contract, so these are typed-contract calls; listed so the endpoints they use are
 * not "unused".
 */
import { type Node, memberPath, objectKeys, objectProperty, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import { objectLiteral, payloadFields, sentBody } from './request-options.js';

const CREATORS = new Set(['initClient', 'initQueryClient', 'initTsrReactQuery', 'initTsrReactQueryV5']);
/** React Query helpers hung on an operation: `tsr.posts.get.useQuery(…)` is the operation `posts.get`. */
const ACTIONS = new Set([
  'useQuery',
  'useSuspenseQuery',
  'useInfiniteQuery',
  'useSuspenseInfiniteQuery',
  'useMutation',
  'query',
  'mutation',
  'fetchQuery',
  'prefetchQuery',
  'ensureQueryData',
]);
/** A module of the project (relative or an alias), where a client may have been made. */
const LOCAL_MODULE = /^(?:\.|@\/|~|#|src\/)/;

export const tsRestClient: Extractor = {
  name: 'ts-rest-client',
  detect: (repo) => dependsOn(repo, '@ts-rest/core'),
  // A vanilla call has no mark of its own but its argument: `({ params: …` / `({ body: …` / `({ query: …`.
  prefilter: (text) =>
    /\binit(?:Client|QueryClient|TsrReactQuery)/.test(text) ||
    /\(\s*\{\s*(?:params|body|query)\s*:/.test(text) ||
    /\.(?:use(?:Suspense)?(?:Infinite)?Query|useMutation)\s*\(/.test(text),
  extract(file, facts) {
    const creators = file.importedFrom((from) => from.startsWith('@ts-rest/'), [...CREATORS]);
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type === 'Identifier' && creators.has(callee.name)) {
        const id = file.bindingName(call);
        const [contract, options] = call.arguments as Node[];
        const init = objectLiteral(file, options);
        const base = objectProperty(init, 'baseUrl');
        if (id && contract)
          facts.clients.push({
            id,
            client: 'ts-rest',
            contract: file.valueOf(contract),
            ...(base ? { baseURL: file.valueOf(base) } : {}),
            auth: sendsAuthorization(objectLiteral(file, objectProperty(init, 'baseHeaders'))),
            ...file.position(call),
          });
        continue;
      }
      const chain = operationOf(callee);
      if (!chain) continue;
      const local = facts.clients.some((c) => c.id === chain.root && c.client === 'ts-rest');
      const from = facts.imports[chain.root]?.from;
      if (!local && !(from && LOCAL_MODULE.test(from))) continue;
      const input = chain.action ? undefined : objectLiteral(file, (call.arguments as Node[])[0]);
      const bodyNode = objectProperty(input, 'body');
      const body = bodyNode ? payloadFields(file, bodyNode) : undefined;
      const queryNode = objectProperty(input, 'query');
      const query = queryNode ? payloadFields(file, queryNode).fields : [];
      facts.calls.push({
        client: 'ts-rest',
        method: 'ANY',
        url: { k: 'str', v: '' },
        via: { k: 'ref', name: chain.root },
        operation: chain.operation,
        ...sentBody(body),
        ...(query.length > 0 ? { queryFields: query } : {}),
        ...file.position(call),
      });
    }
  },
};

/** `client.posts.getPost` → root `client`, operation `posts.getPost`; a trailing React Query helper is dropped. */
function operationOf(
  callee: Node | undefined,
): { root: string; operation: string; action?: string } | undefined {
  const chain = memberPath(callee);
  if (!chain || chain.names.length === 0) return undefined;
  const names = [...chain.names];
  const action = ACTIONS.has(names.at(-1) as string) ? names.pop() : undefined;
  if (names.length === 0) return undefined;
  return { root: chain.root, operation: names.join('.'), ...(action ? { action } : {}) };
}

/** `baseHeaders: { Authorization: () => \`Bearer ${token()}\` }` */
function sendsAuthorization(headers: Node | undefined): boolean {
  return headers ? objectKeys(headers).some((key) => /^authorization$/i.test(key)) : false;
}
